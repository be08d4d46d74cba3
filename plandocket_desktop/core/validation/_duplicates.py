"""Duplicates of the match field inside the file: groups of rows with the same value.

A later row with the same match value as an earlier one is a duplicate (``Code.DUPLICATE``);
emails compare case-insensitively, customer numbers as exact text; empty or invalid values and
excluded rows never take part. Groups are kept (a group id per row) so an edit or an exclusion
re-decides only the groups it touches.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core.validation import _keys as keys_
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation._normalise import Code
from plandocket_desktop.core.validation._states import FieldState


class Duplicates:
    """Duplicate groups of the match field ``state`` over ``n`` rows."""

    def __init__(self, state: FieldState, n: int) -> None:
        self._state = state
        self._n = n
        # A group id per row (-1: no value to compare), the row it duplicates (-1: none), and
        # the group id of each value seen (the first row's index, then fresh ids from n).
        self.group = np.full(n, -1, dtype=np.int32)
        self._leader = np.full(n, -1, dtype=np.int32)
        # The keys of the file, sorted, each once (``_keys``), and the group id of each; a
        # dict of a million Python strings would cost ~130 MB. Keys met by edits are a dict.
        self._keys: pa.Array = pa.array([], pa.string())
        self._gid_of_code = np.zeros(0, dtype=np.int32)
        self._gid_of_key: dict[str, int] = {}
        self._next_gid = n
        # How many rows each group has (file groups by id; fresh ones in a dict), so that an
        # edit finds a small group's rows without scanning every row's group.
        self._size = np.zeros(n, dtype=np.int32)
        self._fresh_size: dict[int, int] = {}
        # Participants by an event column: each row's event; duplicates count within one.
        self.scope: list[str] | None = None
        self._hidden: dict[int, int] = {}  # row -> the warning (a typo) a duplicate covers

    def build(self, trimmed: pa.Array) -> None:
        """Group every row by its trimmed match text and mark the later rows of each group."""
        state = self._state
        keys = (
            normalise.email_key(trimmed) if state.field.type is fields.FieldType.EMAIL else trimmed
        )
        if self.scope is not None:
            keys = pc.binary_join_element_wise(pa.array(self.scope, pa.string()), keys, "\x00")
        # Warnings (a mistyped provider) do not keep a value out of the comparison.
        clean = ~normalise.IS_ERROR[state.codes]
        usable = pa.array(clean) if len(trimmed) else pa.array([], pa.bool_())
        usable = pc.and_(usable, pc.not_equal(trimmed, ""))
        values = pc.if_else(usable, keys, pa.scalar(None, pa.string()))
        grouped = keys_.group(values)
        # A group's id is the index of its first row.
        gid = np.full(self._n, -1, dtype=np.int32)
        present = grouped.codes >= 0
        gid[present] = grouped.first[grouped.codes[present]]
        self._keys, self._gid_of_code = grouped.keys, grouped.first
        self._size = np.zeros(self._n, dtype=np.int32)
        self._size[grouped.first] = grouped.count
        self._fresh_size = {}
        self.group = gid
        dup = (gid >= 0) & (gid != np.arange(self._n))
        self._leader = np.where(dup, gid, -1).astype(np.int32)
        covered = np.flatnonzero(dup & (state.codes != Code.NONE))
        self._hidden = dict(zip(covered.tolist(), state.codes[covered].tolist(), strict=True))
        state.codes[dup] = Code.DUPLICATE

    def _size_of(self, gid: int) -> int:
        return int(self._size[gid]) if gid < self._n else self._fresh_size.get(gid, 0)

    def _resize(self, gid: int, step: int) -> None:
        if gid < 0:
            return
        if gid < self._n:
            self._size[gid] += step
        else:
            self._fresh_size[gid] = self._fresh_size.get(gid, 0) + step

    def members(self, gid: int, near: int | None = None) -> npt.NDArray[np.intp]:
        """The rows of group ``gid`` in file order. Most groups have one or two rows, among
        them its first row (the id) or ``near`` (a row just moved): those are found without a
        scan of every row (~1 ms at a million rows)."""
        size = self._size_of(gid)
        if size == 0:
            return np.zeros(0, dtype=np.intp)
        if size <= 2:
            known = {r for r in (gid, near) if r is not None and r < self._n}
            found = sorted(r for r in known if self.group[r] == gid)
            if len(found) == size:
                return np.array(found, dtype=np.intp)
        return np.flatnonzero(self.group == gid)

    def regroup(
        self, gid: int, excluded: npt.NDArray[np.bool_], near: int | None = None
    ) -> npt.NDArray[np.intp]:
        """Re-decide which rows of one group are duplicates; returns its rows."""
        members = self.members(gid, near)
        codes = self._state.codes
        was_dup = members[codes[members] == Code.DUPLICATE]
        for row in was_dup.tolist():
            codes[row] = self._hidden.pop(row, Code.NONE)
        self._leader[members] = -1
        active = members[~excluded[members]]
        if active.size > 1:
            for row in active[1:][codes[active[1:]] != Code.NONE].tolist():
                self._hidden[row] = int(codes[row])
            codes[active[1:]] = Code.DUPLICATE
            self._leader[active[1:]] = active[0]
        return members

    def regroup_rows(
        self, rows: npt.NDArray[np.intp], excluded: npt.NDArray[np.bool_]
    ) -> list[npt.NDArray[np.intp]]:
        """``regroup`` every group ``rows`` belong to; returns the rows of those groups."""
        return [self.regroup(int(g), excluded) for g in np.unique(self.group[rows]) if g >= 0]

    def move(
        self, row: int, text: str, excluded: npt.NDArray[np.bool_]
    ) -> list[npt.NDArray[np.intp]]:
        """Put ``row`` in the group of its new trimmed match ``text`` (none when it is empty or
        has an issue) and re-decide the groups it left and joined; returns their rows."""
        state = self._state
        old = int(self.group[row])
        new = -1
        if state.codes[row] == Code.DUPLICATE:  # decided again below, with its group
            state.codes[row] = self._hidden.pop(row, Code.NONE)
        else:
            self._hidden.pop(row, None)  # the row was checked again: its code is current
        if text and not normalise.IS_ERROR[state.codes[row]]:
            key = text.lower() if state.field.type is fields.FieldType.EMAIL else text
            if self.scope is not None:
                key = f"{self.scope[row]}\x00{key}"
            new = self._gid_of(key)
        self._resize(old, -1)
        self._resize(new, 1)
        self.group[row] = new
        self._leader[row] = -1
        return [self.regroup(gid, excluded, row) for gid in {old, new} - {-1}]

    def _gid_of(self, key: str) -> int:
        """The group id of a match key; a fresh one for a key the file did not have."""
        gid = self._gid_of_key.get(key)
        if gid is None:
            code = keys_.find(self._keys, key)
            if code >= 0:
                gid = int(self._gid_of_code[code])
            else:
                gid = self._next_gid
                self._next_gid += 1
            self._gid_of_key[key] = gid
        return gid

    def leader(self, row: int) -> int | None:
        """The row index ``row`` duplicates, None when it is not a duplicate."""
        leader = int(self._leader[row])
        return leader if leader >= 0 else None
