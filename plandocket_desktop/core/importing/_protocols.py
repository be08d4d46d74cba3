"""What the import engine needs from its collaborators, as protocols, and its row results."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from plandocket_desktop.core.types import ImportOptions, Outcome

# The outcomes of one batch as the journal keeps them: (data-row index, outcome, message).
RowResult = tuple[int, Outcome, str]


# --- what the engine needs from its collaborators ----------------------------------------


class RecordResultLike(Protocol):
    @property
    def index(self) -> int | None: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def message(self) -> str | None: ...


class BulkResultLike(Protocol):
    @property
    def total(self) -> int: ...
    @property
    def created(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def skipped(self) -> int: ...
    @property
    def records(self) -> Sequence[RecordResultLike]: ...
    @property
    def per_record(self) -> bool: ...
    @property
    def messages(self) -> Sequence[str]: ...


class ClientLike(Protocol):
    def bulk_import(
        self, options: ImportOptions, records: list[dict[str, Any]]
    ) -> BulkResultLike: ...


class ValidationLike(Protocol):
    def sendable_indices(self) -> list[int]: ...
    def records(self, indices: Sequence[int]) -> list[dict[str, Any]]: ...
    def status(self, row_index: int) -> str: ...
    def issues_for(self, row_index: int) -> Sequence[Any]: ...


# Waits for ``seconds`` unless the event is set first; returns True when it was set.
Waiter = Callable[[float, threading.Event], bool]


def _event_wait(seconds: float, event: threading.Event) -> bool:
    return event.wait(max(0.0, seconds))
