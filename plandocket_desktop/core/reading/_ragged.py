"""Where the ragged rows a threaded pyarrow read skipped stood: found by text, numbered by lines.

A threaded read tells the text of each row with the wrong number of cells but not its number.
Where every record is one line (no cell spans lines), a row's number is the count of line
breaks before it, and its place is where its text stands as a whole line. Whenever that cannot
be sure, ``place`` answers None and the caller numbers the rows with a serial read.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

_CHUNK = 1 << 20  # line breaks are counted per MiB with numpy (bytes.count is 3-4x slower)


def place(
    data: bytes, start: int, codec: str, regular: int, texts: list[str]
) -> list[tuple[int, str]] | None:
    """(record number from 1 after ``start``, text) of each skipped row, in file order.

    ``data[start:]`` holds the records pyarrow read (``regular`` of them kept, ``texts``
    skipped); ``data[start - 1]`` ends the header line. None: take the serial read.
    """
    if not texts or codec.startswith(("utf-16", "utf-32")) or start < 1:
        return None
    if data[start - 1 : start] != b"\n":
        return None
    if any("\n" in t or "\r" in t or t.count('"') % 2 for t in texts):
        return None  # part of a cell that spans lines, split by the quick read
    view = np.frombuffer(data, dtype=np.uint8)[start:]
    per_chunk = np.zeros(-(-len(view) // _CHUNK), dtype=np.int64)
    returns = 0
    for k, i in enumerate(range(0, len(view), _CHUNK)):
        chunk = view[i : i + _CHUNK]  # both counts while it is in the cache
        per_chunk[k] = np.count_nonzero(chunk == 10)
        returns += int(np.count_nonzero(chunk == 13))
    line_feeds = int(per_chunk.sum())
    if returns and returns != line_feeds:
        return None  # lone CRs or mixed line ends: lines cannot be counted by LF alone
    lines = line_feeds + (0 if data.endswith(b"\n") else 1)
    if lines != regular + len(texts):
        return None  # some record spans lines (or pyarrow lost some): not one record a line
    end = b"\r\n" if returns else b"\n"
    starts = _find_lines(data, start, codec, end, texts)
    if starts is None:
        return None
    before = np.concatenate(([0], np.cumsum(per_chunk)))
    placed = []
    for at, text in sorted(starts):  # ``at`` is the LF before the line
        upto = at + 1 - start  # bytes of data[start:] before the line
        whole = upto // _CHUNK
        inside = data.count(b"\n", start + whole * _CHUNK, at + 1)
        placed.append((int(before[whole]) + inside + 1, text))
    return placed


def _find_lines(
    data: bytes, start: int, codec: str, end: bytes, texts: list[str]
) -> list[tuple[int, str]] | None:
    """(offset of the LF before it, text): every line whose whole text is one of ``texts``.

    The texts usually come in file order, so each search goes on from the last place found.
    """
    found: list[tuple[int, str]] = []
    cursor = start - 1
    for text, wanted in Counter(texts).items():
        try:
            line = text.encode(codec)
        except UnicodeEncodeError:
            return None
        needle = b"\n" + line + end
        hits: set[int] = set()
        for origin in (cursor, start - 1):
            at = origin
            while len(hits) < wanted:
                at = data.find(needle, at)
                if at < 0:
                    break
                hits.add(at)
                at += 1
            if len(hits) == wanted:
                break
        tail = len(data) - len(line) - 1
        if (
            len(hits) < wanted
            and tail >= start - 1
            and not data.endswith(b"\n")
            and data.endswith(b"\n" + line)
        ):
            hits.add(tail)  # the last line, without a line break after it
        if len(hits) != wanted:
            return None
        found.extend((at, text) for at in hits)
        cursor = max(hits)
    return found
