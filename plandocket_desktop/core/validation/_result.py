"""Validation: every problem in a mapped table found before sending, and the records to send.

``validate`` checks each mapped column at once over its Arrow array (see ``normalise``) and
keeps one small issue code per row and field; ``Issue`` objects and records are only built for
the rows asked for. Rules (PRODUCT.md):

- all text is trimmed; an empty cell is left out of the record (never sent as ``""``);
- the match field (email or customer_number) is required; an invalid email is an error under
  any match field;
- a later row with the same match value as an earlier one is a duplicate (error); emails
  compare case-insensitively, customer numbers as exact text; empty or invalid values and
  excluded rows never take part;
- rows with an error are not sent; warnings (website without https://) are sent.

Fixed values fill a field for every row. A fixed value for a field that also has a column
only fills the row's empty cells (the column wins where it has text). An invalid fixed value
raises ``PlandocketError``, since it would make every row fail.

Rows: ``row_index`` is the 0-based data row of the table, ``row_number`` the spreadsheet row
(what people see). Counts are disjoint: ``ready`` (no issue), ``warnings`` (warnings only),
``errors`` (at least one error), ``excluded`` (left out by the user), ``ignored`` (fully
empty rows: those the reader dropped plus any fully empty row still in the table).

``ValidationResult`` composes the parts, each in its own module: which fields are checked
(``_states``), statuses and counts (``_status``), duplicate groups (``_duplicates``), edited
cells and re-checking a row (``_edits``), issues and their sentences (``_issues``,
``_messages``) and records (``_records``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from plandocket_desktop.core import _memory as memory
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.types import ImportOptions, MatchField, RowStatus, Target
from plandocket_desktop.core.validation import _checks as checks
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation import _records as records
from plandocket_desktop.core.validation import _states as states_
from plandocket_desktop.core.validation._conflicts import OTHER_KEY, Conflicts
from plandocket_desktop.core.validation._duplicates import Duplicates
from plandocket_desktop.core.validation._edits import Cells, recheck_row
from plandocket_desktop.core.validation._events import EventRouting
from plandocket_desktop.core.validation._issues import Issue, Issues, Severity
from plandocket_desktop.core.validation._normalise import Code
from plandocket_desktop.core.validation._states import FieldState
from plandocket_desktop.core.validation._status import ERROR, STATUSES, WARNING, Statuses


class ValidationResult:
    """The outcome of ``validate``: per-row status and issues, and records to send."""

    def __init__(
        self,
        table: Table,
        mapping: Mapping[str, str | None],
        options: ImportOptions,
        states: list[FieldState],
        events: EventRouting | None = None,
    ) -> None:
        self.table = table
        self.mapping = dict(mapping)
        self.options = options
        self._states = states
        n = table.n_rows
        self._n = n
        self._numbers = np.asarray(table.row_numbers.to_numpy(zero_copy_only=False), np.int64)
        self._numbers_sorted = bool(n < 2 or np.all(self._numbers[1:] > self._numbers[:-1]))
        match_key = options.match_field.value
        self._match = next((s for s in states if s.field.key == match_key), None)
        self._statuses = Statuses(n, states)
        self._duplicates = Duplicates(self._match, n) if self._match is not None else None
        other_key = OTHER_KEY.get(match_key)
        other = next((s for s in states if s.field.key == other_key), None)
        self._conflicts = (
            Conflicts(self._match, other, self._duplicates, n)
            if self._match is not None and other is not None and self._duplicates is not None
            else None
        )
        self._context = checks.Context(match_key)
        self._cells = Cells(table, states, self._numbers)
        self._issues = Issues(states, self._cells, self._numbers, self._duplicates, self._conflicts)
        self._events = events
        if events is not None:
            self._statuses.extra.append(events.codes)
            self._statuses.left_out = events.left_out
            self._issues.events = events

    @property
    def edits(self) -> dict[tuple[int, str], str]:
        """The edited cells: (spreadsheet row number, header) -> text."""
        return self._cells.edits

    # --- building (called by validate) ---------------------------------------------------

    def _build(self) -> None:
        n = self._n
        all_empty = np.ones(n, dtype=np.bool_)
        match_trimmed: pa.Array | None = None
        other_trimmed: pa.Array | None = None
        country = next((s for s in self._states if s.field.key == "country"), None)
        countries = None if country is None else country.trimmed_column(self.table)
        self._context = checks.Context(
            self._context.match_key, checks.german_default(self.table.columns, countries)
        )
        for state in self._states:
            trimmed = state.trimmed_column(self.table)
            state.codes = normalise.check(state.field.type, trimmed, required=state.required)
            checks.apply(state.field, trimmed, state.codes, self._context, countries)
            if state.column is not None:
                all_empty &= normalise.empty_mask(trimmed)
            if state is self._match:
                match_trimmed = trimmed
            if self._conflicts is not None and state is self._conflicts.other:
                other_trimmed = trimmed
        if any(s.column is None for s in self._states):
            all_empty[:] = False  # a fixed value gives every row something to send
        if self._events is not None:
            self._events.build(self.table)
            if self._duplicates is not None:
                self._duplicates.scope = self._events.scope
        self._find_ignored(all_empty)
        if match_trimmed is not None and self._duplicates is not None:
            self._duplicates.build(match_trimmed)
        if self._conflicts is not None and other_trimmed is not None:
            self._conflicts.build(other_trimmed, self._statuses.excluded)
        self._statuses.refresh()

    def _find_ignored(self, all_empty: npt.NDArray[np.bool_]) -> None:
        """Mark fully empty rows (unmapped columns too) as ignored, without issues."""
        candidates = np.flatnonzero(all_empty)
        if not candidates.size:
            return
        mapped = {s.column for s in self._states}
        take = pa.array(candidates, pa.int64())
        for col in range(self.table.n_cols):
            if col in mapped:
                continue
            texts = normalise.trim(self.table.arrow_column(col).take(take))
            all_empty[candidates] &= normalise.empty_mask(texts)
        self._statuses.ignored = all_empty
        for state in self._states:
            state.codes[all_empty] = Code.NONE
        if self._events is not None:
            self._events.clear(all_empty)

    # --- rows and cells ------------------------------------------------------------------

    def __len__(self) -> int:
        return self._n

    def row_index(self, row_number: int) -> int | None:
        """The data row index of a spreadsheet row number, None when it is not a data row."""
        if self._numbers_sorted:
            pos = int(np.searchsorted(self._numbers, row_number))
            if pos < self._n and self._numbers[pos] == row_number:
                return pos
            return None
        hits = np.flatnonzero(self._numbers == row_number)
        return int(hits[0]) if hits.size else None

    def edit_cell(self, row_index: int, column: str | int, text: str) -> list[int]:
        """Change one cell and re-validate its row and the duplicate groups it leaves and joins.

        Returns the row indices whose status changed (the edited row included when it did).
        """
        header = self.table.columns[column] if isinstance(column, int) else column
        if header not in self.table.columns:
            raise KeyError(header)
        if not 0 <= row_index < self._n:
            raise IndexError(row_index)
        state = self._cells.edit(row_index, header, text)
        if self._events is not None and header == self._events.header:
            return self._edit_event(row_index, text, state)
        if state is None and not self._statuses.ignored[row_index] and normalise.trim_one(text):
            return []  # an unmapped cell of a row with data: nothing to re-check
        rows = recheck_row(
            self._cells,
            self._states,
            self._statuses,
            self._duplicates,
            self._match,
            row_index,
            state,
            self._context,
        )
        conflicts = self._conflicts
        if conflicts is not None:
            other_text = self._cells.trimmed(conflicts.other, row_index)
            more = conflicts.update(row_index, other_text, self._statuses.excluded)
            rows = np.concatenate([rows, more])
        return self._statuses.update(rows)

    def restore_cell(self, row_index: int, column: str | int) -> list[int]:
        """Take an edit back: the cell has the file's text again and is no longer edited.

        Re-validates like ``edit_cell``; returns the row indices whose status changed.
        """
        header = self.table.columns[column] if isinstance(column, int) else column
        if header not in self.table.columns:
            raise KeyError(header)
        original = self.table.cell(row_index, self.table.columns.index(header))
        rows = self.edit_cell(row_index, header, original)
        self._cells.forget(row_index, header)
        return rows

    def _edit_event(self, row: int, text: str, state: FieldState | None) -> list[int]:
        """The event cell of ``row`` changed: route it again, and re-judge its duplicates."""
        events = self._events
        assert events is not None
        events.edit(row, text)
        touched = [np.array([row])]
        if state is not None:  # the event column also feeds a field
            touched.append(
                recheck_row(
                    self._cells,
                    self._states,
                    self._statuses,
                    self._duplicates,
                    self._match,
                    row,
                    state,
                )
            )
        elif self._duplicates is not None and self._match is not None:
            match = self._match
            match_text = self._cells.trimmed(match, row)
            if not self._statuses.ignored[row]:  # a duplicate code is re-decided by ``move``
                match.codes[row] = normalise.trim_codes(
                    match.field.type, match_text, required=match.required
                )
            touched += self._duplicates.move(row, match_text, self._statuses.excluded)
        return self._statuses.update(np.concatenate(touched))

    @property
    def event_column(self) -> str | None:
        """The column naming each row's event, None when every row goes to one event."""
        return None if self._events is None else self._events.header

    def event_key(self, row_index: int) -> str | None:
        """The event of this row by the event column; None without one (or unresolved)."""
        return None if self._events is None else self._events.key_of(row_index)

    def event_keys(self, indices: Sequence[int]) -> list[str | None]:
        """``event_key`` for many rows."""
        if self._events is None:
            return [None] * len(indices)
        return self._events.keys_of(indices)

    def exclude_row(self, row_index: int, excluded: bool = True) -> list[int]:
        """Leave a row out of the import (or take it back); returns rows whose status changed."""
        return self.exclude_rows([row_index], excluded)

    def exclude_rows(self, rows: Sequence[int], excluded: bool = True) -> list[int]:
        """``exclude_row`` for many rows at once."""
        if not len(rows):
            return []
        picked = np.asarray(rows, dtype=np.intp)
        self._statuses.excluded[picked] = excluded
        touched = [picked]
        if self._duplicates is not None:
            touched += self._duplicates.regroup_rows(picked, self._statuses.excluded)
        if self._conflicts is not None:
            touched.append(self._conflicts.regroup(picked, self._statuses.excluded))
        return self._statuses.update(np.concatenate(touched))

    @property
    def excluded_rows(self) -> set[int]:
        """Spreadsheet row numbers of the excluded rows."""
        return {int(n) for n in self._numbers[self._statuses.excluded]}

    # --- results -------------------------------------------------------------------------

    @property
    def counts(self) -> dict[str, int]:
        return self._statuses.counts(len(self.table.source.empty_rows_dropped))

    def status(self, row_index: int) -> RowStatus:
        """``READY``, ``WARNING``, ``ERROR``, ``EXCLUDED`` or ``IGNORED`` (fully empty row)."""
        return STATUSES[int(self._statuses.codes[row_index])]

    @property
    def status_array(self) -> npt.NDArray[np.uint8]:
        """Every row's status as a code indexing ``STATUSES`` (read-only view, for filters)."""
        return self._statuses.view()

    def sendable_indices(self) -> list[int]:
        """Data-row indices, in file order, of the rows to send: no error, not excluded."""
        return [int(i) for i in np.flatnonzero(self._statuses.codes <= WARNING)]

    def error_indices(self) -> list[int]:
        return [int(i) for i in np.flatnonzero(self._statuses.codes == ERROR)]

    def issues_for(self, row_index: int) -> list[Issue]:
        return self._issues.of_row(row_index)

    def iter_issues(self) -> Iterator[Issue]:
        """Every issue, in row order (then column order within a row)."""
        return self._issues.all(self._n)

    def _suggestion_rows(self, code: str, column: str) -> tuple[FieldState | None, list[int]]:
        state = next((s for s in self._states if s.header == column), None)
        if state is None:
            return None, []
        field = state.field
        inner = [
            c for c in checks.SUGGESTING if normalise.code_name(c, field.key, field.type) == code
        ]
        if not inner:
            return state, []
        rows = np.flatnonzero(np.isin(state.codes, inner) & ~self._statuses.excluded)
        return state, [int(r) for r in rows]

    def suggestion_count(self, code: str, column: str) -> int:
        """How many rows have the issue ``code`` (e.g. ``email_typo``) with a suggestion in
        ``column`` (excluded rows not counted)."""
        return len(self._suggestion_rows(code, column)[1])

    def suggestions(self, code: str, column: str) -> list[tuple[int, str]]:
        """(row index, corrected text) of every row with the issue ``code`` in ``column`` that
        has a suggestion: what "Use all suggestions of this kind" writes."""
        state, rows = self._suggestion_rows(code, column)
        if state is None:
            return []
        found = []
        for row in rows:
            code_here = Code(int(state.codes[row]))
            fixed = checks.suggestion(code_here, self._cells.trimmed(state, row))
            if fixed is not None:
                found.append((row, fixed))
        return found

    def duplicate_of(self, row_index: int) -> int | None:
        """The row index this row duplicates, None when it is not a duplicate."""
        return None if self._duplicates is None else self._duplicates.leader(row_index)

    def records(self, indices: Sequence[int]) -> list[dict[str, object]]:
        """Normalised JSON-ready records for these rows; empty values are left out."""
        return records.build(self.table, self._states, indices)


