"""What the sandbox received: requests and records per endpoint, and each bulk batch by fingerprint.

The store matches contacts by e-mail and never holds a duplicate, so counting contacts cannot
show that a client sent a batch twice; counting what arrives can. Tests read the counters with
``SandboxServer.stats()`` or ``GET /_sandbox/stats`` and clear them with ``DELETE``.

What counts as received: every /api/v1/* request whose body the sandbox read to the end, before
any fault is injected. ``StatsMiddleware`` reads the body first, so a request that a fault then
answers with 429 or 500, or drops, is still received with all its records:

- a dropped connection (``drop_rate``) was received in full and closed unanswered and unapplied
  (``status`` None, ``applied`` False). The client cannot tell it from a drop after the work was
  done, so it must treat the batch as maybe applied and send it again;
- ``applied_error_rate`` gives ``applied`` True with ``status`` 500;
- a slow answer (``timeout_rate``) is applied and answered late, often after the client gave up.

A client that sends a batch again shows up as a second receipt of the same fingerprint.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api/v1/"
SCOPE_KEY = "plandocket.sandbox.receipt"
LOG_LIMIT = 10_000  # receipts kept in the log; the counters go on beyond it
BATCH_LIMIT = 50_000  # distinct fingerprints tracked; later ones are only counted


def fingerprint(records: Any) -> str:
    """The sha256 (hex) of ``records`` as canonical JSON: keys sorted, no spaces, UTF-8.

    Tests compute it for the batches they expect with ``fingerprint(json_round_trip(batch))``:
    the sandbox sees the records as parsed from the request's JSON.
    """
    return hashlib.sha256(orjson.dumps(records, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass
class Receipt:
    """One request as the sandbox received it; filled in while it is handled."""

    seq: int
    at: float  # seconds since the counters were last reset
    endpoint: str  # "POST /api/v1/bulk-import/contacts"
    records: int  # length of the body's "records" array (0 when there is none)
    fingerprint: str | None  # of that array; None without one
    faults: list[str] = field(default_factory=list)  # injected, in order (see FaultMiddleware)
    applied: bool = False  # a bulk batch was committed to the store
    status: int | None = None  # the answer's status; None: no answer (dropped, or not yet)
    done: bool = False
    generation: int = 0  # of the counters it was counted in (a reset starts a new one)

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": round(self.at, 4),
            "endpoint": self.endpoint,
            "records": self.records,
            "fingerprint": self.fingerprint,
            "faults": list(self.faults),
            "applied": self.applied,
            "status": self.status,
            "done": self.done,
        }


@dataclass
class _Endpoint:
    requests: int = 0
    records: int = 0
    applied_requests: int = 0
    applied_records: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)  # "200", "429", "dropped"

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "records": self.records,
            "applied_requests": self.applied_requests,
            "applied_records": self.applied_records,
            "faults": dict(self.faults),
            "statuses": dict(self.statuses),
        }


@dataclass
class _Batch:
    endpoint: str
    records: int
    received: int = 0
    applied: int = 0
    answered: int = 0  # 2xx answers sent (a client that went away never saw them)

    def as_dict(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "records": self.records,
            "received": self.received,
            "applied": self.applied,
            "answered": self.answered,
        }


class RequestStats:
    """The counters; changed on the server's event loop, read from any thread."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._generation = 0
        self.reset()

    def reset(self) -> None:
        """Forget everything received so far (requests still in progress count from zero)."""
        with self._lock:
            self._generation += 1
            self._started = self._clock()
            self._seq = 0
            self._requests = 0
            self._records = 0
            self._endpoints: dict[str, _Endpoint] = {}
            self._batches: dict[str, _Batch] = {}
            self._untracked = 0
            self._log: deque[Receipt] = deque(maxlen=LOG_LIMIT)
            self._open: set[int] = set()

    def received(self, endpoint: str, records: int, print_: str | None) -> Receipt:
        """Count one request whose body was read."""
        with self._lock:
            self._seq += 1
            at = self._clock() - self._started
            receipt = Receipt(self._seq, at, endpoint, records, print_, generation=self._generation)
            self._requests += 1
            self._records += records
            counters = self._endpoints.setdefault(endpoint, _Endpoint())
            counters.requests += 1
            counters.records += records
            batch = self._batch(receipt)
            if batch is not None:
                batch.received += 1
            self._log.append(receipt)
            self._open.add(receipt.seq)
            return receipt

    def fault(self, receipt: Receipt, name: str) -> None:
        with self._lock:
            receipt.faults.append(name)
            if self._current(receipt):
                self._endpoints[receipt.endpoint].faults[name] += 1

    def applied(self, receipt: Receipt) -> None:
        with self._lock:
            if receipt.applied:
                return
            receipt.applied = True
            if not self._current(receipt):
                return
            counters = self._endpoints[receipt.endpoint]
            counters.applied_requests += 1
            counters.applied_records += receipt.records
            batch = self._batch(receipt, add=False)
            if batch is not None:
                batch.applied += 1

    def answered(self, receipt: Receipt, status: int | None) -> None:
        """The request is done; ``status`` None: closed without an answer."""
        with self._lock:
            receipt.status = status
            receipt.done = True
            if not self._current(receipt):
                return
            self._open.discard(receipt.seq)
            self._endpoints[receipt.endpoint].statuses[str(status or "dropped")] += 1
            batch = self._batch(receipt, add=False)
            if batch is not None and status is not None and 200 <= status < 300:
                batch.answered += 1

    def snapshot(self) -> dict[str, Any]:
        """Everything counted, as plain JSON-able data (see the module docstring)."""
        with self._lock:
            return {
                "elapsed": round(self._clock() - self._started, 4),  # the clock of "at"
                "requests": self._requests,
                "records": self._records,
                "in_progress": len(self._open),
                "endpoints": {k: v.as_dict() for k, v in self._endpoints.items()},
                "batches": {k: v.as_dict() for k, v in self._batches.items()},
                "untracked_batches": self._untracked,
                "log": [r.as_dict() for r in self._log],
                "log_dropped": self._seq - len(self._log),
            }

    def _current(self, receipt: Receipt) -> bool:
        # A request that began before a reset belongs to the counters that were reset.
        return receipt.generation == self._generation

    def _batch(self, receipt: Receipt, *, add: bool = True) -> _Batch | None:
        key = receipt.fingerprint
        if key is None:
            return None
        batch = self._batches.get(key)
        if batch is None and add:
            if len(self._batches) >= BATCH_LIMIT:
                self._untracked += 1
                return None
            batch = self._batches[key] = _Batch(receipt.endpoint, receipt.records)
        return batch


