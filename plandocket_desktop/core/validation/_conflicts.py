"""Conflicts with the match key: the other identifier on rows that name different people.

Matching by email, PlanDocket refuses a second record with a customer number it already gave
to another email (and, matching by customer number, a second record with another's email).
Rows are grouped by that other identifier (``customer_number`` or ``email``); within a group
the first row (in file order, not excluded, with a usable match value) leads, and every later
row whose match value differs from the leader's gets ``Code.CONFLICT`` on the other field,
naming the leader. A later row with the *same* match value is a duplicate of the match key
(``_duplicates``), not a conflict. Both identifiers compare ignoring case and surrounding
spaces, as PlanDocket's matching does.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core.validation import _keys as keys_
from plandocket_desktop.core.validation._duplicates import Duplicates
from plandocket_desktop.core.validation._normalise import ERROR_CODES, Code
from plandocket_desktop.core.validation._states import FieldState

# The other identifier checked for each match field.
OTHER_KEY = {"email": "customer_number", "customer_number": "email"}
_ERRORS = np.array([c in ERROR_CODES for c in Code], dtype=np.bool_)


class Conflicts:
    """Conflict groups of the ``other`` field against the ``match`` field over ``n`` rows.

    The match value of each row is the duplicate group of ``duplicates`` (same group, same
    match value); the other value's group is kept here, its id the value's place among the
    file's distinct values, sorted. An edit of the other field looks the new text up there (a
    binary search, ``_keys``) rather than in a Python dictionary of every value, which would
    cost more to build than the whole check.
    """

    def __init__(
        self, match: FieldState, other: FieldState, duplicates: Duplicates, n: int
    ) -> None:
        self.match = match
        self.other = other
        self._duplicates = duplicates
        self._n = n
        self._group = np.full(n, -1, dtype=np.int32)  # the other value's id per row (-1: none)
        self._leader = np.full(n, -1, dtype=np.int32)
        self._lower = pa.array([], pa.string())  # the other value as the file has it
        self._values = pa.array([], pa.string())  # its distinct values, sorted: place = group id
        self._first = np.zeros(0, dtype=np.int32)  # each value's first row in the file
        self._fresh: dict[str, int] = {}  # group ids of values edits brought in
        self._edited: dict[int, str] = {}  # row -> edited other value (lower-case)
        self._next_id = n
        self._hidden: dict[int, int] = {}  # row -> the warning a conflict covers
        self._sizes: dict[int, int] = {}  # group id -> rows, for groups of more than one
        self._fresh_sizes: dict[int, int] = {}  # the same for the values edits brought in

    def build(self, other_trimmed: pa.Array, excluded: npt.NDArray[np.bool_]) -> None:
        """Group every row and mark the conflicts (the duplicates must be built)."""
        self._lower = pc.utf8_lower(other_trimmed)
        grouped = keys_.group(self._lower)
        self._values, self._first = grouped.keys, grouped.first
        group = grouped.codes
        empty = keys_.find(grouped.keys, "")
        if empty >= 0:
            group[group == empty] = -1
        self._group = group
        shared = np.flatnonzero(grouped.count > 1)
        if empty >= 0:
            shared = shared[shared != empty]
        self._sizes = dict(zip(shared.tolist(), grouped.count[shared].tolist(), strict=True))
        self._next_id = max(self._n, len(grouped.keys))
        self._mark(np.arange(self._n), excluded, dense=len(grouped.keys))

    def _usable(
        self, rows: npt.NDArray[np.intp], excluded: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.bool_]:
        match_codes = self.match.codes[rows]
        match_ok = ~_ERRORS[match_codes] | (match_codes == Code.DUPLICATE)
        ok: npt.NDArray[np.bool_] = (
            (self._group[rows] >= 0)
            & (self._duplicates.group[rows] >= 0)
            & match_ok
            & ~_ERRORS[self.other.codes[rows]]
            & ~excluded[rows]
        )
        return ok

    def _mark(
        self, rows: npt.NDArray[np.intp], excluded: npt.NDArray[np.bool_], dense: int = 0
    ) -> None:
        """Decide conflicts among ``rows`` (whole groups, in file order).

        ``dense``: the group ids of ``rows`` are below it (the first build), so each group's
        first row is found by one assignment instead of a sort.
        """
        codes = self.other.codes
        self._leader[rows] = -1
        for row in rows[codes[rows] == Code.CONFLICT].tolist():
            codes[row] = self._hidden.pop(row, Code.NONE)
        active = rows[self._usable(rows, excluded)]
        if not active.size:
            return
        groups = self._group[active]
        if dense:
            first_of = np.empty(dense, dtype=np.int64)
            first_of[groups[::-1]] = active[::-1]  # the last write wins: the first row
            leaders = first_of[groups]
        else:
            uniq, first = np.unique(groups, return_index=True)
            leaders = active[first][np.searchsorted(uniq, groups)]
        match_group = self._duplicates.group
        conflict = match_group[active] != match_group[leaders]
        hit = active[conflict]
        for row in hit[codes[hit] != Code.NONE].tolist():
            self._hidden[row] = int(codes[row])
        codes[hit] = Code.CONFLICT
        self._leader[hit] = leaders[conflict]

    def _members(self, row: int) -> npt.NDArray[np.intp]:
        """The rows of ``row``'s group. Most values are unique, most others shared by two
        rows, one of them the value's first row in the file: no scan of every row for those."""
        gid = int(self._group[row])
        size = self._size(gid)
        if gid < 0 or size <= 1:
            return np.array([row], np.intp)
        if size == 2 and gid < len(self._first):
            first = int(self._first[gid])
            if first != row and self._group[first] == gid:
                return np.array(sorted((first, row)), np.intp)
        return np.flatnonzero(self._group == gid)

    def _size(self, gid: int) -> int:
        """How many rows group ``gid`` has; a value of the file with none left may count as
        one (it only costs a scan)."""
        if gid >= len(self._values):
            return self._fresh_sizes.get(gid, 0)
        return self._sizes.get(gid, 1)

    def _move(self, row: int, gid: int) -> None:
        for old_or_new, step in ((int(self._group[row]), -1), (gid, 1)):
            if old_or_new < 0:
                continue
            size = self._size(old_or_new) + step
            if old_or_new >= len(self._values):
                self._fresh_sizes[old_or_new] = size
            elif size > 1:
                self._sizes[old_or_new] = size
            else:
                self._sizes.pop(old_or_new, None)
        self._group[row] = gid

    def _group_of(self, text: str) -> int:
        """The group id of ``text`` (lower-case): its place among the file's values, else an
        id of its own kept for later edits."""
        if not text:
            return -1
        place = keys_.find(self._values, text)
        if place >= 0:
            return place
        if text not in self._fresh:
            self._next_id += 1
            self._fresh[text] = self._next_id
        return self._fresh[text]

    def update(
        self, row: int, other_text: str, excluded: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.intp]:
        """After an edit of ``row`` (its trimmed other text now; the duplicates moved
        already): re-decide the groups it left and joined; returns their rows."""
        if self.other.codes[row] != Code.CONFLICT:  # checked again: its code is current
            self._hidden.pop(row, None)
        before = self._members(row)
        text = other_text.lower()
        if text == (self._edited.get(row) if row in self._edited else self._lower[row].as_py()):
            rows = before
        else:
            self._edited[row] = text
            self._move(row, self._group_of(text))
            rows = np.unique(np.concatenate([before, self._members(row)]))
        self._mark(rows, excluded)
        return rows

    def regroup(
        self, rows: npt.NDArray[np.intp], excluded: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.intp]:
        """Re-decide the groups ``rows`` belong to (after an exclusion); returns their rows."""
        gids = np.unique(self._group[rows])
        gids = gids[gids >= 0]
        if not gids.size:
            return np.asarray(rows, dtype=np.intp)
        members = np.flatnonzero(np.isin(self._group, gids))
        self._mark(members, excluded)
        return members

    def leader(self, row: int) -> int | None:
        """The row index whose identifier ``row`` conflicts with, None when none."""
        leader = int(self._leader[row])
        return leader if leader >= 0 else None
