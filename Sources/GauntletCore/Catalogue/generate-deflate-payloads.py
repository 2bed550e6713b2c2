#!/usr/bin/env python3
"""Writes the five payloads of sections 12 and 13 (permessage-deflate, RFC 7692), deterministically.

Autobahn|Testsuite sends five real files (a JSON report, the 512x512 grey "Lena" bitmap, Goethe's Faust I as text,
an HTML page and a PDF). Gauntlet generates stand-ins of the same kind, size and compressibility from a fixed seed,
so the data is ours and the run is reproducible:

    python3 Sources/GauntletCore/Catalogue/generate-deflate-payloads.py            # rewrites Sources/GauntletCore/Catalogue/DeflatePayloadData.swift
    python3 Sources/GauntletCore/Catalogue/generate-deflate-payloads.py --out DIR  # also writes the five files to DIR, to look at them

The Swift file holds each payload raw-deflated (level 9, as one permessage-deflate message) and base64-encoded, with its length and SHA-256, so the
package needs no resource bundle; GauntletCore inflates a payload the first time a case needs it.
"""

import argparse
import base64
import hashlib
import os
import random
import struct
import sys
import zlib

SEED = 0x6A75  # fixed: the payloads, and so the cases, never change between runs
SWIFT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "DeflatePayloadData.swift")


def fit(data: bytes, size: int, filler) -> bytes:
    """Grows `data` with `filler()` chunks and cuts it to exactly `size` bytes."""
    parts = [data]
    total = len(data)
    while total < size:
        chunk = filler()
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)[:size]


def json_report(rng: random.Random, size: int = 194_237) -> bytes:
    """A test-report index in JSON (ASCII): long runs of near-identical records, very compressible like Autobahn's."""
    verdicts = ["OK"] * 12 + ["NON-STRICT", "INFORMATIONAL", "FAILED", "UNIMPLEMENTED"]
    lines = ["{", '   "gauntlet-reference": {']
    agents = ["reference", "python_websockets_17_4", "aiohttp_3_14", "node_ws_8_11"]
    count = 0
    for agent in agents:
        lines.append(f'      "{agent}": {{')
        for major in range(1, 14):
            for minor in range(1, 24):
                for patch in range(1, 9):
                    case = f"{major}.{minor}.{patch}"
                    lines += [
                        f'         "{case}": {{',
                        f'            "behavior": "{rng.choice(verdicts)}",',
                        f'            "behaviorClose": "{rng.choice(verdicts[:13])}",',
                        f'            "duration": {rng.randint(1, 40) if rng.random() < 0.9 else rng.randint(100, 3000)},',
                        f'            "remoteCloseCode": {rng.choice(["null", "1000", "1002", "1007"])},',
                        f'            "reportfile": "{agent}_case_{case.replace(".", "_")}.json"',
                        "         },",
                    ]
                    count += 1
        lines.append("      },")
    body = "\n".join(lines).encode("ascii")
    tail = b'\n      "end": true\n   }\n}\n'
    return body[: size - len(tail)] + tail


def bitmap(rng: random.Random) -> bytes:
    """A 512x512 8-bit grey BMP (54-byte header, 256-entry palette, 262144 pixels = 263222 bytes): smooth shapes
    with sensor-like noise, so deflate gains little, as on a photograph."""
    width = height = 512
    palette = b"".join(bytes((g, g, g, 0)) for g in range(256))
    pixels = bytearray(width * height)
    blobs = [(rng.uniform(0, 512), rng.uniform(0, 512), rng.uniform(40, 160), rng.uniform(-90, 90)) for _ in range(9)]
    for y in range(height):
        row = y * width
        for x in range(width):
            value = 96 + 0.12 * x - 0.05 * y
            for bx, by, radius, gain in blobs:
                d2 = (x - bx) ** 2 + (y - by) ** 2
                if d2 < radius * radius:
                    value += gain * (1 - d2 / (radius * radius))
            value += rng.gauss(0, 7)
            pixels[row + x] = max(0, min(255, int(value)))
    offset = 14 + 40 + len(palette)
    header = b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 0, len(pixels), 2835, 2835, 256, 256)
    return header + info + palette + bytes(pixels)


