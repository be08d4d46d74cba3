"""The PlanDocket REST API client: one httpx connection pool, typed results, plain-language errors.

Nothing here retries: a failed call raises one of the errors of ``core.errors`` and the import
engine decides what to do. The API key only ever travels in the ``Authorization`` header; it is
never put in a URL, a log line, an exception text or a repr. (httpx logs URLs only; httpcore's
DEBUG trace names request objects and response headers, never request headers: the key-hygiene
tests capture both at DEBUG.) A server that echoes the key gets it blanked in our messages.

The parts live beside it and are re-exported here, so ``client.<name>`` keeps working:
``tenant`` (addresses), ``events``, ``bulk_result`` (parsing an import answer), ``scopes``
and ``http_errors`` (statuses and network failures to our errors).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final
from urllib.parse import urlsplit

import httpx
import orjson
from typing_extensions import override

from plandocket_desktop import __version__
from plandocket_desktop.core import errors
from plandocket_desktop.core.api import _bulk_result as bulk_result
from plandocket_desktop.core.api import _contacts as contacts
from plandocket_desktop.core.api import _events as events_module
from plandocket_desktop.core.api import _http_errors as http_errors
from plandocket_desktop.core.api import _network as network
from plandocket_desktop.core.api import _scopes as scopes
from plandocket_desktop.core.api._bulk_result import BulkResult, RecordResult, parse_bulk_result
from plandocket_desktop.core.api._events import Event
from plandocket_desktop.core.api._rate_limit import RateLimit, rate_limit_of
from plandocket_desktop.core.api._scopes import SCOPES, SETTINGS_HINT
from plandocket_desktop.core.api._tenant import base_url_for, host_for
from plandocket_desktop.core.types import ImportOptions, Target
from plandocket_desktop.i18n import N_, _

__all__ = [
    "API_PREFIX",
    "MAX_EVENT_PAGES",
    "MAX_RECORDS",
    "PROBE_EVENT_KEY",
    "SCOPES",
    "SETTINGS_HINT",
    "USER_AGENT",
    "BulkResult",
    "ConnectionCheck",
    "Event",
    "PlandocketClient",
    "RecordResult",
    "base_url_for",
    "host_for",
    "parse_bulk_result",
]

log = logging.getLogger(__name__)

API_PREFIX: Final = "/api/v1"
USER_AGENT: Final = f"PlanDocket-Desktop-Importer/{__version__}"

# An answer that is not JSON, by what was asked for; ``{host}`` is the tenant's host.
_NOT_JSON_EVENTS: Final = N_(
    "The server at {host} did not answer like PlanDocket does when asked for the list of "
    "events (its answer is not JSON). Check the address."
)
_NOT_JSON_IMPORT: Final = N_(
    "The server at {host} did not answer like PlanDocket does when asked for the import "
    "result (its answer is not JSON). Check the address. The records may have been imported."
)
MAX_RECORDS: Final = 1000
PROBE_EVENT_KEY: Final = "plandocket-desktop-connection-check"
MAX_EVENT_PAGES: Final = 50

_KEY_CHARS = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII without spaces: a header value


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    """Which of the scopes this importer needs the key has, and a sentence saying so."""

    scopes: frozenset[str]
    missing: tuple[str, ...]
    message: str

    @property
    def ok(self) -> bool:
        """True when nothing is missing."""
        return not self.missing


class PlandocketClient:
    """One connection to one tenant, with one key. Use it as a context manager.

    Args:
        tenant: as the user typed it (see ``base_url_for``).
        api_key: sent as ``Authorization: Bearer``; never shown anywhere.
        transport: an httpx transport (tests); None for the real network.
        timeout: seconds for each network step of one call (connecting waits at most 10 s).
    """

    def __init__(
        self,
        tenant: str,
        api_key: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.base_url = base_url_for(tenant)
        self.host = urlsplit(self.base_url).hostname or ""
        key = api_key.strip()
        if not key:
            raise errors.ConfigurationError(
                _("Enter the API key from PlanDocket (Settings > API).")
            )
        if not _KEY_CHARS.match(key):
            raise errors.ConfigurationError(
                _(
                    "The API key contains spaces or characters an API key cannot have. "
                    "Copy it again from PlanDocket (Settings > API)."
                )
            )
        self._key = key
        self.timeout = timeout
        self.proxy = network.proxy_for(self.base_url)
        # The last X-RateLimit-* headers PlanDocket sent (None until it sends them).
        self.rate_limit: RateLimit | None = None
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            headers={
                "Authorization": f"Bearer {key}",
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            # The OS trust store (a company's TLS-inspecting proxy works) and the OS proxy,
            # looked up in one place (_network); never trust_env's second guess.
            verify=network.ssl_context(),
            proxy=self.proxy if transport is None else None,
            trust_env=False,
            follow_redirects=False,
        )

    @override
    def __repr__(self) -> str:
        return f"PlandocketClient(base_url={self.base_url!r})"

    def __enter__(self) -> PlandocketClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    # --- calls ------------------------------------------------------------------------------

    def check_connection(self) -> ConnectionCheck:
        """Probe the three scopes (there is no who-am-I endpoint) and say what the key can do.

        Raises:
            AuthenticationError: the key is not accepted at all (401).
            ApiError: the server cannot be reached or is not PlanDocket.
        """
        probes = {
            "events": ("/events", {"per_page": 1}),
            "contacts": ("/contacts", {"per_page": 1}),
            "participants": ("/participants", {"event_key": PROBE_EVENT_KEY}),
        }
        have: set[str] = set()
        not_found = 0
        for scope in SCOPES:
            path, params = probes[scope]
            response = self._send("GET", path, params=params)
            status = response.status_code
            if status == 403:
                continue
            if status == 401 or status == 429 or status >= 500 or 300 <= status < 400:
                self._raise_for_status(response, scope=scope)
            if status == 404 and scope != "participants":
                not_found += 1
            have.add(scope)
        if not_found == 2:
            raise errors.NotFoundError(
                _(
                    "The server at {host} does not look like PlanDocket: it does not know "
                    "the PlanDocket API. Check the address."
                ).format(host=self.host),
                status_code=404,
            )
        missing = tuple(s for s in SCOPES if s not in have)
        return ConnectionCheck(frozenset(have), missing, scopes.connection_message(missing))

    def list_events(self, search: str | None = None) -> list[Event]:
        """The tenant's events (scope ``events``), following simple pagination, bounded."""
        params: dict[str, Any] = {"search": search} if search else {}
        events: list[Event] = []
        seen: set[tuple[int | None, str]] = set()
        page = 1
        for _page in range(MAX_EVENT_PAGES):
            response = self._send("GET", "/events", params={**params, "page": page})
            self._raise_for_status(response, scope="events")
            body = self._json(response, _NOT_JSON_EVENTS)
            items = events_module.list_in(body)
            if items is None:
                raise errors.ApiError(
                    _(
                        "The server at {host} sent a list of events this program cannot "
                        "read. Check the address."
                    ).format(host=self.host),
                    status_code=response.status_code,
                )
            added = 0
            for item in items:
                event = events_module.event_from(item)
                if event is not None and (event.id, event.event_key) not in seen:
                    seen.add((event.id, event.event_key))
                    events.append(event)
                    added += 1
            next_page = events_module.next_page(body, page, len(events))
            if next_page is None or added == 0:
                break
            page = next_page
        return events

    def bulk_import(
        self, options: ImportOptions, records: Sequence[Mapping[str, Any]]
    ) -> BulkResult:
        """Send one batch (1 to 1,000 records) and parse the answer.

        Raises:
            ValueError: no records or more than 1,000.
            ConfigurationError: a participant import without an event key.
            ApiError: any of its subclasses, see ``core.errors``.
        """
        count = len(records)
        if count == 0:
            raise ValueError("bulk_import needs at least one record")
        if count > MAX_RECORDS:
            raise ValueError(f"bulk_import takes at most {MAX_RECORDS} records, got {count}")
        if options.target is Target.PARTICIPANTS and not options.event_key:
            raise errors.ConfigurationError(_("Choose the event the participants belong to."))
        sent = records if isinstance(records, list) else list(records)
        body = orjson.dumps({"records": sent, **options.as_params()}, default=_json_default)
        response = self._send(
            "POST",
            f"/bulk-import/{options.target.value}",
            content=body,
            headers={"Content-Type": "application/json"},
        )
        self._raise_for_status(
            response,
            scope=options.target.value,
            event_key=options.event_key if options.target is Target.PARTICIPANTS else None,
            applied_if_unclear=True,
        )
        answer = self._json(response, _NOT_JSON_IMPORT, applied=True)
        if not isinstance(answer, Mapping):
            raise errors.ApiError(
                _(
                    "PlanDocket's answer to the import could not be read. The records may have "
                    "been imported."
                ),
                status_code=response.status_code,
                may_have_been_applied=True,
            )
        return bulk_result.parse_bulk_result(answer, sent, options.match_field)

    # --- the contacts and participants resources (core/api/_contacts.py) ---------------------

    def contacts_page(self, page: int = 1, **query: Any) -> contacts.ListPage[contacts.Contact]:
        """One page of ``GET /contacts``; see ``_contacts.contacts_page``."""
        return contacts.contacts_page(self, page, **query)

    def iter_contacts(
        self,
        search: str | None = None,
        *,
        first_page: contacts.ListPage[contacts.Contact] | None = None,
        on_page: Callable[[contacts.ListPage[contacts.Contact]], None] | None = None,
        call: contacts.PageCall | None = None,
        **filters: Any,
    ) -> Iterator[contacts.Contact]:
        """Every contact of a listing, page by page, each once, stopping safely."""
        return contacts.iter_contacts(
            self, search, first_page=first_page, on_page=on_page, call=call, **filters
        )

    def find_contacts(self, search: str) -> list[contacts.Contact]:
        """The contacts ``GET /contacts?search=`` finds (compare the match value yourself)."""
        return contacts.find_contacts(self, search)

    def get_contact(self, contact_id: int) -> contacts.Contact | None:
        """One contact; None when it does not exist."""
        return contacts.get_contact(self, contact_id)

    def create_contact(self, fields: Mapping[str, Any]) -> contacts.Contact:
        """Create one contact with ``fields``."""
        return contacts.create_contact(self, fields)

    def update_contact(self, contact_id: int, fields: Mapping[str, Any]) -> contacts.Contact | None:
        """Change only ``fields`` (None clears one); None when the contact does not exist."""
        return contacts.update_contact(self, contact_id, fields)

    def delete_contact(self, contact_id: int) -> bool:
        """Delete one contact: True when deleted now, False when it was already gone."""
        return contacts.delete_contact(self, contact_id)

    def participants_page(
        self, event_key: str, page: int = 1, **query: Any
    ) -> contacts.ListPage[contacts.Participation]:
        """One page of the event's participants."""
        return contacts.participants_page(self, event_key, page, **query)

    def iter_participants(
        self,
        event_key: str,
        *,
        first_page: contacts.ListPage[contacts.Participation] | None = None,
        on_page: Callable[[contacts.ListPage[contacts.Participation]], None] | None = None,
        call: contacts.PageCall | None = None,
    ) -> Iterator[contacts.Participation]:
        """Every participation of the event, page by page, each once."""
        return contacts.iter_participants(
            self, event_key, first_page=first_page, on_page=on_page, call=call
        )

    def delete_participant(self, participant_id: int) -> bool:
        """Remove one participation: True when removed now, False when it was already gone."""
        return contacts.delete_participant(self, participant_id)

    # --- plumbing ---------------------------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            with http_errors.network_errors(self.host, self.timeout):
                response = self._http.request(method, path, **kwargs)
        except errors.ApiConnectionError as exc:
            if self.proxy and network.is_proxy_failure(exc.__cause__):
                raise network.proxy_error(self.proxy) from exc.__cause__
            raise
        log.debug("%s %s -> %s", method, path, response.status_code)
        self.rate_limit = rate_limit_of(response.headers) or self.rate_limit
        return response

    def _json(self, response: httpx.Response, message: str, *, applied: bool = False) -> Any:
        """The JSON of an answer; else an ``ApiError`` with ``message`` (one of ``_NOT_JSON_*``)."""
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            raise errors.ApiError(
                _(message).format(host=self.host),
                status_code=response.status_code,
                may_have_been_applied=applied,
            ) from None

    def _raise_for_status(
        self,
        response: httpx.Response,
        *,
        scope: str,
        event_key: str | None = None,
        applied_if_unclear: bool = False,
    ) -> None:
        http_errors.raise_for_status(
            response,
            host=self.host,
            key=self._key,
            scope=scope,
            event_key=event_key,
            applied_if_unclear=applied_if_unclear,
        )


def _json_default(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Set | tuple):
        return list(value)
    raise TypeError(f"cannot send a {type(value).__name__} to PlanDocket")
