"""Small helpers for the words the pages show (Qt-free)."""

from __future__ import annotations


def counted(count: int, one: str, many: str) -> str:
    """``counted(1200, "row", "rows")`` -> "1,200 rows"; ``one`` when the count is 1."""
    return f"{count:,} {one if count == 1 else many}"
