"""Sends one hand-made WebSocket upgrade request and prints the raw answer: the reproduction for NOTES.md.

Usage: python3 repro.py PORT [--method M] [--version V] [--target T] [--key K] [--second-key K2] [--early]
  --method      the request method (default GET)
  --version     the HTTP version (default 1.1)
  --target      the request target, e.g. http://127.0.0.1:PORT/ for the absolute form (default /)
  --key         the Sec-WebSocket-Key value (default the RFC 6455 example key)
  --second-key  send a second Sec-WebSocket-Key field
  --early       send a masked text frame "early" in the same write as the request
Standard library only; loopback only.
"""

import argparse
import socket

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("port", type=int)
parser.add_argument("--method", default="GET")
parser.add_argument("--version", default="1.1")
parser.add_argument("--target", default="/")
parser.add_argument("--key", default="dGhlIHNhbXBsZSBub25jZQ==")
parser.add_argument("--second-key")
parser.add_argument("--early", action="store_true")
arguments = parser.parse_args()

fields = [
    f"Host: 127.0.0.1:{arguments.port}", "Upgrade: websocket", "Connection: Upgrade",
    f"Sec-WebSocket-Key: {arguments.key}", "Sec-WebSocket-Version: 13",
]
if arguments.second_key:
    fields.append(f"Sec-WebSocket-Key: {arguments.second_key}")
request_line = f"{arguments.method} {arguments.target} HTTP/{arguments.version}"
request = (request_line + "\r\n" + "".join(f + "\r\n" for f in fields) + "\r\n").encode()
mask = [1, 2, 3, 4]
frame = bytes([0x81, 0x80 | 5, *mask]) + bytes(b ^ mask[i % 4] for i, b in enumerate(b"early"))

with socket.create_connection(("127.0.0.1", arguments.port), timeout=2) as connection:
    connection.sendall(request + (frame if arguments.early else b""))
    answer = b""
    try:
        while chunk := connection.recv(4096):
            answer += chunk
    except socket.timeout:
        pass  # the connection stays open: everything the server had to say has arrived
    print(repr(answer) if answer else "(the server closed the connection without a byte)")
