"""Planning a run: batches per event, the events' titles, and the ``RunPlan`` it follows."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing._protocols import ClientLike, ValidationLike
from plandocket_desktop.core.types import ImportOptions

if TYPE_CHECKING:
    from plandocket_desktop.core.importing._journal import JobJournal

log = logging.getLogger(__name__)


def _batches(
    validation: ValidationLike, chosen: list[int], size: int
) -> tuple[list[list[int]], list[str | None]]:
    """The rows in batches of at most ``size``, and each batch's event (None: the options').

    With an event column (``validation.event_column``) the rows are grouped per event, the
    events in the order of their first row, the rows in file order within an event.
    """
    if getattr(validation, "event_column", None) is None:
        runs: dict[str | None, list[int]] = {None: chosen}
    else:
        runs = {}
        for i, key in zip(chosen, validation.event_keys(chosen), strict=True):  # type: ignore[attr-defined]
            runs.setdefault(key, []).append(i)
    batches: list[list[int]] = []
    events: list[str | None] = []
    for key, rows in runs.items():
        for k in range(0, len(rows), size):
            batches.append(rows[k : k + size])
            events.append(key)
    return batches, events


def _event_titles(client: ClientLike, keys: Sequence[str | None]) -> dict[str, str]:
    """Event key -> title for the progress and the results, asked of PlanDocket once.

    Without the list (no ``events`` permission, a client that cannot list) keys are shown.
    """
    wanted = {k for k in keys if k}
    list_events = getattr(client, "list_events", None)
    if not wanted or not callable(list_events):
        return {}
    try:
        listed = list_events()
    except errors.PlandocketError as exc:
        log.info("event titles not available (%s); showing event keys", type(exc).__name__)
        return {}
    titles: dict[str, str] = {}
    for event in listed:
        key, title = getattr(event, "event_key", None), getattr(event, "title", None)
        if key in wanted and isinstance(title, str) and title.strip():
            titles[str(key)] = title.strip()
    return titles


def _guess_rows(validation: ValidationLike, indices: Sequence[int]) -> int:
    n = getattr(validation, "n_rows", None)
    if isinstance(n, int):
        return n
    table = getattr(validation, "table", None)
    if table is not None and hasattr(table, "n_rows"):
        return int(table.n_rows)
    return (max(indices) + 1) if indices else 0


@dataclass(frozen=True)
class RunPlan:
    """What one run needs from its job, given explicitly: rows, batches and collaborators."""

    client: ClientLike
    validation: ValidationLike
    options: ImportOptions
    batches: Sequence[list[int]]
    indices: Sequence[int]
    n_rows: int
    ignored: int
    journal: JobJournal | None
    width: int  # batches in flight at once; 1 = one at a time (the next one built meanwhile)
    prefetch: bool
    clock: Callable[[], float]
    batch_events: Sequence[str | None] = ()  # each batch's event key; None: the options'
    event_titles: Mapping[str, str] = field(default_factory=dict)  # event key -> title

    @property
    def rows_total(self) -> int:
        return len(self.indices)

    def event_of(self, k: int) -> str | None:
        return self.batch_events[k] if k < len(self.batch_events) else None

    def options_for(self, k: int) -> ImportOptions:
        """The options batch ``k`` is sent with: its own event key when it has one."""
        key = self.event_of(k)
        return self.options if key is None else replace(self.options, event_key=key)

    def place_in_event(self, k: int) -> tuple[str, int, int] | None:
        """(event title — its key when PlanDocket did not list it —, 1-based batch number
        within the event, the event's batches) or None."""
        key = self.event_of(k)
        if key is None:
            return None
        same = [j for j, e in enumerate(self.batch_events) if e == key]
        return self.event_titles.get(key) or key, same.index(k) + 1, len(same)
