"""Records to send: the normalised JSON-ready dict of each row asked for, a batch at a time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation._states import FieldState


def build(
    table: Table, states: Sequence[FieldState], indices: Sequence[int]
) -> list[dict[str, object]]:
    """Normalised records for these rows; empty values are left out.

    Built column by column: each mapped column's cells for these rows are taken from Arrow at
    once, trimmed and normalised per column (``normalise.normalise_array``), then set into one
    dict per row in field order.
    """
    rows = np.asarray(indices, dtype=np.int64).reshape(-1)
    n = int(rows.size)
    out: list[dict[str, object]] = [{} for _ in range(n)]
    if not n:
        return out
    # Batches are runs of rows in file order: slice the span they cover (no copy), then pick
    # the rows out of that small slice (taking from the whole column costs more).
    first, last = int(rows.min()), int(rows.max())
    if first < 0 or last >= table.n_rows:
        raise IndexError(f"row index out of range: {first if first < 0 else last}")
    span = last - first + 1
    take = None if span == n and bool(np.all(np.diff(rows) == 1)) else pa.array(rows - first)
    positions: dict[int, list[int]] | None = None  # row -> its places in this batch
    for state in states:
        key = state.field.key
        if state.column is None:
            fixed = normalise.normalise_array(state.field.type, pa.array([state.fixed]))[0]
            values: list[object] = [fixed] * n
            if isinstance(fixed, list):
                values = [list(fixed) for _ in range(n)]
        else:
            cells = table.arrow_column(state.column).slice(first, span)
            if take is not None:
                cells = cells.take(take)
            trimmed = normalise.trim(cells)
            if state.overrides:
                if positions is None:
                    positions = {}
                    for j, r in enumerate(rows.tolist()):
                        positions.setdefault(r, []).append(j)
                trimmed = _with_overrides(state, trimmed, positions)
            if state.fixed:
                trimmed = pc.if_else(pc.equal(trimmed, ""), state.fixed, trimmed)
            values = normalise.normalise_array(state.field.type, trimmed)
        for record, value in zip(out, values, strict=True):
            if value is not None:
                record[key] = value
    return out


def _with_overrides(
    state: FieldState, trimmed: pa.Array, positions: dict[int, list[int]]
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
