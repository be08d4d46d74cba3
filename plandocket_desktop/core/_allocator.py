"""Arrow's memory allocator, chosen before pyarrow loads: the system one under a memory limit.

pyarrow's default allocator (mimalloc) reserves a gigabyte of address space at its first
allocation. Under an address-space limit (``ulimit -v``, ``prlimit --as``, some sandboxes)
that leaves no room for thread stacks or the workbook engines, and the process aborts instead
of reporting a file as too large. The choice is read once, when pyarrow starts.
"""

from __future__ import annotations

import os
import sys

_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def address_space_limited() -> bool:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no such limit
        return False
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    return soft != resource.RLIM_INFINITY


def fit_address_space_limit() -> None:
    """Ask for the system allocator when the address space is limited (before pyarrow loads)."""
    if "pyarrow" not in sys.modules and address_space_limited():
        os.environ.setdefault(_POOL_VARIABLE, "system")
