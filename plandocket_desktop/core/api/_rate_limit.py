"""What the server said about the key's hourly request budget (``X-RateLimit-*`` headers)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from plandocket_desktop.core.api import _json_values as json_values


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The last announced limit: requests per window, how many are left, reset (unix time)."""

    limit: int | None
    remaining: int | None
    reset: int | None = None


def rate_limit_of(headers: Mapping[str, str]) -> RateLimit | None:
    """The ``X-RateLimit-*`` headers of an answer; None when it sent none."""
    limit = json_values.int_of(headers.get("x-ratelimit-limit"))
    remaining = json_values.int_of(headers.get("x-ratelimit-remaining"))
    if limit is None and remaining is None:
        return None
    return RateLimit(limit, remaining, json_values.int_of(headers.get("x-ratelimit-reset")))
