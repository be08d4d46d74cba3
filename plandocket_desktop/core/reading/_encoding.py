"""Text encodings of delimited files: byte order marks, strict UTF-8, then legacy code pages.

Order: a BOM decides; else UTF-8 if the bytes are valid UTF-8; else charset-normalizer picks
among a few Western and Central European code pages, with cp1252 preferred whenever it reads
the same text (short German text is otherwise often taken for cp1250).
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass

import charset_normalizer

# Single-byte code pages charset-normalizer may choose among when the text is not UTF-8.
LEGACY_CANDIDATES = ("cp1252", "cp1250", "latin_1")

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)


@dataclass(frozen=True)
class Encoding:
    """How the bytes of a text file are decoded."""

    codec: str  # Python codec for the bytes after the BOM
    name: str  # what the user is shown ("utf-8-sig" when a BOM is present)
    skip_bytes: int  # before the text: the BOM, and an Excel "sep=" line when there is one


def detect_encoding(head: bytes) -> Encoding | None:
    """The encoding of a text file from its first bytes; None when it does not look like text."""
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            return Encoding(codec, name, len(bom))
    if head.count(0) > len(head) // 100:
        return _utf16_without_bom(head)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return Encoding("utf-8", "utf-8", 0)
    codec = legacy_codepage(head)
    text = head.decode(codec, errors="replace")
    return Encoding(codec, codec, 0) if looks_like_text(text) else None


def _utf16_without_bom(head: bytes) -> Encoding | None:
    even, odd = head[0::2], head[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros and zeros.count(0) > 0.9 * len(zeros):
            text = head[: len(head) // 2 * 2].decode(codec, errors="replace")
            if looks_like_text(text):
                return Encoding(codec, codec, 0)
    return None


def _non_ascii_lines(data: bytes, limit: int = 32 * 1024) -> bytes:
    """The lines that tell code pages apart (those with non-ASCII bytes), at most ``limit``."""
    if len(data) <= limit:
        return data
    chosen: list[bytes] = []
    size = 0
    for line in data[: 4 * 1024 * 1024].split(b"\n"):
        if not line.isascii():
            chosen.append(line)
            size += len(line) + 1
            if size >= limit:
                break
    return b"\n".join(chosen) or data[:limit]


def legacy_codepage(data: bytes) -> str:
    """cp1252 unless charset-normalizer is sure of another Western/Central European page."""
    sample = _non_ascii_lines(data)
    best = charset_normalizer.from_bytes(sample, cp_isolation=list(LEGACY_CANDIDATES)).best()
    codec = best.encoding if best is not None else "cp1252"
    if codec != "cp1252":
        try:
            # The same text in cp1252 wins: short German text is often called cp1250.
            if sample.decode("cp1252") == sample.decode(codec):
                codec = "cp1252"
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return "latin-1"
    return {"latin_1": "latin-1", "iso8859_1": "latin-1"}.get(codec, codec)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def looks_like_text(text: str) -> bool:
    """False for decoded binary: control characters other than tab and line breaks."""
    sample = text[: 64 * 1024]
    allowed = len(sample) // 200
    return next(itertools.islice(_CONTROLS.finditer(sample), allowed, None), None) is None
