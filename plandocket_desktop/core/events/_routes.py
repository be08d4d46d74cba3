"""The command line's ``--event-map "value=event_key"``: typed choices, the same as saved ones."""

from __future__ import annotations

from collections.abc import Iterable

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