def validate(
    table: Table,
    mapping: Mapping[str, str | None],
    *,
    options: ImportOptions,
    fixed_values: Mapping[str, str] | None = None,
    edits: Mapping[tuple[int, str], str] | None = None,
    excluded: set[int] | frozenset[int] | None = None,
    event_column: str | None = None,
    event_routes: Mapping[str, str | None] | None = None,
) -> ValidationResult:
    """Check every mapped cell of ``table`` (see the module docstring for the rules).

    ``mapping``: header -> field key or None; headers the table lacks are ignored.
    ``edits``: (spreadsheet row number, header) -> text; ``excluded``: row numbers.
    ``event_column``/``event_routes`` (participants only): each row's event from that column,
    its values' event keys (None: leave out) as ``core.events`` decided them (``_events``).
    Raises ``PlandocketError`` when the mapping or a fixed value cannot work at all.
    """
    states = states_.resolve(table, mapping, options, fixed_values or {})
    events = None
    if event_column and options.target is Target.PARTICIPANTS:
        events = EventRouting(table, event_column, event_routes or {})
    result = ValidationResult(table, mapping, options, states, events)
    result._build()
    rows = [result.row_index(number) for number in sorted(excluded or ())]
    result.exclude_rows([r for r in rows if r is not None])
    for (number, header), text in (edits or {}).items():
        row = result.row_index(number)
        if row is not None and header in table.columns:
            result.edit_cell(row, header, text)
    if len(result) >= memory.BIG_ROWS:
        memory.give_back()  # the temporaries of the checks: ~170 MB at a million rows
    return result


__all__ = ["STATUSES", "Issue", "MatchField", "Severity", "ValidationResult", "validate"]
