"""Tolerant readers for values in PlanDocket's JSON answers (numbers as text, messages as lists).

PLANDOCKET_API.md leaves many shapes open, so each reader takes ``Any`` and returns a plain
value or None when the value cannot be what was asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def text_of(value: Any) -> str:
    """A readable text for a message value the server sent (string, list, dict)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        parts = []
        for k, v in value.items():
            inner = text_of(v)
            parts.append(f"{k}: {inner}" if inner else str(k))
        return "; ".join(parts)
    if isinstance(value, list | tuple):
        return "; ".join(t for t in (text_of(v) for v in value) if t)
    return str(value)


def first(item: Mapping[str, Any], keys: Sequence[str]) -> Any:
    """The value of the first of ``keys`` that is present and not empty, else None."""
    for key in keys:
        value = item.get(key)
        if value is not None and value != "":
            return value
    return None


def int_of(value: Any) -> int | None:
    """An int from an int, a whole float or a digit string; None for anything else (or a bool)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def bool_of(value: Any) -> bool | None:
    """A bool from a bool, a number or a word like ``yes`` / ``false``; None otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("1", "true", "yes"):
            return True
        if lowered in ("0", "false", "no"):
            return False
    return None


def str_of(value: Any) -> str | None:
    """A stripped, non-empty text from a scalar; None for nothing, blanks, lists and objects."""
    if value is None or isinstance(value, Mapping | list):
        return None
    text = str(value).strip()
    return text or None
