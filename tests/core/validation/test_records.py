"""records(): the column-wise batch builder gives exactly what cell-by-cell rules give.

The reference here is the plain per-cell path: trim the cell (or its edit), fall back to the
fixed value, ``normalise.normalise`` it, leave None out. Compared as orjson bytes, so key order
and value types count too.
"""

from __future__ import annotations

import random

import numpy as np
import orjson
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core._fields import FieldType
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.types import ImportOptions, MatchField
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation import _result as validation

HEADERS = ["E", "Nr", "First", "Rating", "Access", "Country", "Cats", "Web"]
MAPPING = {
    "E": "email",
    "Nr": "customer_number",
    "First": "first_name",
    "Rating": "rating",
    "Access": "account_access_enabled",
    "Country": "country",
    "Cats": "category_keys",
    "Web": "website",
}
POOLS = {
    "E": [
        "a@b.de",
        "  S.Hackl@Gmx.AT ",
        "olaf@bücher.de",
        "info@MÜLLER-gärten.at",
        "X@Y@Z.DE",
        "no-at-sign",
        "@Lead.DE",
        "",
        "   ",
        "weird\n@Line.DE",
        "Ünï@example.COM",
        '"quoted local"@Example.org',
    ],
    "Nr": ["00457", " 12 ", "", "A-1", "ß"],
    "First": ["Anna", "  Jürgen ", "", "\tZoë\u00a0", "O'Neil"],
    "Rating": ["1", "05", "4.0", "3,00", "", "gut", "6", " 2 "],
    "Access": ["ja", "Nein", "TRUE", "x", "0", "", "vielleicht"],
    "Country": ["DE", "Deutschland", "österreich", "Osterreich", "usa", "", "Atlantis"],
    "Cats": ["vip; press", "a,b,a", " ; ", "", "solo"],
    "Web": ["www.firma.de", "https://x.de", "HTTP://Y.DE/a", "not a url", "", "köln.de/k"],
}

ALL_VALUES = [v for pool in POOLS.values() for v in pool]


def reference(
    table: Table,
    mapping: dict[str, str],
    rows: list[int],
    *,
    fixed: dict[str, str] | None = None,
    edits: dict[tuple[int, str], str] | None = None,
) -> list[dict[str, object]]:
    """The records built cell by cell (row numbers: data row + 2)."""
    fixed = {k: normalise.trim_one(v) for k, v in (fixed or {}).items()}
    edits = edits or {}
    order = [(h, k) for h, k in mapping.items()] + [
        (None, k) for k in fixed if k not in mapping.values()
    ]
    out = []
    for row in rows:
        record: dict[str, object] = {}
        for header, key in order:
            text = ""
            if header is not None:
                raw = edits.get((row + 2, header), table.cell(row, table.index_of(header)))
                text = normalise.trim_one(raw)
            text = text or fixed.get(key, "")
            value = normalise.normalise(fields.get(key).type, text)
            if value is not None:
                record[key] = value
        out.append(record)
    return out


def varied_table(n: int, seed: int) -> Table:
    rnd = random.Random(seed)
    rows = [[rnd.choice(POOLS[h]) for h in HEADERS] for _ in range(n)]
    for i, row in enumerate(rows):
        if i % 3:
            row[0] = f"p{i}@Ex{i % 7}.DE"  # mostly distinct, valid addresses
    return Table.from_rows(HEADERS, rows)


def same_bytes(a: list[dict[str, object]], b: list[dict[str, object]]) -> None:
    assert orjson.dumps(a) == orjson.dumps(b)
    assert a == b


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_records_match_the_cell_by_cell_path(seed: int) -> None:
    table = varied_table(400, seed)
    result = validation.validate(table, MAPPING, options=ImportOptions())
    everything = list(range(400))
    same_bytes(result.records(everything), reference(table, MAPPING, everything))
    sendable = result.sendable_indices()
    assert len(sendable) < 400  # gaps: the rows are taken, not sliced
    same_bytes(result.records(sendable), reference(table, MAPPING, sendable))
    picked = random.Random(seed).sample(everything, 50)  # out of order
    same_bytes(result.records(picked), reference(table, MAPPING, picked))
    same_bytes(result.records(range(100, 200)), reference(table, MAPPING, list(range(100, 200))))


