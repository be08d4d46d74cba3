"""Benchmark: map + validate 1M rows x 12 mapped columns against a plain pandas read.

Run: ``.venv/bin/python tests/benchmarks/validation.py [--rows N] [--file PATH]``

Generates a realistic CSV (German/English mix, a few bad cells and duplicates), reads it as
text with pyarrow (not measured), then measures ``mapping.suggest`` + ``validation.validate``
against ``pandas.read_csv(FILE, dtype=str)`` in the same run, and the time to re-validate one
edited cell, and ``records()`` per batch of 1,000. Targets: map + validate <= 1.0x the pandas
read; one edit < 5 ms; records <= 4 ms per 1,000 rows.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.mapping import _suggest as mapping
from plandocket_desktop.core.types import ImportOptions, MatchField, Target
from plandocket_desktop.core.validation import _result as validation

HEADERS = [
    "Email",
    "First Name",
    "Last Name",
    "Company",
    "Customer No",
    "Phone",
    "Street",
    "Zip",
    "City",
    "Country",
    "Rating",
    "Website",
]
FIRST = ["Anna", "Jürgen", "Marie", "Tomasz", "Chloé", "Oliver", "Zoë", "Hans", "Ines", "Piotr"]
LAST = ["Müller", "Schmidt", "Dubois", "Nowak", "Smith", "Weiß", "Rossi", "Král", "Berg"]
CITIES = ["Berlin", "München", "Wien", "Zürich", "Paris", "London", "Kraków", "Köln"]
COUNTRIES = ["DE", "Deutschland", "Austria", "AT", "CH", "Schweiz", "FRA", "United Kingdom", ""]
DOMAINS = ["gmail.com", "gmx.de", "t-online.de", "web.de", "example.co.uk", "bücher.de"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADERS) + "\n")
        lines = []
        for i in range(rows):
            first = FIRST[i % len(FIRST)]
            last = LAST[(i // 7) % len(LAST)]
            email = f"{first.lower()}.{i}@{DOMAINS[i % len(DOMAINS)]}"
            roll = rnd.random()
            if roll < 0.001:
                email = f"{first.lower()}(at)x.de"  # invalid
            elif roll < 0.002:
                email = f"{first.lower()}.{max(0, i - 5)}@{DOMAINS[max(0, i - 5) % len(DOMAINS)]}"
            elif roll < 0.003:
                email = ""
            elif roll < 0.01:
                email = f"  {email.upper()} "
            rating = str(1 + i % 5) if roll > 0.3 else ("4.0" if roll > 0.1 else "")
            if 0.5 < roll < 0.5005:
                rating = "gut"
            website = f"www.firma{i % 1000}.de" if roll < 0.2 else f"https://firma{i % 1000}.de"
            lines.append(
                ",".join(
                    [
                        email,
                        first,
                        last,
                        f"Firma {i % 5000} GmbH",
                        f"{i:07d}",
                        f"+49 30 {i:07d}",
                        f"Hauptstraße {i % 200}",
                        f"{(i * 37) % 100000:05d}",
                        CITIES[i % len(CITIES)],
                        COUNTRIES[i % len(COUNTRIES)],
                        rating,
                        website,
                    ]
                )
            )
            if len(lines) == 50_000:
                out.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            out.write("\n".join(lines) + "\n")


def load_table(path: Path) -> Table:
    convert = pacsv.ConvertOptions(column_types={h: pa.string() for h in HEADERS})
    data = pacsv.read_csv(path, convert_options=convert)
    return Table(HEADERS, data, pa.array(range(2, data.num_rows + 2), pa.int64()))


def timed(fn, repeat: int = 1) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, help="reuse or keep the generated CSV here")
    parser.add_argument("--repeat", type=int, default=2, help="best of N for each timing")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp, "bench.csv")
        if not path.exists():
            t0 = time.perf_counter()
            generate(path, args.rows)
            print(f"generated {args.rows:,} rows in {time.perf_counter() - t0:.1f} s")
        size = path.stat().st_size / 1e6
        print(f"file: {size:.0f} MB, {len(HEADERS)} columns")

        t_pandas, _ = timed(lambda: pd.read_csv(path, dtype=str), args.repeat)
        table = load_table(path)
        options = ImportOptions(target=Target.CONTACTS, match_field=MatchField.EMAIL)

        t_map, suggestions = timed(lambda: mapping.suggest(table, Target.CONTACTS), args.repeat)
        chosen = mapping.as_mapping(suggestions)  # type: ignore[arg-type]
        mapped = sum(1 for f in chosen.values() if f)
        t_val, result = timed(
            lambda: validation.validate(table, chosen, options=options), args.repeat
        )
        assert isinstance(result, validation.ValidationResult)
        counts = result.counts

        print(f"mapped columns: {mapped} of {len(HEADERS)}: {chosen}")
        print(f"counts: {counts}")
        print(f"pandas.read_csv(dtype=str):   {t_pandas:7.3f} s")
        print(f"mapping.suggest:              {t_map:7.3f} s")
        print(f"validation.validate:          {t_val:7.3f} s")
        ratio = (t_map + t_val) / t_pandas
        verdict = "OK" if ratio <= 1.0 else "OVER TARGET"
        print(f"map + validate / pandas read: {ratio:7.2f}x  (target <= 1.0x) {verdict}")

        # Re-validating one edited cell: new values, duplicates of others, back again.
        rnd = random.Random(1)
        times = []
        column = next(h for h, f in chosen.items() if f == "email")
        n = len(table)
        for k in range(300):
            row = rnd.randrange(n)
            other = rnd.randrange(n)
            choices = [f"new{k}@example.org", table.cell(other, 0), "broken@", ""]
            text = choices[k % len(choices)]
            start = time.perf_counter()
            result.edit_cell(row, column, text)
            times.append(time.perf_counter() - start)
        times.sort()
        median = statistics.median(times) * 1000
        p99 = times[int(len(times) * 0.99)] * 1000
        worst = times[-1] * 1000
        verdict = "OK" if p99 < 5 else "OVER TARGET"
        print(
            f"edit_cell (re-validate one row at {n:,} rows): median {median:.2f} ms, "
            f"p99 {p99:.2f} ms, max {worst:.2f} ms  (target < 5 ms) {verdict}"
        )
        # Records as the import builds them: batches of 1,000 sendable rows, across the file.
        sendable = result.sendable_indices()
        starts = range(0, len(sendable), max(1000, len(sendable) // 100))
        t_first, _ = timed(lambda: result.records(sendable[:1000]))
        batch_times = []
        for k in starts:
            start = time.perf_counter()
            result.records(sendable[k : k + 1000])
            batch_times.append(time.perf_counter() - start)
        median = statistics.median(batch_times) * 1000
        verdict = "OK" if median <= 4 else "OVER TARGET"
        print(
            f"records() per batch of 1,000 ({mapped} mapped columns, {len(batch_times)} batches): "
            f"median {median:.2f} ms, first {t_first * 1000:.2f} ms  (target <= 4 ms) {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
