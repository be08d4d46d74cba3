"""PlanDocket events as the event picker shows them, read from a list answer in any envelope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from plandocket_desktop.core.api import _json_values as json_values


@dataclass(frozen=True, slots=True)
class Event:
    """An event of the tenant, as the event picker shows it."""

    event_key: str
    title: str
    date_from: str | None = None
    date_to: str | None = None
    city: str | None = None
    is_visible: bool | None = None
    id: int | None = None
    application_deadline: str | None = None

    @property
    def label(self) -> str:
        """``Expo 2025 (expo-2025), 2025-05-01, Berlin`` — what a list shows."""
        parts = [f"{self.title} ({self.event_key})" if self.title else self.event_key]
        if self.date_from:
            parts.append(self.date_from[:10])
        if self.city:
            parts.append(self.city)
        return ", ".join(parts)


def list_in(body: Any) -> list[Any] | None:
    """The list of items in an answer: the answer itself, or under ``data``, ``events``, ``items``
    or ``results``."""
    if isinstance(body, list):
        return body
    if isinstance(body, Mapping):
        for key in ("data", "events", "items", "results"):
            value = body.get(key)
            if isinstance(value, list):
                return value
            if isinstance(value, Mapping):
                inner = list_in(value)
                if inner is not None:
                    return inner
    return None


def next_page(body: Any, page: int, have: int) -> int | None:
    """The next page number when ``meta`` or ``links`` say there is one, else None."""
    if not isinstance(body, Mapping):
        return None
    links = body.get("links")
    if isinstance(links, Mapping):
        nxt = links.get("next")
        if isinstance(nxt, str) and nxt:
            numbers = parse_qs(urlsplit(nxt).query).get("page")
            if numbers and numbers[0].isdigit() and int(numbers[0]) > page:
                return int(numbers[0])
            return page + 1
    meta = body.get("meta")
    if not isinstance(meta, Mapping):
        meta = body
    last = json_values.int_of(meta.get("last_page") or meta.get("total_pages") or meta.get("pages"))
    current = json_values.int_of(meta.get("current_page") or meta.get("page")) or page
    if last is not None:
        return current + 1 if current < last else None
    total = json_values.int_of(meta.get("total"))
    if total is not None and have < total:
        return page + 1
    return None


def event_from(item: Any) -> Event | None:
    """An ``Event`` from one item of the list; None when it has no event key."""
    if not isinstance(item, Mapping):
        return None
    key = json_values.str_of(item.get("event_key") or item.get("key"))
    if key is None:
        return None
    return Event(
        event_key=key,
        title=json_values.str_of(item.get("title") or item.get("name")) or "",
        date_from=json_values.str_of(item.get("date_from")),
        date_to=json_values.str_of(item.get("date_to")),
        city=json_values.str_of(item.get("city")),
        is_visible=json_values.bool_of(item.get("is_visible")),
        id=json_values.int_of(item.get("id")),
        application_deadline=json_values.str_of(item.get("application_deadline")),
    )
