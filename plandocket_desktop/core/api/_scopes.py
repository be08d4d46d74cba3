"""The API key scopes this importer needs, and the sentences that say which ones a key lacks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from plandocket_desktop.i18n import N_, _, ngettext

SCOPES: Final = ("contacts", "participants", "events")
# Kept for callers that show where keys are managed; the sentences below carry it whole.
SETTINGS_HINT: Final = N_("Ask your PlanDocket administrator to add it under Settings > API.")

# What a key cannot do without these scopes (the ones this importer needs), as one phrase.
_CANNOT: Final[dict[frozenset[str], str]] = {
    frozenset({"contacts"}): N_("import contacts"),
    frozenset({"participants"}): N_("import participants"),
    frozenset({"events"}): N_("list events"),
    frozenset({"contacts", "participants"}): N_("import contacts or participants"),
    frozenset({"contacts", "events"}): N_("import contacts or list events"),
    frozenset({"participants", "events"}): N_("import participants or list events"),
    frozenset(SCOPES): N_("import contacts, import participants or list events"),
}

_SCOPE_WORDS = re.compile(r"\b(contacts|participants|events)\b", re.IGNORECASE)


def _listed(names: Iterable[str], *, either: bool = False) -> str:
    """``'a', 'b' and 'c'`` (or ``… or 'c'``): each name quoted, the last two joined."""
    quoted = [_("'{name}'").format(name=n) for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    pattern = _("{items} or {last}") if either else _("{items} and {last}")
    return pattern.format(items=", ".join(quoted[:-1]), last=quoted[-1])


def _cannot(missing: tuple[str, ...]) -> str:
    """What the key cannot do, as one phrase; unknown scopes are named."""
    known = _CANNOT.get(frozenset(missing))
    if known is not None:
        return _(known)
    return _("use {scopes}").format(scopes=_listed(missing, either=True))


def connection_message(missing: tuple[str, ...]) -> str:
    """The sentence a connection check ends with, given the scopes the key lacks."""
    n = len(missing)
    if not missing:
        return _("Connected. This key can import contacts and participants and list events.")
    if n == len(SCOPES):
        return _(
            "Connected, but this key can do nothing this program needs: it lacks the {scopes} "
            "permissions. Ask your PlanDocket administrator to add them under Settings > API."
        ).format(scopes=_listed(missing))
    return ngettext(
        "Connected, but this key cannot {actions} (it lacks the {scopes} permission). "
        "Ask your PlanDocket administrator to add it under Settings > API.",
        "Connected, but this key cannot {actions} (it lacks the {scopes} permissions). "
        "Ask your PlanDocket administrator to add them under Settings > API.",
        n,
    ).format(actions=_cannot(missing), scopes=_listed(missing))


def refused_message(missing: tuple[str, ...]) -> str:
    """The sentence for a 403: what the key cannot do and which scopes it lacks."""
    return ngettext(
        "This API key cannot {actions} (it lacks the {scopes} permission). "
        "Ask your PlanDocket administrator to add it under Settings > API.",
        "This API key cannot {actions} (it lacks the {scopes} permissions). "
        "Ask your PlanDocket administrator to add them under Settings > API.",
        len(missing),
    ).format(actions=_cannot(missing), scopes=_listed(missing))


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
