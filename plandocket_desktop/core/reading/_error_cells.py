"""Excel error values (``#N/A``, ``#REF!`` …) of an .xlsx sheet, read as the text Excel shows.

The reading engines give a cell of error type as empty, so a column filled by a failed
VLOOKUP would look like missing values (and a sheet of only error cells like no data).
fastexcel reports such cells beside the data it reads (``from_fastexcel``, any format); for
the calamine engine the .xlsx sheet's XML is scanned in chunks for cells with ``t="e"``
(``error_cells``). Validation then reports them (``excel_error_value``).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core.reading import _cells as reading_cells

# sheet column (0-based) -> [(sheet row (0-based), error text)]
ErrorCells = dict[int, list[tuple[int, str]]]

# calamine's names of Excel's error values (as fastexcel reports a cell it could not read).
_CALAMINE_ERRORS = {
    "NA": "#N/A",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "Div0": "#DIV/0!",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "GettingData": "#GETTING_DATA",
}
_CALAMINE_ERROR = re.compile(r"Error\((\w+)\)")

_ERROR_CELL = re.compile(rb'<c\s[^>]*?\bt="e"[^>]*>(.*?)</c>', re.DOTALL)
_REF = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})([0-9]+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def error_cells(path: Path, sheet: str) -> ErrorCells:
    """The error cells of the named .xlsx sheet; {} when none or the file cannot tell."""
    cells: ErrorCells = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = reading_cells._sheet_part(archive, sheet)
            if part is None:
                return {}
            with archive.open(part) as stream:
                carry = b""
                while chunk := stream.read(reading_cells.SCAN_CHUNK_BYTES):
                    text = carry + chunk
                    cut = text.rfind(b"<c ")  # a cell may go on in the next chunk
                    body, carry = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                    _collect(body, cells)
                _collect(carry, cells)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return {}
    return cells


def from_fastexcel(errors: object, first_column: int) -> ErrorCells:
    """The error cells among fastexcel's ``CellErrors`` (other conversion errors ignored)."""
    cells: ErrorCells = {}
    for error in getattr(errors, "errors", ()):
        found = _CALAMINE_ERROR.search(str(getattr(error, "detail", "")))
        text = _CALAMINE_ERRORS.get(found.group(1)) if found else None
        if text is None:
            continue
        row, column = error.position
        cells.setdefault(first_column + int(column), []).append((int(row), text))
    return cells


def _collect(xml: bytes, cells: ErrorCells) -> None:
    if b't="e"' not in xml:
        return
    for match in _ERROR_CELL.finditer(xml):
        ref = _REF.match(match.group(0))
        value = _VALUE.search(match.group(1))
        if ref is None or value is None:
            continue
        column = reading_cells._column_index(ref.group(1))
        row = int(ref.group(2)) - 1
        cells.setdefault(column, []).append((row, value.group(1).decode("utf-8", "replace")))


def apply(
    columns: list[pa.Array | pa.ChunkedArray], first_column: int, cells: ErrorCells
) -> list[pa.Array | pa.ChunkedArray]:
    """The grid's text columns with the error cells filled in (grown where they lie beyond)."""
    if not cells:
        return columns
    rows = max(len(columns[0]) if columns else 0, *(r + 1 for v in cells.values() for r, _ in v))
    first = min(first_column, *cells) if columns else min(cells)
    last = max(first_column + len(columns) - 1, *cells)
    out: list[pa.Array | pa.ChunkedArray] = []
    for sheet_column in range(first, last + 1):
        index = sheet_column - first_column
        inside = 0 <= index < len(columns)
        column = columns[index] if inside else pa.array([""] * rows, pa.string())
        if len(column) < rows:
            column = pa.concat_arrays(
                [pa.array(column.to_pylist(), pa.string()), pa.array([""] * (rows - len(column)))]
            )
        found = cells.get(sheet_column)
        if found:
            if isinstance(column, pa.ChunkedArray):
                column = column.combine_chunks()
            where = np.array([r for r, _ in found], dtype=np.int64)
            mask = np.zeros(rows, dtype=bool)
            mask[where] = True
            texts = pa.array([t for _, t in sorted(found)], pa.string())
            column = pc.replace_with_mask(column, pa.array(mask), texts)
        out.append(column)
    return out
