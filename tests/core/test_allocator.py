"""Arrow's allocator: the C library's, unless the environment chose another."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = (
    "import plandocket_desktop.core, pyarrow as pa; "
    "pa.array(['x']); print(pa.default_memory_pool().backend_name)"
)


def backend(pool: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if pool is not None:
        env["ARROW_DEFAULT_MEMORY_POOL"] = pool
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_core_makes_arrow_use_the_c_librarys_allocator() -> None:
    assert backend(None) == "system"


@pytest.mark.parametrize("pool", ["mimalloc", "jemalloc"])
def test_a_pool_chosen_in_the_environment_is_kept(pool: str) -> None:
    import pyarrow as pa

    available = {"mimalloc": pa.mimalloc_memory_pool, "jemalloc": pa.jemalloc_memory_pool}
    try:
        available[pool]()
    except NotImplementedError:
        pytest.skip(f"this pyarrow was built without {pool}")
    assert backend(pool) == pool
