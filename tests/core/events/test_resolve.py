"""Event values resolved against the tenant's events: key, title, fuzzy, never a guess."""

from __future__ import annotations

import datetime as dt

import pytest

from plandocket_desktop.core import events
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.api import Event
from plandocket_desktop.core.errors import ConfigurationError

TODAY = dt.date(2025, 3, 1)
EVENTS = [
    Event("fair-2024", "Trade Fair 2024", "2024-10-08", city="Munich"),
    Event("fair-2025", "Trade Fair 2025", "2025-10-07", city="Munich"),
    Event("expo-2025", "Expo 2025", "2025-05-13", city="Hanover"),
    Event("partner-summit", "Partner Summit", "2025-06-01", city="Vienna"),
    Event("staff-workshop", "Staff Workshop", "2025-04-01", is_visible=False),
    Event("gala", "Winter Gala", "2025-12-01", application_deadline="2025-02-01"),
]


def one(value: str) -> events.EventResolution:
    return events.resolve_event_values([value], EVENTS, today=TODAY)[0]


@pytest.mark.parametrize(
    ("value", "key", "how"),
    [
        pytest.param("expo-2025", "expo-2025", events.How.KEY, id="key"),
        pytest.param("EXPO-2025", "expo-2025", events.How.KEY, id="key-any-case"),
        pytest.param("Partner Summit", "partner-summit", events.How.TITLE, id="title"),
        pytest.param(" trade fair 2024 ", "fair-2024", events.How.TITLE, id="title-trimmed"),
        pytest.param("Expo 25", "expo-2025", events.How.FUZZY, id="short-year"),
        pytest.param("Messe Expo 2025", "expo-2025", events.How.FUZZY, id="extra-word"),
        pytest.param("Trade Fair 25", "fair-2025", events.How.FUZZY, id="year-decides"),
        pytest.param("Partner-Summit 2025", "partner-summit", events.How.FUZZY, id="date-year"),
    ],
)
def test_values_resolve(value: str, key: str, how: events.How) -> None:
    found = one(value)
    assert (found.event_key, found.how) == (key, how)
    assert found.resolved


def test_ambiguous_titles_are_never_auto_resolved() -> None:
    found = one("Trade Fair")
    assert found.event_key is None
    assert found.how is events.How.AMBIGUOUS
    assert set(found.candidates[:2]) == {"fair-2024", "fair-2025"}
    assert not found.resolved


def test_a_year_no_event_has_matches_nothing() -> None:
    found = one("Trade Fair 2019")
    assert found.event_key is None
    assert found.how is events.How.UNKNOWN


def test_unrelated_value_is_unknown() -> None:
    assert one("Zebra Congress").how is events.How.UNKNOWN


@pytest.mark.parametrize(
    ("value", "remark"),
    [
        pytest.param("Staff Workshop", "not visible in PlanDocket", id="hidden"),
        pytest.param("winter gala", "registration closed on 2025-02-01", id="deadline-passed"),
    ],
)
def test_hidden_or_closed_events_are_offered_never_chosen(value: str, remark: str) -> None:
    found = one(value)
    assert found.event_key is None
    assert found.how is events.How.NEEDS_CONFIRMATION
    event = next(e for e in EVENTS if e.event_key == found.candidates[0])
    assert events.remark(event, TODAY) == remark
    assert remark in events.event_label(event, TODAY)


def test_saved_choices_win_and_may_leave_out() -> None:
    saved = {"Trade Fair": "fair-2025", "Old": None, "typed": "not-listed"}
    found = events.resolve_event_values(
        {"Trade Fair": 3, "Old": 2, "typed": 1, "Expo 2025": 4}, EVENTS, saved=saved
    )
    assert [(r.value, r.event_key, r.how, r.rows) for r in found] == [
        ("Trade Fair", "fair-2025", events.How.SAVED, 3),
        ("Old", None, events.How.LEFT_OUT, 2),
        ("typed", "not-listed", events.How.SAVED, 1),
        ("Expo 2025", "expo-2025", events.How.TITLE, 4),
    ]
    assert events.routes_of(found) == {
        "Trade Fair": "fair-2025",
        "Old": None,
        "typed": "not-listed",
        "Expo 2025": "expo-2025",
    }


def test_every_value_unknown_names_values_and_events() -> None:
    found = events.resolve_event_values(["Foo", "Bar"], EVENTS, today=TODAY)
    text = events.unresolved_problem(found, EVENTS)
    assert text is not None
    assert "“Foo”" in text
    assert "“Bar”" in text
    assert "Trade Fair 2024" in text
    assert "Partner Summit" in text


def test_some_values_unknown_counts_their_rows() -> None:
    found = events.resolve_event_values({"Expo 2025": 5, "Foo": 2}, EVENTS, today=TODAY)
    text = events.unresolved_problem(found, EVENTS)
    assert text == (
        "“Foo”: no event chosen yet; their 2 rows cannot be imported until you choose an "
        "event or leave them out."
    )
    assert (
        events.unresolved_problem(events.resolve_event_values(["Expo 25"], EVENTS), EVENTS) is None
    )


def test_value_counts_in_order_of_first_appearance() -> None:
    table = Table.from_rows(
        ["Email", "Messe"],
        [["a@x.de", " Expo 25"], ["b@x.de", ""], ["c@x.de", "Trade Fair"], ["d@x.de", "Expo 25 "]],
    )
    assert events.value_counts(table, "Messe") == ({"Expo 25": 2, "Trade Fair": 1}, 1)


def test_likely_event_column_by_header_then_by_values() -> None:
    by_header = Table.from_rows(["Name", "E-Mail", "Veranstaltung"], [["A", "a@x.de", "X"]])
    assert events.likely_event_columns(by_header)[0] == "Veranstaltung"
    by_values = Table.from_rows(["Name", "Wo"], [["A", "Expo 2025"], ["B", "fair-2024"]])
    assert events.likely_event_columns(by_values, EVENTS)[0] == "Wo"


def test_event_map_parsing() -> None:
    assert events.parse_event_map(["Expo 25=expo-2025", "a=b=c", "Old = - "]) == {
        "Expo 25": "expo-2025",
        "a=b": "c",
        "Old": None,
    }
    with pytest.raises(ConfigurationError, match="VALUE=EVENT_KEY"):
        events.parse_event_map(["no-equals"])
