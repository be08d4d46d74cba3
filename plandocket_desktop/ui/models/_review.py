"""The Review table: every data row with its validation status; cells editable, rows excludable."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, Signal
from typing_extensions import override

from plandocket_desktop.core.types import RowStatus
from plandocket_desktop.i18n import _
from plandocket_desktop.ui.models._preview_text import preview_data, preview_header
from plandocket_desktop.ui.models._review_filters import (
    FILTER_STATUSES,
    STATUS_LABELS,
    ReviewFilter,
)
from plandocket_desktop.ui.models._rows import (
    DUPLICATE_TINT,
    ERROR_TINT,
    ROOT,
    WARNING_TINT,
    AnyIndex,
    RowCache,
    muted_text,
    problem_icon,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from plandocket_desktop.core.preview import Preview
    from plandocket_desktop.core.types import Table
    from plandocket_desktop.core.validation import Issue, Step, ValidationResult


# The roles a source cell answers from its problems: tint, icon, and the messages in words.
_PROBLEM_ROLES = (
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
)

SEND_COLUMN = 0
STATUS_COLUMN = 1
FIRST_SOURCE_COLUMN = 2

# Worked out once: flags() is asked for every painted cell.
_STATUS_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_SEND_FLAGS = _STATUS_FLAGS | Qt.ItemFlag.ItemIsUserCheckable
_CELL_FLAGS = _STATUS_FLAGS | Qt.ItemFlag.ItemIsEditable


def _status_codes(validation: ValidationResult) -> tuple[npt.NDArray[np.uint8], list[str]]:
    """Every row's status as a numpy array of small codes, and the names of the codes.

    Reading the result's own array turns a filter over a million rows into one vectorised
    comparison.
    """
    from plandocket_desktop.core import validation as core_validation

    return validation.status_array, list(core_validation.STATUSES)


def _is_error(issue: Issue) -> bool:
    return issue.severity == "error"


def _is_duplicate(issue: Issue) -> bool:
    return str(issue.code).endswith("_duplicate")


class ReviewModel(QAbstractTableModel):
    """Every data row of the table with its validation status; cells editable, rows excludable.

    Column 0 is a "Send" check box (unchecked = row left out), column 1 the row's status, then
    the source columns. The vertical header shows the spreadsheet row number.

    ``on_edit(row, header, text)`` hears every change of a cell (``text`` None: the edit was
    undone, the file's text is back); ``on_exclude(row, excluded)`` every row left out or taken
    back in. Edits and exclusions are undoable (``undo``/``redo``, one step per call).

    Signals:
        counts_changed(): an edit, an exclusion, an undo or a redo changed the validation.
    """

    counts_changed = Signal()

    def __init__(
        self,
        table: Table,
        validation: ValidationResult,
        *,
        mapping: dict[str, str | None] | None = None,
        on_edit: Callable[[int, str, str | None], None] | None = None,
        on_exclude: Callable[[int, bool], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._table = table
        self._validation = validation
        self._mapping = mapping or {}
        self._on_edit = on_edit
        self._on_exclude = on_exclude
        from plandocket_desktop.core import validation as core_validation

        # Undo and redo: kept in the core, which re-validates every step.
        self._history = core_validation.EditHistory(validation)
        self._cache = RowCache(table)
        self._edited: dict[tuple[int, int], str] = {}  # (row index, column) -> text shown
        self._filter = ReviewFilter.ALL
        self._rows: Sequence[int] | None = None  # view row -> data row index; None = all
        # Issues of recently painted rows: each cell of a row asks for them when painted.
        self._issues: OrderedDict[int, list[Issue]] = OrderedDict()
        # The check against PlanDocket: two more columns at the end while there is one.
        self._preview: Preview | None = None
        self._preview_codes: npt.NDArray[np.uint8] | None = None
        self._action: int | None = None  # position in preview.ACTIONS shown alone; None = all
        self._read_only = False

    # --- what it shows ------------------------------------------------------------------

    @property
    def table(self) -> Table:
        return self._table

    @property
    def validation(self) -> ValidationResult:
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
        self._rows = self._shown_rows()
        self.endResetModel()

    def _shown_rows(self) -> Sequence[int] | None:
        """The rows both filters let through (sorted index arrays); None: every row."""
        import numpy as np

        rows = None if self._filter is ReviewFilter.ALL else self._rows_for(self._filter)
        if self._action is None or self._preview_codes is None:
            return rows
        picked = np.flatnonzero(self._preview_codes == self._action)
        if rows is not None:
            picked = np.intersect1d(picked, np.asarray(rows), assume_unique=True)
        shown: Sequence[int] = picked  # type: ignore[assignment]
        return shown

    # --- the check against PlanDocket -------------------------------------------------------

    @property
    def preview(self) -> Preview | None:
        return self._preview

    @property
    def action_column(self) -> int | None:
        """The column of the predicted action (the next one: what changes); None without."""
        return self._table.n_cols + FIRST_SOURCE_COLUMN if self._preview is not None else None

    def set_preview(self, preview: Preview | None, codes: npt.NDArray[np.uint8] | None) -> None:
        """Show a prediction (``codes``: ``preview.action_codes(n_rows)``), or none."""
        first = self._table.n_cols + FIRST_SOURCE_COLUMN
        if self._preview is None and preview is not None:
            self.beginInsertColumns(ROOT, first, first + 1)
            self._preview, self._preview_codes = preview, codes
            self.endInsertColumns()
        elif self._preview is not None and preview is None:
            self.beginRemoveColumns(ROOT, first, first + 1)
            self._preview, self._preview_codes = None, None
            self.endRemoveColumns()
        else:
            self._preview, self._preview_codes = preview, codes
        if self._action is not None:
            self.set_action_filter(self._action if preview is not None else None)
        else:
            self.refresh()

    def set_action_filter(self, action: int | None) -> None:
        """Show only rows with one predicted action (a position in ``preview.ACTIONS``)."""
        self.beginResetModel()
        self._action = action
        self._rows = self._shown_rows()
        self.endResetModel()

    def set_read_only(self, read_only: bool) -> None:
        """No edits and no exclusions (while the check against PlanDocket reads the rows)."""
        self._read_only = read_only

    def _rows_for(self, which: ReviewFilter) -> Sequence[int]:
        import numpy as np

        wanted = FILTER_STATUSES[which]
        codes, names = _status_codes(self._validation)
        picked = [names.index(name) for name in wanted if name in names]
        rows: Sequence[int] = np.flatnonzero(np.isin(codes, picked))  # type: ignore[assignment]
        return rows

    def problems(self, row: int) -> list[str]:
        """What is wrong with data row ``row``, one "column: message" line per issue."""
        return [
            _("{column}: {message}").format(column=i.column, message=i.message)
            for i in self._issues_for(row)
        ]

    def _issues_for(self, row: int) -> list[Issue]:
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
    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid():
            return 0
        return self._table.n_rows if self._rows is None else len(self._rows)

    @override
    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid():
            return 0
        extra = 2 if self._preview is not None else 0
        return self._table.n_cols + FIRST_SOURCE_COLUMN + extra

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return str(self._cache.row_number(self.source_row(section)))
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Row number as shown in Excel")
            return None
        if section >= self._table.n_cols + FIRST_SOURCE_COLUMN:
            return preview_header(section - self._table.n_cols - FIRST_SOURCE_COLUMN, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == SEND_COLUMN:
                return _("Send")
            if section == STATUS_COLUMN:
                return _("Status")
            return self._table.columns[section - FIRST_SOURCE_COLUMN]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == SEND_COLUMN:
                return _("Untick a row to leave it out of the import.")
            if section == STATUS_COLUMN:
                return _(
                    "Ready, a warning to check, or an error that keeps the row from being sent."
                )
            header = self._table.columns[section - FIRST_SOURCE_COLUMN]
            field = self._mapping.get(header)
            if field is None:
                return _("“{header}” is not imported.").format(header=header)
            from plandocket_desktop.core import types

            try:
                label = types.get_field(field).label_en
            except KeyError:
                label = field
            return _("“{header}” goes into the PlanDocket field “{label}”.").format(
                header=header, label=label
            )
        return None

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        column = index.column()
        if self._read_only or column >= self._table.n_cols + FIRST_SOURCE_COLUMN:
            return _STATUS_FLAGS
        if column == SEND_COLUMN:
            # A row with errors is not sent whatever the tick says: fixing it is the way.
            held = self._validation.status(self.source_row(index.row())) == RowStatus.ERROR
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
        if source_column >= self._table.n_cols:
            found = self._preview.row_at(row) if self._preview is not None else None
            return preview_data(found, source_column - self._table.n_cols, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.cell_text(row, source_column)
        if role in _PROBLEM_ROLES:
            header = self._table.columns[source_column]
            issues = [i for i in self._issues_for(row) if i.column == header]
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
                return "\n".join(str(i.message) for i in issues) or None
            if not issues:
                return None
            if self._validation.status(row) == RowStatus.EXCLUDED:
                return None
            if role == Qt.ItemDataRole.DecorationRole:  # colour is never the only sign
                return problem_icon(error=any(_is_error(i) for i in issues))
            if any(_is_duplicate(i) for i in issues):
                return DUPLICATE_TINT
            return ERROR_TINT if any(_is_error(i) for i in issues) else WARNING_TINT
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and self._validation.status(row) == RowStatus.EXCLUDED
        ):
            return muted_text()
        return None

    def _send_data(self, row: int, role: int) -> Any:
        status = self._validation.status(row)
        if role == Qt.ItemDataRole.CheckStateRole:  # ticked: this row will be sent
            sent = RowStatus(status).sendable
            return Qt.CheckState.Checked if sent else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if status == RowStatus.EXCLUDED:
                return _("Left out: this row will not be sent. Tick it to send it again.")
            if status == RowStatus.ERROR:
                return _("This row has errors and will not be sent until they are fixed.")
            return _("This row will be sent. Untick it to leave it out.")
        return None

    def _status_data(self, row: int, role: int) -> Any:
        status = self._validation.status(row)
        if role == Qt.ItemDataRole.DisplayRole:
            issues = self._issues_for(row)
            if status == RowStatus.ERROR and any(_is_duplicate(i) for i in issues):
                return _("Duplicate")
            return _(STATUS_LABELS[RowStatus(status)])
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(self.problems(row)) or _("Ready to send.")
        if role == Qt.ItemDataRole.BackgroundRole:
            if status == RowStatus.ERROR:
                issues = self._issues_for(row)
                return DUPLICATE_TINT if any(_is_duplicate(i) for i in issues) else ERROR_TINT
            if status == RowStatus.WARNING:
                return WARNING_TINT
        if role == Qt.ItemDataRole.ForegroundRole and status == RowStatus.EXCLUDED:
            return muted_text()
        return None

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._read_only:
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
        self.edit_cells([(row, column, text)])

    def edit_cells(self, changes: Sequence[tuple[int, int, str]]) -> None:
        """Change many (row, column, text) as one undo step, repainting once."""
        columns = self._table.columns
        self._show(self._history.edit_cells([(r, columns[c], t) for r, c, t in changes]))

    def set_excluded(self, rows: Sequence[int], excluded: bool = True) -> None:
        """Leave data rows out of the import (or take them back in), as one undo step."""
        if self._read_only:
            return
        self._show(self._history.exclude_rows(list(rows), excluded))

    @property
    def can_undo(self) -> bool:
        return not self._read_only and self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return not self._read_only and self._history.can_redo

    def undo(self) -> bool:
        """Take the last edit or exclusion back; False when there was none."""
        return not self._read_only and self._show(self._history.undo())

    def redo(self) -> bool:
        """Make the last undone edit or exclusion again; False when there was none."""
        return not self._read_only and self._show(self._history.redo())

    def _show(self, step: Step | None) -> bool:
        """Show what a step changed (the core re-validated it) and tell the page."""
        if not step:
            return False
        columns = self._table.columns
        for cell in step.cells:
            key = (cell.row, columns.index(cell.header))
            if cell.after is None:
                self._edited.pop(key, None)
            else:
                self._edited[key] = cell.after
            if self._on_edit is not None:
                self._on_edit(cell.row, cell.header, cell.after)
        if self._on_exclude is not None:
            for change in step.rows:
                self._on_exclude(change.row, change.after)
        # Statuses of other rows may change too (duplicates): repaint all that is shown.
        self.refresh()
        self.counts_changed.emit()
        return True

    def apply_edits(self, edits: dict[tuple[int, int], str]) -> None:
        """Show texts edited earlier (keyed by data row index and source column)."""
        self._edited.update(edits)
