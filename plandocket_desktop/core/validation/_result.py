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
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import ImportOptions, MatchField
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation._normalise import Code

STATUSES = ("ready", "warning", "error", "excluded", "ignored")
_READY, _WARNING, _ERROR, _EXCLUDED, _IGNORED = range(5)
_SHOWN_VALUE_LENGTH = 60


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem in one cell. ``column`` is the source header, None for a fixed value."""

    row_index: int
    row_number: int
    column: str | None
    field: str
    severity: Severity
    code: str
    message: str
    value: str


@dataclass
class _FieldState:
    field: fields.Field
    header: str | None  # None: the field has a fixed value only
    column: int | None
    fixed: str  # trimmed fixed value, "" for none
    required: bool
    codes: npt.NDArray[np.uint8]
    overrides: dict[int, str]  # row index -> edited text (untrimmed)


def _shown(value: str) -> str:
    text = " ".join(value.split())
    if len(text) > _SHOWN_VALUE_LENGTH:
        text = text[: _SHOWN_VALUE_LENGTH - 1] + "…"
    return f"'{text}'"


def _message(field: fields.Field, code: Code, text: str, first_row: int | None = None) -> str:
    """A plain sentence about one problem (``first_row``: the row a duplicate repeats)."""
    label = field.label_en.split(" (")[0]
    if code is Code.MISSING:
        return f"{label} is empty; it is needed to find the record in PlanDocket."
    if code is Code.DUPLICATE:
        return f"Same {label.lower()} as row {first_row}; only the first is imported."
    if code is Code.COUNTRY_UNKNOWN:
        return (
            f"{_shown(text)} is not a country PlanDocket knows; use a country name or a "
            "two-letter code such as DE."
        )
    if code is Code.SCHEME_ADDED:
        return f"{_shown(text)} has no https:// in front; it will be sent as 'https://{text}'."
    if code is Code.URL_UNUSUAL:
        return f"{_shown(text)} does not look like a web address; it is sent as written."
    if field.type is fields.FieldType.EMAIL:
        reason = normalise.email_problem(text)
        detail = f" {reason}" if reason else ""
        return f"{_shown(text)} is not a valid email address.{detail}"
    if field.type is fields.FieldType.RATING:
        return f"{label} must be a whole number from 1 to 5; {_shown(text)} is not."
    if field.type is fields.FieldType.BOOLEAN:
        return (
            f"{label} must be yes or no (also ja/nein, true/false, 1/0, x); {_shown(text)} is not."
        )
    return f"{_shown(text)} is not a valid {label.lower()}."


class ValidationResult:
    """The outcome of ``validate``: per-row status and issues, and records to send."""

    def __init__(
        self,
        table: Table,
        mapping: Mapping[str, str | None],
        options: ImportOptions,
        states: list[_FieldState],
    ) -> None:
        self.table = table
        self.mapping = dict(mapping)
        self.options = options
        self._states = states
        self._by_header = {s.header: s for s in states if s.header is not None}
        n = table.n_rows
        self._n = n
        self.edits: dict[tuple[int, str], str] = {}  # (row number, header) -> text
        self._excluded = np.zeros(n, dtype=np.bool_)
        self._ignored = np.zeros(n, dtype=np.bool_)
        self._status = np.zeros(n, dtype=np.uint8)
        self._numbers = np.asarray(table.row_numbers.to_numpy(zero_copy_only=False), np.int64)
        self._numbers_sorted = bool(n < 2 or np.all(self._numbers[1:] > self._numbers[:-1]))
        match_key = options.match_field.value
        self._match = next((s for s in states if s.field.key == match_key), None)
        # Duplicate groups of the match field: a group id per row (-1: no value to compare),
        # the row it duplicates (-1: none), and the group id of each value seen.
        self._gid = np.full(n, -1, dtype=np.int32)
        self._leader = np.full(n, -1, dtype=np.int32)
        self._gid_of_key: dict[str, int] = {}
        self._next_gid = n

    # --- building (called by validate) ---------------------------------------------------

    def _trimmed(self, state: _FieldState) -> pa.Array:
        if state.column is None:
            return pa.array([state.fixed] * self._n, pa.string())
        trimmed = normalise.trim(self.table.arrow_column(state.column))
        if state.fixed:
            trimmed = pc.if_else(pc.equal(trimmed, ""), state.fixed, trimmed)
        return trimmed

    def _build(self) -> None:
        n = self._n
        all_empty = np.ones(n, dtype=np.bool_)
        match_trimmed: pa.Array | None = None
        for state in self._states:
            trimmed = self._trimmed(state)
            state.codes = normalise.check(state.field.type, trimmed, required=state.required)
            if state.column is not None:
                all_empty &= normalise.empty_mask(trimmed)
            if state is self._match:
                match_trimmed = trimmed
        if any(s.column is None for s in self._states):
            all_empty[:] = False  # a fixed value gives every row something to send
        self._find_ignored(all_empty)
        if match_trimmed is not None and self._match is not None:
            self._build_groups(self._match, match_trimmed)
        self._status = self._compute_status(np.arange(n))

    def _find_ignored(self, all_empty: npt.NDArray[np.bool_]) -> None:
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
        self._ignored = all_empty
        for state in self._states:
            state.codes[all_empty] = Code.NONE

    def _key_array(self, state: _FieldState, trimmed: pa.Array) -> pa.Array:
        keys = (
            normalise.email_key(trimmed) if state.field.type is fields.FieldType.EMAIL else trimmed
        )
        usable = pa.array(state.codes == Code.NONE) if len(trimmed) else pa.array([], pa.bool_())
        usable = pc.and_(usable, pc.not_equal(trimmed, ""))
        return pc.if_else(usable, keys, pa.scalar(None, pa.string()))

    def _build_groups(self, state: _FieldState, trimmed: pa.Array) -> None:
        keys: list[str | None] = self._key_array(state, trimmed).to_pylist()
        first = self._gid_of_key
        remember = first.setdefault
        gid = np.fromiter(
            (-1 if k is None else remember(k, i) for i, k in enumerate(keys)),
            dtype=np.int32,
            count=len(keys),
        )
        self._gid = gid
        rows = np.arange(self._n)
        dup = (gid >= 0) & (gid != rows)
        self._leader = np.where(dup, gid, -1).astype(np.int32)
        state.codes[dup] = Code.DUPLICATE

    def _regroup(self, gid: int) -> npt.NDArray[np.intp]:
        """Re-decide which rows of one group are duplicates; returns its rows."""
        assert self._match is not None
        members = np.flatnonzero(self._gid == gid)
        codes = self._match.codes
        was_dup = members[codes[members] == Code.DUPLICATE]
        codes[was_dup] = Code.NONE
        self._leader[members] = -1
        active = members[~self._excluded[members]]
        if active.size > 1:
            codes[active[1:]] = Code.DUPLICATE
            self._leader[active[1:]] = active[0]
        return members

    def _compute_status(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.uint8]:
        error = np.zeros(rows.size, dtype=np.bool_)
        warning = np.zeros(rows.size, dtype=np.bool_)
        for state in self._states:
            codes = state.codes[rows]
            error |= normalise.IS_ERROR[codes]
            warning |= normalise.IS_WARNING[codes]
        status = np.where(error, _ERROR, np.where(warning, _WARNING, _READY)).astype(np.uint8)
        status[self._ignored[rows]] = _IGNORED
        status[self._excluded[rows]] = _EXCLUDED
        return status

    def _update_status(self, rows: npt.NDArray[np.intp]) -> list[int]:
        rows = np.unique(rows)
        new = self._compute_status(rows)
        changed = rows[new != self._status[rows]]
        self._status[rows] = new
        return [int(i) for i in changed]

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

    def _cell_text(self, state: _FieldState, row: int) -> str:
        """The cell's current text (an edit, else the file), untrimmed; "" for fixed-only."""
        if state.column is None:
            return ""
        if row in state.overrides:
            return state.overrides[row]
        return self.table.cell(row, state.column)

    def _trimmed_text(self, state: _FieldState, row: int) -> str:
        text = normalise.trim_one(self._cell_text(state, row)) if state.column is not None else ""
        return text or state.fixed

    def _row_is_empty(self, row: int) -> bool:
        if any(s.column is None for s in self._states):
            return False
        number = int(self._numbers[row])
        for col, header in enumerate(self.table.columns):
            text = self.edits.get((number, header))
            if text is None:
                text = self.table.cell(row, col)
            if normalise.trim_one(text):
                return False
        return True

    def _recheck_row(self, row: int, edited: _FieldState | None = None) -> npt.NDArray[np.intp]:
        """Re-validate one row (only the ``edited`` field unless the row's emptiness changed);
        returns the rows whose issues may have changed."""
        touched = [np.array([row])]
        was_ignored = bool(self._ignored[row])
        if edited is not None and self._trimmed_text(edited, row):
            self._ignored[row] = False  # the edited cell has text: the row is not empty
        else:
            self._ignored[row] = self._row_is_empty(row)
        changed = was_ignored != self._ignored[row]
        recheck = self._states if changed or edited is None else [edited]
        for state in recheck:
            text = self._trimmed_text(state, row)
            code = normalise.trim_codes(state.field.type, text, required=state.required)
            state.codes[row] = Code.NONE if self._ignored[row] else code
        if self._match is not None:
            old = int(self._gid[row])
            state = self._match
            text = self._trimmed_text(state, row)
            new = -1
            if text and state.codes[row] == Code.NONE:
                key = text.lower() if state.field.type is fields.FieldType.EMAIL else text
                if key not in self._gid_of_key:
                    self._gid_of_key[key] = self._next_gid
                    self._next_gid += 1
                new = self._gid_of_key[key]
            self._gid[row] = new
            self._leader[row] = -1
            for gid in {old, new} - {-1}:
                touched.append(self._regroup(gid))
        return np.concatenate(touched)

    def edit_cell(self, row_index: int, column: str | int, text: str) -> list[int]:
        """Change one cell and re-validate its row and the duplicate groups it leaves and joins.

        Returns the row indices whose status changed (the edited row included when it did).
        """
        header = self.table.columns[column] if isinstance(column, int) else column
        if header not in self.table.columns:
            raise KeyError(header)
        if not 0 <= row_index < self._n:
            raise IndexError(row_index)
        self.edits[(int(self._numbers[row_index]), header)] = text
        state = self._by_header.get(header)
        if state is not None:
            state.overrides[row_index] = text
        elif not self._ignored[row_index] and normalise.trim_one(text):
            return []  # an unmapped cell of a row with data: nothing to re-check
        return self._update_status(self._recheck_row(row_index, state))

    def exclude_row(self, row_index: int, excluded: bool = True) -> list[int]:
        """Leave a row out of the import (or take it back); returns rows whose status changed."""
        self._excluded[row_index] = excluded
        rows = [np.array([row_index])]
        gid = int(self._gid[row_index])
        if gid >= 0:
            rows.append(self._regroup(gid))
        return self._update_status(np.concatenate(rows))

    def exclude_rows(self, rows: Sequence[int], excluded: bool = True) -> list[int]:
        """``exclude_row`` for many rows at once."""
        if not len(rows):
            return []
        picked = np.asarray(rows, dtype=np.intp)
        self._excluded[picked] = excluded
        touched = [picked]
        for gid in np.unique(self._gid[picked]):
            if gid >= 0:
                touched.append(self._regroup(int(gid)))
        return self._update_status(np.concatenate(touched))

    @property
    def excluded_rows(self) -> set[int]:
        """Spreadsheet row numbers of the excluded rows."""
        return {int(n) for n in self._numbers[self._excluded]}

    # --- results -------------------------------------------------------------------------

    @property
    def counts(self) -> dict[str, int]:
        tally = np.bincount(self._status, minlength=len(STATUSES))
        dropped = len(self.table.source.empty_rows_dropped)
        return {
            "ready": int(tally[_READY]),
            "warnings": int(tally[_WARNING]),
            "errors": int(tally[_ERROR]),
            "ignored": int(tally[_IGNORED]) + dropped,
            "excluded": int(tally[_EXCLUDED]),
        }

    def status(self, row_index: int) -> str:
        """``ready``, ``warning``, ``error``, ``excluded`` or ``ignored`` (fully empty row)."""
        return STATUSES[int(self._status[row_index])]

    @property
    def status_array(self) -> npt.NDArray[np.uint8]:
        """Every row's status as a code indexing ``STATUSES`` (read-only view, for filters)."""
        view = self._status.view()
        view.flags.writeable = False
        return view

    def sendable_indices(self) -> list[int]:
        """Data-row indices, in file order, of the rows to send: no error, not excluded."""
        return [int(i) for i in np.flatnonzero(self._status <= _WARNING)]

    def error_indices(self) -> list[int]:
        return [int(i) for i in np.flatnonzero(self._status == _ERROR)]

    def issues_for(self, row_index: int) -> list[Issue]:
        issues = []
        for state in self._states:
            code = Code(int(state.codes[row_index]))
            if code is not Code.NONE:
                issues.append(self._issue(state, row_index, code))
        return issues

    def iter_issues(self) -> Iterator[Issue]:
        """Every issue, in row order (then column order within a row)."""
        any_issue = np.zeros(self._n, dtype=np.bool_)
        for state in self._states:
            any_issue |= state.codes != Code.NONE
        for row in np.flatnonzero(any_issue):
            yield from self.issues_for(int(row))

    def _issue(self, state: _FieldState, row: int, code: Code) -> Issue:
        field = state.field
        raw = self._cell_text(state, row)
        text = self._trimmed_text(state, row)
        severity = Severity.ERROR if code in normalise.ERROR_CODES else Severity.WARNING
        return Issue(
            row_index=row,
            row_number=int(self._numbers[row]),
            column=state.header,
            field=field.key,
            severity=severity,
            code=normalise.code_name(code, field.key, field.type),
            message=_message(field, code, text, self._first_row(row, code)),
            value=raw if state.header is not None else state.fixed,
        )

    def _first_row(self, row: int, code: Code) -> int | None:
        if code is not Code.DUPLICATE:
            return None
        return int(self._numbers[int(self._leader[row])])

    def duplicate_of(self, row_index: int) -> int | None:
        """The row index this row duplicates, None when it is not a duplicate."""
        leader = int(self._leader[row_index])
        return leader if leader >= 0 else None

    def records(self, indices: Sequence[int]) -> list[dict[str, object]]:
        """Normalised JSON-ready records for these rows; empty values are left out.

        Built column by column: each mapped column's cells for these rows are taken from
        Arrow at once, trimmed and normalised per column (``normalise.normalise_array``),
        then set into one dict per row in field order.
        """
        rows = np.asarray(indices, dtype=np.int64).reshape(-1)
        n = int(rows.size)
        out: list[dict[str, object]] = [{} for _ in range(n)]
        if not n:
            return out
        # Batches are runs of rows in file order: slice the span they cover (no copy), then
        # pick the rows out of that small slice (taking from the whole column costs more).
        first, last = int(rows.min()), int(rows.max())
        if first < 0 or last >= self._n:
            raise IndexError(f"row index out of range: {first if first < 0 else last}")
        span = last - first + 1
        take = None if span == n and bool(np.all(np.diff(rows) == 1)) else pa.array(rows - first)
        positions: dict[int, list[int]] | None = None  # row -> its places in this batch
        for state in self._states:
            key = state.field.key
            if state.column is None:
                fixed = normalise.normalise_array(state.field.type, pa.array([state.fixed]))[0]
                values: list[object] = [fixed] * n
                if isinstance(fixed, list):
                    values = [list(fixed) for _ in range(n)]
            else:
                column = self.table.arrow_column(state.column)
                cells = column.slice(first, span)
                if take is not None:
                    cells = cells.take(take)
                trimmed = normalise.trim(cells)
                if state.overrides:
                    if positions is None:
                        positions = {}
                        for j, r in enumerate(rows.tolist()):
                            positions.setdefault(r, []).append(j)
                    trimmed = self._with_overrides(state, trimmed, positions)
                if state.fixed:
                    trimmed = pc.if_else(pc.equal(trimmed, ""), state.fixed, trimmed)
                values = normalise.normalise_array(state.field.type, trimmed)
            for record, value in zip(out, values, strict=True):
                if value is not None:
                    record[key] = value
        return out

    @staticmethod
    def _with_overrides(
        state: _FieldState, trimmed: pa.Array, positions: dict[int, list[int]]
    ) -> pa.Array:
        """``trimmed`` with the edited cells of these rows put in (trimmed too)."""
        overrides = state.overrides
        if len(overrides) <= len(positions):
            hits = [r for r in overrides if r in positions]
        else:
            hits = [r for r in positions if r in overrides]
        if not hits:
            return trimmed
        texts: list[str] = trimmed.to_pylist()
        for r in hits:
            for j in positions[r]:
                texts[j] = overrides[r]
        return normalise.trim(pa.array(texts, pa.string()))


