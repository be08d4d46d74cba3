"""Which PlanDocket event each value of an event column names: key, title, then a fuzzy match.

Rules, in order, for each distinct (trimmed) value of the column:

1. a saved choice (a mapping profile, ``--event-map``) wins: an event key, or None = leave out;
2. the exact event key (case-insensitive);
3. the exact title (case-insensitive), when only one event has it;
4. a fuzzy match (rapidfuzz) of the value's words against each event's title and key, the
   years apart: a year in the value (``2025`` or ``25``) must be a year of the event (in its
   title, key or start date). The best match is taken only when it is close (score >= 85)
   and clearly ahead of the next (by more than 5 points); "Trade Fair" between "Trade Fair
   2024" and "Trade Fair 2025" is never taken, it lists both as candidates.

An event that is not visible or whose registration deadline has passed is never chosen by
itself: it is offered as a candidate with its remark (``remark``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, utils

from plandocket_desktop.core.api import Event

FUZZY_TAKE = 85.0  # a fuzzy match at least this close may be taken by itself
FUZZY_MARGIN = 5.0  # ... when the next best is further behind than this
FUZZY_OFFER = 60.0  # matches at least this close are offered as candidates

_YEAR_RE = re.compile(r"(?<!\d)(\d{4}|\d{2})(?!\d)")
_SPLIT_RE = re.compile(r"(\d+)")


class How(StrEnum):
    """How a value was resolved (or why not)."""

    SAVED = "saved"  # a saved or typed choice (profile, --event-map, the person)
    KEY = "key"  # the exact event key
    TITLE = "title"  # the exact title
    FUZZY = "fuzzy"  # a close fuzzy match, clearly ahead of the others
    LEFT_OUT = "left_out"  # the person chose to leave these rows out
    AMBIGUOUS = "ambiguous"  # several events match about as well: the person chooses
    NEEDS_CONFIRMATION = "needs_confirmation"  # the match is hidden or closed: never taken
    UNKNOWN = "unknown"  # no event matches


@dataclass(frozen=True)
class EventResolution:
    """One distinct value of the event column and the event it goes to.

    ``event_key`` is None when the value is not resolved (``how`` says why) or left out.
    ``candidates``: event keys worth offering, best first. ``confidence`` 0-100.
    """

    value: str
    event_key: str | None
    how: How
    confidence: float = 0.0
    candidates: tuple[str, ...] = ()
    rows: int = 0

    @property
    def resolved(self) -> bool:
        """True when the rows of this value have a decision: an event, or left out."""
        return self.event_key is not None or self.how is How.LEFT_OUT


@dataclass(frozen=True)
class _Names:
    words: str  # title and key without their years, for the fuzzy match
    key_words: str
    years: frozenset[int] = field(default_factory=frozenset)


def _years(text: str) -> set[int]:
    return {int(y) for y in _YEAR_RE.findall(text) if len(y) == 4 and y[:2] in ("19", "20")}


def _strip_numbers(text: str) -> str:
    spaced = _SPLIT_RE.sub(" ", text.replace("-", " ").replace("_", " "))
    return str(utils.default_process(spaced)).strip()


def _names(event: Event) -> _Names:
    years = _years(event.title) | _years(event.event_key)
    if not years and event.date_from and event.date_from[:4].isdigit():
        years.add(int(event.date_from[:4]))
    return _Names(
        words=_strip_numbers(event.title),
        key_words=_strip_numbers(event.event_key),
        years=frozenset(years),
    )


def _value_years(value: str) -> set[int]:
    """Years the value names: ``2025`` -> 2025, ``25`` -> 25 (matched on the last two digits)."""
    return {int(y) for y in _YEAR_RE.findall(_SPLIT_RE.sub(r" \1 ", value))}


def _years_fit(wanted: set[int], have: frozenset[int]) -> bool:
    for year in wanted:
        if year >= 100:
            if year not in have:
                return False
        elif not any(y % 100 == year for y in have):
            return False
    return True


def remark_code(event: Event, today: dt.date | None = None) -> str | None:
    """``hidden`` (not visible), ``closed`` (registration deadline passed) or None."""
    if event.is_visible is False:
        return "hidden"
    deadline = (event.application_deadline or "")[:10]
    if deadline:
        try:
            day = dt.date.fromisoformat(deadline)
        except ValueError:
            return None
        if day < (today or dt.date.today()):
            return "closed"
    return None


def _fuzzy(value: str, events: Sequence[Event], names: Sequence[_Names]) -> list[tuple[float, int]]:
    """(score, event position) of the events whose years fit, best first."""
    wanted = _value_years(value)
    words = _strip_numbers(value)
    if not words:
        return []
    scored: list[tuple[float, int]] = []
    for pos, name in enumerate(names):
        if not _years_fit(wanted, name.years):
            continue
        score = max(
            fuzz.WRatio(words, name.words) if name.words else 0.0,
            fuzz.WRatio(words, name.key_words) if name.key_words else 0.0,
        )
        scored.append((float(score), pos))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def resolve_one(
    value: str,
    events: Sequence[Event],
    *,
    today: dt.date | None = None,
    _names_cache: Sequence[_Names] | None = None,
) -> EventResolution:
    """The event ``value`` names (no saved choices; see ``resolve_event_values``)."""
    text = value.strip()
    folded = text.casefold()
    for event in events:
        if event.event_key.casefold() == folded:
            return _taken(text, event, How.KEY, 100.0, today)
    titled = [e for e in events if e.title and e.title.strip().casefold() == folded]
    if len(titled) == 1:
        return _taken(text, titled[0], How.TITLE, 100.0, today)
    if len(titled) > 1:
        keys = tuple(e.event_key for e in titled)
        return EventResolution(text, None, How.AMBIGUOUS, 100.0, keys)
    names = _names_cache if _names_cache is not None else [_names(e) for e in events]
    scored = _fuzzy(text, events, names)
    offered = tuple(events[pos].event_key for score, pos in scored if score >= FUZZY_OFFER)
    if not scored or scored[0][0] < FUZZY_TAKE:
        best = scored[0][0] if scored else 0.0
        return EventResolution(text, None, How.UNKNOWN, best, offered[:5])
    best, pos = scored[0]
    if len(scored) > 1 and scored[1][0] > best - FUZZY_MARGIN:
        return EventResolution(text, None, How.AMBIGUOUS, best, offered[:5])
    return _taken(text, events[pos], How.FUZZY, best, today, offered[:5])


def _taken(
    value: str,
    event: Event,
    how: How,
    confidence: float,
    today: dt.date | None,
    candidates: tuple[str, ...] = (),
) -> EventResolution:
    if remark_code(event, today) is not None:
        return EventResolution(value, None, How.NEEDS_CONFIRMATION, confidence, (event.event_key,))
    return EventResolution(
        value, event.event_key, how, confidence, candidates or (event.event_key,)
    )


def resolve_event_values(
    values: Iterable[str] | Mapping[str, int],
    events: Sequence[Event],
    *,
    saved: Mapping[str, str | None] | None = None,
    today: dt.date | None = None,
) -> list[EventResolution]:
    """One ``EventResolution`` per distinct value, in the order given (see the module rules).

    ``values`` may be a mapping value -> number of rows (``value_counts``); ``saved``: choices
    made before, value -> event key or None (leave out). A saved event key is taken even when
    the event list does not hold it (a key without the ``events`` scope types keys by hand).
    """
    counts: Mapping[str, int] = values if isinstance(values, Mapping) else {}
    saved = saved or {}
    names = [_names(e) for e in events]
    out: list[EventResolution] = []
    seen: set[str] = set()
    for raw in values:
        value = raw.strip()
        if not value or value in seen:
            continue
        seen.add(value)
        rows = int(counts.get(raw, 0))
        if value in saved:
            key = saved[value]
            how = How.LEFT_OUT if key is None else How.SAVED
            out.append(EventResolution(value, key, how, 100.0, (key,) if key else (), rows))
            continue
        found = resolve_one(value, events, today=today, _names_cache=names)
        out.append(
            EventResolution(
                found.value, found.event_key, found.how, found.confidence, found.candidates, rows
            )
        )
    return out


def routes_of(resolutions: Iterable[EventResolution]) -> dict[str, str | None]:
    """The decided values as the draft keeps them: value -> event key, None = leave out."""
    return {r.value: r.event_key for r in resolutions if r.resolved}
