"""Fault injection for /api/v1/*: latency, 500s before and after applying, 429s, hourly limits,
dropped connections and answers slower than the client's timeout. Seeded, so repeatable.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from plandocket_desktop.sandbox import stats

API_PREFIX = "/api/v1/"


@dataclass(frozen=True)
class FaultSettings:
    """The current faults; rates are shares between 0 and 1, 0 = off."""

    latency_ms: int = 0  # added to every answer
    error_rate: float = 0.0  # 500 before the request is processed
    applied_error_rate: float = 0.0  # 500 after a successful request was applied
    rate_429: float = 0.0  # 429 with Retry-After: retry_after_s
    drop_rate: float = 0.0  # connection closed without an answer
    timeout_rate: float = 0.0  # answered only after slow_ms (then processed as usual)
    slow_ms: int = 35_000
    rate_limit_per_hour: int = 0  # requests per key and window; 0 = unlimited
    rate_limit_window_s: int = 3600
    retry_after_s: int = 1
    seed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_RATES = ("error_rate", "applied_error_rate", "rate_429", "drop_rate", "timeout_rate")
_COUNTS = ("latency_ms", "slow_ms", "rate_limit_per_hour", "retry_after_s", "seed")
FIELDS = tuple(f.name for f in dataclasses.fields(FaultSettings))


def merged(base: FaultSettings, changes: Mapping[str, Any]) -> FaultSettings:
    """``base`` with ``changes`` applied; ValueError (field -> messages) on bad input."""
    problems: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in FIELDS:
            problems[name] = [f"Unknown fault setting '{name}'."]
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems[name] = [f"The {name} setting must be a number."]
        elif name in _RATES:
            if not 0 <= value <= 1:
                problems[name] = [f"The {name} setting must be between 0 and 1."]
            clean[name] = float(value)
        elif name == "rate_limit_window_s":
            if value < 1 or not float(value).is_integer():
                problems[name] = [f"The {name} setting must be a whole number of 1 or more."]
            clean[name] = int(value)
        elif name in _COUNTS:
            if value < 0 or not float(value).is_integer():
                problems[name] = [f"The {name} setting must be a whole number of 0 or more."]
            clean[name] = int(value)
    if problems:
        raise FaultSettingsError(problems)
    return dataclasses.replace(base, **clean)


class FaultSettingsError(ValueError):
    """Bad fault settings; ``problems`` maps each setting to its messages."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in problems.values() for m in ms))
        self.problems = problems


