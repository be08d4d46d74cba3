"""Reading contact and participant lists in every paging shape, and stopping safely."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from plandocket_desktop.core import errors
from plandocket_desktop.core.api import PlandocketClient

KEY = "pd_test_" + "k" * 20


def contacts(first: int, count: int) -> list[dict[str, Any]]:
    return [
        {"id": i, "email": f"P{i}@Example.com", "created_at": "2025-01-01T00:00:00Z"}
        for i in range(first, first + count)
    ]


def client_for(answer: Any) -> tuple[PlandocketClient, list[httpx.Request]]:
    """A client whose server answers ``answer(page, per_page)`` (a JSON value) to GET lists."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        page = int(request.url.params.get("page", "1"))
        per_page = int(request.url.params.get("per_page", "25"))
        return httpx.Response(200, content=json.dumps(answer(page, per_page)))

    return PlandocketClient(
        "https://acme.example.com", KEY, transport=httpx.MockTransport(handler)
    ), seen


def laravel(page: int, per_page: int, total: int = 250) -> dict[str, Any]:
    last = -(-total // per_page)
    count = max(0, min(per_page, total - (page - 1) * per_page))
    return {"data": contacts((page - 1) * per_page + 1, count), "meta": {"last_page": last}}


def links_only(page: int, per_page: int, total: int = 250) -> dict[str, Any]:
    count = max(0, min(per_page, total - (page - 1) * per_page))
    nxt = f"https://x/api/v1/contacts?page={page + 1}" if page * per_page < total else None
    return {"data": contacts((page - 1) * per_page + 1, count), "links": {"next": nxt}}


def total_only(page: int, per_page: int, total: int = 250) -> dict[str, Any]:
    count = max(0, min(per_page, total - (page - 1) * per_page))
    return {"contacts": contacts((page - 1) * per_page + 1, count), "meta": {"total": total}}


def bare_paged(page: int, per_page: int, total: int = 250) -> list[dict[str, Any]]:
    count = max(0, min(per_page, total - (page - 1) * per_page))
    return contacts((page - 1) * per_page + 1, count)


@pytest.mark.parametrize(
    ("answer", "requests"),
    [
        pytest.param(laravel, 3, id="meta-last-page"),
        pytest.param(links_only, 3, id="links-next"),
        pytest.param(total_only, 3, id="meta-total"),
        pytest.param(bare_paged, 3, id="bare-list-full-pages"),
    ],
)
def test_every_contact_once_in_every_shape(answer: Any, requests: int) -> None:
    client, seen = client_for(answer)
    ids = [c.id for c in client.iter_contacts()]
    assert ids == list(range(1, 251))
    assert len(seen) == requests
    assert {r.url.params["per_page"] for r in seen} == {"100"}


def test_server_ignoring_page_stops_after_a_repeat() -> None:
    client, seen = client_for(lambda _page, _per: contacts(1, 100))  # always the same page
    assert len(list(client.iter_contacts())) == 100
    assert len(seen) == 2


def test_endless_next_links_stop_at_the_limit() -> None:
    def answer(page: int, _per: int) -> dict[str, Any]:
        return {"data": contacts(page * 10, 1), "links": {"next": "https://x/?page=999999"}}

    client, seen = client_for(answer)
    found = list(client.iter_contacts(max_pages=5))
    assert len(found) == 5  # every page brings a new contact: only the limit stops it
    assert len(seen) == 5


def test_first_page_tells_the_cost() -> None:
    client, _seen = client_for(laravel)
    first = client.contacts_page(1, per_page=100)
    assert first.pages_needed() == 3
    client2, _ = client_for(lambda p, n: {"data": contacts(1, 5)})
    assert client2.contacts_page().pages_needed() == 1
    client3, _ = client_for(bare_paged)
    assert client3.contacts_page().pages_needed() is None


def test_unreadable_list_is_a_plain_error() -> None:
    client, _ = client_for(lambda _p, _n: {"something": 1})
    with pytest.raises(errors.ApiError, match="cannot read"):
        list(client.iter_contacts())


def test_contact_match_keys_and_times() -> None:
    client, _ = client_for(laravel)
    first = next(client.iter_contacts())
    assert first.match_key("email") == "p1@example.com"
    assert first.created is not None
    assert first.created.year == 2025


def test_rate_limit_headers_are_remembered() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        headers = {"X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "640"}
        return httpx.Response(200, json={"data": []}, headers=headers)

    client = PlandocketClient(
        "https://acme.example.com", KEY, transport=httpx.MockTransport(handler)
    )
    assert client.rate_limit is None
    client.contacts_page()
    assert client.rate_limit is not None
    assert (client.rate_limit.limit, client.rate_limit.remaining) == (1000, 640)
