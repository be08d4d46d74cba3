"""Grouping rows by a text key, and finding one key again without a scan or a dict.

Duplicates and conflicts group the rows of a column by its (normalised) text. An edit then has
to find the group of one new text among the file's values. A dict of a million Python strings
would cost ~130 MB, and a linear search of the Arrow values (``pc.index``) costs 2-10 ms per
edit at a million rows. So the distinct keys are kept once, sorted, in an Arrow array: a
binary search finds one in ~20 steps (tens of microseconds). Sorting costs about what
``dictionary_encode`` did, which it replaces.

Arrow sorts strings by their UTF-8 bytes, which is the order of Python's ``str`` comparison
(code points), so Python text can be searched among them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class Grouped:
    """Rows grouped by key: ``keys`` sorted and distinct; per key its first row and row
    count; per row the place of its key in ``keys`` (-1: a null, no key)."""

    keys: pa.Array
    first: npt.NDArray[np.int32]
    count: npt.NDArray[np.int32]
    codes: npt.NDArray[np.int32]


def group(values: pa.Array | pa.ChunkedArray) -> Grouped:
    """Group the rows of ``values`` (nulls take no part) by their text."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    n = len(values)
    m = n - values.null_count
    # A stable sort: within one key the rows stay in file order, so a run's first is its
    # first row.
    order = pc.array_sort_indices(values, null_placement="at_end")
    order = np.asarray(order.to_numpy(zero_copy_only=False)[:m], dtype=np.int64)
    codes = np.full(n, -1, dtype=np.int32)
    if not m:
        empty = np.zeros(0, dtype=np.int32)
        return Grouped(pa.array([], values.type), empty, empty, codes)
    ordered = values.take(pa.array(order, pa.int64()))
    starts_new = np.ones(m, dtype=np.bool_)
    if m > 1:
        differs = pc.not_equal(ordered.slice(1), ordered.slice(0, m - 1))
        starts_new[1:] = differs.to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(starts_new)
    codes[order] = np.cumsum(starts_new, dtype=np.int32) - 1
    count = np.diff(starts, append=m).astype(np.int32)
    keys = ordered.take(pa.array(starts, pa.int64()))
    return Grouped(keys, order[starts].astype(np.int32), count, codes)


def find(keys: pa.Array, text: str) -> int:
    """The place of ``text`` among the sorted distinct ``keys``; -1 when it is not there."""
    place = bisect.bisect_left(keys, text, key=_text)
    if place < len(keys) and keys[place].as_py() == text:
        return place
    return -1


def _text(scalar: pa.Scalar) -> str:
    text = scalar.as_py()
    assert isinstance(text, str)
    return text