class FaultInjector:
    """The fault settings, their seeded random source and the per-key request counters."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self._settings = settings or FaultSettings()
        self._rng = random.Random(self._settings.seed)
        self._windows: dict[str, tuple[float, int]] = {}
        self.stopping = threading.Event()

    @property
    def settings(self) -> FaultSettings:
        return self._settings

    def configure(self, changes: Mapping[str, Any], *, replace: bool = False) -> FaultSettings:
        """Apply ``changes`` (to the defaults when ``replace``); reseeds and clears counters."""
        with self._lock:
            self._settings = merged(FaultSettings() if replace else self._settings, changes)
            self._rng = random.Random(self._settings.seed)
            self._windows.clear()
            return self._settings

    def hit(self, rate: float) -> bool:
        """One seeded draw: True with probability ``rate`` (no draw when the rate is 0)."""
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate

    def count(self, key: str, now: float | None = None) -> tuple[bool, dict[str, str]]:
        """Count one request of ``key``: (allowed, X-RateLimit-* and Retry-After headers)."""
        settings = self._settings
        now = time.time() if now is None else now
        with self._lock:
            start, used = self._windows.get(key, (now, 0))
            if now >= start + settings.rate_limit_window_s:
                start, used = now, 0
            used += 1
            self._windows[key] = (start, used)
        reset_at = start + settings.rate_limit_window_s
        headers = {
            "X-RateLimit-Limit": str(settings.rate_limit_per_hour),
            "X-RateLimit-Remaining": str(max(0, settings.rate_limit_per_hour - used)),
            "X-RateLimit-Reset": str(math.ceil(reset_at)),
        }
        allowed = used <= settings.rate_limit_per_hour
        if not allowed:
            headers["Retry-After"] = str(max(1, math.ceil(reset_at - now)))
        return allowed, headers


def _json_message(status: int, body: dict[str, Any], headers: Mapping[str, str]) -> list[Message]:
    payload = json.dumps(body).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in headers.items()),
    ]
    return [
        {"type": "http.response.start", "status": status, "headers": raw_headers},
        {"type": "http.response.body", "body": payload, "more_body": False},
    ]


async def _answer(
    send: Send, status: int, body: dict[str, Any], headers: Mapping[str, str]
) -> None:
    for message in _json_message(status, body, headers):
        await send(message)


async def _drop(send: Send) -> None:
    """Close the connection without an answer.

    uvicorn's ``send`` is a method of the request cycle, which holds the transport; closing it
    and letting the loop run marks the cycle disconnected, so uvicorn sends nothing more. A
    wrapper around it (``stats.StatsMiddleware``) names it ``__wrapped__``.
    """
    server_send = getattr(send, "__wrapped__", send)
    transport = getattr(getattr(server_send, "__self__", None), "transport", None)
    if transport is not None and hasattr(transport, "close"):
        transport.close()
        for _ in range(3):
            await asyncio.sleep(0)
        return
    # Another server: promise a body and break off (the client sees an incomplete answer).
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]}
    )
    await send({"type": "http.response.body", "body": b"{", "more_body": True})
    raise ConnectionAbortedError("dropped by fault injection")


class FaultMiddleware:
    """ASGI middleware applying the injector's faults to /api/v1/* requests only.

    ``key_of(scope)`` returns the request's API key when it is a known one (for the hourly
    limit, counted per key), else None. Each fault injected is noted for ``stats`` as
    ``drop``, ``slow``, ``429``, ``error``, ``rate_limit`` or ``applied_error``.
    """

    def __init__(
        self, app: ASGIApp, injector: FaultInjector, key_of: Callable[[Scope], str | None]
    ) -> None:
        self.app = app
        self.injector = injector
        self.key_of = key_of

    async def _sleep(self, seconds: float) -> None:
        # In slices, so stopping the server does not wait for a long "slow answer".
        deadline = time.monotonic() + seconds
        while not self.injector.stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.05))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        injector = self.injector
        settings = injector.settings
        if settings.latency_ms:
            await self._sleep(settings.latency_ms / 1000)
        if injector.hit(settings.drop_rate):
            stats.note_fault(scope, "drop")
            stats.note_unanswered(scope)
            await _drop(send)
            return
        if injector.hit(settings.timeout_rate):
            stats.note_fault(scope, "slow")
            await self._sleep(settings.slow_ms / 1000)
        if injector.hit(settings.rate_429):
            stats.note_fault(scope, "429")
            retry = {"Retry-After": str(settings.retry_after_s)}
            await _answer(send, 429, {"error": "Rate limit exceeded"}, retry)
            return
        if injector.hit(settings.error_rate):
            stats.note_fault(scope, "error")
            await _answer(send, 500, {"error": "Internal server error"}, {})
            return
        extra: dict[str, str] = {}
        key = self.key_of(scope) if settings.rate_limit_per_hour else None
        if key is not None:
            allowed, extra = injector.count(key)
            if not allowed:
                stats.note_fault(scope, "rate_limit")
                await _answer(send, 429, {"error": "Rate limit exceeded"}, extra)
                return
        fail_after = injector.hit(settings.applied_error_rate)
        if not extra and not fail_after:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _Rewriter(scope, send, extra, fail_after))


class _Rewriter:
    """Adds headers to the app's answer, or swaps a successful answer for a 500."""

    def __init__(
        self, scope: Scope, send: Send, headers: Mapping[str, str], fail_after: bool
    ) -> None:
        self.scope = scope
        self.send = send
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.fail_after = fail_after
        self.swallow = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if self.fail_after and message["status"] < 400:
                stats.note_fault(self.scope, "applied_error")
                self.swallow = True
                headers = {k.decode(): v.decode() for k, v in self.headers}
                await _answer(self.send, 500, {"error": "Internal server error"}, headers)
                return
            message = {**message, "headers": [*message.get("headers", []), *self.headers]}
        elif self.swallow:
            return
        await self.send(message)
