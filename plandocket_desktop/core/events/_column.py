"""The event column of a file: its distinct values and rows, and which column it likely is."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.api import Event
from plandocket_desktop.core.errors import ConfigurationError
from plandocket_desktop.core.events._resolve import (
    EventResolution,
    resolve_event_values,
    routes_of,
)
from plandocket_desktop.i18n import _

# Header words that name an event column (English and German), compared case-insensitively.
_HEADER_RE = re.compile(
    r"(veranstaltung|event|messe|kongress|congress|tagung|konferenz|conference|fair|expo"
    r"|seminar|workshop|anlass)",
    re.IGNORECASE,
)
_SAMPLE_ROWS = 2000


def trimmed_column(table: Table, header: str) -> pa.Array:
    """The column's cells, trimmed (empty for none), as validation trims them."""
    column = table.arrow_column(header).combine_chunks()
    if column.type != pa.string():
        column = column.cast(pa.string())
    trimmed: pa.Array = pc.utf8_trim_whitespace(column.fill_null(""))
    return trimmed


def value_counts(table: Table, header: str) -> tuple[dict[str, int], int]:
    """(distinct non-empty value -> rows, in order of first appearance; empty cells)."""
    trimmed = trimmed_column(table, header)
    encoded = pc.dictionary_encode(trimmed)
    dictionary: list[str] = encoded.dictionary.to_pylist()
    tally = pc.value_counts(encoded.indices)
    by_index = dict(
        zip(tally.field("values").to_pylist(), tally.field("counts").to_pylist(), strict=True)
    )
    counts: dict[str, int] = {}
    empty = 0
    for index, value in enumerate(dictionary):  # dictionary order = first appearance
        n = int(by_index.get(index, 0))
        if value:
            counts[value] = n
        else:
            empty = n
    return counts, empty


def likely_event_columns(table: Table, events: Sequence[Event] = ()) -> list[str]:
    """Every header of ``table``, the likeliest event column first.

    A header such as Veranstaltung/Event/Messe/Kongress/Tagung counts most, then the share of
    a sample's distinct values that resolve to one of ``events``; the file's order breaks ties.
    """
    sample = table.slice(0, min(table.n_rows, _SAMPLE_ROWS))
    scores: list[tuple[float, int, str]] = []
    for pos, header in enumerate(table.columns):
        score = 2.0 if _HEADER_RE.search(header) else 0.0
        if events:
            counts, _empty = value_counts(sample, header)
            if 0 < len(counts) <= 50:
                found = resolve_event_values(list(counts), events)
                score += sum(1 for r in found if r.event_key is not None) / len(found)
        scores.append((-score, pos, header))
    scores.sort()
    return [header for _score, _pos, header in scores]


@dataclass(frozen=True)
class ColumnRouting:
    """An event column resolved: one ``EventResolution`` per value, and its empty cells."""

    header: str
    resolutions: list[EventResolution]
    empty_rows: int

    @property
    def routes(self) -> dict[str, str | None]:
        """What the draft keeps: value -> event key, None = leave out (undecided left out)."""
        return routes_of(self.resolutions)

    @property
    def unresolved(self) -> list[EventResolution]:
        return [r for r in self.resolutions if not r.resolved]


def route_column(
    table: Table,
    header: str,
    events: Sequence[Event],
    *,
    saved: Mapping[str, str | None] | None = None,
    today: dt.date | None = None,
) -> ColumnRouting:
    """Resolve every distinct value of ``header`` (the wizard and the command line both)."""
    if header not in table.columns:
        raise ConfigurationError(
            _("The event column “{column}” is not in this file.").format(column=header)
        )
    counts, empty = value_counts(table, header)
    found = resolve_event_values(counts, events, saved=saved, today=today)
    return ColumnRouting(header, found, empty)
