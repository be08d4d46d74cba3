"""Benchmark: the preview of 10k rows against a tenant of 50k contacts (reading pages once).

Run: ``.venv/bin/python tests/benchmarks/preview.py [--tenant 50000] [--rows 10000]``. It starts
a sandbox on 127.0.0.1 in this process, fills it through the bulk-import endpoint, then prints:

(b) a bare httpx loop fetching every page of ``GET /contacts?per_page=100``, JSON parsed only;
(a) ``preview.plan`` + ``preview.run_preview`` for a file whose rows half exist, half are new;

with (a)/(b), the requests (a) used and what one search per row would have cost.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from plandocket_desktop.core import api, preview, reading, validation  # noqa: E402
from plandocket_desktop.core.types import ImportOptions, Mode  # noqa: E402
from plandocket_desktop.sandbox import server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenant", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp())
    key = "pd_bench_" + secrets.token_hex(12)
    sandbox = server.SandboxServer(home / "sandbox.sqlite3", api_key=key)
    sandbox.start()
    try:
        options = ImportOptions(mode=Mode.UPSERT)
        with api.PlandocketClient(sandbox.base_url, key, timeout=60) as client:
            for start in range(0, args.tenant, 1000):
                people = [
                    {"email": f"t{i}@bench.example", "city": "Berlin", "first_name": f"T{i}"}
                    for i in range(start, min(args.tenant, start + 1000))
                ]
                client.bulk_import(options, people)
        offset = args.tenant - args.rows // 2  # half the rows exist, half are new
        lines = ["E-Mail;Stadt"] + [
            f"t{i}@bench.example;{'Köln' if i % 2 else 'Berlin'}"
            for i in range(offset, offset + args.rows)
        ]
        source = home / "rows.csv"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        table = reading.read_table(source)
        result = validation.validate(table, {"E-Mail": "email", "Stadt": "city"}, options=options)

        began = time.perf_counter()
        pages = 0
        headers = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=60) as http:
            page = 1
            while True:
                body = http.get("/api/v1/contacts", params={"page": page, "per_page": 100}).json()
                pages += 1
                if not body["links"]["next"]:
                    break
                page += 1
        bare = time.perf_counter() - began

        began = time.perf_counter()
        with api.PlandocketClient(sandbox.base_url, key, timeout=60) as client:
            chosen = preview.plan(client, result)
            got = preview.run_preview(client, result, chosen)
        ours = time.perf_counter() - began
    finally:
        sandbox.stop()
    counts = got.counts()
    print(f"tenant {args.tenant:,} contacts, file {args.rows:,} rows")
    print(f"(b) bare page loop: {pages} requests, {bare:.2f} s")
    print(
        f"(a) preview ({got.strategy}): {got.requests} requests (estimated {chosen.requests}), "
        f"{ours:.2f} s; create {counts['create']:,}, update {counts['update']:,}"
    )
    print(f"(a)/(b) = {ours / bare:.2f}; one search per row would take {chosen.lookups:,} requests")


if __name__ == "__main__":
    main()
