"""Participants routed by an event column: event_missing, event_unknown, per-event duplicates."""

from __future__ import annotations

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import ImportOptions, RowStatus, Target
from plandocket_desktop.core.validation import _result as validation

OPTS = ImportOptions(target=Target.PARTICIPANTS)
ROUTES: dict[str, str | None] = {"Expo 25": "expo-2025", "Fair": "fair-2025", "Old": None}


def make(rows: list[list[str]], routes: dict[str, str | None] = ROUTES, **kwargs):
    table = Table.from_rows(["Email", "Messe"], rows)
    return validation.validate(
        table, {"Email": "email"}, options=OPTS, event_column="Messe", event_routes=routes, **kwargs
    )


def codes(result: validation.ValidationResult) -> list[tuple[int, str]]:
    return [(i.row_number, i.code) for i in result.iter_issues()]


def test_each_row_gets_its_event() -> None:
    result = make([["a@x.de", "Expo 25"], ["b@x.de", " Fair "], ["c@x.de", "Expo 25"]])
    assert result.event_column == "Messe"
    assert result.event_keys([0, 1, 2]) == ["expo-2025", "fair-2025", "expo-2025"]
    assert result.sendable_indices() == [0, 1, 2]
    assert "event_key" not in result.records([0])[0]  # the batch carries it, not the record


def test_empty_event_cell_is_event_missing_and_unknown_value_event_unknown() -> None:
    result = make([["a@x.de", ""], ["b@x.de", "Gala"], ["c@x.de", "Fair"]])
    assert codes(result) == [(2, "event_missing"), (3, "event_unknown")]
    missing, unknown = result.issues_for(0)[0], result.issues_for(1)[0]
    assert missing.column == "Messe"
    assert missing.message == (
        "The event column “Messe” is empty in this row; it is needed to know the event."
    )
    assert unknown.message == (
        "'Gala' is not matched to an event yet; choose its event (or leave it out) on the "
        "Target page."
    )
    assert result.counts["errors"] == 2
    assert result.sendable_indices() == [2]


def test_left_out_values_are_excluded_without_issue() -> None:
    result = make([["a@x.de", "Old"], ["b@x.de", "Fair"]])
    assert result.status(0) is RowStatus.EXCLUDED
    assert codes(result) == []
    assert result.sendable_indices() == [1]


def test_duplicates_are_judged_per_event() -> None:
    rows = [
        ["a@x.de", "Expo 25"],
        ["A@x.de", "Fair"],  # the same person in another event: fine
        ["a@x.de", "Fair"],  # twice in the same event: a duplicate
    ]
    result = make(rows)
    assert codes(result) == [(4, "email_duplicate")]
    assert result.duplicate_of(2) == 1


def test_editing_the_event_cell_reroutes_and_rejudges_duplicates() -> None:
    result = make([["a@x.de", "Expo 25"], ["a@x.de", "Gala"]])
    assert codes(result) == [(3, "event_unknown")]
    assert result.edit_cell(1, "Messe", "Expo 25") == []  # still an error, another one
    assert codes(result) == [(3, "email_duplicate")]
    assert result.edit_cell(1, "Messe", "Fair") == [1]
    assert codes(result) == []
    assert result.event_key(1) == "fair-2025"
    assert result.edits == {(3, "Messe"): "Fair"}


def test_fully_empty_rows_are_ignored_not_event_missing() -> None:
    result = make([["a@x.de", "Fair"], ["", ""]])
    assert codes(result) == []
    assert result.status(1) is RowStatus.IGNORED


def test_without_event_column_nothing_changes() -> None:
    table = Table.from_rows(["Email", "Messe"], [["a@x.de", ""]])
    result = validation.validate(table, {"Email": "email"}, options=OPTS)
    assert result.event_column is None
    assert result.event_keys([0]) == [None]
    assert codes(result) == []


def test_an_event_column_missing_from_the_file_is_refused() -> None:
    with pytest.raises(PlandocketError, match="“Veranstaltung” is not in this file"):
        validation.validate(
            Table.from_rows(["Email"], [["a@x.de"]]),
            {"Email": "email"},
            options=OPTS,
            event_column="Veranstaltung",
        )
