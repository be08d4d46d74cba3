"""Arrow's memory allocator, chosen before pyarrow loads: the C library's.

The allocator is read once, when pyarrow starts, so it is chosen before pyarrow loads (this
module runs when ``plandocket_desktop.core`` is imported). Unless ``ARROW_DEFAULT_MEMORY_POOL``
says otherwise, Arrow uses the C library's allocator instead of its default (mimalloc):

- the app holds one big table for as long as a file is open; with mimalloc a million-row file
  kept 55 MB more resident after reading than with the C library's allocator, whose freed
  pages ``_memory.give_back()`` returns (reading and validating a million rows take the same
  time with either, measured by ``tests/benchmarks/validation.py`` and ``reading.py``);
- mimalloc reserves a gigabyte of address space at its first allocation, so under an
  address-space limit (``ulimit -v``, ``prlimit --as``, some sandboxes) there would be no room
  left for thread stacks or the workbook engines, and the process would abort instead of
  reporting a file as too large.
"""

from __future__ import annotations

import os
import sys

_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def choose_allocator() -> None:
    """Ask for the C library's allocator (before pyarrow loads), unless one is set already."""
    if "pyarrow" not in sys.modules:
        os.environ.setdefault(_POOL_VARIABLE, "system")
