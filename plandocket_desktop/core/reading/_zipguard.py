"""Zip-based workbooks checked before any engine opens them: real sizes, not declared ones.

A zip says how large each part unpacks to, and a hostile one lies. Every part is inflated here
with a running count (nothing kept), so a zip bomb is refused after a few megabytes whatever
its headers claim; parts that share or overlap their data, unknown compression methods and XML
document type declarations (entity expansion) are refused too. Worksheet parts are also
measured: the engines build a dense grid from the first to the last cell, so one cell in
XFD1048576 would cost 17 billion cells. The answer is remembered per file (path, size, mtime):
the wizard lists the sheets, then reads one.
"""

from __future__ import annotations

import itertools
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from plandocket_desktop.core.reading import _messages as messages

INPUT_CHUNK = 256 * 1024
OUTPUT_CHUNK = 4 * 1024 * 1024
MAX_GRID_CELLS = 150_000_000  # first to last cell of a sheet; 1M rows x 150 columns
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_MAGIC = 0x04034B50
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype")
_ROW_NUMBER = re.compile(rb"<row\s[^>]*?\br=\"([0-9]{1,9})\"")
_CELL_REF = re.compile(rb"<c\s[^>]*?\br=\"([A-Z]{1,4})([0-9]{1,9})\"")
_WIDE_REF = re.compile(rb"\br=\"([A-Z]{2,4})[0-9]")
_OVERLAP = 64  # bytes carried between chunks so a tag split by a chunk is still seen


@dataclass(frozen=True)
class Limits:
    max_total: int  # bytes all parts may unpack to together
    max_ratio: int  # unpacked / packed, checked from ``ratio_from`` unpacked bytes
    ratio_from: int


_checked: dict[tuple[str, int, int], None] = {}


def check(path: Path, limits: Limits) -> None:
    """Raise SourceError (too_large, corrupt) unless every part of the zip is safe to open."""
    try:
        stat = path.stat()
    except OSError:
        return  # the reader reports it
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _checked:
        return
    try:
        with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
            members = archive.infolist()
            _check_layout(path, members, stat.st_size)
            total = 0
            for member in members:
                total += _inflate(path, raw, member, limits, total)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,  # UnicodeDecodeError among them: a damaged name
        IndexError,
        struct.error,
        zlib.error,
    ) as exc:
        raise messages.damaged(path) from exc
    except MemoryError as exc:
        raise messages.out_of_memory(path) from exc
    if len(_checked) > 64:
        _checked.clear()
    _checked[key] = None


def _check_layout(path: Path, members: list[zipfile.ZipInfo], size: int) -> None:
    """No two parts may share bytes; each must lie inside the file."""
    spans = []
    for member in members:
        start = member.header_offset
        end = start + _LOCAL_HEADER.size + len(member.filename.encode()) + member.compress_size
        if end > size + 4096:
            raise messages.damaged(path)
        spans.append((start, end))
    spans.sort()
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start < end:
            raise messages.damaged(path)


def _data_offset(raw: BinaryIO, member: zipfile.ZipInfo) -> int:
    raw.seek(member.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise EOFError
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_MAGIC:
        raise zipfile.BadZipFile("bad local header")
    return int(member.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10])


def _inflate(
    path: Path, raw: BinaryIO, member: zipfile.ZipInfo, limits: Limits, before: int
) -> int:
    """Unpack one part with a running count; returns its real size."""
    if member.is_dir() or member.compress_size == 0:
        return 0
    raw.seek(_data_offset(raw, member))
    watch = _Watch(path, member.filename)
    if member.compress_type == zipfile.ZIP_STORED:
        left = member.compress_size
        while left > 0:
            chunk = raw.read(min(INPUT_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            watch.see(chunk)
        size = member.compress_size - left
        if before + size > limits.max_total:
            raise messages.zip_bomb(path)
        watch.done()
        return size
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise messages.damaged(path)
    inflater = zlib.decompressobj(-15)
    left = member.compress_size
    consumed = produced = 0
    while left > 0 and not inflater.eof:
        chunk = raw.read(min(INPUT_CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
        consumed += len(chunk)
        data = chunk
        while data and not inflater.eof:
            out = inflater.decompress(data, OUTPUT_CHUNK)
            data = inflater.unconsumed_tail
            produced += len(out)
            watch.see(out)
            if before + produced > limits.max_total:
                raise messages.zip_bomb(path)
            if produced > limits.ratio_from and produced > limits.max_ratio * consumed:
                raise messages.zip_bomb(path)
    watch.done()
    return produced


class _Watch:
    """What the unpacked bytes of one part may not hold (DTDs) and, for sheets, their extent."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.xml = name.endswith((".xml", ".rels"))
        self.sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
        self.tail = b""
        self.max_row = 0
        self.max_column = 0
        self.rows_tagged = False
        self.cells_seen = False

    def see(self, data: bytes) -> None:
        if not self.xml or not data:
            return
        text = self.tail + data
        if any(declaration in text for declaration in _DECLARATIONS):
            raise messages.unsafe_xml(self.path)
        if self.sheet:
            self._measure(text)
        self.tail = text[-_OVERLAP:]

    def _measure(self, text: bytes) -> None:
        rows = _ROW_NUMBER.findall(text)
        if rows:
            self.rows_tagged = True
            self.max_row = max(self.max_row, max(int(r) for r in rows))
        elif not self.rows_tagged and b"<c " in text:
            # rows without numbers: the cells say where they are (slow, and rare)
            for letters, row in _CELL_REF.findall(text):
                self.max_row = max(self.max_row, int(row))
                self.max_column = max(self.max_column, _column_number(letters))
        for letters in set(_WIDE_REF.findall(text)):
            self.max_column = max(self.max_column, _column_number(letters))
        self.max_column = max(self.max_column, 26 if b"<c " in text else 0)

    def done(self) -> None:
        if self.sheet and self.max_row * max(self.max_column, 1) > MAX_GRID_CELLS:
            raise messages.sheet_too_large(self.path, self.max_row, self.max_column)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number
