"""Validating the whole table off the GUI thread (a million rows take a few seconds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from plandocket_desktop.core.errors import PlandocketError

if TYPE_CHECKING:
    from plandocket_desktop.core.types import ImportDraft, Table


class ValidationWorker(QObject):
    """Runs ``core.validation.validate`` for a table and a draft.

    Signals:
        succeeded(object): the ``ValidationResult``.
        failed(str): a sentence for the user.
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, table: Table, draft: ImportDraft) -> None:
        super().__init__()
        self._table = table
        # Copies: the GUI thread may change the draft while this runs.
        self._mapping = dict(draft.mapping)
        self._options = draft.options
        self._fixed_values = dict(draft.fixed_values)
        self._edits = dict(draft.edits)
        self._excluded = set(draft.excluded_rows)
        self._event_column = draft.event_column
        self._event_routes = dict(draft.event_routes)

    @Slot()
    def run(self) -> None:
        from plandocket_desktop.core import validation

        try:
            result = validation.validate(
                self._table,
                self._mapping,
                options=self._options,
                fixed_values=self._fixed_values,
                edits=self._edits,
                excluded=self._excluded,
                event_column=self._event_column,
                event_routes=self._event_routes,
            )
        except PlandocketError as exc:
            self.failed.emit(str(exc))
        else:
            self.succeeded.emit(result)
