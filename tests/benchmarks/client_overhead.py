"""Benchmark: the API client's own work for one batch of 1,000 records, against a bare httpx call.

Run: ``.venv/bin/python tests/benchmarks/client_overhead.py [--records 1000] [--rounds 200]``

No network: both sides talk to the same in-memory ``httpx.MockTransport``, whose answer is
serialised once beforehand, so only the work on this side of the wire is timed. The records
are built before any timing. For two shapes of answer, one result per record named by its
``index`` (PlanDocket's own) and one named by its ``email`` (an answer the client also reads),
each round times, in alternating order:

(b) baseline: a bare ``httpx.Client`` with the same transport serialising the records with
    orjson, posting the bytes, parsing the answer with ``orjson.loads`` and making one
    ``RecordResult`` per record (by index, or by a dict from email to index): the least any
    client that reports per record must do;
(a) ``PlandocketClient.bulk_import(options, records)``: the same, plus its checks, the error
    mapping and the tolerant reading of the answer (several names for each key, nested
    records, text lines).

It prints the medians, their ratio (target (a)/(b) <= 3: the tolerant reading costs about
as much again as the bare one; per-record requests or matching records by a scan would cost
tens of times more) and (a) per batch (target <= 20 ms; an import of 100,000 rows makes 100
such calls, each also a network round trip of typically 50-500 ms).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from plandocket_desktop.core.api import _bulk_result as bulk_result  # noqa: E402
from plandocket_desktop.core.api import _client as client  # noqa: E402
from plandocket_desktop.core.types import ImportOptions, Outcome  # noqa: E402

KEY = "pd_bench_" + "0" * 32  # only ever sent to the in-memory transport
TARGET_RATIO = 3.0
TARGET_MS = 20.0
SHAPES = ("index", "email")


def make_records(n: int) -> list[dict[str, Any]]:
    return [
        {
            "email": f"Person{i:07d}@Bench.example",
            "first_name": f"Vorname{i}",
            "last_name": "Müller",
            "company_name": f"Firma {i % 997} GmbH",
            "city": "Köln",
            "postal_code": f"{50000 + i % 999:05d}",
            "country": "DE",
            "rating": 1 + i % 5,
        }
        for i in range(n)
    ]


def make_answer(records: list[dict[str, Any]], shape: str) -> bytes:
    if shape == "index":
        details = [{"index": i, "status": "created", "id": 1000 + i} for i in range(len(records))]
    else:  # named by the address, as the server stored it (lower case)
        details = [
            {"email": r["email"].lower(), "status": "created", "id": 1000 + i}
            for i, r in enumerate(reversed(records))
        ]
    n = len(records)
    counts = {"total": n, "created": n, "updated": 0, "skipped": 0, "contacts_created": 0}
    return orjson.dumps({**counts, "details": details})


def make_transport(answer: bytes) -> httpx.MockTransport:
    headers = {"Content-Type": "application/json"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer, headers=headers)

    return httpx.MockTransport(handler)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(records: list[dict[str, Any]], shape: str, rounds: int) -> tuple[float, float]:
    """Median seconds of (a) the client and (b) the bare baseline, for one shape of answer."""
    options = ImportOptions()
    params = options.as_params()
    transport = make_transport(make_answer(records, shape))
    api = client.PlandocketClient("http://127.0.0.1:9", KEY, transport=transport)
    bare = httpx.Client(
        base_url=api.base_url + client.API_PREFIX,
        headers={"Authorization": f"Bearer {KEY}", "Accept": "application/json"},
        transport=transport,
    )

    def baseline() -> list[bulk_result.RecordResult]:
        body = orjson.dumps({"records": records, **params})
        response = bare.post(
            "/bulk-import/contacts", content=body, headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()
        details = orjson.loads(response.content)["details"]
        if shape == "index":
            return [
                bulk_result.RecordResult(d["index"], Outcome(d["status"]), None, d["id"])
                for d in details
            ]
        by_email = {r["email"].lower(): i for i, r in enumerate(records)}
        return [
            bulk_result.RecordResult(by_email[d["email"]], Outcome(d["status"]), None, d["id"])
            for d in details
        ]

    def ours() -> bulk_result.BulkResult:
        return api.bulk_import(options, records)

    with api, bare:
        # Warm up both, and check that both did the whole job.
        assert len(baseline()) == len(records)
        result = ours()
        assert [r.index for r in result.records] == list(range(len(records)))
        assert all(r.outcome is Outcome.CREATED for r in result.records)
        times_a: list[float] = []
        times_b: list[float] = []
        gc.collect()
        for k in range(rounds):
            if k % 2:
                times_b.append(timed(baseline))
                times_a.append(timed(ours))
            else:
                times_a.append(timed(ours))
                times_b.append(timed(baseline))
    return statistics.median(times_a), statistics.median(times_b)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000, help="records per batch (<= 1000)")
    parser.add_argument("--rounds", type=int, default=200, help="rounds; medians are reported")
    args = parser.parse_args(argv)
    records = make_records(args.records)
    print(f"one batch of {args.records:,} records, {args.rounds} rounds, medians")
    for shape in SHAPES:
        a, b = measure(records, shape, args.rounds)
        ratio = a / b
        print(f"answer per record by {shape}:")
        print(f"  (b) bare httpx + orjson + RecordResults: {b * 1000:7.2f} ms")
        print(f"  (a) PlandocketClient.bulk_import:        {a * 1000:7.2f} ms")
        verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"  (a)/(b): {ratio:5.2f}x (target <= {TARGET_RATIO}x) {verdict}")
        verdict = "OK" if a * 1000 <= TARGET_MS else "OVER TARGET"
        print(f"  (a) per batch: {a * 1000:.2f} ms (target <= {TARGET_MS:.0f} ms) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
