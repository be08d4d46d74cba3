"""The API key scopes this importer needs, and the sentences that say which ones a key lacks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

SCOPES: Final = ("contacts", "participants", "events")
SETTINGS_HINT: Final = "Ask your PlanDocket administrator to add it under Settings > API."


def settings_hint(missing: tuple[str, ...]) -> str:
    """Who can add the missing permissions, and where ("it" or "them" as the count asks)."""
    return SETTINGS_HINT.replace("add it", "add them") if len(missing) > 1 else SETTINGS_HINT


ACTIONS: Final = {
    "contacts": "import contacts",
    "participants": "import participants",
    "events": "list events",
}

_SCOPE_WORDS = re.compile(r"\b(contacts|participants|events)\b", re.IGNORECASE)


def _and(items: Iterable[str], word: str = "and") -> str:
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def _or(items: Iterable[str]) -> str:
    return _and(items, "or")


def _lacking(missing: tuple[str, ...]) -> str:
    """``the 'events' permission`` or ``the 'contacts' and 'events' permissions``."""
    names = _and(f"'{s}'" for s in missing)
    plural = "permissions" if len(missing) > 1 else "permission"
    return f"the {names} {plural}"


def connection_message(missing: tuple[str, ...]) -> str:
    """The sentence a connection check ends with, given the scopes the key lacks."""
    if not missing:
        return "Connected. This key can import contacts and participants and list events."
    if len(missing) == len(SCOPES):
        return (
            "Connected, but this key can do nothing this program needs: it lacks "
            f"{_lacking(missing)}. {settings_hint(missing)}"
        )
    cannot = [ACTIONS[s] for s in missing]
    if cannot == ["import contacts", "import participants"]:
        cannot = ["import contacts or participants"]
    return (
        f"Connected, but this key cannot {_or(cannot)} (it lacks {_lacking(missing)}). "
        f"{settings_hint(missing)}"
    )


def refused_message(missing: tuple[str, ...]) -> str:
    """The sentence for a 403: what the key cannot do and which scopes it lacks."""
    actions = _or(ACTIONS.get(s, f"use '{s}'") for s in missing)
    return f"This API key cannot {actions} (it lacks {_lacking(missing)}). {settings_hint(missing)}"


def scopes_named(body: Any, text: str) -> tuple[str, ...]:
    """The scopes a 403 answer names, from its fields or else from its message text."""
    found: list[str] = []
    if isinstance(body, Mapping):
        for key in (
            "missing_scopes",
            "missing_scope",
            "required_scope",
            "required_scopes",
            "scope",
        ):
            value = body.get(key)
            if isinstance(value, str):
                found.extend(v.strip().lower() for v in re.split(r"[ ,]+", value) if v.strip())
            elif isinstance(value, list):
                found.extend(str(v).strip().lower() for v in value)
    if not found:
        found = [m.lower() for m in _SCOPE_WORDS.findall(text)]
    return tuple(dict.fromkeys(s for s in found if s))
