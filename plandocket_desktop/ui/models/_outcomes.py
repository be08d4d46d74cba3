"""The Results table: one row per data row of an import with its outcome and message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt
from PySide6.QtGui import QColor
from typing_extensions import override

from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui.models._rows import ERROR_TINT, ROOT, WARNING_TINT, AnyIndex, RowCache

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import ImportReport
    from plandocket_desktop.core.types import Counts, JobStatus, Table


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
    OutcomeFilter.ALL: N_("All rows"),
    OutcomeFilter.PROBLEMS: N_("Failed or not sent"),
    OutcomeFilter.FAILED: N_("Failed"),
    OutcomeFilter.NOT_SENT: N_("Not sent"),
    OutcomeFilter.CREATED: N_("Created"),
    OutcomeFilter.UPDATED: N_("Updated"),
    OutcomeFilter.SKIPPED: N_("Skipped"),
}

OUTCOME_LABELS: dict[str, str] = {
    "created": N_("Created"),
    "updated": N_("Updated"),
    "skipped": N_("Skipped"),
    "failed": N_("Failed"),
    "not_sent": N_("Not sent"),
    "sent": N_("Sent"),
    "ignored": N_("Empty, ignored"),
}

# The fixed columns of the outcome table, by kind (translated where shown).
_FIXED_LABELS: dict[str, str] = {
    "row": N_("Row"),
    "outcome": N_("Outcome"),
    "event": N_("Event"),
    "message": N_("Message"),
}

_OUTCOME_TINTS: dict[str, QColor] = {
    "failed": ERROR_TINT,
    "not_sent": WARNING_TINT,
}


def outcome_value(outcome: Any) -> str:
    """``Outcome.CREATED`` or ``"created"`` -> ``"created"``."""
    return str(getattr(outcome, "value", outcome))


def outcome_rows(report: ImportReport, which: OutcomeFilter) -> list[int]:
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

    report: ImportReport
    counts: Counts
    problem_rows: list[int]
    retryable: int  # rows "Retry failed rows" would send again
    status: JobStatus  # ``report.status``, which counts every row again

    @property
    def can_retry(self) -> bool:
        return self.retryable > 0


def outcome_facts(report: ImportReport) -> OutcomeFacts:
    """Counts, status, problem rows and how many of them "Retry failed rows" would send."""
    counts = report.counts()
    problems = outcome_rows(report, OutcomeFilter.PROBLEMS)
    retryable = len(report.retry_indices()) if problems else 0
    return OutcomeFacts(report, counts, problems, retryable, report.status)


class OutcomeModel(QAbstractTableModel):
    """One row per data row of an import: row number, outcome, the event (when each row's
    event came from a column of the file), message, then the source cells.

    Reads the ``core.job.ImportReport`` (``outcomes[i]``, ``message(i)`` and ``event_name(i)``
    of data row ``i``) and the ``Table`` lazily; the filter is an index array.
    """

    FIXED = (N_("Row"), N_("Outcome"), N_("Message"))

    def __init__(
        self, report: ImportReport, table: Table | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._report = report
        self._table = table
        self._cache = RowCache(table) if table is not None else None
        self._filter = OutcomeFilter.ALL
        self._rows: list[int] | None = None
        # Which fixed column is which: the event only when rows went by an event column.
        self.fixed_columns: tuple[str, ...] = (
            ("row", "outcome", "event", "message")
            if report.by_event_column
            else ("row", "outcome", "message")
        )

    def column_of(self, kind: str) -> int:
        """The position of a fixed column (``row``, ``outcome``, ``event``, ``message``)."""
        return self.fixed_columns.index(kind)

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
    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid():
            return 0
        return len(self._report.outcomes) if self._rows is None else len(self._rows)

    @override
    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid():
            return 0
        extra = self._table.n_cols if self._table is not None else 0
        return len(self.fixed_columns) + extra

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section < len(self.fixed_columns):
            return _(_FIXED_LABELS[self.fixed_columns[section]])
        assert self._table is not None
        return self._table.columns[section - len(self.fixed_columns)]

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.source_row(index.row())
        column = index.column()
        kind = self.fixed_columns[column] if column < len(self.fixed_columns) else None
        value = outcome_value(self._report.outcomes[row])
        if role == Qt.ItemDataRole.DisplayRole:
            if kind == "row":
                return str(self._cache.row_number(row) if self._cache else row + 1)
            if kind == "outcome":
                return _(OUTCOME_LABELS.get(value, value))
            if kind == "event":
                return self._report.event_name(row)
            if kind == "message":
                return str(self._report.message(row) or "")
            if self._cache is None:
                return ""
            return self._cache.cell(row, column - len(self.fixed_columns))
        if role == Qt.ItemDataRole.ToolTipRole and kind == "message":
            return str(self._report.message(row) or "") or None
        if role == Qt.ItemDataRole.ToolTipRole and kind == "event":
            return self._report.event_key(row)
        if role == Qt.ItemDataRole.BackgroundRole and kind == "outcome":
            return _OUTCOME_TINTS.get(value)
        return None