GERMAN = (
    "der die das und ist nicht ich du er sie es wir ihr ein eine zu mit auf fur von dem den des sich auch so wie "
    "nur noch doch schon mehr wohl mir mich dir dich uns euch mein dein sein Herz Welt Geist Nacht Tag Licht Gott "
    "Teufel Himmel Erde Leben Tod Liebe Wissen Buch Schule Stadt Tor Garten Kirche Brunnen Wald Hohle Kerker Strasse "
    "Zimmer Fenster Mond Sonne Stern Feuer Wasser Luft Blut Seele Lust Schmerz Freude Trauer Jugend Alter Zeit Stunde "
    "Augenblick verweile bist schon sehen horen sprechen sagen wissen wollen sollen konnen mussen durfen mogen gehen "
    "kommen bleiben fuhlen denken glauben lieben hassen suchen finden streben irren dichten trinken singen tanzen "
    "schweben fliegen fallen steigen ruhen wachen schlafen traumen weinen lachen alt jung schon hasslich gross klein "
    "hoch tief weit nah still laut hell dunkel warm kalt heilig ewig arm reich treu falsch gut bose wahr neu "
    "Gretchen Margarete Marthe Wagner Schuler Hexe Engel Herr Frau Mutter Bruder Valentin Nachbarin Bursche Volk"
).split()
UMLAUTS = {"fur": "für", "horen": "hören", "konnen": "können", "mussen": "müssen", "durfen": "dürfen",
           "mogen": "mögen", "fuhlen": "fühlen", "Hohle": "Höhle", "Strasse": "Straße", "schon": "schön",
           "hasslich": "hässlich", "Schuler": "Schüler", "grun": "grün", "Trauer": "Trauer"}
SPEAKERS = ["FAUST.", "MEPHISTOPHELES.", "MARGARETE.", "WAGNER.", "MARTHE.", "CHOR DER ENGEL.", "DER HERR.",
            "SCHÜLER.", "HEXE.", "VALENTIN.", "LIESCHEN.", "BÜRGER."]


def german_prose(rng: random.Random, size: int = 222_218) -> bytes:
    """Verse drama in German (UTF-8, umlauts and ß): speakers, stage directions, rhymed-looking lines."""
    words = [UMLAUTS.get(w, w) for w in GERMAN]

    def scene() -> bytes:
        out = [f"\r\n\r\n{rng.choice(['Nacht', 'Studierzimmer', 'Garten', 'Strasse', 'Kerker', 'Wald und Höhle'])}"
               f".\r\n\r\n"]
        for _ in range(rng.randint(4, 12)):
            out.append(f"{rng.choice(SPEAKERS)}\r\n")
            for _ in range(rng.randint(1, 9)):
                line = " ".join(rng.choice(words) for _ in range(rng.randint(4, 9)))
                out.append(line[0].upper() + line[1:] + rng.choice([",", ";", "!", "?", ".", ""]) + "\r\n")
            if rng.random() < 0.2:
                out.append(f"({' '.join(rng.choice(words) for _ in range(rng.randint(3, 7)))}.)\r\n")
            out.append("\r\n")
        return "".join(out).encode("utf-8")

    head = "Faust: Der Tragödie erster Teil (eine Nachdichtung aus Zufallswörtern)\r\n".encode("utf-8")
    data = fit(head, size + 8, scene)
    # Never cut inside a UTF-8 sequence, so the file stays valid text (Autobahn sends it as binary anyway).
    cut = size
    while data[cut] & 0xC0 == 0x80:
        cut -= 1
    return data[:cut] + b" " * (size - cut)


def html_page(rng: random.Random, size: int = 83_711) -> bytes:
    """An HTML page (ASCII): navigation, article paragraphs and a results table, as a rendered web page."""
    words = "socket frame message server client close code payload window context deflate fragment ping pong " \
            "handshake upgrade extension header token mask octet buffer stream reply echo text binary".split()
    head = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Gauntlet report</title>\n"
            "<link rel=\"stylesheet\" href=\"/static/site.css\">\n</head>\n<body>\n<nav class=\"top\"><ul>\n"
            + "".join(f"  <li><a href=\"/section/{i}\">Section {i}</a></li>\n" for i in range(1, 14))
            + "</ul></nav>\n<main>\n").encode("ascii")

    def block() -> bytes:
        kind = rng.random()
        if kind < 0.4:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(20, 60)))
            return f"<p class=\"body\">{text.capitalize()}.</p>\n".encode("ascii")
        if kind < 0.8:
            rows = "".join(
                f"<tr class=\"{rng.choice(['ok', 'ok', 'ok', 'failed', 'nonstrict'])}\"><td><a href=\"#case-"
                f"{rng.randint(1, 13)}-{rng.randint(1, 20)}\">{rng.randint(1, 13)}.{rng.randint(1, 20)}</a></td>"
                f"<td>{rng.choice(['OK', 'OK', 'FAILED', 'NON-STRICT'])}</td><td>{rng.randint(1, 999)} ms</td></tr>\n"
                for _ in range(rng.randint(3, 12))
            )
            return f"<table class=\"results\">\n<thead><tr><th>Case</th><th>Verdict</th><th>Time</th></tr></thead>" \
                   f"\n<tbody>\n{rows}</tbody>\n</table>\n".encode("ascii")
        return f"<h2 id=\"s{rng.randint(1, 999)}\">{rng.choice(words).title()} {rng.choice(words)}</h2>\n".encode()

    tail = b"</main>\n<footer>Generated by Gauntlet</footer>\n</body>\n</html>\n"
    return fit(head, size - len(tail), block) + tail


