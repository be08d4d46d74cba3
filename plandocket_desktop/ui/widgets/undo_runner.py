"""Undo of an import from the window: ask with the numbers, then undo on a worker thread.

The Results page and its history tab use one ``UndoRunner``; the core decides everything
(``importing.UndoSession``): whether it can be undone, the question, the scopes, each step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from plandocket_desktop.core import importing
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.i18n import _
from plandocket_desktop.ui import dialogs

if TYPE_CHECKING:
    from plandocket_desktop.core.api import PlandocketClient
    from plandocket_desktop.ui import threads


class UndoRunner(QObject):
    """Undoes one import at a time.

    Signals:
        started(): the user confirmed; the undo runs.
        finished(str, str): a notice kind ("success", "warning", "error", "info") and a sentence.
    """

    started = Signal()
    finished = Signal(str, str)

    def __init__(self, parent: QWidget, client: Callable[[], PlandocketClient | None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._client = client
        self._task: threads.BackgroundTask | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None and bool(self._task.busy)

    def undo(self, job_id: str | None) -> bool:
        """Ask, then undo ``job_id``; False when it did not start (a notice says why)."""
        if self.busy:
            return False
        client = self._client()
        if not job_id:
            self.finished.emit("info", _("This import was not journaled, so it cannot be undone."))
            return False
        if client is None:
            self.finished.emit("info", _("Connect to PlanDocket first (page 1), then undo."))
            return False
        try:
            session = importing.UndoSession.open(job_id)
        except PlandocketError as exc:
            self.finished.emit("info", str(exc))
            return False
        question = session.confirmation()
        if session.resuming:
            question = _("{question} (An earlier undo of this import stopped; it goes on.)").format(
                question=question
            )
        if not dialogs.confirm_undo(self._parent, question):
            session.close()
            return False
        from plandocket_desktop.ui import threads

        if self._task is None:
            self._task = threads.BackgroundTask(self)
            self._task.succeeded.connect(self._on_task_succeeded)
            self._task.failed.connect(self._on_task_failed)
        self.started.emit()
        self._task.start(_Undo(session, client))
        return True

    @Slot(object)
    def _on_task_succeeded(self, result: object) -> None:
        assert isinstance(result, importing.UndoResult)
        if not result.finished or result.counts.failed or result.counts.left_alone:
            kind = "warning"
        else:
            kind = "success"
        self.finished.emit(kind, result.sentence())

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        self.finished.emit("error", message)

    def shutdown(self) -> None:
        if self._task is not None:
            self._task.shutdown()


class _Undo:
    """The undo on the worker thread (plain callable, no Qt): scopes first, then every step."""

    def __init__(self, session: importing.UndoSession, client: PlandocketClient) -> None:
        self._session, self._client = session, client

    def __call__(self) -> importing.UndoResult:
        with self._session as session:
            session.check_scopes(self._client)
            return session.run(self._client)
