"""Which fields are checked, and from where: a column, a fixed value, or both.

``resolve`` turns a mapping and fixed values into one ``FieldState`` per field sent, and
refuses (``PlandocketError``) what cannot work at all: the errors of
``mapping.mapping_problems`` (an unknown field, a field twice, no column for the match field,
a field of the other target) and an invalid fixed value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core import mapping as mapping_rules
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import ImportOptions
from plandocket_desktop.core.validation import _messages as messages
from plandocket_desktop.core.validation import _normalise as normalise


@dataclass
class FieldState:
    """One field sent: where its text comes from and one issue code per row."""

    field: fields.Field
    header: str | None  # None: the field has a fixed value only
    column: int | None
    fixed: str  # trimmed fixed value, "" for none
    required: bool = False
    codes: npt.NDArray[np.uint8] = dataclasses.field(default_factory=lambda: np.zeros(0, np.uint8))
    overrides: dict[int, str] = dataclasses.field(default_factory=dict)  # row index -> edited text

    def trimmed_column(self, table: Table) -> pa.Array:
        """Every row's trimmed text of this field as the file has it (fixed value filled in)."""
        if self.column is None:
            return pa.array([self.fixed] * table.n_rows, pa.string())
        trimmed = normalise.trim(table.arrow_column(self.column))
        if self.fixed:
            trimmed = pc.if_else(pc.equal(trimmed, ""), self.fixed, trimmed)
        return trimmed


def resolve(
    table: Table,
    mapping: Mapping[str, str | None],
    options: ImportOptions,
    fixed_values: Mapping[str, str],
) -> list[FieldState]:
    """The fields to check, in mapping order then fixed-only fields; the match field required."""
    fixed = {k: normalise.trim_one(v) for k, v in fixed_values.items() if v is not None}
    present = {h: k for h, k in mapping.items() if h in table.columns}
    # The mapping rules (match field mapped, no field twice, fields of this target) are the
    # mapping draft's, with its wording; validation refuses on the first error.
    problems = mapping_rules.mapping_problems(present, fixed, options.target, options.match_field)
    for problem in problems:
        if problem.severity is mapping_rules.Severity.ERROR:
            raise PlandocketError(problem.message)
    states: list[FieldState] = []
    seen: set[str] = set()
    for header, key in present.items():
        if key:
            seen.add(key)
            spec = fields.get(key)
            states.append(FieldState(spec, header, table.index_of(header), fixed.get(key, "")))
    for key, text in fixed.items():
        if text and key not in seen and key in fields.BY_KEY:
            states.append(FieldState(fields.get(key), None, None, text))
    match = next(s for s in states if s.field.key == options.match_field.value)
    match.required = True
    for state in states:
        if state.fixed:
            code = normalise.trim_codes(state.field.type, state.fixed, required=False)
            if code in normalise.ERROR_CODES:
                message = messages.fixed_value_invalid(state.field, code, state.fixed)
                raise PlandocketError(message)
    return states
