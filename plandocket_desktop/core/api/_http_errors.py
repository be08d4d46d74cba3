"""HTTP answers and httpx failures turned into the plain-language errors of ``core.errors``.

A server that echoes the API key gets it blanked (``[hidden]``) in every message and ``.body``.
"""

from __future__ import annotations

import contextlib
import email.utils
import math
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import httpx
import orjson

from plandocket_desktop.core import errors
from plandocket_desktop.core.api import _bulk_result as bulk_result
from plandocket_desktop.core.api import _json_values as json_values
from plandocket_desktop.core.api import _scopes as scopes
from plandocket_desktop.i18n import N_, _, fmt_int, ngettext

# Checked in this order, so a subclass comes before its base: (httpx error, sentence, applied).
# A failure that may have reached PlanDocket says so in its own sentence.
_TRANSPORT_FAILURES: Final[
    tuple[tuple[type[Exception] | tuple[type[Exception], ...], str, bool], ...]
] = (
    (
        httpx.ConnectTimeout,
        N_(
            "Cannot reach the server {host}: it did not accept a connection in time. "
            "Check the address and your internet connection."
        ),
        False,
    ),
    (
        httpx.ConnectError,
        N_("Cannot reach the server {host}. Check the address and your internet connection."),
        False,
    ),
    (
        httpx.PoolTimeout,
        N_("Cannot reach the server {host}: no connection became free in time."),
        False,
    ),
    (
        httpx.TimeoutException,
        N_(
            "The server {host} did not answer within {timeout} seconds. "
            "The request may still have been carried out."
        ),
        True,
    ),
    (
        (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError),
        N_(
            "The connection to {host} was closed before PlanDocket answered. "
            "The request may still have been carried out."
        ),
        True,
    ),
    (  # proxy errors, protocol errors before sending
        httpx.TransportError,
        N_(
            "Cannot reach the server {host} ({name}). "
            "Check the address, your internet connection and any proxy settings."
        ),
        False,
    ),
    (  # an answer arrived but cannot be decompressed
        httpx.DecodingError,
        N_("The answer from {host} arrived damaged. The request may still have been carried out."),
        True,
    ),
    (  # anything else httpx may raise for a request
        httpx.RequestError,
        N_("The request to {host} failed ({name}). The request may still have been carried out."),
        True,
    ),
)

# A refused request (400, 413, 422), with and without the server's details.
_REFUSALS: Final[dict[int, tuple[str, str]]] = {
    400: (
        N_("PlanDocket could not understand the request: {details}."),
        N_("PlanDocket could not understand the request."),
    ),
    413: (
        N_(
            "PlanDocket refused the batch because it is too large: {details}. "
            "Send fewer records at once."
        ),
        N_("PlanDocket refused the batch because it is too large. Send fewer records at once."),
    ),
    422: (
        N_("PlanDocket rejected the request: {details}."),
        N_("PlanDocket rejected the request."),
    ),
}


def scrub(text: str, key: str) -> str:
    """A server text with the key blanked out, in case the server echoes it."""
    return text.replace(key, "[hidden]") if key in text else text


@contextlib.contextmanager
def network_errors(host: str, timeout: float) -> Iterator[None]:
    """Turn httpx's request errors into ``ApiConnectionError`` with a plain sentence."""
    try:
        yield
    except httpx.RequestError as exc:
        raise connection_error(exc, host, timeout) from exc


def connection_error(
    exc: httpx.RequestError, host: str, timeout: float
) -> errors.ApiConnectionError:
    """The ``ApiConnectionError`` for an httpx request error on a call to ``host``."""
    if isinstance(exc, httpx.ConnectError) and _is_certificate_problem(exc):
        return errors.ApiConnectionError(
            _(
                "Cannot reach the server {host} securely: its certificate could not "
                "be verified. Check the address; if it is right, ask your IT department."
            ).format(host=host)
        )
    for kinds, sentence, applied in _TRANSPORT_FAILURES:
        if isinstance(exc, kinds):
            message = _(sentence).format(host=host, timeout=f"{timeout:g}", name=type(exc).__name__)
            return errors.ApiConnectionError(message, may_have_been_applied=applied)
    raise AssertionError("httpx.RequestError is the last entry")  # pragma: no cover