def test_records_with_edits_and_fixed_values() -> None:
    table = varied_table(60, 9)
    fixed = {"rating": " 3 ", "website": "www.messe.de", "account_access_enabled": "nein"}
    options = ImportOptions()
    edits = {
        (2, "First"): "  Edited ",
        (5, "Rating"): "",  # emptied: the fixed rating fills it
        (7, "Cats"): "new; list",
        (40, "E"): " NEW@Example.DE ",
    }
    result = validation.validate(table, MAPPING, options=options, fixed_values=fixed, edits=edits)
    for rows in (list(range(60)), [40, 5, 2, 7], [3], [7, 7, 2, 7]):
        same_bytes(result.records(rows), reference(table, MAPPING, rows, fixed=fixed, edits=edits))
    # The reference could share a mistake: the edits and fixed values are also checked as such.
    by_row = dict(zip([0, 3, 5, 38], result.records([0, 3, 5, 38]), strict=True))
    assert by_row[0]["first_name"] == "Edited"
    assert table.cell(3, HEADERS.index("Rating")) == "4.0"
    assert by_row[3]["rating"] == 3  # emptied by the edit, so the fixed value fills it
    assert by_row[5]["category_keys"] == ["new", "list"]
    assert by_row[38]["email"] == "NEW@example.de"  # the domain in lower case
    assert table.cell(38, HEADERS.index("Access")) == ""
    assert by_row[38]["account_access_enabled"] is False  # the fixed "nein"


def test_fixed_only_field_and_list_values_are_not_shared() -> None:
    table = Table.from_rows(["E"], [["a@b.de"], ["c@d.de"]])
    result = validation.validate(
        table,
        {"E": "email"},
        options=ImportOptions(),
        fixed_values={"category_keys": "vip, press", "rating": "5"},
    )
    records = result.records([0, 1])
    assert records == [
        {"email": "a@b.de", "category_keys": ["vip", "press"], "rating": 5},
        {"email": "c@d.de", "category_keys": ["vip", "press"], "rating": 5},
    ]
    assert records[0]["category_keys"] is not records[1]["category_keys"]


def test_list_values_from_one_cell_text_are_separate_lists() -> None:
    table = Table.from_rows(["E", "C"], [["a@b.de", "x;y"], ["c@d.de", "x;y"]])
    result = validation.validate(
        table, {"E": "email", "C": "category_keys"}, options=ImportOptions()
    )
    first, second = result.records([0, 1])
    assert first["category_keys"] == second["category_keys"] == ["x", "y"]
    assert first["category_keys"] is not second["category_keys"]


def test_records_by_customer_number_and_numpy_indices() -> None:
    table = varied_table(30, 4)
    options = ImportOptions(match_field=MatchField.CUSTOMER_NUMBER)
    result = validation.validate(table, MAPPING, options=options)
    rows = np.array([0, 2, 4, 29])
    same_bytes(result.records(rows), reference(table, MAPPING, rows.tolist()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(list(FieldType)),
    st.lists(st.one_of(st.text(max_size=12), st.sampled_from(ALL_VALUES)), max_size=20),
)
def test_normalise_array_agrees_with_normalise(field_type: FieldType, texts: list[str]) -> None:
    trimmed = normalise.trim(pa.array(texts, pa.string()))
    expected = [normalise.normalise(field_type, t) for t in trimmed.to_pylist()]
    assert normalise.normalise_array(field_type, trimmed) == expected


@pytest.mark.parametrize("rows", [[5], [0, 5], [-1], [4, 5, 6]])
def test_rows_outside_the_table_raise_index_error(rows: list[int]) -> None:
    table = Table.from_rows(["E"], [[f"p{i}@x.de"] for i in range(5)])
    result = validation.validate(table, {"E": "email"}, options=ImportOptions())
    with pytest.raises(IndexError):
        result.records(rows)
