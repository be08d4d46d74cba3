"""Issues: one problem in one cell, built (with its sentence) only for the rows asked for."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from plandocket_desktop.core.validation import _checks as checks
from plandocket_desktop.core.validation import _messages as messages
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation._conflicts import Conflicts
from plandocket_desktop.core.validation._duplicates import Duplicates
from plandocket_desktop.core.validation._edits import Cells
from plandocket_desktop.core.validation._events import EventRouting
from plandocket_desktop.core.validation._normalise import Code
from plandocket_desktop.core.validation._states import FieldState


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem in one cell. ``column`` is the source header, None for a fixed value.

    ``suggestion``: the corrected value where the fix is obvious (a mistyped mail provider, a
    postal code's lost zero), None otherwise.
    """

    row_index: int
    row_number: int
    column: str | None
    field: str
    severity: Severity
    code: str
    message: str
    value: str
    suggestion: str | None = None


class Issues:
    """The issues of any row, from the fields' issue codes and the cells' current text."""

    def __init__(
        self,
        states: Sequence[FieldState],
        cells: Cells,
        numbers: npt.NDArray[np.int64],
        duplicates: Duplicates | None,
        conflicts: Conflicts | None = None,
    ) -> None:
        self._states = states
        self._cells = cells
        self._numbers = numbers
        self._duplicates = duplicates
        self.events: EventRouting | None = None  # participants by an event column
        self._conflicts = conflicts

    def of_row(self, row: int) -> list[Issue]:
        """The row's issues, in field order."""
        issues = []
        for state in self._states:
            code = Code(int(state.codes[row]))
            if code is not Code.NONE:
                issues.append(self._issue(state, row, code))
        events = self.events
        if events is not None and events.codes[row] != Code.NONE:
            code = Code(int(events.codes[row]))
            text = self._cells.table.cell(row, events.column)
            edited = self._cells.edits.get((int(self._numbers[row]), events.header))
            text = text if edited is None else edited
            issues.append(
                Issue(
                    row_index=row,
                    row_number=int(self._numbers[row]),
                    column=events.header,
                    field="event_key",
                    severity=Severity.ERROR,
                    code=code.name.lower(),
                    message=messages.event_message(code, normalise.trim_one(text), events.header),
                    value=text,
                )
            )
        return issues

    def all(self, n: int) -> Iterator[Issue]:
        """Every issue, in row order (then field order within a row)."""
        any_issue = np.zeros(n, dtype=np.bool_)
        for state in self._states:
            any_issue |= state.codes != Code.NONE
        if self.events is not None:
            any_issue |= self.events.codes != Code.NONE
        for row in np.flatnonzero(any_issue):
            yield from self.of_row(int(row))

    def _issue(self, state: FieldState, row: int, code: Code) -> Issue:
        field = state.field
        first_row = None
        if code is Code.DUPLICATE and self._duplicates is not None:
            leader = self._duplicates.leader(row)
            first_row = None if leader is None else int(self._numbers[leader])
        if code is Code.CONFLICT and self._conflicts is not None:
            leader = self._conflicts.leader(row)
            first_row = None if leader is None else int(self._numbers[leader])
        trimmed = self._cells.trimmed(state, row)
        severity = Severity.ERROR if code in normalise.ERROR_CODES else Severity.WARNING
        return Issue(
            row_index=row,
            row_number=int(self._numbers[row]),
            column=state.header,
            field=field.key,
            severity=severity,
            code=normalise.code_name(code, field.key, field.type),
            message=messages.issue_message(field, code, trimmed, first_row),
            value=self._cells.text(state, row) if state.header is not None else state.fixed,
            suggestion=checks.suggestion(code, trimmed),
        )
