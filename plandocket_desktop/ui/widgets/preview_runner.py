"""The Review page's check against PlanDocket, off the GUI thread: plan, ask, then predict.

The core decides everything (``core.preview``: the cheaper way to ask, its cost, whether it
needs asking, the prediction); this only runs it on worker threads, asks through
``ui.dialogs`` and reports progress and the result.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.i18n import _
from plandocket_desktop.ui import dialogs, threads

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from plandocket_desktop.core.api import PlandocketClient
    from plandocket_desktop.core.preview import Preview, PreviewPlan
    from plandocket_desktop.core.validation import ValidationResult

log = logging.getLogger(__name__)

Task = Callable[[Callable[[int, int], None], threading.Event], object]


class PreviewWorker(QObject):
    """Runs one step of the check (``task(progress, cancel)``) on its thread.

    Signals:
        progressed(int, int): requests done and the estimated total.
        succeeded(object): the step's result (a ``PreviewPlan``, or a ``Preview`` with its
            action codes).
        failed(str): a sentence for the user.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, task: Task, cancel: threading.Event) -> None:
        super().__init__()
        self._task = task
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self._task(self.progressed.emit, self._cancel)
        except PlandocketError as exc:
            self.failed.emit(str(exc))
        except Exception:  # a bug: logged, told plainly, the window lives on
            log.exception("check against PlanDocket failed")
            self.failed.emit(_(threads.UNEXPECTED))
        else:
            self.succeeded.emit(result)
        finally:
            app = QCoreApplication.instance()
            if app is not None:  # deleted on the GUI thread, not in a finished one
                self.moveToThread(app.thread())


class PreviewResult:
    """A finished prediction and its rows' action codes (built on the worker thread)."""

    def __init__(self, preview: Preview, codes: Any) -> None:
        self.preview = preview
        self.codes = codes


class PreviewRunner(QObject):
    """One check at a time: ``start`` plans it, asks when the core says so, then predicts.

    Signals:
        started(str): a check began; the sentence says what it does (its cost when large).
        progressed(int, int): requests done and the estimated total.
        succeeded(object): a ``PreviewResult``.
        failed(str): a sentence for the user.
        cancelled(): the user cancelled it (or declined the cost).
    """

    started = Signal(str)
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._cancel = threading.Event()
        self._worker: PreviewWorker | None = None
        self._threads: list[QThread] = []
        self._client: PlandocketClient | None = None
        self._validation: ValidationResult | None = None

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def start(self, client: PlandocketClient, validation: ValidationResult) -> bool:
        """Begin a check of ``validation``'s rows; False when one runs already."""
        if self.busy:
            return False
        from plandocket_desktop.core import preview

        self._client, self._validation = client, validation
        self._cancel = threading.Event()

        def planning(_progress: Callable[[int, int], None], cancel: threading.Event) -> object:
            return preview.plan(client, validation, cancel=cancel)

        self.started.emit(_("Asking PlanDocket how many contacts it holds…"))
        self._run(planning, self._on_plan_succeeded)
        return True

    def cancel(self) -> None:
        """Stop the check after the request in flight (GUI thread)."""
        self._cancel.set()

    def _run(self, task: Task, on_succeeded: Callable[[object], None]) -> None:
        worker = PreviewWorker(task, self._cancel)
        worker.progressed.connect(self.progressed)
        thread = threads.move_to_thread(
            self,
            worker,
            succeeded=on_succeeded,
            failed=self._on_worker_failed,
            finished=self._on_thread_finished,
        )
        self._worker = worker
        self._threads.append(thread)
        thread.start()

    @Slot(object)
    def _on_plan_succeeded(self, chosen: object) -> None:
        if self.sender() is not self._worker:
            return
        self._worker = None
        from plandocket_desktop.core import preview

        assert isinstance(chosen, preview.PreviewPlan)
        if self._cancel.is_set():
            self.cancelled.emit()
            return
        if chosen.needs_confirmation and not dialogs.confirm_preview_cost(
            self._parent, chosen.cost_text()
        ):
            self.cancelled.emit()
            return
        client, validation = self._client, self._validation
        assert client is not None
        assert validation is not None
        self._predict(client, validation, chosen)

    def _predict(
        self, client: PlandocketClient, validation: ValidationResult, chosen: PreviewPlan
    ) -> None:
        from plandocket_desktop.core import preview

        n_rows = validation.table.n_rows

        def predicting(progress: Callable[[int, int], None], cancel: threading.Event) -> object:
            result = preview.run_preview(
                client, validation, chosen, progress=progress, cancel=cancel
            )
            return PreviewResult(result, result.action_codes(n_rows))

        if chosen.is_large:
            sentence = chosen.cost_text()
        else:
            sentence = _("Asking PlanDocket which of these people it knows already…")
        self.started.emit(sentence)
        self._run(predicting, self._on_predict_succeeded)

    @Slot(object)
    def _on_predict_succeeded(self, result: object) -> None:
        if self.sender() is not self._worker:
            return
        self._worker = None
        self.succeeded.emit(result)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        if self.sender() is not self._worker:
            return
        self._worker = None
        if self._cancel.is_set():
            self.cancelled.emit()
        else:
            self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread) and thread in self._threads:
            self._threads.remove(thread)
            thread.deleteLater()

    def shutdown(self) -> None:
        """Cancel a running check and wait for its thread (before the page goes away)."""
        self._cancel.set()
        self._worker = None
        for thread in list(self._threads):
            thread.quit()
            thread.wait()
        self._threads.clear()
