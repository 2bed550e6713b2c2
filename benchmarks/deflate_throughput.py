#!/usr/bin/env python3
"""Round-trip throughput of Gauntlet's permessage-deflate codec beside Python's zlib, on the same payloads.

Each side compresses a message (raw deflate, level 6, sync flush, trailing 00 00 ff ff stripped, RFC 7692 §7.2.1)
and inflates it again, message after message with context takeover (or without, with --no-context), for a fixed
time per payload. The payloads are generated here from a fixed seed and written to a temporary folder that the
Swift side (benchmarks/DeflateBench, built in release mode into .build-release) reads, so both measure exactly the same bytes.

Usage: python3 benchmarks/deflate_throughput.py [--seconds 1] [--rounds 3] [--bits 15] [--no-context] [--binary PATH]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zlib

TAIL = b"\x00\x00\xff\xff"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def payloads():
    """Name -> bytes: text of several kinds, incompressible bytes, and one extreme."""
    rng = random.Random(20251123)
    words = ("der die das und ist nicht ein eine zu mit auf für von dem den sich des im auch als wie "
             "Nachricht Verbindung Rahmen Kompression Fenster Server Antwort Anfrage").split()
    prose = " ".join(rng.choice(words) for _ in range(12000)).encode()[:65536]
    records = [{"id": i, "user": f"user{rng.randrange(1000)}", "score": rng.random(), "tags": ["a", "b"][: i % 3]}
               for i in range(900)]
    json_text = json.dumps(records).encode()[:65536]
    html = "".join(f"<tr><td class=\"c{i % 7}\">{rng.choice(words)}</td><td>{rng.randrange(10**6)}</td></tr>\n"
                   for i in range(3000)).encode()[:131072]
    return {
        "1-small.json": json.dumps(records[:4]).encode(),
        "2-prose.txt": prose,
        "3-records.json": json_text,
        "4-table.html": html,
        "5-random.bin": rng.randbytes(65536),
        "6-zeros.bin": bytes(1 << 20),
    }


def python_round_trips(payload, seconds, bits, no_context):
    def pair():
        return (zlib.compressobj(6, zlib.DEFLATED, -bits, 8), zlib.decompressobj(-bits))

    compressor, decompressor = pair()
    iterations, compressed_size, deflating = 0, None, 0.0
    start = time.perf_counter()
    while iterations < 3 or time.perf_counter() - start < seconds:
        if no_context:
            compressor, decompressor = pair()
        before = time.perf_counter()
        data = compressor.compress(payload) + compressor.flush(zlib.Z_SYNC_FLUSH)
        deflating += time.perf_counter() - before
        if data.endswith(TAIL):
            data = data[:-4]
        if compressed_size is None:
            compressed_size = len(data)
        inflated = decompressor.decompress(data + TAIL)
        if len(inflated) != len(payload):
            raise SystemExit("python round trip changed the length")
        iterations += 1
    return iterations, time.perf_counter() - start, deflating, compressed_size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time per payload and side")
    parser.add_argument("--bits", type=int, default=15, choices=range(9, 16), help="window bits")
    parser.add_argument("--no-context", action="store_true", help="reset the context after each message")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per payload; the best counts")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build-release", "release", "DeflateBench"))
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        # A scratch path of its own, so a release build never waits for (or disturbs) the debug build in .build.
        subprocess.run(["swift", "build", "-c", "release", "--product", "DeflateBench", "--scratch-path",
                        os.path.join(ROOT, ".build-release")], cwd=ROOT, check=True)
    data = payloads()
    print(f"window bits {args.bits}, context takeover {'off' if args.no_context else 'on'}, "
          f"best of {args.rounds} alternating rounds of {args.seconds:g} s per side; "
          "MB/s = payload bytes compressed and inflated per second")
    print(f"{'payload':<16}{'bytes':>9}{'deflated':>10}{'swift MB/s':>12}{'python MB/s':>13}{'swift/python':>14}"
          f"   deflate share (swift / python)")
    with tempfile.TemporaryDirectory() as root:
        for name, payload in data.items():
            folder = os.path.join(root, name.split(".")[0])
            os.mkdir(folder)
            with open(os.path.join(folder, name), "wb") as file:
                file.write(payload)
            command = [args.binary, folder, str(args.seconds), str(args.bits)]
            command += ["no-context"] if args.no_context else []
            swift_best, python_best = None, None
            # Alternate the two sides so a busy machine slows both alike; keep each side's best round.
            for _ in range(args.rounds):
                row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
                rate = row["bytes"] * row["iterations"] / row["seconds"] / 1e6
                if swift_best is None or rate > swift_best[0]:
                    swift_best = (rate, row["deflate_seconds"] / row["seconds"], row["compressed"])
                iterations, seconds, deflating, compressed = python_round_trips(
                    payload, args.seconds, args.bits, args.no_context)
                rate = len(payload) * iterations / seconds / 1e6
                if python_best is None or rate > python_best[0]:
                    python_best = (rate, deflating / seconds, compressed)
            print(f"{name:<16}{len(payload):>9}{swift_best[2]:>10}{swift_best[0]:>12.1f}{python_best[0]:>13.1f}"
                  f"{swift_best[0] / python_best[0]:>14.2f}   {swift_best[1]:.0%} / {python_best[1]:.0%}")
            if abs(swift_best[2] - python_best[2]) > max(16, python_best[2] // 50):
                print(f"  note: deflated sizes differ (python {python_best[2]})", file=sys.stderr)

if __name__ == "__main__":
    main()
