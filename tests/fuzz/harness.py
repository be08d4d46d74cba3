"""Byte-level fuzzing of the readers and the encoding and delimiter sniffers.

Seeds are the generated test fixtures and the hostile-file builders' valid files; hypothesis
mutates them byte by byte (cuts, splices, flips, insertions) or makes bytes from nothing. A
target may only return or raise ``SourceError``: anything else is a crash, and every crash
found becomes a regression test in ``tests/fuzz/test_regressions.py``.

    .venv/bin/python -m tests.fuzz.harness --seconds 600     # as long as asked
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from plandocket_desktop.core import reading
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _csv as reading_csv
from plandocket_desktop.core.reading import _encoding as reading_encoding
from tests.hostile import cases

ROUND = 50  # inputs per round; rounds repeat until the time is up
SUFFIXES = (".csv", ".xlsx", ".ods", ".xls", ".txt")


def seeds() -> list[bytes]:
    out = [cases.valid_csv(), cases.valid_xlsx(), cases.valid_ods(), cases.valid_xls()]
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    for path in sorted(fixtures.rglob("*")):
        if path.suffix.lower() in SUFFIXES and path.stat().st_size < 512 * 1024:
            out.append(path.read_bytes())
    return out


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed changed a few times, or fresh bytes."""
    pool = seeds_cache()
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=4096))
    data = bytearray(draw(st.sampled_from(pool)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.integers(0, 3))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == 0:  # cut
            del data[at:]
        elif op == 1:  # flip bytes
            for i in range(at, min(at + draw(st.integers(1, 16)), len(data))):
                data[i] = draw(st.integers(0, 255))
        elif op == 2:  # insert
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:  # splice another seed
            other = draw(st.sampled_from(pool))
            data[at:] = other[draw(st.integers(0, max(len(other) - 1, 0))) :]
    return bytes(data)


_seeds: list[bytes] = []


def seeds_cache() -> list[bytes]:
    if not _seeds:
        _seeds.extend(seeds())
    return _seeds


class Counter:
    tried = 0


def read_target(folder: Path) -> Callable[[bytes, str], None]:
    def target(data: bytes, suffix: str) -> None:
        Counter.tried += 1
        path = folder / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            reading.list_sheets(path)
            reading.read_table(path)
        except SourceError:
            pass

    return target


def sniff_target(data: bytes) -> None:
    Counter.tried += 1
    encoding = reading_encoding.detect_encoding(data)
    if encoding is not None:
        text = data[encoding.skip_bytes :].decode(encoding.codec, errors="replace")
        assert reading_csv.detect_delimiter(text) in reading_csv.DELIMITERS


def run(seconds: float, folder: Path) -> int:
    """Fuzz both targets for about ``seconds``, in rounds; returns how many inputs were tried."""
    deadline = time.monotonic() + seconds
    read = read_target(folder)
    config = settings(
        max_examples=ROUND,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )

    @config
    @given(data=mutated(), suffix=st.sampled_from(SUFFIXES))
    def fuzz_readers(data: bytes, suffix: str) -> None:
        read(data, suffix)

    @config
    @given(data=mutated())
    def fuzz_sniffers(data: bytes) -> None:
        sniff_target(data)

    start = Counter.tried
    while time.monotonic() < deadline:
        fuzz_readers()
        fuzz_sniffers()
    return Counter.tried - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--keep", type=Path, help="folder for the input being tried (crashes)")
    args = parser.parse_args()
    started = time.monotonic()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        tried = run(args.seconds * 0.8, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            tried = run(args.seconds * 0.8, Path(folder))
    elapsed = time.monotonic() - started
    print(f"fuzzing: {tried} inputs in {elapsed:.0f} s, no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
