"""A minimal PNG reader for screenshots: 8-bit RGB or RGBA, not interlaced."""

from __future__ import annotations

import struct
import zlib


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(data: bytes) -> tuple[int, int, list[bytearray]]:
    """Width, height and the rows of RGBA-or-RGB bytes (4 or 3 per pixel: see `channels`)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks = 8, b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG"
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            chunks += body
        position += 12 + length
    raw = zlib.decompress(chunks)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        row_filter, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = row[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if row_filter == 1:
                row[x] = (row[x] + left) & 0xFF
            elif row_filter == 2:
                row[x] = (row[x] + up) & 0xFF
            elif row_filter == 3:
                row[x] = (row[x] + (left + up) // 2) & 0xFF
            elif row_filter == 4:
                row[x] = (row[x] + _paeth(left, up, corner)) & 0xFF
        rows.append(row)
        previous = row
    return width, height, rows


def pixel(rows: list[bytearray], x: int, y: int, channels: int) -> tuple[int, int, int]:
    """The RGB of one pixel."""
    start = x * channels
    red, green, blue = rows[y][start : start + 3]
    return red, green, blue
