"""The table every reader produces: text cells by column, source row numbers, detection facts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa


@dataclass(frozen=True)
class SheetInfo:
    """One sheet of a workbook."""

    name: str
    hidden: bool = False


@dataclass
class SourceInfo:
    """What the reader detected about the file, for the user and for ``inspect --json``."""

    path: Path | None = None
    format: str = "csv"  # csv, xlsx, xlsm, xls, ods
    encoding: str | None = None  # delimited files only, e.g. "utf-8", "utf-8-sig", "cp1252"
    delimiter: str | None = None  # delimited files only
    sheets: list[SheetInfo] = field(default_factory=list)
    sheet: str | None = None
    header_row: int = 0  # 0-based index of the header row within the sheet or file
    header_detected: bool = True  # False when the user (or --header-row) chose it
    empty_rows_dropped: list[int] = field(default_factory=list)  # their spreadsheet row numbers
    empty_columns_dropped: int = 0
    warnings: list[str] = field(default_factory=list)
    # When the reader chose the sheet: the kind of each other visible sheet ("cover",
    # "summary", "empty", "smaller"), for ``reading.sheet_reason``; {} when one was asked for.
    sheet_kinds: dict[str, str] = field(default_factory=dict)


class Table:
    """Text cells of one sheet, held column-wise in Arrow (every column a string column).

    Cells are never null: an empty cell is ``""``. ``row_number(i)`` is the row number a
    person sees in Excel (1-based, counting title lines, blank rows and the header).
    """

    def __init__(
        self,
        columns: Sequence[str],
        data: pa.Table,
        row_numbers: pa.Array | Sequence[int],
        source: SourceInfo | None = None,
    ) -> None:
        if data.num_columns != len(columns):
            raise ValueError("columns and data disagree")
        self.columns: list[str] = list(columns)
        self._data = data.rename_columns([str(i) for i in range(len(columns))])
        numbers = row_numbers if isinstance(row_numbers, pa.Array) else pa.array(row_numbers)
        self._row_numbers: pa.Array = numbers.cast(pa.int64())
        if len(self._row_numbers) != data.num_rows:
            raise ValueError("row_numbers and data disagree")
        self.source = source or SourceInfo()

    @classmethod
    def from_rows(
        cls,
        columns: Sequence[str],
        rows: Iterable[Sequence[str]],
        row_numbers: Sequence[int] | None = None,
        source: SourceInfo | None = None,
    ) -> Table:
        """Build a table from Python rows (tests, small files). Short rows are padded with ""."""
        width = len(columns)
        cols: list[list[str]] = [[] for _ in range(width)]
        count = 0
        for row in rows:
            for i in range(width):
                cols[i].append(row[i] if i < len(row) else "")
            count += 1
        data = pa.table({str(i): pa.array(c, pa.string()) for i, c in enumerate(cols)})
        if width == 0:
            data = pa.table({})
        numbers = list(row_numbers) if row_numbers is not None else list(range(2, count + 2))
        return cls(columns, data, numbers, source)

    # --- size ---------------------------------------------------------------------------

    @property
    def n_rows(self) -> int:
        return int(self._data.num_rows)

    @property
    def n_cols(self) -> int:
        return len(self.columns)

    def __len__(self) -> int:
        return self.n_rows

    # --- access -------------------------------------------------------------------------

    def index_of(self, column: str) -> int:
        """Position of a header name; ValueError when absent."""
        return self.columns.index(column)

    def arrow_column(self, column: int | str) -> pa.ChunkedArray:
        """The column as Arrow strings (for the core's vectorised code)."""
        i = column if isinstance(column, int) else self.index_of(column)
        return self._data.column(i)

    def column_texts(self, column: int | str) -> list[str]:
        """The column as a Python list of str."""
        return self.arrow_column(column).to_pylist()  # type: ignore[no-any-return]

    def cell(self, row: int, column: int) -> str:
        """One cell's text (row is a 0-based data row index)."""
        value = self._data.column(column)[row].as_py()
        return "" if value is None else str(value)

    def row(self, row: int) -> list[str]:
        return [self.cell(row, c) for c in range(self.n_cols)]

    def row_number(self, row: int) -> int:
        """The spreadsheet row number (1-based, as Excel shows it) of data row ``row``."""
        return int(self._row_numbers[row].as_py())

    @property
    def row_numbers(self) -> pa.Array:
        return self._row_numbers

    def head(self, n: int = 20) -> list[list[str]]:
        """The first ``n`` data rows as lists of cell texts, in column order."""
        part = self._data.slice(0, n)
        cols = [part.column(i).to_pylist() for i in range(self.n_cols)]
        return [["" if c[r] is None else c[r] for c in cols] for r in range(part.num_rows)]

    def slice(self, start: int, stop: int) -> Table:
        length = max(0, min(stop, self.n_rows) - start)
        return Table(
            self.columns,
            self._data.slice(start, length),
            self._row_numbers.slice(start, length),
            self.source,
        )

    def take(self, indices: Sequence[int] | pa.Array) -> Table:
        idx = indices if isinstance(indices, pa.Array) else pa.array(indices, pa.int64())
        return Table(self.columns, self._data.take(idx), self._row_numbers.take(idx), self.source)

    @property
    def arrow(self) -> pa.Table:
        """The underlying Arrow table; its column names are positions ("0", "1", …)."""
        return self._data
