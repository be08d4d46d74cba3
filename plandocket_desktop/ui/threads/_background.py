"""Run one callable off the GUI thread and deliver only the newest answer (``BackgroundTask``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.i18n import N_, _

log = logging.getLogger(__name__)

UNEXPECTED = N_(
    "Something unexpected went wrong. The details were written to the log file; please try again."
)


def move_to_thread(
    parent: QObject,
    worker: QObject,
    *,
    succeeded: Callable[..., object],
    failed: Callable[..., object],
    finished: Callable[[], object],
) -> QThread:
    """Give ``worker`` a thread of its own (not started): ``run`` starts with it, and its
    ``succeeded``/``failed`` signals reach the page's slots, then end the thread.

    Connect page methods, not lambdas: a lambda would run on the worker thread.
    """
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)  # type: ignore[attr-defined]
    for signal, slot in ((worker.succeeded, succeeded), (worker.failed, failed)):  # type: ignore[attr-defined]
        signal.connect(slot)
        signal.connect(thread.quit)
    thread.finished.connect(finished)
    return thread


class Worker(QObject):
    """Runs one callable on a worker thread and reports how it ended.

    Signals:
        succeeded(int, object): the task's generation and its result.
        failed(int, str): the task's generation and a sentence for the user.
        finished(): always last; the thread may quit.
    """

    succeeded = Signal(int, object)
    failed = Signal(int, str)
    finished = Signal()

    def __init__(self, task: Callable[[], object], generation: int) -> None:
        super().__init__()
        self._task = task
        self._generation = generation

    @Slot()
    def run(self) -> None:
        try:
            result = self._task()
        except PlandocketError as exc:
            self.failed.emit(self._generation, str(exc))
        except Exception:  # a bug: log it, tell the user plainly, keep the app alive
            log.exception("background task failed")
            self.failed.emit(self._generation, _(UNEXPECTED))
        else:
            self.succeeded.emit(self._generation, result)
        finally:
            # Hand the object back to the GUI thread so it is deleted there, not in a dead thread.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            self.finished.emit()


class BackgroundTask(QObject):
    """One kind of background job of a page; only the newest request's answer is delivered.

    Starting a new request while an older one still runs lets the older one finish quietly
    (its answer is dropped), so a user who picks another file never sees a stale preview.

    Signals:
        succeeded(object): the result of the newest request.
        failed(str): a sentence for the user.
        busy_changed(bool): True while the newest request runs.
    """

    succeeded = Signal(object)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        discard: Callable[[object], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._discard = discard  # cleans up a result nobody wants any more (e.g. a client)
        self._generation = 0
        self._busy = False
        self._running: dict[QThread, Worker] = {}

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self, task: Callable[[], object]) -> None:
        """Run ``task()`` on a fresh thread; its answer replaces any pending one."""
        self._generation += 1
        thread = QThread(self)
        worker = Worker(task, self._generation)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        worker.finished.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished)
        self._running[thread] = worker
        self._set_busy(True)
        thread.start()

    def forget(self) -> None:
        """Drop the answer of whatever runs now (e.g. the user left practice mode)."""
        self._generation += 1
        self._set_busy(False)

    def shutdown(self) -> None:
        """Wait for every thread still running; call before the page goes away."""
        self.forget()
        for thread in list(self._running):
            thread.quit()
            thread.wait()
        # Deliver the answers already queued for us, so that `discard` sees them now.
        from PySide6.QtCore import QEvent  # here: its big Type enum is set up on first use

        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        self._running.clear()

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    @Slot(int, object)
    def _on_worker_succeeded(self, generation: int, result: object) -> None:
        if generation != self._generation:
            if self._discard is not None:
                self._discard(result)
        else:
            self._set_busy(False)
            self.succeeded.emit(result)

    @Slot(int, str)
    def _on_worker_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._set_busy(False)
            self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread) and thread in self._running:
            del self._running[thread]
            thread.deleteLater()
