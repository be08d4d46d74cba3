"""The contacts and participants resources: single contacts, paging with meta/links, deleting."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import EVENTS_ONLY_KEY
from tests.sandbox.helpers import bulk, by_email


def _anna(api: httpx.Client) -> dict[str, Any]:
    found = api.get("/api/v1/contacts", params={"search": "anna.schmidt"}).json()["data"]
    assert len(found) == 1
    return found[0]  # type: ignore[no-any-return]


def test_pages_carry_meta_and_links_to_the_end(sandbox: Any, api: httpx.Client) -> None:
    bulk(api, "contacts", [{"email": f"p{i}@example.com"} for i in range(30)])
    total = len(sandbox.store.contacts())
    seen: list[int] = []
    url: str | None = "/api/v1/contacts?per_page=7"
    pages = 0
    while url:
        body = api.get(url).json()
        pages += 1
        seen += [c["id"] for c in body["data"]]
        assert body["meta"]["total"] == total
        url = body["links"]["next"]
    assert pages == -(-total // 7) == body["meta"]["last_page"]
    assert sorted(seen) == seen
    assert len(set(seen)) == total
    assert body["links"]["prev"] is not None


def test_sort_order_and_category_filter(api: httpx.Client) -> None:
    desc = api.get("/api/v1/contacts", params={"sort": "email", "order": "DESC", "per_page": 100})
    emails = [c["email"].lower() for c in desc.json()["data"]]
    assert emails == sorted(emails, reverse=True)
    bulk(api, "contacts", [{"email": "cat@example.com", "category_keys": ["exhibitor"]}])
    tagged = api.get("/api/v1/contacts", params={"category_key": "exhibitor", "per_page": 100})
    assert "cat@example.com" in [c["email"] for c in tagged.json()["data"]]
    assert all("exhibitor" in c["category_keys"] for c in tagged.json()["data"])
    bad = api.get("/api/v1/contacts", params={"sort": "phone"})
    assert bad.status_code == 422
    assert "sort" in bad.json()["errors"]


def test_search_finds_customer_number_and_company(api: httpx.Client) -> None:
    anna = _anna(api)
    by_number = api.get("/api/v1/contacts", params={"search": anna["customer_number"]})
    assert anna["id"] in [c["id"] for c in by_number.json()["data"]]
    exact = api.get("/api/v1/contacts", params={"customer_number": anna["customer_number"]})
    assert [c["id"] for c in exact.json()["data"]] == [anna["id"]]


def test_get_patch_put_delete_one_contact(sandbox: Any, api: httpx.Client) -> None:
    anna = _anna(api)
    got = api.get(f"/api/v1/contacts/{anna['id']}").json()["data"]
    assert got["email"] == anna["email"]
    assert got["created_at"]
    assert got["updated_at"]

    patched = api.patch(f"/api/v1/contacts/{anna['id']}", json={"city": "Köln", "phone": None})
    assert patched.status_code == 200
    data = patched.json()["data"]
    assert (data["city"], data["phone"], data["last_name"]) == ("Köln", None, anna["last_name"])

    put = api.put(f"/api/v1/contacts/{anna['id']}", json={"email": anna["email"], "city": "Ulm"})
    assert put.json()["data"]["last_name"] is None  # PUT replaces: fields not sent are cleared

    assert api.delete(f"/api/v1/contacts/{anna['id']}").status_code == 204
    assert by_email(sandbox, anna["email"]) is None
    assert api.get(f"/api/v1/contacts/{anna['id']}").status_code == 404
    assert api.delete(f"/api/v1/contacts/{anna['id']}").status_code == 404  # twice: nothing


def test_post_creates_and_refuses_bad_or_taken(api: httpx.Client) -> None:
    made = api.post("/api/v1/contacts", json={"email": "new@example.com", "first_name": "N"})
    assert made.status_code == 201
    assert made.json()["data"]["id"] > 0
    taken = api.post("/api/v1/contacts", json={"email": "NEW@example.com"})
    assert taken.status_code == 422
    assert api.post("/api/v1/contacts", json={"first_name": "no key"}).status_code == 422
    assert api.patch("/api/v1/contacts/abc", json={}).status_code == 404


def test_participants_page_and_delete(sandbox: Any, api: httpx.Client) -> None:
    people = [{"email": f"guest{i}@example.com"} for i in range(12)]
    bulk(api, "participants", people, event_key="expo-2025")
    first = api.get("/api/v1/participants", params={"event_key": "expo-2025", "per_page": 5})
    body = first.json()
    assert body["meta"]["total"] == 13
    assert body["meta"]["last_page"] == 3
    assert len(body["data"]) == 5
    assert body["links"]["next"]
    victim = body["data"][0]
    assert {"id", "event_id", "contact_id", "is_confirmed"} <= set(victim)
    assert api.delete(f"/api/v1/participants/{victim['id']}").status_code == 204
    assert api.delete(f"/api/v1/participants/{victim['id']}").status_code == 404
    assert len(sandbox.store.participants("expo-2025")) == 12
    assert api.get(f"/api/v1/contacts/{victim['contact_id']}").status_code == 200  # contact stays


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("GET", "/api/v1/contacts/1", id="get"),
        pytest.param("PATCH", "/api/v1/contacts/1", id="patch"),
        pytest.param("DELETE", "/api/v1/contacts/1", id="delete"),
        pytest.param("DELETE", "/api/v1/participants/1", id="participant"),
    ],
)
def test_single_calls_need_their_scope(sandbox: Any, method: str, path: str) -> None:
    headers = {"Authorization": f"Bearer {EVENTS_ONLY_KEY}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as client:
        response = client.request(method, path, json={} if method == "PATCH" else None)
    assert response.status_code == 403
    assert sandbox.store.contact(1) is not None


def test_faults_reach_the_new_endpoints(sandbox: Any, api: httpx.Client) -> None:
    anna = _anna(api)
    sandbox.set_faults(error_rate=1.0)
    assert api.delete(f"/api/v1/contacts/{anna['id']}").status_code == 500
    sandbox.set_faults(error_rate=0.0)
    assert sandbox.store.contact(anna["id"]) is not None
