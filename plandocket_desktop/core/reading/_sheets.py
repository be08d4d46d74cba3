"""Which sheet of a workbook holds the list of people, when nobody chose one.

Every visible sheet is looked at; each gets a kind (``SheetKind``: a list, a cover page, a
summary, empty) and a score: rows of data below a detected header, counted three times over
when a column looks like a match field (a header naming an email or customer number, or
values shaped like email addresses), and a fifth as much for a sheet of mostly numbers (a
summary). The best scoring sheet is read; the kinds of the others are kept in
``SourceInfo.sheet_kinds`` so the file page and ``inspect`` can say why (``sheet_reason``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core.reading import _shape as reading_shape

SAMPLE_ROWS = 200
# Header words of a match field (casefolded, as substrings).
_MATCH_WORDS = ("mail", "kundennummer", "kunden-nr", "kundennr", "customer", "client")
_SUMMARY_WORDS = frozenset({"summe", "total", "gesamt", "sum", "totals", "gesamtsumme"})
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$"
_NUMBER = r"^[+-]?[\d.,\s]+%?$"
_MIN_LIST_ROWS = 3  # a header and two people


class SheetKind(StrEnum):
    LIST = "list"  # a table of rows: the list, or another one
    SMALLER = "smaller"  # a list, but not the best one
    COVER = "cover"  # a few lines of text: a cover page, notes
    SUMMARY = "summary"  # mostly numbers or totals
    EMPTY = "empty"


class _Grid(Protocol):
    columns: list[pa.Array | pa.ChunkedArray]

    def filled(self) -> tuple[int, int]: ...

    def head(self, n: int) -> list[list[str]]: ...


@dataclass(frozen=True)
class Assessment:
    kind: SheetKind
    score: float


def assess(grid: _Grid) -> Assessment:
    """How much ``grid`` looks like a list of people."""
    rows, columns = grid.filled()
    if rows == 0:
        return Assessment(SheetKind.EMPTY, 0.0)
    if rows < _MIN_LIST_ROWS or columns < 2:
        return Assessment(SheetKind.COVER, rows * columns / 1000)
    head = grid.head(reading_shape.HEADER_SCAN_ROWS)
    index = reading_shape.detect_header(head)
    header = [str(c).casefold() for c in head[index]] if index < len(head) else []
    data = [c.slice(index + 1, SAMPLE_ROWS) for c in grid.columns]
    cells = sum(int(pc.sum(pc.not_equal(_trim(c), "")).as_py() or 0) for c in data)
    numbers = sum(
        int(pc.sum(pc.match_substring_regex(_trim(c), _NUMBER)).as_py() or 0) for c in data
    )
    first_words = {str(v).strip().casefold() for v in data[0].to_pylist()} if data else set()
    summary = (cells and numbers / cells > 0.6) or bool(first_words & _SUMMARY_WORDS)
    match_like = any(w in h for h in header for w in _MATCH_WORDS) or any(
        _share(c, _EMAIL) > 0.5 for c in data
    )
    score = float(rows - index - 1) * (3.0 if match_like else 1.0)
    if summary:
        return Assessment(SheetKind.SUMMARY, score / 5)
    if rows - index - 1 < 2:
        return Assessment(SheetKind.COVER, score / 5)
    return Assessment(SheetKind.LIST, score)


def _trim(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    return pc.utf8_trim_whitespace(pc.fill_null(column, ""))


def _share(column: pa.Array | pa.ChunkedArray, pattern: str) -> float:
    texts = _trim(column)
    filled = int(pc.sum(pc.not_equal(texts, "")).as_py() or 0)
    if not filled:
        return 0.0
    return int(pc.sum(pc.match_substring_regex(texts, pattern)).as_py() or 0) / filled


T = TypeVar("T", bound=_Grid)


def choose(names: Sequence[str], load: Callable[[str], T]) -> tuple[str, T, dict[str, str]] | None:
    """The best sheet among ``names`` (loaded with ``load``), its grid, and the kind of every
    other sheet; None when every sheet is empty."""
    best: tuple[str, T, Assessment] | None = None
    kinds: dict[str, Assessment] = {}
    for name in names:
        grid = load(name)
        found = assess(grid)
        kinds[name] = found
        if found.kind is not SheetKind.EMPTY and (best is None or found.score > best[2].score):
            best = (name, grid, found)
    if best is None:
        return None
    others = {
        name: (SheetKind.SMALLER if a.kind is SheetKind.LIST else a.kind).value
        for name, a in kinds.items()
        if name != best[0]
    }
    return best[0], best[1], others
