"""Edited cells: the text each cell has now, and re-checking a row after an edit.

Edits are kept two ways: by (spreadsheet row number, header) for the draft (``edits``), and
per mapped field by row index (``FieldState.overrides``) for checks and records.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.validation import _checks as checks
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation._duplicates import Duplicates
from plandocket_desktop.core.validation._normalise import Code
from plandocket_desktop.core.validation._states import FieldState
from plandocket_desktop.core.validation._status import Statuses


class Cells:
    """The current text of every cell: an edit where there is one, else the file's."""

    def __init__(
        self, table: Table, states: Sequence[FieldState], numbers: npt.NDArray[np.int64]
    ) -> None:
        self.table = table
        self._states = states
        self._numbers = numbers
        self._by_header = {s.header: s for s in states if s.header is not None}
        self._fixed_only = any(s.column is None for s in states)
        self.edits: dict[tuple[int, str], str] = {}  # (row number, header) -> text

    def edit(self, row: int, header: str, text: str) -> FieldState | None:
        """Remember an edit; returns the field the column is mapped to (None: unmapped)."""
        self.edits[(int(self._numbers[row]), header)] = text
        state = self._by_header.get(header)
        if state is not None:
            state.overrides[row] = text
        return state

    def forget(self, row: int, header: str) -> None:
        """Drop an edit: the cell has the file's text again (re-check the row afterwards)."""
        self.edits.pop((int(self._numbers[row]), header), None)
        state = self._by_header.get(header)
        if state is not None:
            state.overrides.pop(row, None)

    def text(self, state: FieldState, row: int) -> str:
        """The cell's current text, untrimmed; "" for a fixed-only field."""
        if state.column is None:
            return ""
        if row in state.overrides:
            return state.overrides[row]
        return self.table.cell(row, state.column)

    def trimmed(self, state: FieldState, row: int) -> str:
        """The text the field checks and sends for this row (the fixed value when empty)."""
        text = normalise.trim_one(self.text(state, row)) if state.column is not None else ""
        return text or state.fixed

    def row_is_empty(self, row: int) -> bool:
        """True when every cell of the row (mapped or not) is blank and no fixed value fills it."""
        if self._fixed_only:
            return False
        number = int(self._numbers[row])
        for col, header in enumerate(self.table.columns):
            text = self.edits.get((number, header))
            if text is None:
                text = self.table.cell(row, col)
            if normalise.trim_one(text):
                return False
        return True


def recheck_row(
    cells: Cells,
    states: Sequence[FieldState],
    statuses: Statuses,
    duplicates: Duplicates | None,
    match: FieldState | None,
    row: int,
    edited: FieldState | None = None,
    context: checks.Context | None = None,
) -> npt.NDArray[np.intp]:
    """Re-validate one row (only the ``edited`` field unless the row's emptiness changed);
    returns the rows whose issues may have changed."""
    touched = [np.array([row])]
    ignored = statuses.ignored
    was_ignored = bool(ignored[row])
    if edited is not None and cells.trimmed(edited, row):
        ignored[row] = False  # the edited cell has text: the row is not empty
    else:
        ignored[row] = cells.row_is_empty(row)
    changed = was_ignored != ignored[row]
    recheck = states if changed or edited is None else [edited]
    if edited is not None and edited.field.key == "country":  # postal codes depend on it
        recheck = [*recheck, *(s for s in states if s.field.key == "postal_code")]
    country = next((s for s in states if s.field.key == "country"), None)
    context = context or checks.Context(match.field.key if match else "")
    for state in recheck:
        text = cells.trimmed(state, row)
        code = checks.cell_code(
            state.field,
            text,
            required=state.required,
            context=context,
            country=None if country is None else cells.trimmed(country, row),
        )
        state.codes[row] = Code.NONE if ignored[row] else code
    if duplicates is not None and match is not None:
        touched += duplicates.move(row, cells.trimmed(match, row), statuses.excluded)
    return np.concatenate(touched)
