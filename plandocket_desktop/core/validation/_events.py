"""Participants for several events: each row's event, from a column of the file.

The column's trimmed value is looked up in the draft's routes (value -> event key, or None
for "leave these rows out"), decided before validation (``core.events``, the Target page,
``--event-map``, a profile). An empty cell is ``Code.EVENT_MISSING``, a value without a route
``Code.EVENT_UNKNOWN`` (both errors); left-out rows are excluded. Duplicates of the match
field are judged per event (``scope``): the same person in two events is no duplicate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation._normalise import Code
from plandocket_desktop.i18n import _

_NO_EVENT = -1


class EventRouting:
    """Each row's event (an index into ``keys``), its issue code, and whether it is left out."""

    def __init__(self, table: Table, header: str, routes: Mapping[str, str | None]) -> None:
        if header not in table.columns:
            raise PlandocketError(
                _("The event column “{column}” is not in this file.").format(column=header)
            )
        self.header = header
        self.column = table.index_of(header)
        self.routes = dict(routes)
        self.keys: list[str] = sorted({k for k in self.routes.values() if k})
        self._key_pos = {k: i for i, k in enumerate(self.keys)}
        n = table.n_rows
        self.codes = np.zeros(n, dtype=np.uint8)
        self.left_out = np.zeros(n, dtype=np.bool_)
        self.event = np.full(n, _NO_EVENT, dtype=np.int32)
        self.scope: list[str] = [""] * n  # what duplicates are judged within

    def build(self, table: Table) -> None:
        """Route every row from the column's trimmed text."""
        trimmed = normalise.trim(table.arrow_column(self.column))
        encoded = pc.dictionary_encode(trimmed)
        values: list[str] = encoded.dictionary.to_pylist()
        codes = np.zeros(len(values), dtype=np.uint8)
        event = np.full(len(values), _NO_EVENT, dtype=np.int32)
        left = np.zeros(len(values), dtype=np.bool_)
        scope: list[str] = []
        for pos, value in enumerate(values):
            code, key, out = self._route(value)
            codes[pos], left[pos] = code, out
            event[pos] = self._key_pos[key] if key else _NO_EVENT
            scope.append(f"={key}" if key else f"?{value}")
        idx = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
        self.codes[:] = codes[idx]
        self.left_out[:] = left[idx]
        self.event[:] = event[idx]
        self.scope = [scope[i] for i in idx.tolist()]

    def _route(self, value: str) -> tuple[Code, str | None, bool]:
        """(issue code, event key, left out) for one trimmed value."""
        if not value:
            return Code.EVENT_MISSING, None, False
        if value not in self.routes:
            return Code.EVENT_UNKNOWN, None, False
        key = self.routes[value]
        return Code.NONE, key, key is None

    def edit(self, row: int, text: str) -> None:
        """Route one row again after its event cell was edited."""
        value = normalise.trim_one(text)
        code, key, out = self._route(value)
        self.codes[row] = code
        self.left_out[row] = out
        self.event[row] = self._key_pos[key] if key else _NO_EVENT
        self.scope[row] = f"={key}" if key else f"?{value}"

    def clear(self, rows: npt.NDArray[np.bool_]) -> None:
        """No issue for fully empty rows."""
        self.codes[rows] = Code.NONE

    def key_of(self, row: int) -> str | None:
        pos = int(self.event[row])
        return self.keys[pos] if pos != _NO_EVENT else None

    def keys_of(self, rows: Sequence[int]) -> list[str | None]:
        return [self.key_of(int(r)) for r in rows]

    def scope_array(self) -> pa.Array:
        return pa.array(self.scope, pa.string())
