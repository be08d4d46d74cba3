"""An edit's cost does not grow with the file: keys found by a binary search, small groups
without a scan of every row (edit p99 < 5 ms at a million rows: tests/benchmarks/validation.py).
"""

from __future__ import annotations

import tracemalloc

import pyarrow as pa
import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.types import ImportOptions, MatchField
from plandocket_desktop.core.validation import _keys as keys
from plandocket_desktop.core.validation import _result as validation

HEADERS = ["Email", "Nr", "Rating"]
MAPPING = {"Email": "email", "Nr": "customer_number", "Rating": "rating"}
OPTIONS = ImportOptions(match_field=MatchField.EMAIL)


def test_group_sorts_keys_by_their_bytes_and_keeps_each_first_row() -> None:
    values = pa.array(["b", "a", None, "ä", "a", "Z", "😀", "ab", "\x00b", "a"])
    grouped = keys.group(values)
    assert grouped.keys.to_pylist() == ["\x00b", "Z", "a", "ab", "b", "ä", "😀"]
    assert grouped.first.tolist() == [8, 5, 1, 7, 0, 3, 6]
    assert grouped.count.tolist() == [1, 1, 3, 1, 1, 1, 1]
    assert grouped.codes.tolist() == [4, 2, -1, 5, 2, 1, 6, 3, 0, 2]


def test_group_of_chunks_and_of_nothing() -> None:
    chunked = pa.chunked_array([["x", None], ["y", "x"]])
    grouped = keys.group(chunked)
    assert (grouped.keys.to_pylist(), grouped.first.tolist()) == (["x", "y"], [0, 2])
    assert grouped.codes.tolist() == [0, -1, 1, 0]
    empty = keys.group(pa.array([None, None], pa.string()))
    assert (len(empty.keys), empty.codes.tolist()) == (0, [-1, -1])


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param("\x00b", 0, id="first"),
        pytest.param("ab", 3, id="middle"),
        pytest.param("😀", 6, id="last-astral"),
        pytest.param("ä", 5, id="non-ascii"),
        pytest.param("", -1, id="empty"),
        pytest.param("aa", -1, id="between"),
        pytest.param("ü", -1, id="after-non-ascii"),
        pytest.param("zz", -1, id="after-ascii"),
    ],
)
def test_find_agrees_with_arrows_order(text: str, place: int) -> None:
    sorted_keys = keys.group(pa.array(["b", "a", "ä", "Z", "😀", "ab", "\x00b"])).keys
    assert keys.find(sorted_keys, text) == place


class _Counted:
    """A sequence that counts how many of its items are read."""

    def __init__(self, array: pa.Array) -> None:
        self.array = array
        self.reads = 0

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, i: int) -> pa.Scalar:
        self.reads += 1
        return self.array[i]


def test_find_reads_a_few_keys_not_all() -> None:
    counted = _Counted(pa.array([f"k{i:06d}" for i in range(100_000)]))
    assert keys.find(counted, "k054321") == 54_321  # type: ignore[arg-type]
    assert keys.find(counted, "k0543210") == -1  # type: ignore[arg-type]
    assert counted.reads <= 2 * (17 + 1)


def _result(n: int) -> validation.ValidationResult:
    emails = [f"p{i}@x.de" for i in range(n)]
    emails[7] = emails[3]  # one duplicate group of the file
    numbers = [str(i) for i in range(n)]
    numbers[9] = numbers[5]  # one conflict
    columns = [emails, numbers, ["3"] * n]
    data = pa.table({h: pa.array(c) for h, c in zip(HEADERS, columns, strict=True)})
    table = Table(HEADERS, data, pa.array(range(2, n + 2), pa.int64()))
    return validation.validate(table, MAPPING, options=OPTIONS)


def _edit_peak(n: int) -> int:
    """The most memory Python and numpy held at once during a round of edits."""
    result = _result(n)
    edits = [
        (n - 2, "Email", "new@x.de"),  # a key the file does not have
        (n - 3, "Email", "p11@x.de"),  # joins a row of the file
        (n - 4, "Email", "broken@"),
        (n - 5, "Email", ""),
        (n - 3, "Email", "p12@x.de"),  # leaves the group it joined
        (n - 6, "Nr", "77"),  # the other identifier: a value of the file
        (n - 6, "Nr", "new-77"),
        (7, "Email", "p7@x.de"),  # no longer a duplicate
    ]
    tracemalloc.start()
    try:
        for row, header, text in edits:
            result.edit_cell(row, header, text)
        result.restore_cell(n - 3, "Email")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.duplicate_of(n - 3) is None
    assert result.status(n - 4).value == "error"
    return peak


def test_an_edit_touches_no_memory_in_proportion_to_the_rows() -> None:
    small, big = _edit_peak(20_000), _edit_peak(200_000)
    # One boolean per row (a scan of every row's group) would be 200 kB here.
    assert big < small + 50_000, (small, big)


@pytest.mark.parametrize("match", [MatchField.EMAIL, MatchField.CUSTOMER_NUMBER])
def test_edits_of_small_groups_give_what_a_fresh_check_gives(match: MatchField) -> None:
    # Values mostly unique or shared by two rows: the groups an edit finds without a scan.
    import random

    rnd = random.Random(5)
    options = ImportOptions(match_field=match)
    emails = [f"p{i}@x.de" for i in range(50)] + ["broken@", ""]
    numbers = [f"K-{i}" for i in range(50)] + [""]
    rows = [[rnd.choice(emails), rnd.choice(numbers), "3"] for _ in range(40)]
    result = validation.validate(Table.from_rows(HEADERS, rows), MAPPING, options=options)
    excluded: set[int] = set()
    for step in range(400):
        row = rnd.randrange(len(rows))
        if step % 17 == 0:
            excluded ^= {row}
            result.exclude_row(row, row in excluded)
            continue
        column = rnd.randrange(2)
        pool = (emails, numbers)[column]
        text = rnd.choice(pool) if rnd.random() < 0.8 else f"new{rnd.randrange(5)}@y.de"
        rows[row][column] = text
        result.edit_cell(row, HEADERS[column], text)
    numbers_excluded = {r + 2 for r in excluded}
    fresh = validation.validate(
        Table.from_rows(HEADERS, rows), MAPPING, options=options, excluded=numbers_excluded
    )

    def seen(r: validation.ValidationResult) -> list[tuple[int, str, str]]:
        return [(i.row_number, i.code, i.message) for i in r.iter_issues()]

    assert seen(result) == seen(fresh)
    assert [result.status(i) for i in range(len(rows))] == [
        fresh.status(i) for i in range(len(rows))
    ]
