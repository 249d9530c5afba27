"""Draw the app icons (a white pin on green) as PNGs without any image library.

Run once: python3 scripts/make-icons.py — the PNGs are committed in public/.
"""

import math
import struct
import zlib
from pathlib import Path

GREEN = (29, 94, 58)
WHITE = (255, 255, 255)


def inside_pin(x: float, y: float, scale: float) -> str | None:
    cx, cy, r = 0.5, 0.44, 0.2 * scale
    tip = 0.44 + 0.36 * scale
    d = math.hypot(x - cx, y - cy)
    if d <= 0.08 * scale:
        return "hole"
    if d <= r:
        return "pin"
    if cy <= y <= tip:
        half = r * (tip - y) / (tip - cy) * 0.92
        if abs(x - cx) <= half:
            return "pin"
    return None


def draw(size: int, scale: float) -> bytes:
    rows = []
    samples = 3
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            white = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) / size
                    y = (py + (sy + 0.5) / samples) / size
                    if inside_pin(x, y, scale) == "pin":
                        white += 1
            a = white / samples**2
            row += bytes(round(g + (w - g) * a) for g, w in zip(GREEN, WHITE, strict=True))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


public = Path(__file__).resolve().parents[1] / "public"
for name, size, scale in [
    ("icon-192.png", 192, 1.0),
    ("icon-512.png", 512, 1.0),
    ("icon-maskable-512.png", 512, 0.75),
    ("apple-touch-icon.png", 180, 0.9),
]:
    (public / name).write_bytes(draw(size, scale))
