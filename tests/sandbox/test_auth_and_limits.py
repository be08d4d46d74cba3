"""Authentication, scopes, request limits and malformed requests."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import CONTACTS_ONLY_KEY, EVENTS_ONLY_KEY
from tests.sandbox.helpers import bulk


def _client(sandbox: Any, **kwargs: Any) -> httpx.Client:
    return httpx.Client(base_url=sandbox.base_url, timeout=10, **kwargs)


@pytest.mark.parametrize(
    "how", ["bearer", "bearer-lowercase", "x-api-key", "query"], ids=lambda how: how
)
def test_each_way_of_sending_the_key_works(sandbox: Any, how: str) -> None:
    key = sandbox.api_key
    headers, params = {}, {}
    if how == "bearer":
        headers["Authorization"] = f"Bearer {key}"
    elif how == "bearer-lowercase":
        headers["authorization"] = f"bearer {key}"
    elif how == "x-api-key":
        headers["X-API-Key"] = key
    else:
        params["api_key"] = key
    with _client(sandbox) as client:
        response = client.get("/api/v1/events", headers=headers, params=params)
    assert response.status_code == 200
    assert "data" in response.json()


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        pytest.param({}, {}, id="no-key"),
        pytest.param({"Authorization": "Bearer pd_wrong_key_123"}, {}, id="wrong-bearer"),
        pytest.param({"Authorization": "Basic abc"}, {}, id="basic-scheme"),
        pytest.param({"Authorization": "Bearer"}, {}, id="empty-bearer"),
        pytest.param({"X-API-Key": "pd_wrong_key_123"}, {}, id="wrong-header"),
        pytest.param({}, {"api_key": "pd_wrong_key_123"}, id="wrong-query"),
        pytest.param({}, {"api_key": ""}, id="empty-query"),
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/events"),
        ("GET", "/api/v1/contacts"),
        ("GET", "/api/v1/participants?event_key=expo-2025"),
        ("POST", "/api/v1/bulk-import/contacts"),
        ("POST", "/api/v1/bulk-import/participants"),
    ],
)
def test_missing_or_wrong_key_is_401(
    sandbox: Any, headers: dict[str, str], params: dict[str, str], method: str, path: str
) -> None:
    with _client(sandbox) as client:
        response = client.request(method, path, headers=headers, params=params, content=b"{")
    assert response.status_code == 401
    body = response.json()
    assert body["error"].startswith("Unauthenticated")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "pd_wrong_key_123" not in response.text


@pytest.mark.parametrize(
    ("key", "method", "path", "status"),
    [
        pytest.param("contacts", "GET", "/api/v1/contacts?per_page=1", 200, id="c-contacts"),
        pytest.param("contacts", "GET", "/api/v1/events", 403, id="c-events"),
        pytest.param(
            "contacts", "GET", "/api/v1/participants?event_key=__probe__", 403, id="c-probe"
        ),
        pytest.param("contacts", "POST", "/api/v1/bulk-import/participants", 403, id="c-bulk-p"),
        pytest.param("contacts", "POST", "/api/v1/bulk-import/contacts", 422, id="c-bulk-c"),
        pytest.param("events", "GET", "/api/v1/events", 200, id="e-events"),
        pytest.param("events", "GET", "/api/v1/contacts?per_page=1", 403, id="e-contacts"),
        pytest.param("events", "POST", "/api/v1/bulk-import/contacts", 403, id="e-bulk-c"),
        pytest.param("full", "GET", "/api/v1/participants?event_key=__probe__", 404, id="f-probe"),
        pytest.param("full", "GET", "/api/v1/contacts?per_page=1", 200, id="f-contacts"),
    ],
)
def test_scopes_are_checked_before_parameters(
    sandbox: Any, key: str, method: str, path: str, status: int
) -> None:
    token = {"contacts": CONTACTS_ONLY_KEY, "events": EVENTS_ONLY_KEY, "full": sandbox.api_key}
    headers = {"Authorization": f"Bearer {token[key]}"}
    with _client(sandbox, headers=headers) as client:
        # A malformed body: only a key with the scope gets as far as the 422.
        response = client.request(method, path, content=b"not json")
    assert response.status_code == status
    if status == 403:
        scope = "events" if "events" in path else path.split("/")[-1].split("?")[0]
        assert response.json()["error"] == f"Missing scope: {scope}"


def test_more_than_1000_records_is_422(sandbox: Any, api: httpx.Client) -> None:
    records = [{"email": f"p{i}@example.com"} for i in range(1001)]
    response = bulk(api, "contacts", records)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "Validation failed"
    assert "1,000" in body["errors"]["records"][0]
    assert len(sandbox.store.contacts()) == 6


def test_exactly_1000_records_is_fine(sandbox: Any, api: httpx.Client) -> None:
    records = [{"email": f"p{i}@example.com"} for i in range(1000)]
    response = bulk(api, "contacts", records)
    assert response.status_code == 200
    assert response.json()["created"] == 1000
    assert len(response.json()["details"]) == 1000


def test_body_over_10_mb_is_413(sandbox: Any, api: httpx.Client) -> None:
    filler = "x" * 11_000
    records = [{"email": f"p{i}@example.com", "notes": filler} for i in range(1000)]
    content = json.dumps({"records": records}).encode()
    assert len(content) > 10 * 1024 * 1024
    response = api.post(
        "/api/v1/bulk-import/contacts",
        content=content,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "too large" in response.json()["error"]
    assert len(sandbox.store.contacts()) == 6


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/bulk-import/contacts"),
        ("PUT", "/api/v1/bulk-import/participants"),
        ("DELETE", "/api/v1/events"),
        ("PUT", "/api/v1/contacts"),
        ("PATCH", "/api/v1/participants"),
    ],
)
def test_wrong_method_is_405_with_a_json_body(
    sandbox: Any, api: httpx.Client, method: str, path: str
) -> None:
    response = api.request(method, path)
    assert response.status_code == 405
    assert response.json() == {"error": "Method not allowed"}
    assert response.headers["allow"]


def test_unknown_path_is_404_json(api: httpx.Client) -> None:
    response = api.get("/api/v1/nothing-here")
    assert (response.status_code, response.json()) == (404, {"error": "Not found"})


@pytest.mark.parametrize(
    ("content", "field"),
    [
        pytest.param(b"{not json", "body", id="not-json"),
        pytest.param(b"\xff\xfe", "body", id="not-utf8"),
        pytest.param(b"", "body", id="empty"),
        pytest.param(b"[]", "body", id="array-body"),
        pytest.param(b'{"mode": "create"}', "records", id="no-records"),
        pytest.param(b'{"records": {"email": "a@b.de"}}', "records", id="records-object"),
        pytest.param(b'{"records": []}', "records", id="records-empty"),
        pytest.param(b'{"records": [{}], "mode": "merge"}', "mode", id="bad-mode"),
        pytest.param(b'{"records": [{}], "match_field": "phone"}', "match_field", id="bad-match"),
        pytest.param(b'{"records": [{}], "skip_on_error": "maybe"}', "skip_on_error", id="bool"),
        pytest.param(b'{"records": [{}], "field_mapping": ["a"]}', "field_mapping", id="mapping"),
        pytest.param(
            b'{"records": [{}], "field_mapping": {"a": 1}}', "field_mapping", id="mapping-value"
        ),
    ],
)
def test_malformed_body_is_422(api: httpx.Client, content: bytes, field: str) -> None:
    response = api.post("/api/v1/bulk-import/contacts", content=content)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "Validation failed"
    assert isinstance(body["errors"][field], list)


def test_create_contacts_must_be_boolean(api: httpx.Client) -> None:
    body = {"records": [{}], "event_key": "expo-2025", "create_contacts": "perhaps"}
    response = api.post("/api/v1/bulk-import/participants", json=body)
    assert response.status_code == 422
    assert "create_contacts" in response.json()["errors"]


@pytest.mark.parametrize("value", [True, "true", 1, "1"])
def test_skip_on_error_accepts_boolean_spellings(api: httpx.Client, value: Any) -> None:
    response = bulk(api, "contacts", [{"email": "x@example.com"}], skip_on_error=value)
    assert response.status_code == 200
