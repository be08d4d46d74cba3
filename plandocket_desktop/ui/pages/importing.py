"""Import page: the rows go out in batches on a worker thread while the window stays usable.

The page keeps the layout and the slots: the core's ``importing.ImportSession`` (through
``import_worker.SessionPlan``) does the work and decides how it ended; the progress widgets are
``widgets.import_progress``. ``offer_resume()`` and ``unfinished_imports()`` (from ``_resume``):
at start, an import the journal shows as unfinished is offered for resuming.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget, QWizard, QWizardPage
from typing_extensions import override

from plandocket_desktop.core import importing
from plandocket_desktop.i18n import _
from plandocket_desktop.ui import import_worker, style, threads
from plandocket_desktop.ui.import_worker import ImportWorker, SessionPlan
from plandocket_desktop.ui.pages import _ask, _resume, _widgets
from plandocket_desktop.ui.pages._resume import offer_resume, unfinished_imports
from plandocket_desktop.ui.widgets.import_progress import ImportProgressView, sending_headline

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import ImportReport, Progress
    from plandocket_desktop.ui.models import OutcomeFacts
    from plandocket_desktop.ui.state import WizardState


def time_left_text(seconds: float | None) -> str:
    """``125`` -> "about 2 minutes left"."""
    return importing.summary.time_left(seconds)


# --- the page ------------------------------------------------------------------------------


class ImportPage(QWizardPage):
    """Sends the rows in batches on a worker thread and shows how it goes.

    There is no Back: the Review page is the wizard's commit page, and so is this one.
    """

    def __init__(self, state: WizardState, parent: Any = None) -> None:
        super().__init__(parent)
        _widgets.name_page(
            self,
            "importPage",
            _("Sending the rows to PlanDocket"),
            _("The rows go out in batches of up to 1,000. You can keep working."),
        )
        self._state = state
        # A commit page too: once rows were sent, Back from the Results page makes no sense.
        self.setCommitPage(True)

        self._headline = _widgets.headline(self, "importHeadline")
        self._view = ImportProgressView(self)
        self._rate = self._view.rate_label
        self._message = style.MessageBar(self)
        self._message.setObjectName("importMessageLabel")

        self._pause_button = QPushButton(_("&Pause"), self)
        self._pause_button.setObjectName("pauseButton")
        self._pause_button.setToolTip(_("Hold after the batch being sent now; continue any time."))
        self._pause_button.clicked.connect(self._on_pause_button_clicked)
        self._cancel_button = QPushButton(_("&Stop import…"), self)
        self._cancel_button.setObjectName("cancelButton")
        self._cancel_button.setToolTip(_("Stop after the batch being sent now."))
        self._cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self._again_button = QPushButton(_("&Try again"), self)
        self._again_button.setObjectName("tryAgainButton")
        self._again_button.setToolTip(
            _("Start the import again; batches already done are skipped.")
        )
        self._again_button.clicked.connect(self._on_again_button_clicked)
        self._again_button.hide()

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._again_button)
        buttons.addWidget(self._pause_button)
        buttons.addWidget(self._cancel_button)

        layout = style.page_layout(self)
        layout.addWidget(self._headline)
        layout.addSpacing(8)
        layout.addWidget(self._view)
        layout.addWidget(self._message)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self._worker: ImportWorker | None = None
        self._thread: QThread | None = None
        self._plan: SessionPlan | None = None
        self._last_start: tuple[ImportReport | None, Collection[int]] = (None, ())
        self._force_new = False  # resuming failed; "Try again" sends it as a new import
        self._done = False
        self._closing = False
        self._watched: QWidget | None = None
        self._set_running(False)

    # --- wizard page ------------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        self.setButtonText(QWizard.WizardButton.CommitButton, _("See the &results"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("See the &results"))
        self.start()

    @override
    def isComplete(self) -> bool:
        return self._done and self._state.report is not None

    @override
    def validatePage(self) -> bool:
        return self.isComplete()

    # --- running ----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(
        self, *, previous: ImportReport | None = None, retry_rows: Collection[int] | None = None
    ) -> None:
        """Start (or resume) the import the state describes; no-op while one runs.

        For "Retry failed rows": ``previous`` is the earlier report and ``retry_rows`` the rows
        sent again; the result accounts for the other rows with their earlier outcomes.
        """
        if self.running:
            return
        self._last_start = (previous, retry_rows or ())
        state = self._state
        draft = state.draft
        self._done = False
        state.report = None
        self._message.clear()
        self._again_button.hide()
        self._view.clear_note()
        if state.client is None:
            self._fail(
                _("There is no connection to PlanDocket. Close the importer and start again.")
            )
            return
        resume_id, abandon_id = self._journal_choice()
        self._plan = SessionPlan(
            client=state.client,
            draft=dataclasses.replace(
                draft, edits=dict(draft.edits), excluded_rows=set(draft.excluded_rows)
            ),
            table=state.table,
            validation=state.validation,
            resume_job_id=resume_id,
            abandon_job_id=abandon_id,
            previous=previous,
            retry_rows=retry_rows or (),
        )
        rows = self._rows_to_send()
        self._headline.setText(
            sending_headline(draft.options, rows, resuming=resume_id is not None)
        )
        self._view.reset(rows)

        worker = ImportWorker(plan=self._plan)
        worker.progressed.connect(self._on_worker_progressed)
        thread = threads.move_to_thread(
            self,
            worker,
            succeeded=self._on_worker_succeeded,
            failed=self._on_worker_failed,
            finished=self._on_thread_finished,
        )
        self._worker = worker
        self._thread = thread
        self._set_running(True)
        self._watch_window(True)
        thread.start()
        self.completeChanged.emit()

    def _rows_to_send(self) -> int | None:
        validation = self._state.validation
        if validation is None:
            return None
        counts = validation.counts
        return int(counts["ready"]) + int(counts["warnings"])

    def _journal_choice(self) -> tuple[str | None, str | None]:
        """(job to resume, job to close) for an interrupted import the user chose to resume."""
        entry = self._state.resume_journal
        if entry is None:
            return None, None
        if self._force_new:
            return None, entry.job_id
        if _resume.same_import(entry, self._state.draft):
            return entry.job_id, None
        return None, entry.job_id

    @Slot(object)
    def _on_worker_progressed(self, progress: Progress) -> None:
        if self.sender() is self._worker:
            self._view.show_progress(progress)

    @Slot(object)
    def _on_worker_succeeded(self, report: ImportReport) -> None:
        if self.sender() is not self._worker:
            return
        plan = self._plan
        self._worker = None
        self._set_running(False)
        self._watch_window(False)
        state = self._state
        state.report = report
        if plan is not None:
            state.table = plan.table
            state.validation = plan.validation
        state.resume_journal = None
        self._done = True
        self._view.clear_note()
        # Counted on the worker thread: counting a million outcomes here stalls the window.
        facts = self.outcome_facts(report)
        status, counts = (
            (facts.status, facts.counts) if facts is not None else (report.status, report.counts())
        )
        self._headline.setText(importing.summary.headline(status, counts, report.stop_message))
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self and not self._closing:
            wizard.next()

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        if self.sender() is not self._worker:
            return
        resuming = self._plan is not None and self._plan.resume_job_id is not None
        self._worker = None
        self._set_running(False)
        self._watch_window(False)
        self._fail(message)
        if resuming:
            # The interrupted import cannot go on (e.g. the file changed): offer a fresh one.
            self._force_new = True
            self._again_button.setText(_("Send as a &new import"))
            self._again_button.setToolTip(
                _("Forget the interrupted import and send the rows of the file as it is now.")
            )
        else:
            self._again_button.setText(_("&Try again"))
        self._again_button.show()

    def _fail(self, message: str) -> None:
        self._headline.setText(_("The import could not go on."))
        self._message.show_message("error", message)
        self.completeChanged.emit()

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread):
            if thread is self._thread:
                self._thread = None
            thread.deleteLater()

    def _set_running(self, running: bool) -> None:
        if running:
            import_worker.freeze_long_lived_objects()
        self._cancel_button.setEnabled(running)
        self._cancel_button.setText(_("&Stop import…"))
        self._pause_button.setEnabled(running)
        self._pause_button.setText(_("&Pause"))
        wizard = self.wizard()
        if wizard is not None:
            # The page's own Stop button asks first; the wizard's Cancel would not.
            wizard.button(QWizard.WizardButton.CancelButton).setEnabled(not running)

    # --- cancel, pause, closing the window ----------------------------------------------------

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.request_cancel()

    def request_cancel(self) -> bool:
        """Ask, then stop after the batch in flight. True when the user agreed."""
        worker = self._worker
        if worker is None or worker.cancelled:
            return False
        if not _ask.confirm_cancel_import(self):
            return False
        if self._worker is worker:
            worker.cancel()
            self._cancel_button.setEnabled(False)
            self._pause_button.setEnabled(False)
            self._cancel_button.setText(_("Stopping after this batch…"))
            self._view.note(_("Stopping after the batch being sent now…"))
        return True

    @Slot()
    def _on_pause_button_clicked(self) -> None:
        worker = self._worker
        if worker is None:
            return
        if worker.paused:
            worker.resume()
            self._pause_button.setText(_("&Pause"))
            self._view.clear_note()
        else:
            worker.pause()
            self._pause_button.setText(_("&Continue"))
            self._view.note(_("Pausing after the batch being sent now…"))

    @Slot()
    def _on_again_button_clicked(self) -> None:
        previous, retry_rows = self._last_start
        self.start(previous=previous, retry_rows=retry_rows)

    def _watch_window(self, on: bool) -> None:
        window = self.window()
        if on and self._watched is None:
            window.installEventFilter(self)
            self._watched = window
        elif not on and self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and self.running:
            if event.type() == QEvent.Type.Close:
                if not self.confirm_close():
                    event.ignore()
                    return True
            elif (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape
            ):
                self.request_cancel()
                return True
        return super().eventFilter(watched, event)

    def confirm_close(self) -> bool:
        """The window is about to close: ask, and if so stop but keep the import resumable."""
        worker = self._worker
        if worker is None:
            return True
        if not _ask.confirm_close_during_import(self):
            return False
        self._closing = True
        worker.cancel(keep_resumable=True)
        return True

    def shutdown(self) -> None:
        """Stop after the batch in flight and wait (the wizard's ``done()`` calls this).

        An import stopped this way stays open in the journal and is offered for resuming.
        """
        if self._worker is not None:
            self._closing = True
            self._worker.cancel(keep_resumable=True)
        self._watch_window(False)
        thread = self._thread
        if thread is not None:
            thread.quit()
            thread.wait()
        if self._worker is not None:
            # Its answer is still queued; the window is going away, so it is not shown.
            self._worker = None
            self._set_running(False)

    def outcome_facts(self, report: ImportReport) -> OutcomeFacts | None:
        """Counts and problem rows of ``report``, worked out on the worker thread (or None)."""
        plan = self._plan
        facts = plan.facts if plan is not None else None
        return facts if facts is not None and facts.report is report else None

    # --- for tests ----------------------------------------------------------------------------

    @property
    def headline(self) -> str:
        return self._headline.text()

    @property
    def batch_text(self) -> str:
        return self._view.batch_label.text()

    @property
    def wait_text(self) -> str:
        return self._view.wait_label.text()

    @property
    def message_text(self) -> str:
        return self._message.text()


__all__ = ["ImportPage", "offer_resume", "time_left_text", "unfinished_imports"]
