"""A tiny zip writer that may lie: declared sizes, shared or overlapping data, any entry count.

``zipfile`` refuses to write a zip whose headers disagree with its data, which is exactly what
a hostile file does; the hostile-file tests build theirs here.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field


@dataclass
class Entry:
    name: str
    data: bytes  # stored bytes (raw deflate when method is 8)
    method: int = 8
    crc: int = 0
    size: int = 0  # declared uncompressed size
    offset_of: str | None = None  # share the local data of another entry (overlap)
    extra: dict[str, int] = field(default_factory=dict)


def deflated(name: str, payload: bytes) -> Entry:
    """An honest deflated entry."""
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = raw.compress(payload) + raw.flush()
    return Entry(name, data, 8, zlib.crc32(payload), len(payload))


def bomb_stream(chunk: bytes, repeats: int) -> bytes:
    """Raw deflate of ``chunk`` repeated ``repeats`` times, built from one compressed chunk.

    After a full flush the compressor refers to nothing before it, so every chunk compresses
    to the same bytes: a gigabyte costs a millisecond to make.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()
    if repeats == 1:
        return first + end
    return first + again * (repeats - 1) + end


def build(entries: list[Entry]) -> bytes:
    """The zip file: local headers and data, then the central directory."""
    out = bytearray()
    offsets: dict[str, tuple[int, int]] = {}  # name -> (local header offset, stored length)
    central = bytearray()
    for entry in entries:
        name = entry.name.encode()
        if entry.offset_of is not None:
            offset, length = offsets[entry.offset_of]
        else:
            offset, length = len(out), len(entry.data)
            out += struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50, 20, 0, entry.method, 0, 0x21,
                entry.crc, len(entry.data), entry.size, len(name), 0,
            )  # fmt: skip
            out += name + entry.data
        offsets[entry.name] = (offset, length)
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, entry.method, 0, 0x21,
            entry.crc, length, entry.size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
    start = len(out)
    out += central
    count = len(entries)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    return bytes(out)
