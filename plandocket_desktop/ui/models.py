"""Table models for the Review and Results pages: lazy views over the core's objects.

No item object per cell: a model answers ``data()`` from the ``Table`` (read a block of rows at
a time from Arrow) and from the validation result or import report, so a million rows open at
once. Filters are index arrays built inside the model; a ``QSortFilterProxyModel`` over a
million rows would call ``filterAcceptsRow`` a million times on the GUI thread.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from typing_extensions import override

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Table

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

# Tints that read on light and dark palettes alike: translucent, so the base colour shows through.
ERROR_TINT = QColor(220, 53, 69, 80)
WARNING_TINT = QColor(230, 160, 0, 80)
DUPLICATE_TINT = QColor(150, 90, 220, 70)


def _muted_text() -> QColor:
    """The palette's colour for disabled text: excluded rows look switched off in any theme."""
    return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


_none_checked = False


def guard_none_refcount() -> None:
    """Workaround for a reference-count bug of PySide6 6.12.0 on Python 3.11.

    There, every Qt method that returns nothing (``setValue``, ``setText``,
    ``processEvents``...) gives Python ``None`` without taking a reference for it, so each call
    from Python lowers None's reference count by one; after some thousand calls the process dies
    with "Fatal Python error: none_dealloc". (PySide6 6.11.3 does not do this; on Python 3.12+
    None is immortal and the bug is invisible.) Detected once with a harmless probe; when
    present, None's count is lifted far out of reach - None is a static object that is never
    freed, so the number only has to stay above zero.
    """
    global _none_checked
    if _none_checked or sys.version_info >= (3, 12):
        return
    _none_checked = True
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("")
    if before - sys.getrefcount(None) < 32:
        return  # this PySide6 counts correctly
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


class RowCache:
    """Cell texts of a ``Table``, fetched from Arrow a block of rows at a time (LRU of blocks)."""

    BLOCK = 256
    MAX_BLOCKS = 64

    def __init__(self, table: Table) -> None:
        self._table = table
        self._blocks: OrderedDict[int, tuple[list[list[Any]], list[int]]] = OrderedDict()

    def _block(self, row: int) -> tuple[list[list[Any]], list[int]]:
        key = row // self.BLOCK
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
            return block
        start = key * self.BLOCK
        part = self._table.arrow.slice(start, self.BLOCK)
        columns = [part.column(i).to_pylist() for i in range(part.num_columns)]
        numbers = self._table.row_numbers.slice(start, self.BLOCK).to_pylist()
        block = (columns, numbers)
        self._blocks[key] = block
        if len(self._blocks) > self.MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    def cell(self, row: int, column: int) -> str:
        columns, _ = self._block(row)
        value = columns[column][row % self.BLOCK]
        return "" if value is None else str(value)

    def row_number(self, row: int) -> int:
        _, numbers = self._block(row)
        return int(numbers[row % self.BLOCK])


# --- review --------------------------------------------------------------------------------


class ReviewFilter(StrEnum):
    """Which rows the review table shows."""

    ALL = "all"
    PROBLEMS = "problems"  # warnings and errors
    ERRORS = "errors"
    WARNINGS = "warnings"
    READY = "ready"
    EXCLUDED = "excluded"


FILTER_LABELS: dict[ReviewFilter, str] = {
    ReviewFilter.ALL: "All rows",
    ReviewFilter.PROBLEMS: "Rows with problems",
    ReviewFilter.ERRORS: "Rows with errors",
    ReviewFilter.WARNINGS: "Rows with warnings",
    ReviewFilter.READY: "Ready rows",
    ReviewFilter.EXCLUDED: "Rows left out",
}

_FILTER_STATUSES: dict[ReviewFilter, frozenset[str]] = {
    ReviewFilter.PROBLEMS: frozenset({"error", "warning"}),
    ReviewFilter.ERRORS: frozenset({"error"}),
    ReviewFilter.WARNINGS: frozenset({"warning"}),
    ReviewFilter.READY: frozenset({"ready"}),
    ReviewFilter.EXCLUDED: frozenset({"excluded"}),
}

SEND_COLUMN = 0
STATUS_COLUMN = 1
FIRST_SOURCE_COLUMN = 2

# Worked out once: flags() is asked for every painted cell.
_STATUS_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_SEND_FLAGS = _STATUS_FLAGS | Qt.ItemFlag.ItemIsUserCheckable
_CELL_FLAGS = _STATUS_FLAGS | Qt.ItemFlag.ItemIsEditable


