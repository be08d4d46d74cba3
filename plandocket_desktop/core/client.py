"""The PlanDocket REST API client: one httpx connection pool, typed results, plain-language errors.

Nothing here retries: a failed call raises one of the errors of ``core.errors`` and the import
engine decides what to do. The API key only ever travels in the ``Authorization`` header; it is
never put in a URL, a log line, an exception text or a repr. (httpx logs URLs only; httpcore's
DEBUG trace names request objects and response headers, never request headers: the key-hygiene
tests capture both at DEBUG.) A server that echoes the key gets it blanked in our messages.
"""

from __future__ import annotations

import contextlib
import email.utils
import ipaddress
import logging
import math
import re
import ssl
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
from typing_extensions import override

from plandocket_desktop import __version__
from plandocket_desktop.core import errors
from plandocket_desktop.core.models import ImportOptions, MatchField, Outcome, Target

log = logging.getLogger(__name__)

API_PREFIX: Final = "/api/v1"
USER_AGENT: Final = f"PlanDocket-Desktop-Importer/{__version__}"
MAX_RECORDS: Final = 1000
SCOPES: Final = ("contacts", "participants", "events")
PROBE_EVENT_KEY: Final = "plandocket-desktop-connection-check"
MAX_EVENT_PAGES: Final = 50
SETTINGS_HINT: Final = "Ask your PlanDocket administrator to add it under Settings > API."

_TENANT_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_HOST_CHARS = re.compile(r"^[a-z0-9.-]+$")
_KEY_CHARS = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII without spaces: a header value
_SCOPE_WORDS = re.compile(r"\b(contacts|participants|events)\b", re.IGNORECASE)
_EMAIL_TOKEN = re.compile(r"[^\s'\"<>(),;:\[\]]+@[^\s'\"<>(),;:\[\]]+")
_POSITION_IN_TEXT = re.compile(
    r"\b(index|record|row|line|item|entry)\s*(?:no\.?|number|#)?\s*#?\s*(\d+)\b", re.IGNORECASE
)

_ACTIONS: Final = {
    "contacts": "import contacts",
    "participants": "import participants",
    "events": "list events",
}


# --- addresses ------------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url_for(tenant: str) -> str:
    """The origin (``https://acme.plandocket.com``) for a tenant as a user may type it.

    Accepts ``acme``, ``acme.plandocket.com``, ``https://acme.plandocket.com/`` or any URL on
    the tenant (its path is dropped). Plain http is allowed only for loopback hosts (the
    sandbox); a loopback address typed without a scheme gets http, anything else https.

    Raises:
        ConfigurationError: the text cannot be a PlanDocket address.
    """
    text = tenant.strip()
    if not text:
        raise errors.ConfigurationError(
            "Enter your PlanDocket address, for example acme or https://acme.plandocket.com."
        )
    lowered = text.lower()
    if "://" not in lowered:
        if _TENANT_LABEL.match(lowered) and lowered != "localhost":
            return f"https://{lowered}.plandocket.com"
        host_part = urlsplit("//" + text).hostname or ""
        scheme = "http" if _is_loopback(host_part) else "https"
        text = f"{scheme}://{text}"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise errors.ConfigurationError(
            "The PlanDocket address must start with https://, for example "
            "https://acme.plandocket.com."
        )
    if parts.username is not None or parts.password is not None:
        # Never echo the text: a user name or password typed into the address is a secret.
        raise errors.ConfigurationError(
            "The PlanDocket address must not contain a user name or password. "
            "Enter only the address, for example https://acme.plandocket.com."
        )
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        raise errors.ConfigurationError(
            "The port number in the PlanDocket address is not valid."
        ) from None
    is_ip = True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        is_ip = False
    if not host or (not is_ip and (not _HOST_CHARS.match(host) or ".." in host)):
        raise errors.ConfigurationError(
            "This is not a valid PlanDocket address. Enter it like acme or "
            "https://acme.plandocket.com."
        )
    if scheme == "http" and not _is_loopback(host):
        raise errors.ConfigurationError(
            f"PlanDocket must be reached over a secure connection (https://{host}). "
            "Plain http is only allowed for the practice sandbox on this computer."
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}"