def pdf_document(rng: random.Random, size: int = 1_042_328) -> bytes:
    """A PDF-shaped binary document: objects whose page streams are FlateDecode-compressed (as in real PDFs, so
    most of the file barely compresses again), fonts, an image stream, and a cross-reference table."""
    words = GERMAN + "the of and to in is for on that with as by this are from".split()
    parts = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
    offsets = []
    number = 1

    def obj() -> bytes:
        nonlocal number
        offsets.append(sum(len(p) for p in parts))
        kind = rng.random()
        if kind < 0.7:
            ops = "".join(
                f"BT /F{rng.randint(1, 4)} {rng.randint(8, 14)} Tf {rng.randint(50, 550)} {rng.randint(50, 780)} Td "
                f"({' '.join(rng.choice(words) for _ in range(rng.randint(5, 14)))}) Tj ET\n"
                for _ in range(rng.randint(60, 200))
            ).encode("latin-1", "replace")
            stream = zlib.compress(ops, 9)
            body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"
        elif kind < 0.85:
            stream = bytes(rng.getrandbits(8) for _ in range(rng.randint(2000, 12000)))
            body = (b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /BitsPerComponent 8 /Length %d "
                    b"/Filter /DCTDecode >>\nstream\n" % len(stream)) + stream + b"\nendstream"
        else:
            body = (b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
                    % rng.choice([b"Helvetica", b"Times-Roman", b"Courier", b"Helvetica-Bold"]))
        data = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        number += 1
        return data

    while sum(len(p) for p in parts) < size - 40_000:
        parts.append(obj())
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)]
    xref += [b"%010d 00000 n \n" % offset for offset in offsets]
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, 0)
    data = b"".join(parts + xref) + trailer
    if len(data) > size:
        return data[:size]
    return data + b"\n" * (size - len(data))


PAYLOADS = [
    # (Swift name, file name, is text, builder)
    ("jsonReport", "report.json", True, json_report),
    ("bitmap", "picture.bmp", False, bitmap),
    ("germanProse", "drama.txt", False, german_prose),
    ("htmlPage", "page.html", True, html_page),
    ("binaryDocument", "document.pdf", False, pdf_document),
]


def ratio(data: bytes) -> float:
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    return len(data) / len(deflater.compress(data) + deflater.flush())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="also write the five files to this folder")
    arguments = parser.parse_args()
    entries = []
    for name, file_name, is_text, build in PAYLOADS:
        data = build(random.Random(f"{SEED}-{name}"))
        if is_text:
            data.decode("ascii")  # text payloads stay ASCII, so slicing bytes never splits a character
        if arguments.out:
            os.makedirs(arguments.out, exist_ok=True)
            with open(os.path.join(arguments.out, file_name), "wb") as handle:
                handle.write(data)
        # Stored as one permessage-deflate message would be (RFC 7692 §7.2.1): sync flush, tail removed.
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        stored = deflater.compress(data) + deflater.flush(zlib.Z_SYNC_FLUSH)
        assert stored.endswith(b"\x00\x00\xff\xff")
        stored = stored[:-4]
        entries.append((name, file_name, is_text, data, base64.b64encode(stored).decode("ascii")))
        print(f"{file_name:14} {len(data):8d} bytes  deflate ratio {ratio(data):5.2f}", file=sys.stderr)
    with open(SWIFT_OUT, "w", encoding="ascii") as swift:
        swift.write("// Generated by Sources/GauntletCore/Catalogue/generate-deflate-payloads.py; do not edit. Regenerate with that script.\n")
        swift.write("// swift-format-ignore-file\n\n")
        swift.write("/// The five payloads of sections 12 and 13, raw-deflated and base64-encoded (see the generator).\n")
        swift.write("enum DeflatePayloadData {\n")
        for name, file_name, is_text, data, encoded in entries:
            digest = hashlib.sha256(data).hexdigest()
            swift.write(f"    /// {file_name}: {len(data)} bytes, SHA-256 {digest}.\n")
            swift.write(f"    static let {name} = DeflatePayloadBlob(\n")
            swift.write(f"        count: {len(data)},\n        isText: {'true' if is_text else 'false'},\n")
            swift.write(f"        sha256: \"{digest}\",\n")
            swift.write(f"        deflatedBase64: \"{encoded}\"\n    )\n")
        swift.write("}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
