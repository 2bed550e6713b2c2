"""boofuzz session glue for benchmarks/fuzz/bench.sh: upgrade to WebSocket, then fuzz one masked text frame.

boofuzz is the generic network-protocol fuzzer people reach for today; it knows nothing of WebSocket, so this file
is the session definition a user would write: a static opening handshake (RFC 6455 §4.1) followed by a frame whose
header bytes, masking key and payload boofuzz mutates. Tuned for speed, to compare fairly: no web UI, no console
logger, a short receive timeout, no sleep between cases.

Usage: python boofuzz_session.py HOST PORT CASES DB_FILE  -> prints one JSON line {"cases", "seconds", "rate"}
"""
import json
import sys
import time

from boofuzz import Session, Target, TCPSocketConnection, s_byte, s_bytes, s_dword, s_get, s_initialize, s_static

KEY = bytes([0x37, 0xFA, 0x21, 0x3D])
PAYLOAD = b"Hello, fuzz"


def main():
    host, port, cases, db_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    s_initialize("upgrade")
    s_static(
        "GET / HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n" % (host, port)
    )
    s_initialize("frame")
    s_byte(0x81, name="fin_rsv_opcode")
    s_byte(0x80 | len(PAYLOAD), name="mask_and_length")
    s_dword(int.from_bytes(KEY, "big"), name="masking_key", endian=">")
    s_bytes(bytes(b ^ KEY[i % 4] for i, b in enumerate(PAYLOAD)), name="masked_payload")

    connection = TCPSocketConnection(host, port, send_timeout=2.0, recv_timeout=0.2)
    session = Session(
        target=Target(connection=connection),
        web_port=None,
        fuzz_loggers=[],
        db_filename=db_file,
        index_end=cases,
        sleep_time=0.0,
        receive_data_after_fuzz=True,
    )
    session.connect(s_get("upgrade"))
    session.connect(s_get("upgrade"), s_get("frame"))
    started = time.monotonic()
    session.fuzz()
    seconds = time.monotonic() - started
    done = session.num_cases_actually_fuzzed
    print(json.dumps({"cases": done, "seconds": round(seconds, 3), "rate": round(done / seconds, 1) if seconds else 0}))


if __name__ == "__main__":
    main()