def host_for(tenant: str) -> str:
    """The host name of a tenant (``acme.plandocket.com``), e.g. as the keyring user name."""
    return urlsplit(base_url_for(tenant)).hostname or ""


# --- results --------------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class Event:
    """An event of the tenant, as the event picker shows it."""

    event_key: str
    title: str
    date_from: str | None = None
    date_to: str | None = None
    city: str | None = None
    is_visible: bool | None = None
    id: int | None = None

    @property
    def label(self) -> str:
        """``Expo 2025 (expo-2025), 2025-05-01, Berlin`` — what a list shows."""
        parts = [f"{self.title} ({self.event_key})" if self.title else self.event_key]
        if self.date_from:
            parts.append(self.date_from[:10])
        if self.city:
            parts.append(self.city)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class RecordResult:
    """What the server said about one record of a batch; ``index`` is 0-based in the batch."""

    index: int
    outcome: Outcome
    message: str | None = None
    id: int | None = None


@dataclass
class BulkResult:
    """The parsed answer to one bulk import call.

    ``records`` holds only the records the server said something about, sorted by index;
    ``per_record`` is True when that is every record of the batch. ``messages`` keeps the
    server's error texts that could not be tied to a record.
    """

    total: int
    created: int
    updated: int
    skipped: int
    contacts_created: int
    records: list[RecordResult] = field(default_factory=list)
    per_record: bool = False
    messages: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """How many records the server reported as failed."""
        return sum(1 for r in self.records if r.outcome is Outcome.FAILED)


