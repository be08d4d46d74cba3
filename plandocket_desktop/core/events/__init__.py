"""Participants for several events in one file: which event each value of a column names.

Contract: ``resolve_event_values(values, events, *, saved=None) -> list[EventResolution]``
(exact key, exact title, then a fuzzy match; never a guess between look-alikes),
``routes_of(resolutions)`` (what the draft keeps: value -> event key, None = leave out),
``route_column(table, header, events, saved=...) -> ColumnRouting`` (what the wizard and the
command line both call), ``value_counts(table, header)``,
``likely_event_columns(table, events)``, ``parse_event_map`` (the command line's
``value=event_key``), ``saved_column`` (a profile's event column in this file),
and the sentences: ``how_text``, ``remark``,
``event_label``, ``unresolved_problem``, ``NO_EVENTS_SCOPE``.
"""

from plandocket_desktop.core.events._column import (
    ColumnRouting,
    likely_event_columns,
    route_column,
    trimmed_column,
    value_counts,
)
from plandocket_desktop.core.events._messages import (
    NO_EVENTS_SCOPE,
    event_label,
    how_text,
    remark,
    unresolved_problem,
)
from plandocket_desktop.core.events._resolve import (
    EventResolution,
    How,
    remark_code,
    resolve_event_values,
    resolve_one,
    routes_of,
)
from plandocket_desktop.core.events._routes import parse_event_map, saved_column

__all__ = [
    "NO_EVENTS_SCOPE",
    "ColumnRouting",
    "EventResolution",
    "How",
    "event_label",
    "how_text",
    "likely_event_columns",
    "parse_event_map",
    "remark",
    "remark_code",
    "resolve_event_values",
    "resolve_one",
    "route_column",
    "routes_of",
    "saved_column",
    "trimmed_column",
    "unresolved_problem",
    "value_counts",
]
