"""Checks the rows on a worker thread for the Review page, and drops a check no longer wanted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from plandocket_desktop.ui import import_worker, threads
from plandocket_desktop.ui.threads import ValidationWorker

if TYPE_CHECKING:
    from plandocket_desktop.core.types import ImportDraft, Table


class ValidationRunner(QObject):
    """One ``ValidationWorker`` at a time; an older check's answer is never passed on.

    Signals:
        succeeded(object): the ``ValidationResult`` of the latest check.
        failed(str): why the latest check failed, a sentence for the user.
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker: ValidationWorker | None = None
        self._threads: list[QThread] = []

    @property
    def busy(self) -> bool:
        """True while the rows are being checked."""
        return self._worker is not None

    def start(self, table: Table, draft: ImportDraft) -> None:
        worker = ValidationWorker(table, draft)
        thread = threads.move_to_thread(
            self,
            worker,
            succeeded=self._on_worker_succeeded,
            failed=self._on_worker_failed,
            finished=self._on_thread_finished,
        )
        self._worker = worker
        self._threads.append(thread)
        import_worker.freeze_long_lived_objects()
        thread.start()

    def drop(self) -> None:
        """The running check is no longer wanted: its answer will be ignored."""
        self._worker = None

    def shutdown(self) -> None:
        """Wait for a running check (validation cannot be interrupted; it is quick)."""
        self._worker = None
        for thread in list(self._threads):
            thread.quit()
            thread.wait()
        self._threads.clear()

    @Slot(object)
    def _on_worker_succeeded(self, result: object) -> None:
        if self.sender() is not self._worker:
            return  # an older check, made before the user went back and changed something
        self._worker = None
        self.succeeded.emit(result)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        if self.sender() is not self._worker:
            return
        self._worker = None
        self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread) and thread in self._threads:
            self._threads.remove(thread)
            thread.deleteLater()
