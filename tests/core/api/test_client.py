"""The API client against a small real HTTP server on 127.0.0.1 serving canned PlanDocket answers.

No httpx internals are mocked: every answer travels over a real socket, so status codes,
headers, dropped connections and timeouts are what a real server would produce.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import secrets
import socket
import ssl
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from plandocket_desktop import __version__
from plandocket_desktop.core import errors
from plandocket_desktop.core.api import _bulk_result as bulk_result
from plandocket_desktop.core.api import _client as client
from plandocket_desktop.core.api import _events as events_module
from plandocket_desktop.core.api import _http_errors as http_errors
from plandocket_desktop.core.api import _scopes as scopes
from plandocket_desktop.core.api import _tenant as tenant
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Outcome, Target

# --- a canned PlanDocket on a real socket ---------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-able, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Route = Reply | Callable[[Seen], Reply]


class FakePlandocket:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Route] = {}
        self.seen: list[Seen] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                seen = Seen(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                fake.seen.append(seen)
                route = fake.routes.get((self.command, parts.path))
                if route is None:
                    reply = Reply(404, {"error": "Not found"})
                elif callable(route):
                    reply = route(seen)
                else:
                    reply = route
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    return
                if isinstance(reply.body, bytes):
                    payload = reply.body
                    content_type = "text/html"
                elif reply.body is None:
                    payload = b""
                    content_type = "application/json"
                else:
                    payload = json.dumps(reply.body).encode()
                    content_type = "application/json"
                self.send_response(reply.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                # The client may have given up waiting (the timeout tests).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def on(self, method: str, path: str, route: Route) -> None:
        self.routes[(method, "/api/v1" + path)] = route

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake() -> Iterator[FakePlandocket]:
    server = FakePlandocket()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def key() -> str:
    """A distinctive key, made at run time, that must never show up anywhere."""
    return "pd_live_" + secrets.token_hex(20)


@pytest.fixture
def api(fake: FakePlandocket, key: str) -> Iterator[client.PlandocketClient]:
    with client.PlandocketClient(fake.base_url, key, timeout=5.0) as c:
        yield c


CONTACTS = ImportOptions()
PARTICIPANTS = ImportOptions(target=Target.PARTICIPANTS, event_key="expo-2025")


def people(n: int) -> list[dict[str, Any]]:
    return [
        {"email": f"Person{i}@Example.com", "first_name": f"P{i}", "customer_number": f"K{i:03}"}
        for i in range(n)
    ]


# --- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        pytest.param("acme", "https://acme.plandocket.com", id="name"),
        pytest.param("  Acme ", "https://acme.plandocket.com", id="name-spaces-case"),
        pytest.param("acme.plandocket.com", "https://acme.plandocket.com", id="host"),
        pytest.param("https://acme.plandocket.com", "https://acme.plandocket.com", id="url"),
        pytest.param("https://acme.plandocket.com/", "https://acme.plandocket.com", id="slash"),
        pytest.param(
            "https://acme.plandocket.com/admin/contacts?page=2#top",
            "https://acme.plandocket.com",
            id="url-with-path",
        ),
        pytest.param("HTTPS://ACME.PlanDocket.com", "https://acme.plandocket.com", id="upper"),
        pytest.param("https://acme.plandocket.com:443", "https://acme.plandocket.com", id="443"),
        pytest.param(
            "https://pd.example.org:8443/x", "https://pd.example.org:8443", id="own-domain-port"
        ),
        pytest.param("http://127.0.0.1:8765", "http://127.0.0.1:8765", id="sandbox"),
        pytest.param("127.0.0.1:8765", "http://127.0.0.1:8765", id="sandbox-no-scheme"),
        pytest.param("http://127.9.8.7/", "http://127.9.8.7", id="loopback-net"),
        pytest.param("http://localhost:8765/api/v1", "http://localhost:8765", id="localhost"),
        pytest.param("http://[::1]:8765", "http://[::1]:8765", id="ipv6-loopback"),
        pytest.param("https://127.0.0.1:8765", "https://127.0.0.1:8765", id="https-loopback"),
    ],
)
def test_base_url_accepts_what_people_type(typed, origin):
    assert client.base_url_for(typed) == origin


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        pytest.param("http://acme.plandocket.com", "secure connection", id="http-remote"),
        pytest.param("http://10.0.0.5:8765", "secure connection", id="http-lan"),
        pytest.param("http://localhost.evil.example", "secure connection", id="fake-localhost"),
        pytest.param("ftp://acme.plandocket.com", "https://", id="ftp"),
        pytest.param("", "Enter your PlanDocket address", id="empty"),
        pytest.param("acme plandocket", "not a valid", id="space"),
        pytest.param("https://acme.plandocket.com:99999", "port", id="bad-port"),
        pytest.param("https://a..b.com", "not a valid", id="double-dot"),
    ],
)
def test_base_url_refuses_with_a_sentence(typed, words):
    with pytest.raises(errors.ConfigurationError, match=words):
        client.base_url_for(typed)


def test_credentials_in_the_address_are_refused_without_echoing_them():
    with pytest.raises(errors.ConfigurationError) as info:
        client.base_url_for("https://me:s3cr3t-value@acme.plandocket.com")
    assert "s3cr3t-value" not in str(info.value)


def test_host_for_gives_the_keyring_user_name():
    assert client.host_for("https://ACME.plandocket.com/x") == "acme.plandocket.com"


# --- the client object ----------------------------------------------------------------------


def test_requests_carry_bearer_key_and_user_agent_but_no_key_in_url(fake, api, key):
    fake.on("GET", "/events", Reply(200, {"data": []}))
    api.list_events()

    request = fake.seen[-1]
    assert request.headers["authorization"] == f"Bearer {key}"
    assert request.headers["user-agent"] == f"PlanDocket-Desktop-Importer/{__version__}"
    assert key not in request.path
    assert key not in json.dumps(request.query)


def test_repr_never_shows_the_key(api, key):
    assert key not in repr(api)
    assert "127.0.0.1" in repr(api)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("pd_live_abc def", id="space"),
        pytest.param("pd_live_abcé", id="non-ascii"),
    ],
)
def test_unusable_keys_are_refused_without_echoing_them(bad):
    with pytest.raises(errors.ConfigurationError) as info:
        client.PlandocketClient("acme", bad)
    if bad.strip():
        assert bad not in str(info.value)


def test_key_with_surrounding_whitespace_is_trimmed(fake, key):
    fake.on("GET", "/events", Reply(200, []))
    with client.PlandocketClient(fake.base_url, f"  {key}\n") as api:
        api.list_events()
    assert fake.seen[-1].headers["authorization"] == f"Bearer {key}"


def test_close_ends_the_pool(fake, key):
    api = client.PlandocketClient(fake.base_url, key)
    api.close()
    with pytest.raises(RuntimeError):
        api._http.get("/events")


# --- connection check -----------------------------------------------------------------------


def allow_all(fake: FakePlandocket) -> None:
    fake.on("GET", "/events", Reply(200, {"data": []}))
    fake.on("GET", "/contacts", Reply(200, {"data": [], "meta": {"total": 0}}))
    fake.on("GET", "/participants", Reply(404, {"error": "Event not found"}))


def test_connection_check_with_every_scope(fake, api):
    allow_all(fake)
    check = api.check_connection()

    assert check.scopes == {"contacts", "participants", "events"}
    assert check.missing == ()
    assert check.ok
    assert check.message == (
        "Connected. This key can import contacts and participants and list events."
    )
    probes = {s.path: s.query for s in fake.seen}
    assert probes["/api/v1/events"] == {"per_page": ["1"]}
    assert probes["/api/v1/contacts"] == {"per_page": ["1"]}
    assert probes["/api/v1/participants"] == {"event_key": [client.PROBE_EVENT_KEY]}


def test_connection_check_names_a_missing_scope(fake, api):
    allow_all(fake)
    fake.on("GET", "/participants", Reply(403, {"error": "Missing scope: participants"}))
    check = api.check_connection()

    assert check.missing == ("participants",)
    assert check.scopes == {"contacts", "events"}
    assert check.message == (
        "Connected, but this key cannot import participants (it lacks the 'participants' "
        "permission). Ask your PlanDocket administrator to add it under Settings > API."
    )


def test_connection_check_names_several_missing_scopes(fake, api):
    allow_all(fake)
    fake.on("GET", "/participants", Reply(403, {"error": "Forbidden"}))
    fake.on("GET", "/events", Reply(403, {"error": "Forbidden"}))
    check = api.check_connection()

    assert check.missing == ("participants", "events")
    assert "cannot import participants or list events" in check.message
    assert "'participants' and 'events' permissions" in check.message
    assert "add them" in check.message


def test_connection_check_with_no_scope_at_all(fake, api):
    for path in ("/events", "/contacts", "/participants"):
        fake.on("GET", path, Reply(403, {"error": "Forbidden"}))
    check = api.check_connection()
    assert check.scopes == frozenset()
    assert "can do nothing this program needs" in check.message


@pytest.mark.parametrize("status", [200, 404, 422, 400])
def test_any_answer_but_403_means_the_participants_scope_is_there(fake, api, status):
    allow_all(fake)
    fake.on("GET", "/participants", Reply(status, {"error": "whatever"}))
    assert "participants" in api.check_connection().scopes


def test_connection_check_with_a_wrong_key(fake, api):
    for path in ("/events", "/contacts", "/participants"):
        fake.on("GET", path, Reply(401, {"error": "Unauthenticated"}))
    with pytest.raises(errors.AuthenticationError) as info:
        api.check_connection()
    assert str(info.value).startswith(
        "PlanDocket did not accept this API key. Check that you copied the whole key"
    )
    assert info.value.status_code == 401


def test_connection_check_on_a_server_that_is_not_plandocket(fake, api):
    with pytest.raises(errors.NotFoundError, match="does not look like PlanDocket"):
        api.check_connection()


# --- events ---------------------------------------------------------------------------------

EXPO = {
    "id": 7,
    "event_key": "expo-2025",
    "title": "Expo 2025",
    "date_from": "2025-05-01",
    "date_to": "2025-05-03",
    "city": "Berlin",
    "is_visible": True,
}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param([EXPO], id="bare-list"),
        pytest.param({"data": [EXPO]}, id="data"),
        pytest.param({"events": [EXPO]}, id="events"),
        pytest.param({"items": [EXPO]}, id="items"),
        pytest.param({"results": [EXPO], "count": 1}, id="results"),
        pytest.param({"data": {"events": [EXPO]}}, id="nested"),
    ],
)
def test_events_in_any_envelope(fake, api, body):
    fake.on("GET", "/events", Reply(200, body))
    assert api.list_events() == [
        client.Event("expo-2025", "Expo 2025", "2025-05-01", "2025-05-03", "Berlin", True, 7)
    ]


def test_event_fields_are_read_tolerantly(fake, api):
    fake.on(
        "GET",
        "/events",
        Reply(
            200,
            [
                {"event_key": "a", "title": "A", "is_visible": "0", "id": "12", "city": ""},
                {"title": "no key: cannot be picked"},
                {"event_key": "b", "name": "B", "is_visible": 1},
                "junk",
            ],
        ),
    )
    events = api.list_events()
    assert [(e.event_key, e.title, e.is_visible, e.id, e.city) for e in events] == [
        ("a", "A", False, 12, None),
        ("b", "B", True, None, None),
    ]
    assert events[0].label == "A (a)"


def test_event_search_is_sent(fake, api):
    fake.on("GET", "/events", Reply(200, {"data": []}))
    api.list_events(search="expo")
    assert fake.seen[-1].query["search"] == ["expo"]


def paged(pages: list[list[dict[str, Any]]], style: str) -> Callable[[Seen], Reply]:
    def route(seen: Seen) -> Reply:
        page = int(seen.query.get("page", ["1"])[0])
        body: dict[str, Any] = {"data": pages[page - 1]}
        if style == "meta":
            body["meta"] = {"current_page": page, "last_page": len(pages)}
        elif style == "links":
            body["links"] = {
                "next": f"/api/v1/events?page={page + 1}" if page < len(pages) else None
            }
        elif style == "total":
            body["meta"] = {"total": sum(len(p) for p in pages)}
        return Reply(200, body)

    return route


@pytest.mark.parametrize("style", ["meta", "links", "total"])
def test_events_follow_pagination(fake, api, style):
    pages = [[{"event_key": f"e{p}{i}", "title": "x"} for i in range(2)] for p in range(3)]
    fake.on("GET", "/events", paged(pages, style))
    assert [e.event_key for e in api.list_events()] == ["e00", "e01", "e10", "e11", "e20", "e21"]


def test_a_server_that_ignores_the_page_number_does_not_loop(fake, api):
    fake.on("GET", "/events", Reply(200, {"data": [EXPO], "meta": {"last_page": 500}}))
    assert len(api.list_events()) == 1
    assert len(fake.seen) == 2  # the second page brought nothing new


def test_an_unreadable_event_list_is_a_plain_error(fake, api):
    fake.on("GET", "/events", Reply(200, {"what": "is this"}))
    with pytest.raises(errors.ApiError, match="cannot read"):
        api.list_events()


def test_an_html_page_instead_of_json_is_a_plain_error(fake, api):
    fake.on("GET", "/events", Reply(200, b"<html><body>Login</body></html>"))
    with pytest.raises(errors.ApiError, match="not JSON"):
        api.list_events()


# --- bulk import: the request ---------------------------------------------------------------


def counts(n: int, **extra: Any) -> dict[str, Any]:
    return {"total": n, "created": n, "updated": 0, "skipped": 0, "contacts_created": 0, **extra}


@pytest.mark.parametrize("n", [0, 1001])
def test_bulk_import_refuses_empty_and_oversized_batches(fake, api, n):
    with pytest.raises(ValueError, match="record"):
        api.bulk_import(CONTACTS, people(n))
    assert fake.seen == []


def test_participants_need_an_event(fake, api):
    with pytest.raises(errors.ConfigurationError, match="event"):
        api.bulk_import(ImportOptions(target=Target.PARTICIPANTS), people(1))
    assert fake.seen == []


def test_contact_batch_body_and_endpoint(fake, api):
    fake.on("POST", "/bulk-import/contacts", Reply(200, counts(2)))
    options = ImportOptions(
        mode=Mode.UPSERT, match_field=MatchField.CUSTOMER_NUMBER, skip_on_error=False
    )
    records = people(2)
    api.bulk_import(options, records)

    sent = fake.seen[-1]
    assert sent.headers["content-type"] == "application/json"
    assert sent.json() == {
        "records": records,
        "mode": "upsert",
        "match_field": "customer_number",
        "skip_on_error": False,
    }


def test_participant_batch_body_and_endpoint(fake, api):
    fake.on("POST", "/bulk-import/participants", Reply(200, counts(1, contacts_created=1)))
    options = ImportOptions(
        target=Target.PARTICIPANTS, event_key="expo-2025", create_contacts=False
    )
    result = api.bulk_import(options, [{"email": "a@example.com", "is_confirmed": True}])

    assert fake.seen[-1].json() == {
        "records": [{"email": "a@example.com", "is_confirmed": True}],
        "mode": "create",
        "match_field": "email",
        "skip_on_error": True,
        "event_key": "expo-2025",
        "create_contacts": False,
    }
    assert result.contacts_created == 1


def test_records_may_be_any_mapping_in_any_sequence(fake, api):
    fake.on("POST", "/bulk-import/contacts", Reply(200, counts(1)))
    api.bulk_import(CONTACTS, (MappingProxyType({"email": "a@example.com", "tags": ("x",)}),))
    assert fake.seen[-1].json()["records"] == [{"email": "a@example.com", "tags": ["x"]}]


# --- bulk import: every shape of errors / details -------------------------------------------


def run_shape(fake, api, answer, records=None, options=CONTACTS):
    records = records if records is not None else people(4)
    fake.on("POST", f"/bulk-import/{options.target.value}", Reply(200, answer))
    return api.bulk_import(options, records)


def outcomes(result: client.BulkResult) -> list[tuple[int, str, str | None, int | None]]:
    return [(r.index, r.outcome.value, r.message, r.id) for r in result.records]


def test_sandbox_shape_gives_every_record_an_outcome(fake, api):
    result = run_shape(
        fake,
        api,
        {
            "total": 4,
            "created": 2,
            "updated": 0,
            "skipped": 2,
            "contacts_created": 0,
            "errors": [{"index": 2, "error": "Invalid email", "email": "person2@example.com"}],
            "details": [
                {"index": 0, "status": "created", "id": 10},
                {"index": 1, "status": "created", "id": 11},
                {"index": 2, "status": "failed"},
                {"index": 3, "status": "skipped", "id": 5},
            ],
        },
    )
    assert result.per_record
    assert outcomes(result) == [
        (0, "created", None, 10),
        (1, "created", None, 11),
        (2, "failed", "Invalid email", None),
        (3, "skipped", None, 5),
    ]
    assert (result.total, result.created, result.skipped, result.failed) == (4, 2, 2, 1)
    assert result.messages == []


def test_counts_only_leaves_records_absent(fake, api):
    result = run_shape(fake, api, counts(4))
    assert result.records == []
    assert not result.per_record
    assert result.messages == []
    assert result.created == 4


def test_missing_and_textual_counts_are_tolerated(fake, api):
    result = run_shape(fake, api, {"created": "3", "skipped": None})
    assert (result.total, result.created, result.skipped, result.updated) == (4, 3, 0, 0)


def test_error_strings_with_record_numbers_are_one_based(fake, api):
    result = run_shape(fake, api, counts(4, errors=["Record 3: invalid email"]))
    assert outcomes(result) == [(2, "failed", "Record 3: invalid email", None)]
    assert not result.per_record


def test_error_strings_are_zero_based_when_a_record_0_appears(fake, api):
    result = run_shape(fake, api, counts(4, errors=["Record 0: bad", "Record 3: bad"]))
    assert [r.index for r in result.records] == [0, 3]


def test_error_strings_with_index_are_zero_based(fake, api):
    result = run_shape(fake, api, counts(4, errors=["index 3: rating must be 1-5"]))
    assert [r.index for r in result.records] == [3]


def test_error_string_naming_an_email_is_placed_by_it(fake, api):
    result = run_shape(
        fake, api, counts(4, errors=["Contact PERSON1@example.com already exists (row 9)"])
    )
    assert [r.index for r in result.records] == [1]


def test_unplaceable_error_strings_are_kept_as_messages(fake, api):
    result = run_shape(
        fake, api, counts(4, errors=["Something went wrong", "Record 99: out of range", 42])
    )
    assert result.records == []
    assert result.messages == ["Something went wrong", "Record 99: out of range", "42"]


def test_row_objects_are_one_based(fake, api):
    answer = counts(4, errors=[{"row": 1, "message": "bad"}, {"row": 4, "message": "worse"}])
    assert [r.index for r in run_shape(fake, api, answer).records] == [0, 3]


def test_row_objects_are_zero_based_when_a_row_0_appears(fake, api):
    answer = counts(4, errors=[{"row": 0, "error": "bad"}, {"row": 3, "error": "worse"}])
    assert [r.index for r in run_shape(fake, api, answer).records] == [0, 3]


def test_objects_placed_by_email_case_insensitively(fake, api):
    answer = counts(4, errors=[{"email": "PERSON3@EXAMPLE.COM", "error": "exists"}])
    assert outcomes(run_shape(fake, api, answer)) == [(3, "failed", "exists", None)]


def test_objects_placed_by_customer_number(fake, api):
    answer = counts(4, details=[{"customer_number": "K002", "status": "updated", "id": 3}])
    assert outcomes(run_shape(fake, api, answer)) == [(2, "updated", None, 3)]


def test_match_value_wins_over_a_position_that_disagrees(fake, api):
    answer = counts(4, errors=[{"row": 3, "email": "person3@example.com", "error": "x"}])
    assert [r.index for r in run_shape(fake, api, answer).records] == [3]


def test_a_nested_record_object_identifies_the_record(fake, api):
    answer = counts(4, errors=[{"record": {"email": "person0@example.com"}, "errors": ["a", "b"]}])
    assert outcomes(run_shape(fake, api, answer)) == [(0, "failed", "a; b", None)]


def test_field_error_maps_in_an_item_become_readable_text(fake, api):
    answer = counts(4, errors=[{"index": 1, "errors": {"email": ["is invalid"], "rating": "5"}}])
    assert outcomes(run_shape(fake, api, answer)) == [
        (1, "failed", "email: is invalid; rating: 5", None)
    ]


def test_an_email_shared_by_two_records_places_nothing(fake, api):
    records = people(3)
    records[2]["email"] = records[0]["email"].upper()
    answer = counts(3, errors=[{"email": records[0]["email"], "error": "duplicate"}])
    result = run_shape(fake, api, answer, records=records)
    assert result.records == []
    assert result.messages == ["duplicate"]


def test_objects_that_identify_nothing_are_kept_as_messages(fake, api):
    answer = counts(4, errors=[{"error": "Mailbox quota"}, {"index": 17, "error": "far away"}])
    result = run_shape(fake, api, answer)
    assert result.records == []
    assert result.messages == ["Mailbox quota", "far away"]


def test_detail_strings_are_parsed(fake, api):
    answer = counts(
        2, details=["Record 1: created (id 10)", "Record 2: skipped, already exists", "hello"]
    )
    result = run_shape(fake, api, answer, records=people(2))
    assert [(r.index, r.outcome) for r in result.records] == [
        (0, Outcome.CREATED),
        (1, Outcome.SKIPPED),
    ]
    assert result.per_record


def test_detail_and_error_for_the_same_record_merge(fake, api):
    answer = counts(
        1,
        details=[{"index": 0, "result": "error", "id": 4, "message": "rejected"}],
        errors=[{"index": 0, "error": "email invalid"}],
    )
    result = run_shape(fake, api, answer, records=people(1))
    assert outcomes(result) == [(0, "failed", "rejected; email invalid", 4)]


def test_unknown_detail_statuses_place_nothing(fake, api):
    answer = counts(2, details=[{"index": 0, "status": "queued"}, {"index": 1}])
    assert run_shape(fake, api, answer, records=people(2)).records == []


def test_a_field_map_under_errors_becomes_messages(fake, api):
    answer = counts(2, errors={"records.0.email": ["invalid"]})
    result = run_shape(fake, api, answer, records=people(2))
    assert result.records == []
    assert result.messages == ["records.0.email: invalid"]


def test_parse_works_on_a_rejected_batch_body_too():
    body = {"error": "Validation failed", "errors": [{"index": 1, "error": "Invalid email"}]}
    result = client.parse_bulk_result(body, people(3))
    assert outcomes(result) == [(1, "failed", "Invalid email", None)]


# --- error answers --------------------------------------------------------------------------


def post_contacts(fake, api, reply: Reply) -> errors.ApiError:
    fake.on("POST", "/bulk-import/contacts", reply)
    with pytest.raises(errors.ApiError) as info:
        api.bulk_import(CONTACTS, people(2))
    return info.value


def test_401_becomes_authentication_error(fake, api):
    exc = post_contacts(fake, api, Reply(401, {"error": "Unauthenticated"}))
    assert type(exc) is errors.AuthenticationError
    assert exc.status_code == 401
    assert not exc.may_have_been_applied
    assert "did not accept this API key" in str(exc)


@pytest.mark.parametrize(
    ("body", "scopes"),
    [
        pytest.param({"error": "Missing scope: events"}, ("events",), id="named-in-text"),
        pytest.param({"error": "Forbidden"}, ("contacts",), id="endpoint-scope"),
        pytest.param({"error": "no", "required_scope": "contacts"}, ("contacts",), id="field"),
        pytest.param(b"Forbidden", ("contacts",), id="not-json"),
    ],
)
def test_403_becomes_authentication_error_naming_the_scope(fake, api, body, scopes):
    exc = post_contacts(fake, api, Reply(403, body))
    assert isinstance(exc, errors.AuthenticationError)
    assert exc.status_code == 403
    assert exc.missing_scopes == scopes
    assert f"lacks the '{scopes[0]}' permission" in str(exc)
    assert "Settings > API" in str(exc)


def test_404_on_participants_is_event_not_found(fake, api):
    fake.on("POST", "/bulk-import/participants", Reply(404, {"error": "Event not found"}))
    with pytest.raises(errors.EventNotFoundError) as info:
        api.bulk_import(PARTICIPANTS, people(1))
    assert str(info.value).startswith("The event 'expo-2025' does not exist in PlanDocket.")
    assert not info.value.may_have_been_applied


def test_404_elsewhere_is_not_an_event_problem(fake, api):
    exc = post_contacts(fake, api, Reply(404, {"error": "Not found"}))
    assert type(exc) is errors.NotFoundError


def test_422_becomes_rejected_with_the_servers_messages(fake, api):
    body = {"error": "Validation failed", "errors": {"records": ["At most 1000 records"]}}
    exc = post_contacts(fake, api, Reply(422, body))
    assert isinstance(exc, errors.ApiRejectedError)
    assert exc.errors == {"records": ["At most 1000 records"]}
    assert exc.body == body
    assert str(exc) == (
        "PlanDocket rejected the request: Validation failed (records: At most 1000 records)."
    )


def test_422_with_record_errors_lists_them(fake, api):
    body = {"error": "Validation failed", "errors": [{"index": 0, "error": "Invalid email"}]}
    exc = post_contacts(fake, api, Reply(422, body))
    assert isinstance(exc, errors.ApiRejectedError)
    assert exc.errors == {"records": ["record 0: Invalid email"]}
    assert "Invalid email" in str(exc)


def test_400_with_a_text_body(fake, api):
    exc = post_contacts(fake, api, Reply(400, b"Bad JSON"))
    assert isinstance(exc, errors.ApiRejectedError)
    assert exc.status_code == 400
    assert exc.body == "Bad JSON"
    assert str(exc) == "PlanDocket could not understand the request: Bad JSON."


def test_413_says_the_batch_is_too_large(fake, api):
    exc = post_contacts(fake, api, Reply(413, {"error": "Payload too large"}))
    assert isinstance(exc, errors.ApiRejectedError)
    assert "too large" in str(exc)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({"Retry-After": "120"}, 120.0, id="seconds"),
        pytest.param({"Retry-After": "date:300"}, 300.0, id="http-date"),
        pytest.param({"X-RateLimit-Reset": "unix:600"}, 600.0, id="unix-reset"),
        pytest.param({"X-RateLimit-Reset": "30"}, 30.0, id="seconds-reset"),
        pytest.param({"Retry-After": "soon"}, None, id="unreadable"),
        pytest.param({}, None, id="none"),
    ],
)
def test_429_becomes_rate_limited_with_retry_after(fake, api, headers, expected):
    now = time.time()
    for name, value in headers.items():  # times are made now, not when the test was collected
        if value.startswith("date:"):
            headers[name] = email.utils.formatdate(now + float(value[5:]), usegmt=True)
        elif value.startswith("unix:"):
            headers[name] = str(int(now + float(value[5:])))
    exc = post_contacts(fake, api, Reply(429, {"error": "Rate limit exceeded"}, headers))
    assert isinstance(exc, errors.RateLimitedError)
    assert not exc.may_have_been_applied
    if expected is None:
        assert exc.retry_after is None
    else:
        assert exc.retry_after == pytest.approx(expected, abs=3)
    assert "limit" in str(exc)


def test_429_message_says_when(fake, api):
    exc = post_contacts(fake, api, Reply(429, {"error": "x"}, {"Retry-After": "120"}))
    assert "about 2 minutes" in str(exc)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_becomes_server_error_that_may_have_been_applied(fake, api, status):
    exc = post_contacts(fake, api, Reply(status, b"<html>Bad Gateway</html>"))
    assert type(exc) is errors.ServerError
    assert exc.status_code == status
    assert exc.may_have_been_applied
    assert "<html>" not in str(exc)


def test_unexpected_status_is_a_plain_api_error(fake, api):
    exc = post_contacts(fake, api, Reply(405, {"error": "Method not allowed"}))
    assert type(exc) is errors.ApiError
    assert (
        str(exc) == "PlanDocket answered with an unexpected error (HTTP 405): Method not allowed."
    )


def test_a_redirect_is_not_followed(fake, api):
    exc = post_contacts(fake, api, Reply(302, None, {"Location": "https://login.example.com"}))
    assert type(exc) is errors.ApiError
    assert "Check the PlanDocket address" in str(exc)
    assert len(fake.seen) == 1


def test_a_successful_answer_that_is_not_json_may_have_been_applied(fake, api):
    exc = post_contacts(fake, api, Reply(200, b"OK"))
    assert type(exc) is errors.ApiError
    assert exc.may_have_been_applied


# --- network failures -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_nobody_listening_is_a_connection_error_not_applied(key):
    with (
        client.PlandocketClient(f"http://127.0.0.1:{free_port()}", key, timeout=2) as api,
        pytest.raises(errors.ApiConnectionError) as info,
    ):
        api.bulk_import(CONTACTS, people(1))
    assert not info.value.may_have_been_applied
    assert str(info.value).startswith("Cannot reach the server 127.0.0.1.")
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_a_slow_answer_is_a_timeout_that_may_have_been_applied(fake, key):
    fake.on("POST", "/bulk-import/contacts", Reply(200, counts(1), delay=1.0))
    with (
        client.PlandocketClient(fake.base_url, key, timeout=0.2) as api,
        pytest.raises(errors.ApiConnectionError) as info,
    ):
        api.bulk_import(CONTACTS, people(1))
    assert info.value.may_have_been_applied
    assert "did not answer within 0.2 seconds" in str(info.value)


def test_a_damaged_answer_may_have_been_applied(fake, api):
    fake.on("POST", "/bulk-import/contacts", Reply(200, b"not gzip", {"Content-Encoding": "gzip"}))
    with pytest.raises(errors.ApiConnectionError) as info:
        api.bulk_import(CONTACTS, people(1))
    assert info.value.may_have_been_applied
    assert "damaged" in str(info.value)


def test_a_dropped_connection_may_have_been_applied(fake, api):
    fake.on("POST", "/bulk-import/contacts", Reply(drop=True))
    with pytest.raises(errors.ApiConnectionError) as info:
        api.bulk_import(CONTACTS, people(1))
    assert info.value.may_have_been_applied
    assert "closed before PlanDocket answered" in str(info.value)


# --- key hygiene ----------------------------------------------------------------------------


def everything_said(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)) + repr(exc) + repr(exc.__cause__)


def test_the_key_is_in_no_exception_and_no_log_line(fake, key, caplog):
    caplog.set_level(logging.DEBUG)  # root: ours, httpx and httpcore at their most talkative
    fake.on("GET", "/events", Reply(401, {"error": f"Invalid key {key}"}))  # a server echoing it
    fake.on("GET", "/contacts", Reply(403, {"error": f"Key {key} lacks scope contacts"}))
    fake.on("POST", "/bulk-import/contacts", Reply(422, {"error": "bad", "errors": {"k": [key]}}))
    fake.on("POST", "/bulk-import/participants", Reply(200, counts(1), delay=1.0))
    raised: list[BaseException] = []
    with client.PlandocketClient(fake.base_url, key, timeout=0.3) as api:
        for call in (
            api.check_connection,
            api.list_events,
            lambda: api.bulk_import(CONTACTS, people(1)),
            lambda: api.bulk_import(PARTICIPANTS, people(1)),
        ):
            with pytest.raises(errors.ApiError) as info:
                call()
            raised.append(info.value)
        missing = api._http.get("/contacts")  # a raw 403 through httpx's own logging
        assert missing.status_code == 403
    with (
        client.PlandocketClient(f"http://127.0.0.1:{free_port()}", key) as api,
        pytest.raises(errors.ApiConnectionError) as info,
    ):
        api.list_events()
    raised.append(info.value)

    assert [type(e).__name__ for e in raised] == [
        "AuthenticationError",
        "AuthenticationError",
        "ApiRejectedError",
        "ApiConnectionError",
        "ApiConnectionError",
    ]
    for exc in raised:
        assert key not in everything_said(exc)
    assert key not in str(raised[2].errors)
    assert key not in repr(raised[2].body)  # type: ignore[attr-defined]
    loggers = {r.name for r in caplog.records}
    assert {"httpx", "httpcore.connection", "httpcore.http11"} <= loggers  # logging was on
    for record in caplog.records:
        assert key not in record.getMessage()
    assert key not in caplog.text


def test_a_full_batch_of_1000_travels_in_one_request_and_comes_back_per_record(fake, api):
    # How long the client's own work takes is measured by tests/benchmarks/client_overhead.py.
    records = people(1000)
    details = [{"index": i, "status": "created", "id": 500 + i} for i in range(1000)]
    fake.on("POST", "/bulk-import/contacts", Reply(200, counts(1000, details=details)))
    result = api.bulk_import(CONTACTS, records)
    assert len(fake.seen) == 1
    assert fake.seen[0].json()["records"] == records
    assert result.per_record
    assert [(r.index, r.outcome, r.id) for r in result.records] == [
        (i, Outcome.CREATED, 500 + i) for i in range(1000)
    ]


def test_a_transport_can_be_passed_in(key):
    """Collaborators are passed in: an httpx transport replaces the network (here a mock)."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": [EXPO]})

    with client.PlandocketClient("acme", key, transport=httpx.MockTransport(handler)) as api:
        events = api.list_events()
    assert [e.event_key for e in events] == ["expo-2025"]
    assert str(seen[0].url).startswith("https://acme.plandocket.com/api/v1/events")
    assert seen[0].headers["authorization"] == f"Bearer {key}"


