"""The command line's ``--event-map "value=event_key"``: typed choices, the same as saved ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from plandocket_desktop.core.errors import ConfigurationError
from plandocket_desktop.i18n import _

LEAVE_OUT = "-"  # ``--event-map "Old fair=-"`` leaves those rows out


def parse_event_map(items: Iterable[str]) -> dict[str, str | None]:
    """``["Expo 25=expo-2025", "Old=-"]`` -> ``{"Expo 25": "expo-2025", "Old": None}``.

    The value is split at its last ``=`` (a value may hold one); ``-`` leaves the rows out.
    """
    routes: dict[str, str | None] = {}
    for item in items:
        value, sep, key = item.rpartition("=")
        value, key = value.strip(), key.strip()
        if not sep or not value or not key:
            raise ConfigurationError(
                _(
                    "--event-map needs VALUE=EVENT_KEY, for example “Expo 25=expo-2025”; "
                    "got “{item}”."
                ).format(item=item)
            )
        routes[value] = None if key == LEAVE_OUT else key
    return routes


def saved_column(column: str | None, columns: Sequence[str]) -> str | None:
    """The header of this file that a saved event column (a profile's) names, or None.

    Headers are compared trimmed and case-insensitively, as a profile's column mapping is.
    """
    if not column or not column.strip():
        return None
    wanted = column.strip().casefold()
    return next((c for c in columns if c.strip().casefold() == wanted), None)
