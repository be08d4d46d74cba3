"""Benchmark: the import engine against a bare httpx loop, and whether prefetching hides latency.

Run: ``.venv/bin/python tests/benchmarks/import_engine.py [--rows 100000] [--repeat 3]``. It
starts its own sandbox on 127.0.0.1 in a child process (a real PlanDocket is another machine, so
the server's Python work must not compete with the importer for one interpreter lock; its API
key is generated at run time and handed over in memory) and prints, as medians of
``--repeat`` interleaved rounds:

(b) a bare loop posting the same batches, serialised beforehand with orjson, via httpx
    ``content=`` bytes, answers only parsed as JSON;
(a) the engine's time from a validated table to the last answer (records built per batch,
    journal written before and after every batch, per-row outcomes kept), with the next
    batch built while one is in flight (``prefetch``, the default) and without;

then (a)/(b) (target <= 1.15), and with 200 ms of injected latency per request the engine
without prefetch, with it, and with two batches in flight, next to the bare loop.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from plandocket_desktop.core._table import Table  # noqa: E402
from plandocket_desktop.core.api import _client as client  # noqa: E402
from plandocket_desktop.core.importing import _engine as job  # noqa: E402
from plandocket_desktop.core.importing import _journal as journal  # noqa: E402
from plandocket_desktop.core.types import ImportDraft, ImportOptions  # noqa: E402
from plandocket_desktop.core.validation import _result as validation  # noqa: E402
from plandocket_desktop.sandbox import server  # noqa: E402

HEADERS = ["E-Mail", "Vorname", "Nachname", "Firma", "Ort", "PLZ", "Land", "Bewertung"]
MAPPING = {
    "E-Mail": "email",
    "Vorname": "first_name",
    "Nachname": "last_name",
    "Firma": "company_name",
    "Ort": "city",
    "PLZ": "postal_code",
    "Land": "country",
    "Bewertung": "rating",
}


def _serve(db: str, key: str, ready: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    sandbox = server.SandboxServer(db, api_key=key)
    sandbox.start()
    ready.put(sandbox.base_url)
    stop.wait()
    sandbox.stop()


class ProcessSandbox:
    """The same SandboxServer in a child process (like a real, remote PlanDocket: the server's
    Python work does not compete with the importer for one interpreter lock)."""

    def __init__(self, db: Path) -> None:
        self.api_key = server.generate_key()
        ctx = multiprocessing.get_context("spawn")
        self._ready = ctx.Queue()
        self._stop = ctx.Event()
        self._proc = ctx.Process(
            target=_serve, args=(str(db), self.api_key, self._ready, self._stop)
        )

    def start(self) -> None:
        self._proc.start()
        self.base_url = self._ready.get(timeout=60)
        self._http = httpx.Client(base_url=self.base_url, timeout=60)

    def stop(self) -> None:
        if hasattr(self, "_http"):
            self._http.close()
        self._stop.set()
        self._proc.join(30)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(5)

    def reset(self) -> None:
        self._http.post("/_sandbox/reset").raise_for_status()

    def set_faults(self, **settings: object) -> None:
        self._http.post("/_sandbox/faults", json=settings).raise_for_status()


def make_table(n: int) -> Table:
    rows = (
        [
            f"person{i:07d}@bench.example",
            f"Vorname{i}",
            "Müller",
            f"Firma {i % 997} GmbH",
            "Köln",
            f"{50000 + i % 999:05d}",
            "Deutschland" if i % 3 else "DE",
            str(1 + i % 5),
        ]
        for i in range(n)
    )
    return Table.from_rows(HEADERS, rows)


def engine_run(
    sandbox, result, options, *, prefetch: bool, home: Path, batch_size: int, in_flight: int = 1
) -> float:
    draft = ImportDraft(tenant=sandbox.base_url, path=home / "bench.csv", batch_size=batch_size)
    draft.path.write_text("bench\n")
    with journal.JournalStore(home / f"journal-{time.monotonic_ns()}.sqlite3") as store:
        jj = store.create(draft)
        with client.PlandocketClient(sandbox.base_url, sandbox.api_key) as api:
            engine = job.ImportJob(
                api,
                result,
                options,
                batch_size=batch_size,
                journal=jj,
                prefetch=prefetch,
                in_flight=in_flight,
            )
            start = time.perf_counter()
            report = engine.run()
            elapsed = time.perf_counter() - start
    assert report.finished, report.stop_message
    return elapsed


def bare_run(sandbox, result, options, batch_size: int) -> float:
    indices = result.sendable_indices()
    params = options.as_params()
    bodies = [
        orjson.dumps({"records": result.records(indices[k : k + batch_size]), **params})
        for k in range(0, len(indices), batch_size)
    ]
    headers = {"Authorization": f"Bearer {sandbox.api_key}", "Content-Type": "application/json"}
    url = f"{sandbox.base_url}/api/v1/bulk-import/contacts"
    with httpx.Client(timeout=60) as http:
        start = time.perf_counter()
        for body in bodies:
            response = http.post(url, content=body, headers=headers)
            response.raise_for_status()
            orjson.loads(response.content)
        return time.perf_counter() - start


def _seconds(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--latency-rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument(
        "--server",
        choices=["process", "thread"],
        default="process",
        help="run the sandbox in a child process (default, like a remote PlanDocket) or in a "
        "thread of this process (it then competes with the importer for the interpreter lock)",
    )
    args = parser.parse_args(argv)
    options = ImportOptions()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["PLANDOCKET_HOME"] = str(home)
        sandbox: server.SandboxServer | ProcessSandbox
        if args.server == "process":
            sandbox = ProcessSandbox(home / "sandbox.sqlite3")
        else:
            sandbox = server.SandboxServer(home / "sandbox.sqlite3")
        print(f"sandbox in a {args.server}; {args.repeat} rounds, medians reported")
        try:
            sandbox.start()
            t0 = time.perf_counter()
            table = make_table(args.rows)
            result = validation.validate(table, MAPPING, options=options)
            print(
                f"{args.rows:,} rows read into a table and validated in "
                f"{time.perf_counter() - t0:.1f} s (not timed below)"
            )
            small = validation.validate(make_table(args.latency_rows), MAPPING, options=options)
            batches = result.sendable_indices()
            built = []
            for k in range(0, len(batches), 1000):
                start = time.perf_counter()
                result.records(batches[k : k + 1000])
                built.append(time.perf_counter() - start)
            print(f"records() per batch of 1,000: median {statistics.median(built) * 1000:.2f} ms")

            def fresh(latency_ms: int) -> None:
                sandbox.reset()  # empty, and no faults
                if latency_ms:
                    sandbox.set_faults(latency_ms=latency_ms)

            def engine(prefetch: bool, in_flight: int = 1, latency_ms: int = 0) -> float:
                fresh(latency_ms)
                res = small if latency_ms else result
                return engine_run(
                    sandbox,
                    res,
                    options,
                    prefetch=prefetch,
                    home=home,
                    batch_size=1000,
                    in_flight=in_flight,
                )

            def bare(latency_ms: int = 0) -> float:
                fresh(latency_ms)
                return bare_run(sandbox, small if latency_ms else result, options, 1000)

            # Rounds interleave the three runs, so that the machine's load hits them alike.
            b_times: list[float] = []
            on_times: list[float] = []
            off_times: list[float] = []
            for _ in range(args.repeat):
                b_times.append(bare())
                on_times.append(engine(prefetch=True))
                off_times.append(engine(prefetch=False))
            b = statistics.median(b_times)
            on, off = statistics.median(on_times), statistics.median(off_times)
            print(f"(b) bare httpx loop, pre-serialised: {b:.2f} s  runs: {_seconds(b_times)}")
            for label, a, times in (
                ("(a) engine, next batch built while one is in flight (prefetch)", on, on_times),
                ("(a) engine, next batch built after the answer (no prefetch)", off, off_times),
            ):
                per_round = [t / bt for t, bt in zip(times, b_times, strict=True)]
                print(f"{label}: {a:.2f} s ({args.rows / a:,.0f} rows/s)  runs: {_seconds(times)}")
                print(
                    f"    (a)/(b) = {a / b:.3f}  (target <= 1.15); per round: "
                    + ", ".join(f"{r:.3f}" for r in per_round)
                )

            runs: dict[str, list[float]] = {"off": [], "on": [], "two": [], "bare": []}
            for _ in range(args.repeat):
                runs["off"].append(engine(prefetch=False, latency_ms=200))
                runs["on"].append(engine(prefetch=True, latency_ms=200))
                runs["two"].append(engine(prefetch=True, in_flight=2, latency_ms=200))
                runs["bare"].append(bare(latency_ms=200))
            lat = {k: statistics.median(v) for k, v in runs.items()}
            batch_count = -(-args.latency_rows // 1000)
            print(f"with 200 ms latency, {args.latency_rows:,} rows in {batch_count} batches:")
            print(f"  engine, no prefetch: {lat['off']:.2f} s  runs: {_seconds(runs['off'])}")
            print(f"  engine, prefetch: {lat['on']:.2f} s  runs: {_seconds(runs['on'])}")
            print(f"  engine, two in flight: {lat['two']:.2f} s  runs: {_seconds(runs['two'])}")
            print(f"  bare loop: {lat['bare']:.2f} s  runs: {_seconds(runs['bare'])}")
            saved = lat["off"] - lat["on"]
            print(
                f"  prefetch saves {saved:.2f} s ({saved / lat['off']:.0%}); two in flight save "
                f"{lat['off'] - lat['two']:.2f} s ({(lat['off'] - lat['two']) / lat['off']:.0%})"
            )
        finally:
            sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