# --- the split modules ------------------------------------------------------------------


def test_names_that_moved_are_still_importable_from_client():
    assert client.base_url_for is tenant.base_url_for
    assert client.host_for is tenant.host_for
    assert client.Event is events_module.Event
    assert client.BulkResult is bulk_result.BulkResult
    assert client.RecordResult is bulk_result.RecordResult
    assert client.parse_bulk_result is bulk_result.parse_bulk_result
    assert client.SCOPES is scopes.SCOPES
    assert client.SETTINGS_HINT is scopes.SETTINGS_HINT
    for name in client.__all__:
        assert hasattr(client, name), name


def _certificate_failure() -> httpx.ConnectError:
    exc = httpx.ConnectError("handshake failed")
    exc.__cause__ = ssl.SSLCertVerificationError("CERTIFICATE_VERIFY_FAILED")
    return exc


@pytest.mark.parametrize(
    ("exc", "words", "applied"),
    [
        pytest.param(httpx.ConnectTimeout("t"), "did not accept a connection", False, id="connect"),
        pytest.param(_certificate_failure(), "certificate could not be verified", False, id="cert"),
        pytest.param(httpx.ConnectError("c"), "Check the address and your", False, id="ce"),
        pytest.param(httpx.PoolTimeout("p"), "no connection became free", False, id="pool"),
        pytest.param(httpx.ReadTimeout("r"), "did not answer within 2.5 seconds", True, id="read"),
        pytest.param(httpx.WriteTimeout("w"), "did not answer within 2.5 seconds", True, id="wt"),
        pytest.param(httpx.RemoteProtocolError("x"), "was closed before", True, id="remote"),
        pytest.param(httpx.ReadError("x"), "was closed before", True, id="read-error"),
        pytest.param(httpx.ProxyError("x"), "(ProxyError)", False, id="proxy"),
        pytest.param(httpx.DecodingError("x"), "arrived damaged", True, id="decoding"),
        pytest.param(
            httpx.TooManyRedirects("x", request=httpx.Request("GET", "https://h/")),
            "failed (TooManyRedirects)",
            True,
            id="other",
        ),
    ],
)
def test_each_httpx_request_error_becomes_a_connection_error(exc, words, applied):
    with (
        pytest.raises(errors.ApiConnectionError) as caught,
        http_errors.network_errors("acme.plandocket.com", 2.5),
    ):
        raise exc
    assert words in str(caught.value)
    assert "acme.plandocket.com" in str(caught.value)
    assert caught.value.may_have_been_applied is applied
    assert ("may still have been carried out" in str(caught.value)) is applied
    assert caught.value.__cause__ is exc


def test_errors_that_are_not_httpx_request_errors_pass_through():
    with (
        pytest.raises(ValueError, match="ours"),
        http_errors.network_errors("acme.plandocket.com", 2.5),
    ):
        raise ValueError("ours")


@pytest.mark.parametrize(
    ("missing", "pronoun"),
    [
        pytest.param(("participants",), "add it", id="one"),
        pytest.param(("contacts", "participants"), "add them", id="two"),
    ],
)
def test_a_refusal_asks_the_administrator_for_each_missing_permission(missing, pronoun):
    from plandocket_desktop.core.api import _scopes as scopes

    assert pronoun in scopes.refused_message(missing)
    assert pronoun in scopes.connection_message(missing)
