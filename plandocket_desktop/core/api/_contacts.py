"""The contacts and participants resources: reading lists page by page, single contacts, deleting.

PlanDocket does not document how its lists are paged. ``ListPage`` reads whatever an answer
says (``meta.last_page``, ``meta.total``, ``links.next``, or nothing) and the iterators stop
safely: when no next page is named, when a page brings no contact not seen before (a server
that ignores ``page``), and after ``MAX_PAGES`` pages at most. An answer without any paging
facts is followed to the next page only while pages come back full.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from plandocket_desktop.core import errors
from plandocket_desktop.core.api import _events as events_module
from plandocket_desktop.core.api import _json_values as json_values
from plandocket_desktop.i18n import N_, _

if TYPE_CHECKING:
    from plandocket_desktop.core.api._client import PlandocketClient

PER_PAGE: Final = 100  # the most the documented servers accept
MAX_PAGES: Final = 20_000  # 2M contacts: a runaway server stops here
FIND_PAGES: Final = 3  # a search for one match value reads at most this many pages

_NOT_JSON: Final = N_(
    "The server at {host} did not answer like PlanDocket does when asked for contacts or "
    "participants (its answer is not JSON). Check the address."
)
_UNREADABLE: Final = N_(
    "The server at {host} sent a list of contacts or participants this program cannot read. "
    "Check the address."
)

T = TypeVar("T")

# Reads one page when called: ``call(lambda: fetch(n))``, e.g. a retry rule around each page.
PageCall = Callable[[Callable[[], Any]], Any]


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact as PlanDocket returned it: ``values`` holds the contact fields as sent
    (text or None, ``rating``, ``category_keys``, ``event_keys``…)."""

    id: int
    values: Mapping[str, Any] = field(default_factory=dict)
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def email(self) -> str | None:
        return json_values.str_of(self.values.get("email"))

    @property
    def customer_number(self) -> str | None:
        return json_values.str_of(self.values.get("customer_number"))

    def match_key(self, match_field: str) -> str | None:
        """The contact's match value as compared (e-mail addresses ignore case)."""
        return match_key(self.values.get(match_field), match_field)

    @property
    def created(self) -> dt.datetime | None:
        return parse_time(self.created_at)

    @property
    def updated(self) -> dt.datetime | None:
        return parse_time(self.updated_at)


@dataclass(frozen=True, slots=True)
class Participation:
    """A person's participation in an event (``DELETE /participants/{id}`` removes it)."""

    id: int
    event_id: int | None = None
    contact_id: int | None = None
    is_confirmed: bool | None = None
    email: str | None = None
    customer_number: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    def match_key(self, match_field: str) -> str | None:
        value = self.email if match_field == "email" else self.customer_number
        return match_key(value, match_field)


@dataclass(frozen=True, slots=True)
class ListPage(Generic[T]):
    """One page of a list and what the answer said about the rest.

    ``next_page`` None: this was the last page (or the server did not say and the page was
    not full). ``total``/``last_page``: None when the server did not say.
    """

    items: list[T]
    page: int
    per_page: int
    next_page: int | None
    total: int | None = None
    last_page: int | None = None

    def pages_needed(self) -> int | None:
        """How many pages the whole list takes, when the answer tells (or this is all)."""
        if self.last_page is not None:
            return max(1, self.last_page)
        if self.total is not None:
            return max(1, math.ceil(self.total / max(1, len(self.items) or self.per_page)))
        if self.next_page is None:
            return self.page
        return None


def match_key(value: Any, match_field: str) -> str | None:
    """A match value as PlanDocket compares it: trimmed; e-mail addresses in lower case."""
    text = json_values.str_of(value)
    if text is None:
        return None
    return text.lower() if match_field == "email" else text


def parse_time(text: str | None) -> dt.datetime | None:
    """A timestamp as an aware datetime (UTC when it names no zone); None if it is not one."""
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def contact_from(item: Any) -> Contact | None:
    """A ``Contact`` from one item of an answer; None when it has no id."""
    if isinstance(item, Mapping) and isinstance(item.get("data"), Mapping):
        item = item["data"]
    if not isinstance(item, Mapping):
        return None
    contact_id = json_values.int_of(item.get("id"))
    if contact_id is None:
        return None
    values = {k: v for k, v in item.items() if k not in ("id", "created_at", "updated_at")}
    return Contact(
        id=contact_id,
        values=values,
        created_at=json_values.str_of(item.get("created_at")),
        updated_at=json_values.str_of(item.get("updated_at")),
    )


