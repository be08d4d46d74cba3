"""Reading a refused batch (422): the one rule for which record an error names."""

from __future__ import annotations

from typing import Any

import pytest

from plandocket_desktop.core import api
from plandocket_desktop.core.api import _bulk_result as bulk_result


def people(n: int) -> list[dict[str, Any]]:
    return [{"email": f"person{i}@example.com", "customer_number": f"K{i:03}"} for i in range(n)]


def refused(*items: object) -> dict[str, object]:
    return {"error": "Validation failed", "errors": list(items)}


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            [{"index": 0, "error": "bad"}, {"index": 2, "error": "worse"}],
            {0: "bad", 2: "worse"},
            id="index-is-0-based",
        ),
        pytest.param(
            [{"row": 1, "error": "bad"}, {"row": 3, "error": "worse"}],
            {0: "bad", 2: "worse"},
            id="row-is-1-based",
        ),
        pytest.param(
            [{"row": 0, "error": "bad"}, {"row": 2, "error": "worse"}],
            {0: "bad", 2: "worse"},
            id="row-is-0-based-when-a-row-0-appears",
        ),
        pytest.param(
            [{"row": 3, "email": "PERSON1@example.com", "error": "taken"}],
            {1: "taken"},
            id="a-match-value-wins-over-a-position",
        ),
        pytest.param(
            [{"index": 7, "error": "far away"}, {"error": "no record named"}],
            {},
            id="out-of-range-or-unnamed-places-nothing",
        ),
    ],
)
def test_record_errors_of_both_shapes(items, expected):
    assert api.record_errors(refused(*items), people(3)) == expected


def test_record_errors_of_a_field_map_or_a_text_body_are_none():
    assert api.record_errors({"errors": {"email": ["is invalid"]}}, people(2)) == {}
    assert api.record_errors("Bad JSON", people(2)) == {}
    assert api.record_errors(None, people(2)) == {}


def test_a_record_error_without_a_reason_still_says_something():
    found = api.record_errors(refused({"index": 1}), people(2))
    assert list(found) == [1]
    assert found[1]


def test_record_errors_agree_with_parse_bulk_result():
    body = refused({"row": 2, "error": "bad"}, {"index": 0, "error": "worse"})
    parsed = bulk_result.parse_bulk_result(body, people(3))
    assert api.record_errors(body, people(3)) == {r.index: r.message for r in parsed.records}