def raise_for_status(
    response: httpx.Response,
    *,
    host: str,
    key: str,
    scope: str,
    event_key: str | None = None,
    applied_if_unclear: bool = False,
) -> None:
    """Raise the error a non-2xx answer means; return for a 2xx.

    Args:
        host: the tenant's host, named in messages.
        key: the API key, only to blank it out of what the server sent back.
        scope: the scope the call needs, named when a 403 does not say.
        event_key: the event of a participant call; a 404 then means the event is unknown.
        applied_if_unclear: an unexpected status may mean the request was carried out.
    """
    status = response.status_code
    if 200 <= status < 300:
        return
    content = response.content
    secret = key.encode()
    if secret in content:  # a server echoing the key: keep it out of messages and .body
        content = content.replace(secret, b"[hidden]")
    body, server_text = _error_body(content)
    server_text = scrub(server_text, key)
    if status == 401:
        raise errors.AuthenticationError(
            _(
                "PlanDocket did not accept this API key. Check that you copied the whole key, "
                "and that it has not been deleted in PlanDocket (Settings > API)."
            ),
            status_code=401,
        )
    if status == 403:
        missing = scopes.scopes_named(body, server_text) or (scope,)
        raise errors.AuthenticationError(
            scopes.refused_message(missing), status_code=403, missing_scopes=missing
        )
    if status == 404:
        if event_key is not None:
            raise errors.EventNotFoundError(
                _(
                    "The event '{event}' does not exist in PlanDocket. Check the event key "
                    "or pick the event from the list."
                ).format(event=event_key),
                status_code=404,
            )
        raise errors.NotFoundError(
            _(
                "PlanDocket at {host} does not know this part of the API ({path}). "
                "Check the address."
            ).format(host=host, path=response.request.url.path),
            status_code=404,
        )
    if status in (400, 413, 422):
        raise _rejected(status, body, server_text, lambda text: scrub(text, key))
    if status == 429:
        retry_after = _retry_after(response.headers)
        raise errors.RateLimitedError(_rate_limited(retry_after), retry_after=retry_after)
    if status >= 500:
        raise errors.ServerError(
            _(
                "PlanDocket had an internal problem (error {status}). "
                "The request may still have been carried out."
            ).format(status=status),
            status_code=status,
            may_have_been_applied=True,
        )
    if 300 <= status < 400:
        raise errors.ApiError(
            _(
                "The server at {host} sent this program elsewhere (HTTP {status}). Check the "
                "PlanDocket address; it usually looks like https://acme.plandocket.com."
            ).format(host=host, status=status),
            status_code=status,
        )
    if server_text:
        message = _("PlanDocket answered with an unexpected error (HTTP {status}): {detail}.")
    else:
        message = _("PlanDocket answered with an unexpected error (HTTP {status}).")
    raise errors.ApiError(
        message.format(status=status, detail=server_text),
        status_code=status,
        may_have_been_applied=applied_if_unclear and status not in (405, 406, 415),
    )


def _rate_limited(retry_after: float | None) -> str:
    """The 429 sentence, saying when requests are accepted again where the server told."""
    if retry_after is None:
        return _("PlanDocket's limit of requests per hour for this API key has been reached.")
    if retry_after < 60:
        seconds = math.ceil(retry_after)
        return ngettext(
            "PlanDocket's limit of requests per hour for this API key has been reached. "
            "It accepts requests again in {seconds} second.",
            "PlanDocket's limit of requests per hour for this API key has been reached. "
            "It accepts requests again in {seconds} seconds.",
            seconds,
        ).format(seconds=fmt_int(seconds))
    minutes = math.ceil(retry_after / 60)
    return ngettext(
        "PlanDocket's limit of requests per hour for this API key has been reached. "
        "It accepts requests again in about {minutes} minute.",
        "PlanDocket's limit of requests per hour for this API key has been reached. "
        "It accepts requests again in about {minutes} minutes.",
        minutes,
    ).format(minutes=fmt_int(minutes))


def _is_certificate_problem(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _depth in range(5):
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            seen
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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
                message = json_values.text_of(body[key])
                break
    elif isinstance(body, str):
        message = body
    return body, message[:500]


def _rejected(
    status: int, body: Any, server_text: str, scrub: Callable[[str], str]
) -> errors.ApiRejectedError:
    field_errors: dict[str, list[str]] = {}
    listed: list[str] = []
    raw = body.get("errors") if isinstance(body, Mapping) else None
    if isinstance(raw, Mapping):
        for name, value in raw.items():
            texts = value if isinstance(value, list) else [value]
            field_errors[str(name)] = [
                scrub(json_values.text_of(t)) for t in texts if json_values.text_of(t)
            ]
            listed.append(f"{name}: {', '.join(field_errors[str(name)])}")
    elif isinstance(raw, list) and raw:
        field_errors["records"] = [scrub(bulk_result.record_error_text(item)) for item in raw]
        listed.extend(field_errors["records"])
    details = server_text
    if listed:
        shown = "; ".join(listed[:5])
        if len(listed) > 5:
            more = len(listed) - 5
            shown = ngettext(
                "{listed}; and {count} more", "{listed}; and {count} more", more
            ).format(listed=shown, count=fmt_int(more))
        if server_text:
            details = _("{server} ({listed})").format(server=server_text, listed=shown)
        else:
            details = shown
    details = details[:600].rstrip(" .")  # the server's words, cut to fit one sentence
    with_details, without = _REFUSALS.get(status, _REFUSALS[422])
    message = _(with_details).format(details=details) if details else _(without)
    return errors.ApiRejectedError(message, status_code=status, errors=field_errors, body=body)


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