def participation_from(item: Any) -> Participation | None:
    """A ``Participation`` from one item; the contact's match values flat or under ``contact``."""
    if not isinstance(item, Mapping):
        return None
    participation_id = json_values.int_of(item.get("id"))
    if participation_id is None:
        return None
    contact = item.get("contact")
    person: Mapping[str, Any] = contact if isinstance(contact, Mapping) else item
    contact_id = json_values.int_of(item.get("contact_id"))
    if contact_id is None and person is not item:
        contact_id = json_values.int_of(person.get("id"))
    return Participation(
        id=participation_id,
        event_id=json_values.int_of(item.get("event_id")),
        contact_id=contact_id,
        is_confirmed=json_values.bool_of(item.get("is_confirmed")),
        email=json_values.str_of(person.get("email")),
        customer_number=json_values.str_of(person.get("customer_number")),
        created_at=json_values.str_of(item.get("created_at")),
        updated_at=json_values.str_of(item.get("updated_at")),
    )


def _page_of(
    client: PlandocketClient,
    path: str,
    params: Mapping[str, Any],
    page: int,
    per_page: int,
    scope: str,
    parse: Callable[[Any], T | None],
    event_key: str | None = None,
) -> ListPage[T]:
    query = {k: v for k, v in params.items() if v is not None}
    response = client._send("GET", path, params={**query, "page": page, "per_page": per_page})
    client._raise_for_status(response, scope=scope, event_key=event_key)
    body = client._json(response, _NOT_JSON)
    raw = _list_in(body)
    if raw is None:
        raise errors.ApiError(
            _(_UNREADABLE).format(host=client.host), status_code=response.status_code
        )
    items = [parsed for parsed in map(parse, raw) if parsed is not None]
    meta: Any = body.get("meta") if isinstance(body, Mapping) else None
    if not isinstance(meta, Mapping):
        meta = body if isinstance(body, Mapping) else {}
    total = json_values.int_of(meta.get("total"))
    last = json_values.int_of(meta.get("last_page") or meta.get("total_pages") or meta.get("pages"))
    told = isinstance(body, Mapping) and (
        isinstance(body.get("links"), Mapping) or total is not None or last is not None
    )
    have = (page - 1) * per_page + len(raw)
    if told:
        next_page = events_module.next_page(body, page, have)
    else:  # nothing said: a full page may have a next one
        next_page = page + 1 if len(raw) >= per_page else None
    if not raw:
        next_page = None
    return ListPage(items, page, per_page, next_page, total, last)


def _list_in(body: Any) -> list[Any] | None:
    if isinstance(body, Mapping):
        for key in ("contacts", "participants"):
            if isinstance(body.get(key), list):
                return body[key]  # type: ignore[no-any-return]
    return events_module.list_in(body)


def _iterate(
    fetch: Callable[[int], ListPage[T]],
    key: Callable[[T], int],
    first: ListPage[T] | None,
    on_page: Callable[[ListPage[T]], None] | None,
    max_pages: int,
    call: PageCall | None = None,
) -> Iterator[T]:
    if call is not None:  # each page read through the caller's wrapper (e.g. retries)
        plain = fetch

        def fetch(number: int) -> ListPage[T]:
            return call(lambda: plain(number))  # type: ignore[no-any-return]

    seen: set[int] = set()
    page = first or fetch(1)
    for count in range(1, max_pages + 1):
        if on_page is not None:
            on_page(page)
        fresh = [item for item in page.items if key(item) not in seen]
        seen.update(key(item) for item in fresh)
        yield from fresh
        if not fresh or page.next_page is None or page.next_page <= page.page:
            return
        if count < max_pages:
            page = fetch(page.next_page)


def contacts_page(
    client: PlandocketClient,
    page: int = 1,
    *,
    per_page: int = PER_PAGE,
    search: str | None = None,
    category_key: str | None = None,
    event_key: str | None = None,
    customer_number: str | None = None,
    sort: str | None = None,
    order: str | None = None,
) -> ListPage[Contact]:
    """One page of ``GET /contacts`` (scope ``contacts``)."""
    params = {
        "search": search,
        "category_key": category_key,
        "event_key": event_key,
        "customer_number": customer_number,
        "sort": sort,
        "order": order,
    }
    return _page_of(client, "/contacts", params, page, per_page, "contacts", contact_from)


