"""GET /api/v1/events and /api/v1/contacts: filters, sorting, pagination."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

EVENT_FIELDS = {
    "id",
    "event_key",
    "title",
    "description",
    "country",
    "state",
    "city",
    "date_from",
    "date_to",
    "application_deadline",
    "is_visible",
    "image",
}


def _keys(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["event_key"] for e in response.json()["data"]]


def test_events_answer_data_with_documented_fields(api: httpx.Client) -> None:
    body = api.get("/api/v1/events").json()
    assert set(body) == {"data"}
    assert "expo-2025" in [e["event_key"] for e in body["data"]]
    assert all(set(e) == EVENT_FIELDS for e in body["data"])


def test_events_default_order_is_by_start_date(api: httpx.Client) -> None:
    dates = [e["date_from"] for e in api.get("/api/v1/events").json()["data"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize("sort", ["title", "event_key", "date_from", "date_to", "city"])
@pytest.mark.parametrize("order", ["ASC", "DESC", "asc"])
def test_events_sort_and_order(api: httpx.Client, sort: str, order: str) -> None:
    data = api.get("/api/v1/events", params={"sort": sort, "order": order}).json()["data"]
    values = [e[sort].lower() for e in data]
    assert values == sorted(values, reverse=order.upper() == "DESC")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "rating"}, "sort"),
        ({"order": "sideways"}, "order"),
        ({"upcoming": "x"}, "upcoming"),
    ],
)
def test_events_bad_parameters_are_422(
    api: httpx.Client, params: dict[str, str], field: str
) -> None:
    response = api.get("/api/v1/events", params=params)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_events_search(api: httpx.Client) -> None:
    assert _keys(api.get("/api/v1/events", params={"search": "expo"})) == ["expo-2024", "expo-2025"]
    assert _keys(api.get("/api/v1/events", params={"search": "MUNICH"})) == [
        "fair-2024",
        "fair-2025",
    ]
    assert _keys(api.get("/api/v1/events", params={"search": "zzz"})) == []


def test_events_upcoming(api: httpx.Client) -> None:
    data = api.get("/api/v1/events", params={"upcoming": 1}).json()["data"]
    today = dt.date.today().isoformat()
    assert len(data) >= 3
    assert all(e["date_from"] >= today for e in data)
    assert "partner-summit" in [e["event_key"] for e in data]
    assert "expo-2025" not in [e["event_key"] for e in data]


def test_events_visible_filter(api: httpx.Client) -> None:
    assert _keys(api.get("/api/v1/events", params={"visible": 0})) == ["staff-workshop"]
    assert "staff-workshop" not in _keys(api.get("/api/v1/events", params={"visible": 1}))


def test_contacts_pagination(sandbox: Any, api: httpx.Client) -> None:
    seen: list[int] = []
    for page in (1, 2, 3):
        body = api.get("/api/v1/contacts", params={"page": page, "per_page": 2}).json()
        assert body["meta"]["total"] == 6
        assert body["meta"]["last_page"] == 3
        assert body["meta"]["per_page"] == 2
        assert body["meta"]["page"] == page
        seen += [c["id"] for c in body["data"]]
    assert seen == [c["id"] for c in sandbox.store.contacts()]
    beyond = api.get("/api/v1/contacts", params={"page": 4, "per_page": 2}).json()
    assert beyond["data"] == []
    assert beyond["meta"]["total"] == 6


def test_contacts_default_page_size(api: httpx.Client) -> None:
    body = api.get("/api/v1/contacts").json()
    assert body["meta"]["per_page"] == 25
    assert len(body["data"]) == 6


@pytest.mark.parametrize(
    ("params", "emails"),
    [
        pytest.param({"search": "weber"}, ["m.weber@example.de"], id="search-name"),
        pytest.param({"search": "ACME"}, ["john@example.com"], id="search-company"),
        pytest.param({"customer_number": "10004"}, ["claire.martin@example.fr"], id="number"),
        pytest.param({"customer_number": "1000"}, [], id="number-exact"),
        pytest.param({"event_key": "expo-2025"}, ["anna.schmidt@example.com"], id="event"),
        pytest.param({"event_key": "nope"}, [], id="unknown-event"),
    ],
)
def test_contacts_filters(api: httpx.Client, params: dict[str, str], emails: list[str]) -> None:
    body = api.get("/api/v1/contacts", params=params).json()
    assert [c["email"] for c in body["data"]] == emails
    assert body["meta"]["total"] == len(emails)


@pytest.mark.parametrize(
    "params",
    [{"per_page": 0}, {"per_page": 101}, {"page": 0}, {"page": "x"}, {"per_page": "-1"}],
    ids=str,
)
def test_contacts_bad_paging_is_422(api: httpx.Client, params: dict[str, Any]) -> None:
    response = api.get("/api/v1/contacts", params=params)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == set(params)


def test_contact_fields(api: httpx.Client) -> None:
    anna = api.get("/api/v1/contacts", params={"customer_number": "10001"}).json()["data"][0]
    assert anna["email"] == "anna.schmidt@example.com"
    assert anna["rating"] == 4
    assert anna["category_keys"] == ["customer", "exhibitor"]
    assert anna["event_keys"] == ["expo-2025"]
    assert anna["account_access_enabled"] is False
