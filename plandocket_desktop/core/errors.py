"""Errors the user may see: str(exc) is always a plain sentence, never a key or a traceback."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class PlandocketError(Exception):
    """Base of every error this application raises on purpose.

    ``str(exc)`` is a sentence a non-technical user can read. It never holds the API key.
    """


# --- reading -------------------------------------------------------------------------------


class SourceError(PlandocketError):
    """A file or sheet cannot be read.

    ``kind`` is one of: ``empty``, ``corrupt``, ``encrypted``, ``unsupported``, ``not_found``,
    ``permission``, ``locked``, ``too_large``, ``no_sheet``.
    """

    def __init__(self, message: str, *, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


# --- profiles ------------------------------------------------------------------------------


class ProfileError(PlandocketError):
    """A mapping profile cannot be saved, loaded, renamed or deleted."""


# --- HTTP API ------------------------------------------------------------------------------


class ApiError(PlandocketError):
    """The PlanDocket API answered with an error, or could not be reached.

    ``may_have_been_applied`` says whether the server may have carried out the request
    although the client did not get a successful answer (timeouts, dropped connections,
    5xx): the import engine uses it to decide that a resend must be safe.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        may_have_been_applied: bool = False,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.may_have_been_applied = may_have_been_applied


class ApiConnectionError(ApiError):
    """Network error or timeout: the request may be retried."""


class ServerError(ApiError):
    """The server answered 5xx: the request may be retried."""


class RateLimitedError(ApiError):
    """429: wait ``retry_after`` seconds (None when the server did not say) and try again."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status_code: int | None = 429,
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.retry_after = retry_after


class AuthenticationError(ApiError):
    """401 (not authenticated) or 403 (no permission): stop, the user must act."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = 401,
        missing_scopes: Sequence[str] = (),
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.missing_scopes = tuple(missing_scopes)


class NotFoundError(ApiError):
    """404, e.g. the event key does not exist."""


class EventNotFoundError(NotFoundError):
    """404 for the event of a participant import."""


class ApiRejectedError(ApiError):
    """400/413/422: the server refused the request. ``errors`` holds its messages per field."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = 422,
        errors: Mapping[str, Sequence[str]] | None = None,
        body: object = None,
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.errors: dict[str, list[str]] = {k: list(v) for k, v in (errors or {}).items()}
        self.body = body


class ConfigurationError(PlandocketError):
    """The tenant, key or options given cannot work (e.g. plain http to a remote host)."""


class JournalError(PlandocketError):
    """The import journal cannot be written or does not fit the file to resume."""


class ImportRunningError(JournalError):
    """The same import (the same file) is running in another window or process right now."""