# --- the client -----------------------------------------------------------------------------


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
            raise errors.ConfigurationError("Enter the API key from PlanDocket (Settings > API).")
        if not _KEY_CHARS.match(key):
            raise errors.ConfigurationError(
                "The API key contains spaces or characters an API key cannot have. "
                "Copy it again from PlanDocket (Settings > API)."
            )
        self._key = key
        self.timeout = timeout
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            headers={
                "Authorization": f"Bearer {key}",
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            verify=True,
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
                f"The server at {self.host} does not look like PlanDocket: it does not know "
                "the PlanDocket API. Check the address.",
                status_code=404,
            )
        missing = tuple(s for s in SCOPES if s not in have)
        return ConnectionCheck(frozenset(have), missing, _connection_message(missing))

    def list_events(self, search: str | None = None) -> list[Event]:
        """The tenant's events (scope ``events``), following simple pagination, bounded."""
        params: dict[str, Any] = {"search": search} if search else {}
        events: list[Event] = []
        seen: set[tuple[int | None, str]] = set()
        page = 1
        for _ in range(MAX_EVENT_PAGES):
            response = self._send("GET", "/events", params={**params, "page": page})
            self._raise_for_status(response, scope="events")
            body = self._json(response, what="the list of events")
            items = _list_in(body)
            if items is None:
                raise errors.ApiError(
                    f"The server at {self.host} sent a list of events this program cannot "
                    "read. Check the address.",
                    status_code=response.status_code,
                )
            added = 0
            for item in items:
                event = _event_from(item)
                if event is not None and (event.id, event.event_key) not in seen:
                    seen.add((event.id, event.event_key))
                    events.append(event)
                    added += 1
            next_page = _next_page(body, page, len(events))
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
            raise errors.ConfigurationError("Choose the event the participants belong to.")
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
        answer = self._json(response, what="the import result", applied=True)
        if not isinstance(answer, Mapping):
            raise errors.ApiError(
                "PlanDocket's answer to the import could not be read. The records may have "
                "been imported.",
                status_code=response.status_code,
                may_have_been_applied=True,
            )
        return parse_bulk_result(answer, sent, options.match_field)

    # --- plumbing ---------------------------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        with self._network_errors():
            response = self._http.request(method, path, **kwargs)
        log.debug("%s %s -> %s", method, path, response.status_code)
        return response

    @contextlib.contextmanager
    def _network_errors(self) -> Iterator[None]:
        """Turn httpx's transport errors into ``ApiConnectionError`` with a plain sentence."""
        try:
            yield
        except httpx.ConnectTimeout as exc:
            raise errors.ApiConnectionError(
                f"Cannot reach the server {self.host}: it did not accept a connection in time. "
                "Check the address and your internet connection.",
            ) from exc
        except httpx.ConnectError as exc:
            if _is_certificate_problem(exc):
                message = (
                    f"Cannot reach the server {self.host} securely: its certificate could not "
                    "be verified. Check the address; if it is right, ask your IT department."
                )
            else:
                message = (
                    f"Cannot reach the server {self.host}. Check the address and your internet "
                    "connection."
                )
            raise errors.ApiConnectionError(message) from exc
        except httpx.PoolTimeout as exc:
            raise errors.ApiConnectionError(
                f"Cannot reach the server {self.host}: no connection became free in time."
            ) from exc
        except httpx.TimeoutException as exc:
            raise errors.ApiConnectionError(
                f"The server {self.host} did not answer within {self.timeout:g} seconds. "
                "The request may still have been carried out.",
                may_have_been_applied=True,
            ) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise errors.ApiConnectionError(
                f"The connection to {self.host} was closed before PlanDocket answered. "
                "The request may still have been carried out.",
                may_have_been_applied=True,
            ) from exc
        except httpx.TransportError as exc:  # proxy errors, protocol errors before sending
            raise errors.ApiConnectionError(
                f"Cannot reach the server {self.host} ({type(exc).__name__}). Check the "
                "address, your internet connection and any proxy settings.",
            ) from exc
        except httpx.DecodingError as exc:  # an answer arrived but cannot be decompressed
            raise errors.ApiConnectionError(
                f"The answer from {self.host} arrived damaged. "
                "The request may still have been carried out.",
                may_have_been_applied=True,
            ) from exc
        except httpx.RequestError as exc:  # anything else httpx may raise for a request
            raise errors.ApiConnectionError(
                f"The request to {self.host} failed ({type(exc).__name__}). "
                "The request may still have been carried out.",
                may_have_been_applied=True,
            ) from exc

    def _scrub(self, text: str) -> str:
        """A server text with the key blanked out, in case the server echoes it."""
        return text.replace(self._key, "[hidden]") if self._key in text else text

    def _json(self, response: httpx.Response, *, what: str, applied: bool = False) -> Any:
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            raise errors.ApiError(
                f"The server at {self.host} did not answer like PlanDocket does when asked "
                f"for {what} (its answer is not JSON). Check the address."
                + (" The records may have been imported." if applied else ""),
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
        status = response.status_code
        if 200 <= status < 300:
            return
        content = response.content
        secret = self._key.encode()
        if secret in content:  # a server echoing the key: keep it out of messages and .body
            content = content.replace(secret, b"[hidden]")
        body, server_text = _error_body(content)
        server_text = self._scrub(server_text)
        if status == 401:
            raise errors.AuthenticationError(
                "PlanDocket did not accept this API key. Check that you copied the whole key, "
                "and that it has not been deleted in PlanDocket (Settings > API).",
                status_code=401,
            )
        if status == 403:
            missing = _scopes_named(body, server_text) or (scope,)
            names = _and(f"'{s}'" for s in missing)
            plural = "permissions" if len(missing) > 1 else "permission"
            actions = _or(_ACTIONS.get(s, f"use '{s}'") for s in missing)
            raise errors.AuthenticationError(
                f"This API key cannot {actions} (it lacks the {names} {plural}). {SETTINGS_HINT}",
                status_code=403,
                missing_scopes=missing,
            )
        if status == 404:
            if event_key is not None:
                raise errors.EventNotFoundError(
                    f"The event '{event_key}' does not exist in PlanDocket. Check the event key "
                    "or pick the event from the list.",
                    status_code=404,
                )
            raise errors.NotFoundError(
                f"PlanDocket at {self.host} does not know this part of the API "
                f"({response.request.url.path}). Check the address.",
                status_code=404,
            )
        if status in (400, 413, 422):
            raise _rejected(status, body, server_text, self._scrub)
        if status == 429:
            retry_after = _retry_after(response.headers)
            when = ""
            if retry_after is not None:
                minutes = math.ceil(retry_after / 60)
                unit = f"about {minutes} minute{'s' if minutes != 1 else ''}"
                if retry_after < 60:
                    unit = f"{math.ceil(retry_after)} seconds"
                when = f" It accepts requests again in {unit}."
            raise errors.RateLimitedError(
                "PlanDocket's limit of requests per hour for this API key has been reached." + when,
                retry_after=retry_after,
            )
        if status >= 500:
            raise errors.ServerError(
                f"PlanDocket had an internal problem (error {status}). "
                "The request may still have been carried out.",
                status_code=status,
                may_have_been_applied=True,
            )
        if 300 <= status < 400:
            raise errors.ApiError(
                f"The server at {self.host} sent this program elsewhere (HTTP {status}). "
                "Check the PlanDocket address; it usually looks like https://acme.plandocket.com.",
                status_code=status,
            )
        detail = f": {server_text}" if server_text else ""
        raise errors.ApiError(
            f"PlanDocket answered with an unexpected error (HTTP {status}){detail}.",
            status_code=status,
            may_have_been_applied=applied_if_unclear and status not in (405, 406, 415),
        )


# --- helpers for answers --------------------------------------------------------------------


def _json_default(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Set | tuple):
        return list(value)
    raise TypeError(f"cannot send a {type(value).__name__} to PlanDocket")


def _is_certificate_problem(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            seen
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _text_of(value: Any) -> str:
    """A readable text for a message value the server sent (string, list, dict)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        parts = []
        for k, v in value.items():
            inner = _text_of(v)
            parts.append(f"{k}: {inner}" if inner else str(k))
        return "; ".join(parts)
    if isinstance(value, list | tuple):
        return "; ".join(t for t in (_text_of(v) for v in value) if t)
    return str(value)


def _error_body(content: bytes) -> tuple[Any, str]:
    """The parsed body (or its text) and the server's main message, shortened."""
    try:
        body: Any = orjson.loads(content) if content else None
    except orjson.JSONDecodeError:
        text = content.decode("utf-8", errors="replace").strip()
        return text[:2000], (text[:200] if text and "<" not in text[:1] else "")
    message = ""
    if isinstance(body, Mapping):
        for key in ("error", "message", "detail", "title"):
            if body.get(key):
                message = _text_of(body[key])
                break
    elif isinstance(body, str):
        message = body
    return body, message[:500]


def _scopes_named(body: Any, text: str) -> tuple[str, ...]:
    found: list[str] = []
    if isinstance(body, Mapping):
        for key in (
            "missing_scopes",
            "missing_scope",
            "required_scope",
            "required_scopes",
            "scope",
        ):
            value = body.get(key)
            if isinstance(value, str):
                found.extend(v.strip().lower() for v in re.split(r"[ ,]+", value) if v.strip())
            elif isinstance(value, list):
                found.extend(str(v).strip().lower() for v in value)
    if not found:
        found = [m.lower() for m in _SCOPE_WORDS.findall(text)]
    return tuple(dict.fromkeys(s for s in found if s))


def _rejected(
    status: int, body: Any, server_text: str, scrub: Callable[[str], str]
) -> errors.ApiRejectedError:
    field_errors: dict[str, list[str]] = {}
    listed: list[str] = []
    raw = body.get("errors") if isinstance(body, Mapping) else None
    if isinstance(raw, Mapping):
        for name, value in raw.items():
            texts = value if isinstance(value, list) else [value]
            field_errors[str(name)] = [scrub(_text_of(t)) for t in texts if _text_of(t)]
            listed.append(f"{name}: {', '.join(field_errors[str(name)])}")
    elif isinstance(raw, list) and raw:
        field_errors["records"] = [scrub(_record_error_text(item)) for item in raw]
        listed.extend(field_errors["records"])
    tail = ""
    if status == 413:
        lead = "PlanDocket refused the batch because it is too large"
        tail = " Send fewer records at once."
    elif status == 400:
        lead = "PlanDocket could not understand the request"
    else:
        lead = "PlanDocket rejected the request"
    details = server_text
    if listed:
        shown = "; ".join(listed[:5]) + (f"; and {len(listed) - 5} more" if len(listed) > 5 else "")
        details = f"{server_text} ({shown})" if server_text else shown
    details = details[:600].rstrip(" .")
    message = (f"{lead}: {details}." if details else f"{lead}.") + tail
    return errors.ApiRejectedError(message, status_code=status, errors=field_errors, body=body)


def _record_error_text(item: Any) -> str:
    if isinstance(item, Mapping):
        text = _text_of(_first(item, _MESSAGE_KEYS)) or _text_of(item)
        position = _first(item, ("index", "row"))
        return f"record {position}: {text}" if position is not None else text
    return _text_of(item)


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or HTTP date) or ``X-RateLimit-Reset``.

    ``X-RateLimit-Reset`` is documented as a unix time; a small number (below 10^9) is taken
    as seconds from now, which some servers send instead.
    """
    value = headers.get("retry-after")
    if value:
        value = value.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None and when.tzinfo is not None:
            return max(0.0, when.timestamp() - time.time())
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            number = float(reset.strip())
        except ValueError:
            return None
        return max(0.0, number - time.time()) if number >= 1e9 else max(0.0, number)
    return None


def _list_in(body: Any) -> list[Any] | None:
    if isinstance(body, list):
        return body
    if isinstance(body, Mapping):
        for key in ("data", "events", "items", "results"):
            value = body.get(key)
            if isinstance(value, list):
                return value
            if isinstance(value, Mapping):
                inner = _list_in(value)
                if inner is not None:
                    return inner
    return None


def _next_page(body: Any, page: int, have: int) -> int | None:
    """The next page number when ``meta`` or ``links`` say there is one, else None."""
    if not isinstance(body, Mapping):
        return None
    links = body.get("links")
    if isinstance(links, Mapping):
        nxt = links.get("next")
        if isinstance(nxt, str) and nxt:
            numbers = parse_qs(urlsplit(nxt).query).get("page")
            if numbers and numbers[0].isdigit() and int(numbers[0]) > page:
                return int(numbers[0])
            return page + 1
    meta = body.get("meta")
    if not isinstance(meta, Mapping):
        meta = body
    last = _int(meta.get("last_page") or meta.get("total_pages") or meta.get("pages"))
    current = _int(meta.get("current_page") or meta.get("page")) or page
    if last is not None:
        return current + 1 if current < last else None
    total = _int(meta.get("total"))
    if total is not None and have < total:
        return page + 1
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("1", "true", "yes"):
            return True
        if lowered in ("0", "false", "no"):
            return False
    return None


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, Mapping | list):
        return None
    text = str(value).strip()
    return text or None


def _event_from(item: Any) -> Event | None:
    if not isinstance(item, Mapping):
        return None
    key = _str(item.get("event_key") or item.get("key"))
    if key is None:
        return None
    return Event(
        event_key=key,
        title=_str(item.get("title") or item.get("name")) or "",
        date_from=_str(item.get("date_from")),
        date_to=_str(item.get("date_to")),
        city=_str(item.get("city")),
        is_visible=_bool(item.get("is_visible")),
        id=_int(item.get("id")),
    )


def _and(items: Iterable[str], word: str = "and") -> str:
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def _or(items: Iterable[str]) -> str:
    return _and(items, "or")


def _connection_message(missing: tuple[str, ...]) -> str:
    if not missing:
        return "Connected. This key can import contacts and participants and list events."
    names = _and(f"'{s}'" for s in missing)
    plural = "permissions" if len(missing) > 1 else "permission"
    if len(missing) == len(SCOPES):
        return (
            "Connected, but this key can do nothing this program needs: it lacks the "
            f"{names} {plural}. {SETTINGS_HINT}"
        )
    cannot = [_ACTIONS[s] for s in missing]
    if cannot == ["import contacts", "import participants"]:
        cannot = ["import contacts or participants"]
    return (
        f"Connected, but this key cannot {_or(iter(cannot))} (it lacks the {names} {plural}). "
        f"{SETTINGS_HINT.replace('add it', 'add them') if len(missing) > 1 else SETTINGS_HINT}"
    )


# --- parsing a bulk-import answer -----------------------------------------------------------

_MESSAGE_KEYS: Final = ("error", "message", "errors", "reason", "detail", "msg")
_STATUS_KEYS: Final = ("status", "outcome", "result", "action", "state")
_ZERO_BASED_KEYS: Final = ("index", "record_index", "position", "idx")
_ONE_BASED_KEYS: Final = ("row", "row_number", "line", "record_number")
_ONE_BASED_WORDS: Final = ("record", "row", "line")  # in texts; "index", "item", "entry": 0-based
_OUTCOME_WORDS: Final = {
    word: outcome
    for outcome, words in (
        (Outcome.CREATED, "created create inserted new added"),
        (Outcome.UPDATED, "updated update modified"),
        (Outcome.SKIPPED, "skipped skip exists existing duplicate unchanged ignored"),
        (Outcome.FAILED, "failed fail error invalid rejected"),
    )
    for word in words.split()
}
_OUTCOME_IN_TEXT = re.compile(r"\b(" + "|".join(_OUTCOME_WORDS) + r")\b", re.IGNORECASE)


def _first(item: Mapping[str, Any], keys: Sequence[str]) -> Any:
    for key in keys:
        value = item.get(key)
        if value is not None and value != "":
            return value
    return None


class _Locator:
    """Finds which sent record an item of ``errors`` / ``details`` speaks of.

    Rules (PLANDOCKET_API.md leaves the shape open):

    * ``index`` (also ``record_index``, ``position``) is 0-based.
    * ``row`` (also ``row_number``, ``line``) is 1-based — unless some ``row`` in the same
      answer is 0, then all of them are 0-based.
    * A number in a text ("Record 3: ...", "row 3 ...") follows the same rule by its word:
      ``index``/``item``/``entry`` 0-based, ``record``/``row``/``line`` 1-based, unless a 0
      appears among them (then 0-based).
    * A match value (``email`` case-insensitively, ``customer_number`` exactly; also inside a
      nested ``record`` object, or an email address inside a text) that fits exactly one sent
      record wins over a position: it cannot be misread.
    * Anything out of range or ambiguous is not placed: nothing is guessed.
    """

    def __init__(self, records: Sequence[Mapping[str, Any]], zero_rows: bool, zero_text: bool):
        self._records = records
        self._zero_rows = zero_rows
        self._zero_text = zero_text
        self._by_email: dict[str, int | None] | None = None
        self._by_number: dict[str, int | None] | None = None

    def by_email(self, value: Any) -> int | None:
        if self._by_email is None:
            self._by_email = {}
            for i, record in enumerate(self._records):
                email_value = record.get("email")
                if isinstance(email_value, str) and email_value.strip():
                    key = email_value.strip().lower()
                    self._by_email[key] = None if key in self._by_email else i
        return self._by_email.get(str(value).strip().lower())

    def by_number(self, value: Any) -> int | None:
        if self._by_number is None:
            self._by_number = {}
            for i, record in enumerate(self._records):
                number = record.get("customer_number")
                if number is not None and str(number).strip():
                    key = str(number).strip()
                    self._by_number[key] = None if key in self._by_number else i
        return self._by_number.get(str(value).strip())

    def _in_range(self, position: int | None) -> int | None:
        if position is None or not 0 <= position < len(self._records):
            return None
        return position

    def locate_object(self, item: Mapping[str, Any]) -> int | None:
        sources: tuple[Mapping[str, Any], ...] = (item,)
        nested = item.get("record") or item.get("data")
        if isinstance(nested, Mapping):
            sources = (item, nested)
        for source in sources:
            if source.get("email") not in (None, ""):
                found = self.by_email(source["email"])
                if found is not None:
                    return found
            if source.get("customer_number") not in (None, ""):
                found = self.by_number(source["customer_number"])
                if found is not None:
                    return found
        position = _int(_first(item, _ZERO_BASED_KEYS))
        if position is not None:
            return self._in_range(position)
        row = _int(_first(item, _ONE_BASED_KEYS))
        if row is None:
            row = _int(item.get("record"))  # "record": 3 names a record by number, like "row"
        if row is not None:
            return self._in_range(row if self._zero_rows else row - 1)
        return None

    def locate_text(self, text: str) -> int | None:
        for token in _EMAIL_TOKEN.findall(text):
            found = self.by_email(token.strip(".!?"))
            if found is not None:
                return found
        match = _POSITION_IN_TEXT.search(text)
        if match is None:
            return None
        number = int(match.group(2))
        zero_based = match.group(1).lower() not in _ONE_BASED_WORDS or self._zero_text
        return self._in_range(number if zero_based else number - 1)


def _outcome_of(value: Any) -> Outcome | None:
    if isinstance(value, str):
        return _OUTCOME_WORDS.get(value.strip().lower())
    return None


def parse_bulk_result(
    body: Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    match_field: MatchField = MatchField.EMAIL,
) -> BulkResult:
    """A ``BulkResult`` from a bulk-import answer in any shape PLANDOCKET_API.md allows.

    Also usable on the body of a 422 (``ApiRejectedError.body``) to find the failing records.
    ``match_field`` is accepted for callers' clarity; both match values are tried anyway.
    """
    del match_field  # an item may name either value, whatever the batch matched on
    n = len(records)
    details = body.get("details")
    errs = body.get("errors")
    details_list = details if isinstance(details, list) else []
    errors_list = errs if isinstance(errs, list) else []
    if isinstance(errs, Mapping):  # a 422-style field map: messages, not records
        errors_list = [f"{k}: {_text_of(v)}" for k, v in errs.items()]

    # Only items without a 0-based key are located by "row", so only they can show a row 0.
    zero_rows = any(
        isinstance(item, Mapping)
        and _first(item, _ZERO_BASED_KEYS) is None
        and _int(_first(item, _ONE_BASED_KEYS)) == 0
        for item in (*details_list, *errors_list)
        if not (isinstance(item, Mapping) and "index" in item)
    )
    zero_text = False
    for item in (*details_list, *errors_list):
        if isinstance(item, str):
            found = _POSITION_IN_TEXT.search(item)
            if found and found.group(2) == "0" and found.group(1).lower() in _ONE_BASED_WORDS:
                zero_text = True
                break
    locator = _Locator(records, zero_rows, zero_text)
    placed: dict[int, RecordResult] = {}
    messages: list[str] = []

    for item in details_list:
        if isinstance(item, Mapping):
            index = locator.locate_object(item)
            outcome = _outcome_of(_first(item, _STATUS_KEYS))
            text = _text_of(_first(item, _MESSAGE_KEYS)) or None
            if outcome is None and item.get("success") is False:
                outcome = Outcome.FAILED
            record_id = _int(item.get("id") or item.get("contact_id") or item.get("record_id"))
        elif isinstance(item, str):
            index = locator.locate_text(item)
            found = _OUTCOME_IN_TEXT.search(item)
            outcome = _OUTCOME_WORDS[found.group(1).lower()] if found else None
            text = item.strip() or None
            record_id = None
        else:
            continue
        if index is None or outcome is None:
            if outcome is Outcome.FAILED and text:
                messages.append(text)
            continue
        placed[index] = RecordResult(index, outcome, text, record_id)

    for item in errors_list:
        if isinstance(item, Mapping):
            index = locator.locate_object(item)
            text = _text_of(_first(item, _MESSAGE_KEYS)) or _record_error_text(item)
        else:
            text = _text_of(item)
            index = locator.locate_text(text) if isinstance(item, str) else None
        if index is None:
            if text:
                messages.append(text)
            continue
        earlier = placed.get(index)
        record_id = None
        if earlier is not None:
            record_id = earlier.id
            if (
                earlier.outcome is Outcome.FAILED
                and earlier.message
                and text not in earlier.message
            ):
                text = f"{earlier.message}; {text}" if text else earlier.message
        placed[index] = RecordResult(index, Outcome.FAILED, text if text else None, record_id)

    total = _int(body.get("total"))
    return BulkResult(
        total=n if total is None else total,
        created=_int(body.get("created")) or 0,
        updated=_int(body.get("updated")) or 0,
        skipped=_int(body.get("skipped")) or 0,
        contacts_created=_int(body.get("contacts_created")) or 0,
        records=[placed[i] for i in sorted(placed)],
        per_record=n > 0 and len(placed) == n,
        messages=messages,
    )
