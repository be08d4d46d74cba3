"""Giving freed memory back to the system after a big step (reading, validating a million rows).

Arrow's allocator and the C library keep pages freed by the temporaries of a big step for
later; on a million rows that is 150-200 MB still counted as the app's, for as long as the
file is open. Returning them takes a few milliseconds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable

# Below this many rows the pages kept are few; giving them back is not worth a call.
BIG_ROWS = 50_000


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where there is none (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def give_back() -> None:
    """Return memory Arrow's pool and the C library hold free to the system."""
    if "pyarrow" in sys.modules:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
