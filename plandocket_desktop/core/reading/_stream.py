"""A big delimited file read by pyarrow from the file itself, with the counts we need beside it.

pyarrow reads the file with its own readahead (read calls into small reused buffers, never a
memory map: a file cut short by another program would kill the process with SIGBUS). Beside
it, a thread counts the quote bytes below the header in 1 MiB pieces (numpy lets go of the
GIL); ragged rows are placed by another pass in pieces (``_ragged``), so the whole file is
never in memory. The file's size and modification time are compared before and after: a file
changed while read is read again by the exact path, so every count belongs to the text pyarrow
parsed.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

_PIECE = 1 << 20


def stamp(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of the file; None when it cannot be looked at."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_size, status.st_mtime_ns


def raw_opener(path: Path) -> Callable[[int], io.RawIOBase]:
    """A function that opens the file unbuffered at an offset (for ``_ragged.place``)."""

    def open_at(offset: int) -> io.RawIOBase:
        stream = io.FileIO(path, "r")
        stream.seek(offset)
        return stream

    return open_at


def opener(path: Path, start: int) -> Callable[[], pa.NativeFile]:
    """A function that opens the file for pyarrow at byte ``start``."""

    def open_at() -> pa.NativeFile:
        stream = pa.OSFile(str(path), mode="r")
        stream.seek(start)
        return stream

    return open_at


class QuoteCount:
    """The number of quote bytes (0x22) from byte ``start`` to the end, counted on a thread."""

    def __init__(self, path: Path, start: int, size: int) -> None:
        self._count: int | None = None
        self._thread = threading.Thread(
            target=self._run, args=(path, start, size), name="plandocket-csv", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, start: int, size: int) -> None:
        try:
            self._count = count_quotes(path, start, size)
        except (OSError, ValueError, MemoryError):
            self._count = None

    def result(self) -> int | None:
        """The count; None when the file could not be read or its length was not ``size``."""
        self._thread.join()
        return self._count


def count_quotes(path: Path, start: int, size: int, piece: int = _PIECE) -> int | None:
    """Quote bytes in ``path`` from byte ``start``; None when it is not ``size`` bytes long."""
    buffer = bytearray(piece)
    view = memoryview(buffer)
    array = np.frombuffer(buffer, dtype=np.uint8)
    total = 0
    read = 0
    with path.open("rb", buffering=0) as stream:
        stream.seek(start)
        while True:
            got = stream.readinto(view)
            if not got:
                break
            read += got
            total += int(np.count_nonzero(array[:got] == 34))
    return total if start + read == size else None