def _status_codes(validation: Any, n_rows: int) -> tuple[Any, list[str]]:
    """Every row's status as a numpy array of small codes, and the names of the codes.

    The validation result keeps exactly such an array; reading it directly turns a filter over
    a million rows into one vectorised comparison. Other result objects are asked row by row.
    """
    import numpy as np

    array = getattr(validation, "_status", None)
    if isinstance(array, np.ndarray) and len(array) == n_rows:
        from plandocket_desktop.core import validation

        return array, list(validation.STATUSES)
    names: list[str] = []
    codes = np.empty(n_rows, dtype=np.uint8)
    for i in range(n_rows):
        name = validation.status(i)
        if name not in names:
            names.append(name)
        codes[i] = names.index(name)
    return codes, names


def _is_error(issue: Any) -> bool:
    return str(getattr(issue.severity, "value", issue.severity)).lower() == "error"


def _is_duplicate(issue: Any) -> bool:
    return str(issue.code).endswith("_duplicate")


class ReviewModel(QAbstractTableModel):
    """Every data row of the table with its validation status; cells editable, rows excludable.

    Column 0 is a "Send" check box (unchecked = row left out), column 1 the row's status, then
    the source columns. The vertical header shows the spreadsheet row number.

    Signals:
        counts_changed(): an edit or an exclusion changed the validation counts.
    """

    counts_changed = Signal()

    def __init__(
        self,
        table: Table,
        validation: Any,
        *,
        mapping: dict[str, str | None] | None = None,
        on_edit: Callable[[int, str, str], None] | None = None,
        on_exclude: Callable[[int, bool], None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._table = table
        self._validation = validation
        self._mapping = mapping or {}
        self._on_edit = on_edit
        self._on_exclude = on_exclude
        self._cache = RowCache(table)
        self._edited: dict[tuple[int, int], str] = {}  # (row index, column) -> text shown
        self._filter = ReviewFilter.ALL
        self._rows: Sequence[int] | None = None  # view row -> data row index; None = all
        # Issues of recently painted rows: each cell of a row asks for them when painted.
        self._issues: OrderedDict[int, list[Any]] = OrderedDict()

    # --- what it shows ------------------------------------------------------------------

    @property
    def table(self) -> Table:
        return self._table

    @property
    def validation(self) -> Any:
        return self._validation

    @property
    def current_filter(self) -> ReviewFilter:
        return self._filter

    def source_row(self, view_row: int) -> int:
        """The data row index (0-based, into the Table) shown at ``view_row``."""
        return view_row if self._rows is None else int(self._rows[view_row])

    def view_row(self, source_row: int) -> int | None:
        """Where data row ``source_row`` is shown, or None when the filter hides it."""
        if self._rows is None:
            return source_row if 0 <= source_row < self._table.n_rows else None
        import bisect

        pos = bisect.bisect_left(self._rows, source_row)
        if pos < len(self._rows) and int(self._rows[pos]) == source_row:
            return pos
        return None

    def set_filter(self, which: ReviewFilter) -> None:
        """Show only rows of one kind (an index array, computed from the validation result)."""
        self.beginResetModel()
        self._filter = which
        self._rows = None if which is ReviewFilter.ALL else self._rows_for(which)
        self.endResetModel()

    def _rows_for(self, which: ReviewFilter) -> Sequence[int]:
        import numpy as np

        wanted = _FILTER_STATUSES[which]
        codes, names = _status_codes(self._validation, self._table.n_rows)
        picked = [names.index(name) for name in wanted if name in names]
        rows: Sequence[int] = np.flatnonzero(np.isin(codes, picked))  # type: ignore[assignment]
        return rows

    def _issues_for(self, row: int) -> list[Any]:
        issues = self._issues.get(row)
        if issues is None:
            issues = list(self._validation.issues_for(row))
            self._issues[row] = issues
            if len(self._issues) > 1024:
                self._issues.popitem(last=False)
        return issues

    def refresh(self) -> None:
        """Repaint everything shown (after statuses changed elsewhere)."""
        self._issues.clear()
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    # --- Qt model interface ---------------------------------------------------------------

    @override
    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.isValid():
            return 0
        return self._table.n_rows if self._rows is None else len(self._rows)

    @override
    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._table.n_cols + FIRST_SOURCE_COLUMN

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return str(self._cache.row_number(self.source_row(section)))
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Row number as shown in Excel"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == SEND_COLUMN:
                return "Send"
            if section == STATUS_COLUMN:
                return "Status"
            return self._table.columns[section - FIRST_SOURCE_COLUMN]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == SEND_COLUMN:
                return "Untick a row to leave it out of the import."
            if section == STATUS_COLUMN:
                return "Ready, a warning to check, or an error that keeps the row from being sent."
            header = self._table.columns[section - FIRST_SOURCE_COLUMN]
            field = self._mapping.get(header)
            if field is None:
                return f"“{header}” is not imported."
            from plandocket_desktop.core import types

            try:
                label = types.get_field(field).label_en
            except KeyError:
                label = field
            return f"“{header}” goes into the PlanDocket field “{label}”."
        return None

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        column = index.column()
        if column == SEND_COLUMN:
            # A row with errors is not sent whatever the tick says: fixing it is the way.
            held = self._validation.status(self.source_row(index.row())) == "error"
            return _STATUS_FLAGS if held else _SEND_FLAGS
        return _CELL_FLAGS if column >= FIRST_SOURCE_COLUMN else _STATUS_FLAGS

    def cell_text(self, row: int, column: int) -> str:
        """The text of a source cell (0-based data row and source column), edits included."""
        edited = self._edited.get((row, column))
        return edited if edited is not None else self._cache.cell(row, column)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.source_row(index.row())
        column = index.column()
        if column == SEND_COLUMN:
            return self._send_data(row, role)
        if column == STATUS_COLUMN:
            return self._status_data(row, role)
        source_column = column - FIRST_SOURCE_COLUMN
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.cell_text(row, source_column)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            header = self._table.columns[source_column]
            issues = [i for i in self._issues_for(row) if i.column == header]
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(str(i.message) for i in issues) or None
            if not issues:
                return None
            if self._validation.status(row) == "excluded":
                return None
            if any(_is_duplicate(i) for i in issues):
                return DUPLICATE_TINT
            return ERROR_TINT if any(_is_error(i) for i in issues) else WARNING_TINT
        if role == Qt.ItemDataRole.ForegroundRole and self._validation.status(row) == "excluded":
            return _muted_text()
        return None

    def _send_data(self, row: int, role: int) -> Any:
        status = self._validation.status(row)
        if role == Qt.ItemDataRole.CheckStateRole:  # ticked: this row will be sent
            sent = status in ("ready", "warning")
            return Qt.CheckState.Checked if sent else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if status == "excluded":
                return "Left out: this row will not be sent. Tick it to send it again."
            if status == "error":
                return "This row has errors and will not be sent until they are fixed."
            return "This row will be sent. Untick it to leave it out."
        return None

    def _status_data(self, row: int, role: int) -> Any:
        status = self._validation.status(row)
        if role == Qt.ItemDataRole.DisplayRole:
            issues = self._issues_for(row)
            if status == "excluded":
                return "Left out"
            if status == "error":
                return "Duplicate" if any(_is_duplicate(i) for i in issues) else "Error"
            if status == "warning":
                return "Check"
            if status == "ready":
                return "Ready"
            if status == "ignored":
                return "Empty, ignored"
            return str(status).capitalize()
        if role == Qt.ItemDataRole.ToolTipRole:
            issues = self._issues_for(row)
            return "\n".join(f"{i.column}: {i.message}" for i in issues) or "Ready to send."
        if role == Qt.ItemDataRole.BackgroundRole:
            if status == "error":
                issues = self._issues_for(row)
                return DUPLICATE_TINT if any(_is_duplicate(i) for i in issues) else ERROR_TINT
            if status == "warning":
                return WARNING_TINT
        if role == Qt.ItemDataRole.ForegroundRole and status == "excluded":
            return _muted_text()
        return None

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = self.source_row(index.row())
        column = index.column()
        if column == SEND_COLUMN and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.set_excluded([row], not checked)
            return True
        if column >= FIRST_SOURCE_COLUMN and role == Qt.ItemDataRole.EditRole:
            self.edit_cell(row, column - FIRST_SOURCE_COLUMN, str(value))
            return True
        return False

    # --- changes --------------------------------------------------------------------------

    def edit_cell(self, row: int, column: int, text: str) -> None:
        """Change one source cell: re-validates its row (and its duplicate group)."""
        if text == self.cell_text(row, column):
            return
        header = self._table.columns[column]
        self._edited[(row, column)] = text
        self._validation.edit_cell(row, header, text)
        if self._on_edit is not None:
            self._on_edit(row, header, text)
        # Statuses of other rows may change too (duplicates): repaint all that is shown.
        self.refresh()
        self.counts_changed.emit()

    def set_excluded(self, rows: Sequence[int], excluded: bool = True) -> None:
        """Leave data rows out of the import (or take them back in)."""
        many = getattr(self._validation, "exclude_rows", None)
        if callable(many):
            many(list(rows), excluded)
        else:
            for row in rows:
                self._validation.exclude_row(row, excluded)
        if self._on_exclude is not None:
            for row in rows:
                self._on_exclude(row, excluded)
        self.refresh()
        self.counts_changed.emit()

    def apply_edits(self, edits: dict[tuple[int, int], str]) -> None:
        """Show texts edited earlier (keyed by data row index and source column)."""
        self._edited.update(edits)


# --- results -------------------------------------------------------------------------------


class OutcomeFilter(StrEnum):
    """Which rows the outcome table shows."""

    ALL = "all"
    PROBLEMS = "problems"  # failed and not sent
    FAILED = "failed"
    NOT_SENT = "not_sent"
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"


OUTCOME_FILTER_LABELS: dict[OutcomeFilter, str] = {
    OutcomeFilter.ALL: "All rows",
    OutcomeFilter.PROBLEMS: "Failed or not sent",
    OutcomeFilter.FAILED: "Failed",
    OutcomeFilter.NOT_SENT: "Not sent",
    OutcomeFilter.CREATED: "Created",
    OutcomeFilter.UPDATED: "Updated",
    OutcomeFilter.SKIPPED: "Skipped",
}

OUTCOME_LABELS: dict[str, str] = {
    "created": "Created",
    "updated": "Updated",
    "skipped": "Skipped",
    "failed": "Failed",
    "not_sent": "Not sent",
    "sent": "Sent",
    "ignored": "Empty, ignored",
}

_OUTCOME_TINTS: dict[str, QColor] = {
    "failed": ERROR_TINT,
    "not_sent": WARNING_TINT,
}


def outcome_value(outcome: Any) -> str:
    """``Outcome.CREATED`` or ``"created"`` -> ``"created"``."""
    return str(getattr(outcome, "value", outcome))


def outcome_rows(report: Any, which: OutcomeFilter) -> list[int]:
    """Indices of the data rows with these outcomes (identity checks: fast for 1M rows)."""
    from plandocket_desktop.core.types import Outcome

    outcomes = report.outcomes
    if which is OutcomeFilter.PROBLEMS:
        failed, not_sent = Outcome.FAILED, Outcome.NOT_SENT
        return [i for i, o in enumerate(outcomes) if o is failed or o is not_sent]
    wanted = Outcome(which.value)
    return [i for i, o in enumerate(outcomes) if o is wanted]


@dataclass
class OutcomeFacts:
    """What the Results page needs from a report, computed once off the GUI thread."""

    report: Any
    counts: dict[str, int]
    problem_rows: list[int]
    retryable: int  # rows "Retry failed rows" would send again

    @property
    def can_retry(self) -> bool:
        return self.retryable > 0


def outcome_facts(report: Any) -> OutcomeFacts:
    """Counts, problem rows and how many of them "Retry failed rows" would send."""
    counts = report.counts()
    problems = outcome_rows(report, OutcomeFilter.PROBLEMS)
    retryable = len(report.retry_indices()) if problems else 0
    return OutcomeFacts(report, counts, problems, retryable)


class OutcomeModel(QAbstractTableModel):
    """One row per data row of an import: row number, outcome, message, then the source cells.

    Reads the ``core.job.ImportReport`` (``outcomes[i]`` and ``message(i)`` of data row ``i``)
    and the ``Table`` lazily; the filter is an index array.
    """

    FIXED = ("Row", "Outcome", "Message")

    def __init__(self, report: Any, table: Table | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._report = report
        self._table = table
        self._cache = RowCache(table) if table is not None else None
        self._filter = OutcomeFilter.ALL
        self._rows: list[int] | None = None

    @property
    def current_filter(self) -> OutcomeFilter:
        return self._filter

    def set_filter(self, which: OutcomeFilter, rows: list[int] | None = None) -> None:
        """Show rows of one outcome; ``rows`` may bring the index array precomputed."""
        self.beginResetModel()
        self._filter = which
        if which is OutcomeFilter.ALL:
            self._rows = None
        elif rows is not None:
            self._rows = rows
        else:
            self._rows = outcome_rows(self._report, which)
        self.endResetModel()

    def source_row(self, view_row: int) -> int:
        return view_row if self._rows is None else self._rows[view_row]

    def outcome(self, view_row: int) -> str:
        return outcome_value(self._report.outcomes[self.source_row(view_row)])

    @override
    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.isValid():
            return 0
        return len(self._report.outcomes) if self._rows is None else len(self._rows)

    @override
    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.isValid():
            return 0
        return len(self.FIXED) + (self._table.n_cols if self._table is not None else 0)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section < len(self.FIXED):
            return self.FIXED[section]
        assert self._table is not None
        return self._table.columns[section - len(self.FIXED)]

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.source_row(index.row())
        column = index.column()
        value = outcome_value(self._report.outcomes[row])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(self._cache.row_number(row) if self._cache else row + 1)
            if column == 1:
                return OUTCOME_LABELS.get(value, value)
            if column == 2:
                return str(self._report.message(row) or "")
            if self._cache is None:
                return ""
            return self._cache.cell(row, column - len(self.FIXED))
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return str(self._report.message(row) or "") or None
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return _OUTCOME_TINTS.get(value)
        return None