def iter_contacts(
    client: PlandocketClient,
    search: str | None = None,
    *,
    per_page: int = PER_PAGE,
    first_page: ListPage[Contact] | None = None,
    on_page: Callable[[ListPage[Contact]], None] | None = None,
    max_pages: int = MAX_PAGES,
    call: PageCall | None = None,
    **filters: str | None,
) -> Iterator[Contact]:
    """Every contact of a listing (``filters``: category_key, event_key, customer_number, sort,
    order), page by page, each once. ``first_page``: page 1 already read (e.g. to estimate the
    cost); ``on_page`` is called with each page as it arrives; ``call`` wraps each page's read."""

    def fetch(number: int) -> ListPage[Contact]:
        return contacts_page(client, number, per_page=per_page, search=search, **filters)

    return _iterate(fetch, lambda c: c.id, first_page, on_page, max_pages, call)


def find_contacts(
    client: PlandocketClient, search: str, *, max_pages: int = FIND_PAGES
) -> list[Contact]:
    """The contacts a ``search`` finds (PlanDocket searches names, e-mail, company, customer
    number: compare the match value yourself), reading at most ``max_pages`` pages."""
    return list(iter_contacts(client, search, max_pages=max_pages))


def get_contact(client: PlandocketClient, contact_id: int) -> Contact | None:
    """``GET /contacts/{id}``; None when there is no such contact (404)."""
    response = client._send("GET", f"/contacts/{int(contact_id)}")
    if response.status_code == 404:
        return None
    client._raise_for_status(response, scope="contacts")
    return _one_contact(client, response.status_code, client._json(response, _NOT_JSON))


def create_contact(client: PlandocketClient, fields: Mapping[str, Any]) -> Contact:
    """``POST /contacts`` with ``fields``; the contact as created."""
    response = client._send("POST", "/contacts", json=dict(fields))
    client._raise_for_status(response, scope="contacts", applied_if_unclear=True)
    return _one_contact(client, response.status_code, client._json(response, _NOT_JSON))


def update_contact(
    client: PlandocketClient, contact_id: int, fields: Mapping[str, Any]
) -> Contact | None:
    """``PATCH /contacts/{id}``: only ``fields`` change (None clears one). None on 404."""
    response = client._send("PATCH", f"/contacts/{int(contact_id)}", json=dict(fields))
    if response.status_code == 404:
        return None
    client._raise_for_status(response, scope="contacts", applied_if_unclear=True)
    if not response.content:
        return get_contact(client, contact_id)
    return _one_contact(client, response.status_code, client._json(response, _NOT_JSON))


def delete_contact(client: PlandocketClient, contact_id: int) -> bool:
    """``DELETE /contacts/{id}``: True when deleted now, False when it was already gone (404)."""
    response = client._send("DELETE", f"/contacts/{int(contact_id)}")
    if response.status_code == 404:
        return False
    client._raise_for_status(response, scope="contacts", applied_if_unclear=True)
    return True


def participants_page(
    client: PlandocketClient, event_key: str, page: int = 1, *, per_page: int = PER_PAGE
) -> ListPage[Participation]:
    """One page of ``GET /participants?event_key=`` (scope ``participants``)."""
    params = {"event_key": event_key, "include": "contact"}
    return _page_of(
        client,
        "/participants",
        params,
        page,
        per_page,
        "participants",
        participation_from,
        event_key=event_key,
    )


def iter_participants(
    client: PlandocketClient,
    event_key: str,
    *,
    per_page: int = PER_PAGE,
    first_page: ListPage[Participation] | None = None,
    on_page: Callable[[ListPage[Participation]], None] | None = None,
    max_pages: int = MAX_PAGES,
    call: PageCall | None = None,
) -> Iterator[Participation]:
    """Every participation of the event, page by page, each once."""

    def fetch(number: int) -> ListPage[Participation]:
        return participants_page(client, event_key, number, per_page=per_page)

    return _iterate(fetch, lambda p: p.id, first_page, on_page, max_pages, call)


def delete_participant(client: PlandocketClient, participant_id: int) -> bool:
    """``DELETE /participants/{id}`` (the contact stays): False when it was already gone."""
    response = client._send("DELETE", f"/participants/{int(participant_id)}")
    if response.status_code == 404:
        return False
    client._raise_for_status(response, scope="participants", applied_if_unclear=True)
    return True


def _one_contact(client: PlandocketClient, status: int, body: Any) -> Contact:
    contact = contact_from(body)
    if contact is None:
        raise errors.ApiError(_(_UNREADABLE).format(host=client.host), status_code=status)
    return contact
