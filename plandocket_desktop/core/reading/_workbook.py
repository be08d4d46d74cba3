"""Workbooks (.xlsx .xlsm .xls .ods): one sheet as text cells, the way Excel shows them.

fastexcel (calamine in Rust, straight to Arrow) reads the sheet when it is installed; the
python-calamine engine does the same job more slowly otherwise. python-calamine also lists the
sheets. Zip-based workbooks are checked first: a zip bomb or an XML document type declaration
(entity expansion) is refused, so a hostile file costs bounded time and memory.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine

from plandocket_desktop.core._table import SheetInfo, SourceInfo, Table
from plandocket_desktop.core.reading import _cells as reading_cells
from plandocket_desktop.core.reading import _error_cells as error_cells
from plandocket_desktop.core.reading import _messages as messages
from plandocket_desktop.core.reading import _shape as reading_shape
from plandocket_desktop.core.reading import _sheets as sheets
from plandocket_desktop.core.reading import _zipguard as reading_zipguard
from plandocket_desktop.core.reading._native import engine_failure, quiet

fastexcel: Any
try:
    fastexcel = importlib.import_module("fastexcel")
except ImportError:  # pragma: no cover - a dependency; reading still works without it
    fastexcel = None

ENGINE = "fastexcel" if fastexcel is not None else "calamine"  # tests switch it

# Hostile zip limits: legitimate sheets compress about 5-20x.
MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
MAX_RATIO = 200
RATIO_CHECK_FROM_BYTES = 50 * 1024**2


# Engines pick a reader by the file's extension; a file named for another format (an .ods
# called .xls) is handed over as bytes, which they recognise by content.
_EXTENSIONS = {
    "xlsx": (".xlsx", ".xlsm"),
    "xlsm": (".xlsx", ".xlsm"),
    "xlsb": (".xlsb",),
    "xls": (".xls",),
    "ods": (".ods",),
}


def _engine_source(path: Path, fmt: str) -> str | bytes:
    if path.suffix.lower() in _EXTENSIONS.get(fmt, ()):
        return str(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise messages.damaged(path) from exc


# --- safety checks ------------------------------------------------------------------------


def check_zip(path: Path) -> None:
    """Refuse zip bombs (by real, not declared, sizes), overlapping parts, XML with a document
    type declaration and sheets spanning too many cells, before calamine opens the file."""
    limits = reading_zipguard.Limits(MAX_UNCOMPRESSED_BYTES, MAX_RATIO, RATIO_CHECK_FROM_BYTES)
    reading_zipguard.check(path, limits)


# --- one sheet as columns of text ---------------------------------------------------------


@dataclass
class Grid:
    """A whole sheet from row 1: text columns (no nulls), and the sheet column of the first."""

    columns: list[pa.Array | pa.ChunkedArray]
    first_column: int  # 0-based sheet column of columns[0]

    @property
    def n_rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def filled(self) -> tuple[int, int]:
        """How many rows and how many columns hold at least one non-blank cell."""
        if not self.columns or not self.n_rows:
            return 0, 0
        masks = [pc.invert(reading_shape.empty_mask(c)) for c in self.columns]
        filled_columns = sum(1 for m in masks if pc.any(m).as_py())
        any_row = masks[0]
        for m in masks[1:]:
            any_row = pc.or_(any_row, m)
        return int(pc.sum(any_row).as_py() or 0), filled_columns

    def head(self, n: int) -> list[list[str]]:
        cols = [c.slice(0, n).to_pylist() for c in self.columns]
        return [list(r) for r in zip(*cols, strict=True)]


def _fix_fastexcel_column(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """fastexcel's text for booleans, dates and times, made the same as calamine's."""
    if column.null_count:
        column = pc.fill_null(column, "")
    if pc.any(pc.is_in(column, value_set=pa.array(["true", "false"]))).as_py():
        # Excel turns typed "true" into a boolean, so such text cells are booleans.
        column = pc.if_else(
            pc.equal(column, "true"),
            "TRUE",
            pc.if_else(pc.equal(column, "false"), "FALSE", column),
        )
    if pc.any(pc.ends_with(column, " 00:00:00")).as_py():
        column = pc.replace_substring_regex(
            column, r"^(\d{4}-\d\d-\d\d) 00:00:00$", r"\1"
        )  # a date
    if pc.any(pc.starts_with(column, "1899-12-31 ")).as_py():
        column = pc.replace_substring_regex(
            column, r"^1899-12-31 (\d\d:\d\d:\d\d(?:\.\d+)?)$", r"\1"
        )  # a time of day
    return column


def _apply_padding(grid: Grid, cells: reading_cells.PaddedCells) -> None:
    """Show numbers formatted as 00000 with their zeros: 1067 -> 01067."""
    for sheet_column, by_digits in cells.items():
        index = sheet_column - grid.first_column
        if not 0 <= index < len(grid.columns):
            continue
        column = grid.columns[index]
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        for digits, rows in by_digits.items():
            where = np.unique(np.asarray(rows, dtype=np.int64))
            where = where[where < len(column)]
            if not len(where):
                continue
            values = pc.take(column, pa.array(where))
            # Whole non-negative numbers in one vectorised step, anything else one by one.
            whole = pc.match_substring_regex(values, r"^[0-9]+$")
            shown = pc.if_else(whole, pc.utf8_lpad(values, width=digits, padding="0"), values)
            if not pc.all(whole).as_py():
                texts = shown.to_pylist()
                for i, text in enumerate(texts):
                    if not whole[i].as_py() and reading_cells.is_number_text(text):
                        texts[i] = reading_cells.padded(float(text), digits)
                shown = pa.array(texts, pa.string())
            mask = np.zeros(len(column), dtype=bool)
            mask[where] = True
            column = pc.replace_with_mask(column, pa.array(mask), shown)
        grid.columns[index] = column


def _grid_fastexcel(path: Path, fmt: str, name: str) -> Grid:
    assert fastexcel is not None
    try:
        with quiet():
            sheet = fastexcel.read_excel(_engine_source(path, fmt)).load_sheet(
                name, header_row=None, skip_rows=0, dtypes="string"
            )
            batch, cell_errors = sheet.to_arrow_with_errors()
            infos = sheet.available_columns()
    except BaseException as exc:  # fastexcel raises its own types (and panics) for damage
        if not engine_failure(exc):
            raise
        raise messages.damaged_sheet(path, name) from exc
    first = int(infos[0].absolute_index) if infos else 0
    columns = [_fix_fastexcel_column(batch.column(i)) for i in range(batch.num_columns)]
    errors = error_cells.from_fastexcel(cell_errors, first)
    if errors:  # Excel error values (#N/A) would otherwise read as empty
        columns = error_cells.apply(columns, first, errors)
        first = min(first, *errors)
    return Grid(columns, first)


def _grid_calamine(path: Path, fmt: str, name: str) -> tuple[Grid, list[list[Any]]]:
    workbook = _open(path, fmt)
    try:
        with quiet():
            sheet = workbook.get_sheet_by_name(name)
            raw: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    except python_calamine.PasswordError as exc:
        raise messages.encrypted(path) from exc
    except BaseException as exc:
        if not engine_failure(exc):
            raise
        raise messages.damaged_sheet(path, name) from exc
    finally:
        workbook.close()
    text = reading_cells.cell_text
    rows = [[v if type(v) is str else text(v) for v in row] for row in raw]
    width = max((len(r) for r in rows), default=0)
    rows = [r if len(r) == width else [*r, *([""] * (width - len(r)))] for r in rows]
    columns: list[pa.Array | pa.ChunkedArray] = [
        pa.array(col, pa.string()) for col in zip(*rows, strict=True)
    ]
    return Grid(columns, 0), raw


def load_grid(path: Path, fmt: str, name: str) -> Grid:
    """The named sheet as text columns, zero-padding formats applied (xlsx, xls, ods)."""
    raw: list[list[Any]] | None = None
    if fmt in ("xlsx", "xlsm"):
        # The sheet XML is scanned for zero-padded cells on a second thread while the engine
        # reads the sheet (fastexcel lets go of the GIL for most of it; zlib does too).
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as executor:
            scan = executor.submit(reading_cells.zero_padded_cells, path, name)
            if ENGINE == "fastexcel":
                grid = _grid_fastexcel(path, fmt, name)
            else:
                grid, raw = _grid_calamine(path, fmt, name)
            cells = scan.result()
    else:
        if ENGINE == "fastexcel":
            grid = _grid_fastexcel(path, fmt, name)
        else:
            grid, raw = _grid_calamine(path, fmt, name)
        if fmt == "ods":
            cells = reading_cells.ods_zero_padded_cells(path, name)
        elif fmt == "xls":
            cells = reading_cells.xls_zero_padded_cells(path, name)
        else:
            cells = {}
    if raw is not None:  # calamine says which cells really hold numbers
        kinds = (int, float)
        for column, by_digits in cells.items():
            for digits, rows in by_digits.items():
                by_digits[digits] = [
                    r
                    for r in rows
                    if r < len(raw) and column < len(raw[r]) and type(raw[r][column]) in kinds
                ]
    if cells:
        _apply_padding(grid, cells)
    if raw is not None and fmt in ("xlsx", "xlsm"):  # calamine reads #N/A as empty
        errors = error_cells.error_cells(path, name)
        if errors:
            first = min(grid.first_column, *errors) if grid.columns else min(errors)
            grid.columns = error_cells.apply(grid.columns, grid.first_column, errors)
            grid.first_column = first
    return grid


# --- workbooks ----------------------------------------------------------------------------


def _open(path: Path, fmt: str) -> python_calamine.CalamineWorkbook:
    source = _engine_source(path, fmt)
    try:
        with quiet():
            if isinstance(source, bytes):
                return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
            return python_calamine.CalamineWorkbook.from_path(source)
    except python_calamine.PasswordError as exc:
        raise messages.encrypted(path) from exc
    except BaseException as exc:  # calamine raises several unrelated types, and panics
        if not engine_failure(exc):
            raise
        raise messages.damaged(path) from exc


def sheets_of(workbook: python_calamine.CalamineWorkbook, path: Path) -> list[SheetInfo]:
    try:
        with quiet():
            metadata = list(workbook.sheets_metadata)
    except BaseException as exc:
        if not engine_failure(exc):
            raise
        raise messages.damaged(path) from exc
    infos = []
    for meta in metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
        infos.append(SheetInfo(name=meta.name, hidden=hidden))
    return infos


def list_sheets(path: Path, fmt: str) -> list[SheetInfo]:
    workbook = _open(path, fmt)
    try:
        return sheets_of(workbook, path)
    finally:
        workbook.close()


def _choose_sheet(
    path: Path, fmt: str, infos: Sequence[SheetInfo], wanted: str | None
) -> tuple[str, Grid, dict[str, str]]:
    """The sheet asked for, else the visible sheet that looks most like a list of people
    (``_sheets``), with the kinds of the other sheets (empty when one was asked for)."""
    names = [info.name for info in infos]
    if not names:
        raise messages.no_sheets(path)
    if wanted is not None:
        folded = {n.casefold(): n for n in names}
        name = wanted if wanted in names else folded.get(wanted.casefold())
        if name is None:
            raise messages.no_such_sheet(path, wanted, names)
        return name, load_grid(path, fmt, name), {}
    visible = [info.name for info in infos if not info.hidden] or names
    chosen = sheets.choose(visible, lambda name: load_grid(path, fmt, name))
    if chosen is None:
        raise messages.no_data(path)
    name, grid, kinds = chosen
    return name, grid, kinds if len(visible) > 1 else {}


def read_workbook(path: Path, fmt: str, *, sheet: str | None, header_row: int | None) -> Table:
    """Read one sheet of a workbook (``fmt`` is xlsx, xlsm, xlsb, xls or ods)."""
    workbook = _open(path, fmt)
    try:
        infos = sheets_of(workbook, path)
    finally:
        workbook.close()
    name, grid, kinds = _choose_sheet(path, fmt, infos, sheet)
    source = SourceInfo(path=path, format=fmt, sheets=infos, sheet=name, sheet_kinds=kinds)
    if grid.filled()[0] == 0:
        raise messages.empty_sheet(path, name)
    if header_row is not None and header_row >= grid.n_rows:
        raise messages.header_beyond_end(grid.n_rows, header_row, name)
    if header_row is None:
        index = reading_shape.detect_header(grid.head(reading_shape.HEADER_SCAN_ROWS))
        source.header_detected = True
    else:
        index = header_row
        source.header_detected = False
    source.header_row = index
    header = [c[index].as_py() for c in grid.columns]
    columns = [c.slice(index + 1) for c in grid.columns]
    numbers = np.arange(grid.n_rows - index - 1, dtype=np.int64) + (index + 2)
    table = reading_shape.build_table(
        header, columns, numbers, source, first_column=grid.first_column + 1
    )
    source.empty_columns_dropped += grid.first_column  # empty columns left of the table
    return table