class _Ticket:
    """What the middleware, the fault injection and the endpoints note about one request."""

    def __init__(self, stats: RequestStats, receipt: Receipt) -> None:
        self.stats = stats
        self.receipt = receipt
        self.status: int | None = None
        self.finished = False

    def finish(self) -> None:
        """Done: noted before the client can see the end, so it never reads stale counters."""
        if not self.finished:
            self.finished = True
            self.stats.answered(self.receipt, self.status)


def _ticket(scope: Scope) -> _Ticket | None:
    ticket = scope.get(SCOPE_KEY)
    return ticket if isinstance(ticket, _Ticket) else None


def note_fault(scope: Scope, name: str) -> None:
    """Note that fault ``name`` was injected into this request (no-op when not counted)."""
    ticket = _ticket(scope)
    if ticket is not None:
        ticket.stats.fault(ticket.receipt, name)


def note_unanswered(scope: Scope) -> None:
    """Note that this request ends without an answer (the connection is about to close)."""
    ticket = _ticket(scope)
    if ticket is not None:
        ticket.status = None
        ticket.finish()


def note_applied(scope: MutableMapping[str, Any]) -> None:
    """Note that this request's bulk batch was committed to the store."""
    ticket = _ticket(scope)
    if ticket is not None:
        ticket.stats.applied(ticket.receipt)


class _CountingSend:
    """Passes the answer on, noting its status and that it is done just before its end.

    ``__wrapped__`` is the server's own ``send``: ``faults._drop`` closes the connection
    through it.
    """

    def __init__(self, send: Send, ticket: _Ticket) -> None:
        self.__wrapped__ = send
        self.ticket = ticket

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.ticket.status = int(message["status"])
        elif message["type"] == "http.response.body" and not message.get("more_body", False):
            self.ticket.finish()
        await self.__wrapped__(message)


async def _read_body(receive: Receive, limit: int) -> tuple[list[Message], bytes | None]:
    """The request's messages read so far and its whole body (None: too large or cut off)."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return messages, None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return messages, b"".join(chunks)


def _records_in(body: bytes | None) -> tuple[int, str | None]:
    if not body:
        return 0, None
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        return 0, None
    items = parsed.get("records") if isinstance(parsed, dict) else None
    if not isinstance(items, list):
        return 0, None
    return len(items), fingerprint(items)


def _replay(messages: list[Message], receive: Receive) -> Callable[[], Awaitable[Message]]:
    pending = deque(messages)

    async def replayed() -> Message:
        if pending:
            return pending.popleft()
        return await receive()

    return replayed


class StatsMiddleware:
    """ASGI middleware counting /api/v1/* requests into ``stats``; put it outside the faults.

    It reads a request's body (up to ``body_limit`` bytes) before passing the request on, so
    that what a fault answers or drops is counted too, then hands the app the same messages.
    """

    def __init__(self, app: ASGIApp, stats: RequestStats, body_limit: int) -> None:
        self.app = app
        self.stats = stats
        self.body_limit = body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        messages: list[Message] = []
        body: bytes | None = None
        if not declared.isdigit() or int(declared) <= self.body_limit:
            messages, body = await _read_body(receive, self.body_limit)
        records, print_ = _records_in(body)
        receipt = self.stats.received(f"{scope['method']} {scope['path']}", records, print_)
        ticket = _Ticket(self.stats, receipt)
        scope[SCOPE_KEY] = ticket
        try:
            await self.app(scope, _replay(messages, receive), _CountingSend(send, ticket))
        finally:
            ticket.finish()