def _resolve_states(
    table: Table,
    mapping: Mapping[str, str | None],
    options: ImportOptions,
    fixed_values: Mapping[str, str],
) -> list[_FieldState]:
    allowed = {f.key for f in fields.fields_for(options.target)}
    target = options.target.value
    seen: dict[str, str] = {}
    states: list[_FieldState] = []
    fixed = {k: normalise.trim_one(v) for k, v in fixed_values.items() if v is not None}
    for fixed_key in fixed:
        if fixed_key not in fields.BY_KEY or fixed_key not in allowed:
            raise PlandocketError(f"'{fixed_key}' is not a field PlanDocket {target} have.")
    for header, key in mapping.items():
        if key is None or header not in table.columns:
            continue
        if key not in fields.BY_KEY:
            raise PlandocketError(f"Column '{header}' is mapped to '{key}', which is not a field.")
        field = fields.get(key)
        if key not in allowed:
            raise PlandocketError(f"{field.label_en} cannot be imported for {target}.")
        if key in seen:
            raise PlandocketError(
                f"Columns '{seen[key]}' and '{header}' are both mapped to {field.label_en}; "
                'map one of them to "Don\'t import".'
            )
        seen[key] = header
        states.append(
            _FieldState(
                field,
                header,
                table.index_of(header),
                fixed.get(key, ""),
                False,
                np.zeros(0, np.uint8),
                {},
            )
        )
    for key, text in fixed.items():
        if text and key not in seen:
            states.append(
                _FieldState(fields.get(key), None, None, text, False, np.zeros(0, np.uint8), {})
            )
    match_key = options.match_field.value
    match = next((s for s in states if s.field.key == match_key), None)
    if match is None:
        label = fields.get(match_key).label_en.lower()
        raise PlandocketError(
            f"No column is mapped to {label}. PlanDocket finds records by {label} "
            f"(the match field), so a column must hold it."
        )
    match.required = True
    for state in states:
        if state.fixed:
            code = normalise.trim_codes(state.field.type, state.fixed, required=False)
            if code in normalise.ERROR_CODES:
                message = _message(state.field, code, state.fixed)
                raise PlandocketError(
                    f"The fixed value for {state.field.label_en} is not valid: {message}"
                )
    return states


def validate(
    table: Table,
    mapping: Mapping[str, str | None],
    *,
    options: ImportOptions,
    fixed_values: Mapping[str, str] | None = None,
    edits: Mapping[tuple[int, str], str] | None = None,
    excluded: set[int] | frozenset[int] | None = None,
) -> ValidationResult:
    """Check every mapped cell of ``table`` (see the module docstring for the rules).

    ``mapping``: header -> field key or None; headers the table lacks are ignored.
    ``edits``: (spreadsheet row number, header) -> text; ``excluded``: row numbers.
    Raises ``PlandocketError`` when the mapping or a fixed value cannot work at all.
    """
    states = _resolve_states(table, mapping, options, fixed_values or {})
    result = ValidationResult(table, mapping, options, states)
    result._build()
    rows = [result.row_index(number) for number in sorted(excluded or ())]
    result.exclude_rows([r for r in rows if r is not None])
    for (number, header), text in (edits or {}).items():
        row = result.row_index(number)
        if row is not None and header in table.columns:
            result.edit_cell(row, header, text)
    return result


__all__ = ["Issue", "MatchField", "Severity", "ValidationResult", "validate"]
