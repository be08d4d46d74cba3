"""What the sandbox received, batch by batch: for tests that must see a batch sent twice.

The sandbox matches contacts by e-mail, so its store never shows a resend; its counters
(``SandboxServer.stats()``, ``GET /_sandbox/stats``) do. These helpers name each batch the
engine plans by its fingerprint and group the sandbox's receipts by batch number.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from plandocket_desktop.sandbox import stats

BULK_PREFIX = "POST /api/v1/bulk-import/"


def batch_prints(
    validation: Any, batch_size: int, indices: Sequence[int] | None = None
) -> list[str]:
    """The fingerprint of each batch ``ImportJob`` sends for these rows, in batch order.

    The records go through JSON as the client sends them: the sandbox fingerprints what it
    parsed from the request.
    """
    chosen = list(indices) if indices is not None else validation.sendable_indices()
    prints = []
    for start in range(0, len(chosen), batch_size):
        records = validation.records(chosen[start : start + batch_size])
        prints.append(stats.fingerprint(orjson.loads(orjson.dumps(records))))
    assert len(set(prints)) == len(prints), "two planned batches look the same"
    return prints


def bulk_receipts(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The bulk-import requests of a stats snapshot, in the order they arrived."""
    assert snapshot["log_dropped"] == 0, "the sandbox's log overflowed"
    return [r for r in snapshot["log"] if r["endpoint"].startswith(BULK_PREFIX)]


def by_batch(snapshot: dict[str, Any], prints: Sequence[str]) -> dict[int, list[dict[str, Any]]]:
    """Each planned batch number -> its receipts in arrival order (only batches received).

    Fails when the sandbox received a batch that is none of the planned ones (a batch cut
    short, grown, or mixed from two).
    """
    number = {p: k for k, p in enumerate(prints)}
    grouped: dict[int, list[dict[str, Any]]] = {}
    for receipt in bulk_receipts(snapshot):
        k = number.get(receipt["fingerprint"])
        assert k is not None, f"received a batch that was not planned: {receipt}"
        grouped.setdefault(k, []).append(receipt)
    return grouped


def sent_once_each(snapshot: dict[str, Any], prints: Sequence[str]) -> set[int]:
    """The batch numbers received; fails when any of them was received more than once."""
    grouped = by_batch(snapshot, prints)
    twice = {k + 1: len(v) for k, v in grouped.items() if len(v) > 1}
    assert not twice, f"batches received more than once (batch number: times): {twice}"
    return set(grouped)


def wait_until(
    sandbox: Any, condition: Callable[[dict[str, Any]], bool], seconds: float = 30.0
) -> dict[str, Any]:
    """Poll the in-process sandbox's stats until ``condition(snapshot)``; the snapshot."""
    deadline = time.monotonic() + seconds
    while True:
        snapshot: dict[str, Any] = sandbox.stats()
        if condition(snapshot):
            return snapshot
        assert time.monotonic() < deadline, f"the sandbox's stats never came right: {snapshot}"
        time.sleep(0.005)


def settled(sandbox: Any) -> dict[str, Any]:
    """The stats once nothing received is still being handled."""
    return wait_until(sandbox, lambda s: s["in_progress"] == 0, 15.0)


def fresh_in_flight(snapshot: dict[str, Any], count: int, younger_than: float) -> bool:
    """Whether ``count`` bulk requests are being handled, each received under that many s ago.

    With enough latency at the sandbox, a signal sent now reaches the client while these are
    still in flight.
    """
    handling = [r for r in bulk_receipts(snapshot) if not r["done"]]
    return len(handling) == count and all(
        snapshot["elapsed"] - r["at"] < younger_than for r in handling
    )
