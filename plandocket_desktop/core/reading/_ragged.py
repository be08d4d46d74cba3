"""Where the ragged rows a threaded pyarrow read skipped stood: found by text, numbered by lines.

A threaded read tells the text of each row with the wrong number of cells but not its number.
Where every record is one line (no cell spans lines), a row's number is the count of line
breaks before it, and its place is where its text stands as a whole line. Whenever that cannot
be sure, ``place`` answers None and the caller numbers the rows with a serial read.

The text is looked at in one pass through a small reused buffer, never the whole file at once
(holding a big file in memory costs more than the pass: every page of it is touched afresh):
the pass counts line feeds and carriage returns and looks for the ragged rows in the order
pyarrow met them. Rows met out of order are looked for again in a second pass.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Stream = io.RawIOBase | io.BufferedIOBase  # files opened unbuffered, BytesIO

_PIECE = 1 << 20  # bytes read at a time
_LONGEST = 4 << 20  # a ragged row longer than this is left to the serial read


@dataclass
class _Wanted:
    """One distinct ragged text: the bytes of its line and how many times pyarrow met it."""

    text: str
    line: bytes
    count: int
    hits: dict[int, int] = field(default_factory=dict)  # offset of the LF before it -> number

    @property
    def needle(self) -> bytes:
        return b"\n" + self.line

    @property
    def done(self) -> bool:
        return len(self.hits) >= self.count


def place(
    open_text: Callable[[], Stream],
    length: int,
    codec: str,
    regular: int,
    texts: list[str],
) -> list[tuple[int, str]] | None:
    """(record number from 1 below the header, text) of each skipped row, in file order.

    ``open_text()`` gives the file from the line feed that ends the header: ``length`` bytes
    to the end. pyarrow kept ``regular`` records and skipped ``texts``. None: take the serial
    read.
    """
    if not texts or codec.startswith(("utf-16", "utf-32")):
        return None
    if any("\n" in t or "\r" in t or t.count('"') % 2 for t in texts):
        return None  # part of a cell that spans lines, split by the quick read
    try:
        wanted = [_Wanted(t, t.encode(codec), n) for t, n in Counter(texts).items()]
    except UnicodeEncodeError:
        return None
    longest = max(len(w.line) for w in wanted)
    if longest > _LONGEST:
        return None
    scanner = _Scanner(open_text, length, longest + 3)  # LF, the row, CR LF
    try:
        for attempt in range(_PASSES):
            todo = [w for w in wanted if not w.done]
            if not todo or not scanner.scan(todo, in_order=attempt < _PASSES - 1):
                break
    except (OSError, ValueError):
        return None
    if not scanner.complete or any(len(w.hits) != w.count for w in wanted):
        return None  # the file changed, or some row was not found as a line of its own
    if scanner.returns and scanner.returns != scanner.line_feeds:
        return None  # lone CRs or mixed line ends: lines cannot be counted by LF alone
    lines = scanner.line_feeds + (0 if scanner.ends_with_line_feed else 1)
    if lines != regular + len(texts):
        return None  # some record spans lines (or pyarrow lost some): not one record a line
    if scanner.endings - {b"\r\n" if scanner.returns else b"\n", b""}:
        return None  # a row found before a line end of the other kind
    return sorted((number, w.text) for w in wanted for number in w.hits.values())


# pyarrow meets the ragged rows of its blocks nearly in file order: each pass looks for them
# in the order met, the next pass for those met too early; the last looks for all everywhere.
_PASSES = 4


class _Scanner:
    """Passes over the text below the header in pieces of a reused buffer.

    The first pass counts the line feeds (before each piece, to number the rows found later)
    and carriage returns; every pass looks for rows. A piece hands its last ``keep`` bytes on
    to the next, so a row is found whole even where a piece ends inside it.
    """

    def __init__(self, open_text: Callable[[], Stream], length: int, keep: int) -> None:
        self._open = open_text
        self._length = length
        self._keep = keep
        self._feeds_before: list[int] = []  # line feeds before each piece's first new byte
        self.complete = False  # a first pass read the whole text, unchanged in length
        self.line_feeds = 0
        self.returns = 0
        self.ends_with_line_feed = True
        self.endings: set[bytes] = set()  # what followed each row found

    def scan(self, todo: list[_Wanted], *, in_order: bool) -> bool:
        """One pass looking for ``todo``; False when the text is not what it was."""
        first = not self._feeds_before
        buffer = bytearray(_PIECE + self._keep)
        view = memoryview(buffer)
        array = np.frombuffer(buffer, dtype=np.uint8)
        held = origin = read = feeds = piece = 0
        with self._open() as stream:
            while True:
                got = _fill(stream, view[held : held + _PIECE])
                read += got
                filled = held + got
                last = got == 0 or read >= self._length
                if read > self._length or (origin == 0 and buffer[:1] != b"\n"):
                    return False
                edge = filled if last else filled - self._keep  # where rows may start
                if first:
                    self._feeds_before.append(feeds)
                else:
                    feeds = self._feeds_before[piece]
                chunk = _Chunk(buffer, array, origin, filled, edge, feeds)
                if in_order:
                    chunk.find_in_order(todo, self.endings)
                else:
                    for w in todo:
                        chunk.find_all(w, self.endings)
                if first:
                    feeds += int(np.count_nonzero(array[:edge] == 10))
                    if buffer.find(b"\r", 0, edge) >= 0:
                        self.returns += int(np.count_nonzero(array[:edge] == 13))
                if last:
                    break
                buffer[: filled - edge] = buffer[edge:filled]  # the piece's end starts the next
                held = filled - edge
                origin += edge
                piece += 1
        if read != self._length:
            return False
        if first:
            self.complete = True
            self.line_feeds = feeds - 1  # the header's own line feed ends no row
            self.ends_with_line_feed = buffer[filled - 1 : filled] == b"\n"
        return True


@dataclass
class _Chunk:
    """The part of the text in the buffer: rows starting before ``edge`` are looked at."""

    buffer: bytearray
    array: np.ndarray
    origin: int  # offset in the text of buffer[0]
    filled: int
    edge: int
    feeds: int  # line feeds in the text before buffer[0]

    def find_in_order(self, todo: list[_Wanted], endings: set[bytes]) -> None:
        """The first row of ``todo`` not found yet, then the next from there on."""
        cursor = 0
        while todo:
            w = todo[0]
            at = self.buffer.find(w.needle, cursor, self.filled)
            while 0 <= at < self.edge and not (self._note(w, at, endings) and w.done):
                at = self.buffer.find(w.needle, at + 1, self.filled)
            if not 0 <= at < self.edge:
                return
            todo.pop(0)
            cursor = at + 1

    def find_all(self, w: _Wanted, endings: set[bytes]) -> None:
        at = self.buffer.find(w.needle, 0, self.filled)
        while 0 <= at < self.edge:
            self._note(w, at, endings)
            at = self.buffer.find(w.needle, at + 1, self.filled)

    def _note(self, w: _Wanted, at: int, endings: set[bytes]) -> bool:
        """Whether the row stands at ``at`` as a whole line; noted with its number if so."""
        after = at + 1 + len(w.line)
        ending = bytes(self.buffer[after : min(after + 2, self.filled)])
        if ending[:1] == b"\n":
            ending = b"\n"
        elif ending != b"\r\n" and not (ending == b"" and w.line):
            return False  # not a line end (b"": the last line, unless nothing is on it)
        # The row's number: the line feeds before it, the header's one included.
        number = self.feeds + int(np.count_nonzero(self.array[: at + 1] == 10))
        w.hits.setdefault(self.origin + at, number)
        endings.add(ending)
        return True


def _fill(stream: Stream, view: memoryview) -> int:
    """Read until ``view`` is full or the text ends (so every pass cuts the same pieces)."""
    total = 0
    while total < len(view):
        got = stream.readinto(view[total:])
        if not got:
            break
        total += got
    return total
