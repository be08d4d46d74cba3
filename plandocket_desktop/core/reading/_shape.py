"""Shaping read cells into a Table: header detection, unique names, empty rows and columns."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core._table import SourceInfo, Table
from plandocket_desktop.core.reading import _messages as messages

HEADER_SCAN_ROWS = 50  # rows looked at when guessing which one is the header


def is_blank_row(cells: Sequence[str]) -> bool:
    """True when every cell is empty after trimming whitespace."""
    return all(not c.strip() for c in cells)


def detect_header(rows: Sequence[Sequence[str]]) -> int:
    """The 0-based index of the header row among the first rows of a sheet or file.

    Title lines, notes and blank lines above a table fill fewer cells than the table is wide;
    the header is the first row that fills at least half of the widest row's cells (and at
    least two of them when the table has more than one column).
    """
    sample = rows[:HEADER_SCAN_ROWS]
    counts = [sum(1 for c in row if c.strip()) for row in sample]
    widest = max(counts, default=0)
    if widest == 0:
        return 0
    threshold = 1 if widest == 1 else max(2, math.ceil(widest / 2))
    for index, count in enumerate(counts):
        if count >= threshold:
            return index
    return 0  # unreachable: the widest row passes


def unique_names(raw: Sequence[str], positions: Sequence[int]) -> list[str]:
    """Header names made visible and unique: "Email", "Email (2)", "Column 7".

    ``positions`` are the 1-based column numbers in the sheet, used for blank headers.
    """
    names: list[str] = []
    taken: set[str] = set()
    for text, position in zip(raw, positions, strict=True):
        base = " ".join(text.split()) or f"Column {position}"
        name, k = base, 2
        while name in taken:
            name = f"{base} ({k})"
            k += 1
        taken.add(name)
        names.append(name)
    return names


def empty_mask(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """True for cells that are empty or only whitespace."""
    return pc.or_(pc.equal(pc.binary_length(column), 0), pc.utf8_is_space(column))


_ORDER_SAMPLE = 2000  # rows looked at to choose the order in which columns are checked


def blank_rows(columns: Sequence[pa.Array | pa.ChunkedArray]) -> np.ndarray:
    """Positions of the rows whose cells are all empty or whitespace, in order.

    Starts with the column that has the fewest empty cells (judged on the first rows) and
    checks the next column only on the rows still in question, so a million filled rows cost
    one pass over one column. The order only affects speed, never the answer.
    """
    empties = [
        pc.sum(pc.equal(pc.binary_length(c.slice(0, _ORDER_SAMPLE)), 0)).as_py() or 0
        for c in columns
    ]
    candidates: np.ndarray | None = None
    for index in sorted(range(len(columns)), key=lambda i: empties[i]):
        column = columns[index]
        if candidates is not None:
            column = pc.take(column, pa.array(candidates))
        mask = empty_mask(column).to_numpy(zero_copy_only=False)
        found = np.flatnonzero(mask)
        candidates = found if candidates is None else candidates[found]
        if not len(candidates):
            break
    return candidates if candidates is not None else np.zeros(0, dtype=np.int64)


def _column_is_empty(column: pa.ChunkedArray | pa.Array) -> bool:
    if len(column) == 0:
        return True
    if pc.max(pc.binary_length(column)).as_py() == 0:
        return True
    return bool(pc.all(empty_mask(column)).as_py())


def build_table(
    header: Sequence[str],
    columns: list[pa.Array | pa.ChunkedArray],
    row_numbers: np.ndarray,
    source: SourceInfo,
    *,
    first_column: int = 1,
) -> Table:
    """Drop fully empty rows and empty outer columns, name the columns, make the Table.

    ``columns`` are string arrays without nulls, at least as many as ``header`` has cells
    (extra ones come from ragged rows); ``first_column`` is the sheet column number (1-based)
    of ``columns[0]``.
    """
    width = len(columns)
    header = list(header) + [""] * (width - len(header))
    n_rows = len(row_numbers)
    if width and n_rows:
        blank = blank_rows(columns)
        if len(blank):
            source.empty_rows_dropped = [int(n) for n in row_numbers[blank]]
            keep = np.ones(n_rows, dtype=bool)
            keep[blank] = False
            keep_array = pa.array(keep)
            columns = [pc.filter(column, keep_array) for column in columns]
            row_numbers = row_numbers[keep]
    # Leading and trailing columns without a header name and without any cell.
    start, stop = 0, width
    while stop > start and not header[stop - 1].strip() and _column_is_empty(columns[stop - 1]):
        stop -= 1
    while start < stop and not header[start].strip() and _column_is_empty(columns[start]):
        start += 1
    source.empty_columns_dropped = width - (stop - start)
    kept = columns[start:stop]
    names = unique_names(header[start:stop], range(first_column + start, first_column + stop))
    data = pa.table(
        {str(i): _as_string_array(column) for i, column in enumerate(kept)} if kept else {}
    )
    if not kept:
        data = pa.table({})
        row_numbers = row_numbers[:0]
    return Table(names, data, pa.array(row_numbers, pa.int64()), source)


def _as_string_array(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if column.type != pa.string():
        column = column.cast(pa.string())
    if column.null_count:
        column = pc.fill_null(column, "")
    return column


def table_from_rows(
    rows: Sequence[Sequence[str]],
    *,
    header_row: int | None,
    source: SourceInfo,
) -> Table:
    """Make a Table from all records of a delimited file (title lines included).

    Records whose number of cells differs from the header's are named in a warning; their
    extra cells go to extra columns.
    """
    if header_row is None:
        index = detect_header(rows)
        source.header_detected = True
    else:
        index = header_row
        source.header_detected = False
    header = list(rows[index]) if index < len(rows) else []
    data = rows[index + 1 :]
    source.header_row = index
    width = max([len(header), *(len(r) for r in data)])
    ragged = [index + 2 + i for i, r in enumerate(data) if r and len(r) != len(header)]
    if ragged:
        source.warnings.append(messages.ragged_warning(ragged, len(header)))
    padded = [r if len(r) == width else [*r, *([""] * (width - len(r)))] for r in data]
    if padded:
        columns = [pa.array(col, pa.string()) for col in zip(*padded, strict=True)]
    else:
        columns = [pa.array([], pa.string()) for _ in range(width)]
    numbers = np.arange(len(data), dtype=np.int64) + (index + 2)
    return build_table(header, list(columns), numbers, source)
