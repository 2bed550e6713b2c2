"""Echo check with Python's `websockets` as a compressing client.

Usage: deflate_client.py URI JSON-OPTIONS
OPTIONS: {"server_max_window_bits": 10, "client_max_window_bits": 10, "server_no_context_takeover": true,
          "client_no_context_takeover": true, "compression": true}
Sends text and binary messages of several sizes (twice each, so a kept context shows), checks every echo, and prints
one JSON line: {"extensions": <the 101's Sec-WebSocket-Extensions or null>, "echoed": N, "error": <text or null>}.
"""

import json
import random
import sys

from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
from websockets.sync.client import connect


def payloads():
    rng = random.Random(7)
    words = "alpha beta gamma delta echo foxtrot golf hotel india juliet kilo lima".split()
    text = " ".join(rng.choice(words) for _ in range(3000))
    binary = bytes(rng.randrange(256) for _ in range(3000)) * 3
    for message in ["", "Hello", text, binary, b"\x00" * 100_000, text[:700]]:
        yield message
        yield message


def main():
    uri, options = sys.argv[1], json.loads(sys.argv[2])
    kwargs = {"max_size": 2**25, "open_timeout": 10, "close_timeout": 5}
    if options.get("compression", True):
        factory = ClientPerMessageDeflateFactory(
            server_no_context_takeover=options.get("server_no_context_takeover", False),
            client_no_context_takeover=options.get("client_no_context_takeover", False),
            server_max_window_bits=options.get("server_max_window_bits"),
            client_max_window_bits=options.get("client_max_window_bits", True),
        )
        kwargs["extensions"] = [factory]
    else:
        kwargs["compression"] = None
    result = {"extensions": None, "echoed": 0, "error": None}
    try:
        with connect(uri, **kwargs) as ws:
            result["extensions"] = ws.response.headers.get("Sec-WebSocket-Extensions")
            for message in payloads():
                ws.send(message)
                echo = ws.recv(timeout=10)
                if echo != message:
                    raise AssertionError(f"echo {len(echo)} bytes differs from message {len(message)} bytes")
                result["echoed"] += 1
    except Exception as error:  # report every failure to the Swift test as data
        result["error"] = f"{type(error).__name__}: {error}"
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
