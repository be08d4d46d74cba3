"""Import page: the rows go out in batches on a worker thread while the window stays usable.

Also ``offer_resume()``: at start, an import the journal shows as unfinished is offered for
resuming.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.ui import import_worker, models, style
from plandocket_desktop.ui.import_worker import ImportWorker
from plandocket_desktop.ui.pages import _ask, _widgets
from plandocket_desktop.ui.text import counted

if TYPE_CHECKING:
    from plandocket_desktop.core.types import ImportDraft, Table
    from plandocket_desktop.ui.state import WizardState


def time_left_text(seconds: float | None) -> str:
    """``125`` -> "about 2 minutes left"."""
    if seconds is None:
        return ""
    if seconds < 60:
        return "less than a minute left"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {counted(minutes, 'minute', 'minutes')} left"
    hours, rest = divmod(minutes, 60)
    text = f"about {counted(hours, 'hour', 'hours')}"
    return text + (f" {counted(rest, 'minute', 'minutes')} left" if rest else " left")


def target_words(draft: ImportDraft) -> str:
    """ "contacts" or "participants of the event expo-2025"."""
    options = draft.options
    if options.target.value == "participants":
        return f"participants of the event “{options.event_key}”"
    return "contacts"


# --- the slow preparation, run on the worker thread ----------------------------------------


class _Plan:
    """Builds the job on the worker thread: re-validation when needed, the journal, history."""

    def __init__(
        self,
        *,
        client: Any,
        draft: ImportDraft,
        table: Table | None,
        validation: Any,
        resume_job_id: str | None,
        abandon_job_id: str | None,
        previous: Any = None,
        retry_rows: set[int] | None = None,
    ) -> None:
        self.client = client
        self.previous = previous
        self.retry_rows = retry_rows or set()
        self.draft = draft
        self.table = table
        self.validation = validation
        self.resume_job_id = resume_job_id
        self.abandon_job_id = abandon_job_id
        self.resumed_batches = 0
        self.facts: Any = None  # ui.models.OutcomeFacts, for the Results page
        self._store: Any = None
        self._journal: Any = None

    def build(self) -> Any:
        from plandocket_desktop.core import importing, validation

        draft = self.draft
        if self.validation is None or self.table is None:
            prepared = validation.prepare(draft, self.table)
            self.table, self.validation = prepared.table, prepared.validation
        batch_size = draft.batch_size
        if draft.path is not None and Path(draft.path).is_file():
            self._store = importing.JournalStore()
            if self.abandon_job_id:
                self._store.open(self.abandon_job_id).close("abandoned")
            if self.resume_job_id:
                self._journal = self._store.open(self.resume_job_id)
                self._journal.check_file(Path(draft.path))
                batch_size = self._journal.batch_size
                self.resumed_batches = len(self._journal.recorded())
            else:
                self._journal = self._store.create(draft, tenant=draft.tenant)
        assert self.table is not None
        return importing.ImportJob(
            self.client,
            self.validation,
            draft.options,
            batch_size=batch_size,
            journal=self._journal,
            n_rows=self.table.n_rows,
            ignored=len(self.table.source.empty_rows_dropped),
        )

    def finish(self, report: Any, *, keep_resumable: bool) -> Any:
        try:
            reopen = keep_resumable and report is not None and report.cancelled
            if self._journal is not None and reopen:
                self._journal.reopen()  # closed by the window, not by the user's choice
            if report is not None and not (keep_resumable and report.cancelled):
                self._add_history(report)
            if report is not None and self.previous is not None:
                report = merged_report(self.previous, report, self.retry_rows)
            if report is not None:
                self.facts = models.outcome_facts(report)
            return report
        finally:
            if self._store is not None:
                self._store.close()

    def _add_history(self, report: Any) -> None:
        from plandocket_desktop.core import importing

        draft = self.draft
        status = "cancelled" if report.cancelled else "stopped" if report.stopped else "finished"
        entry = importing.HistoryEntry(
            file_name=Path(draft.path).name if draft.path else "(no file)",
            target=draft.options.target.value,
            counts=report.counts(),
            tenant=draft.tenant,
            event_key=draft.options.event_key,
            mode=draft.options.mode.value,
            status=status,
            job_id=report.job_id,
        )
        importing.HistoryStore().add(entry)


def merged_report(previous: Any, retried: Any, retry_rows: set[int]) -> Any:
    """The report of a retry, with the earlier outcome of every row that was not retried.

    So the Results page still accounts for every row of the file: rows that went in the first
    time stay "created", not "not sent: left out".
    """
    outcomes = list(retried.outcomes)
    messages = dict(retried.messages)
    for i, outcome in enumerate(previous.outcomes):
        if i in retry_rows or i >= len(outcomes):
            continue
        outcomes[i] = outcome
        text = previous.message(i)
        if text:
            messages[i] = text
        else:
            messages.pop(i, None)
    return dataclasses.replace(retried, outcomes=outcomes, messages=messages)


def _comparable(draft: ImportDraft) -> dict[str, Any]:
    import json

    from plandocket_desktop.core import importing

    data: dict[str, Any] = json.loads(importing.draft_to_json(draft))
    if data.pop("practice", False):
        data["tenant"] = "practice"  # the practice server's port changes with every start
    data.pop("profile_name", None)
    if data.get("path"):
        data["path"] = str(Path(data["path"]).resolve())
    return data


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
            "Sending the rows to PlanDocket",
            "The rows go out in batches of up to 1,000. You can keep working.",
        )
        self._state = state
        # A commit page too: once rows were sent, Back from the Results page makes no sense.
        self.setCommitPage(True)

        self._headline = _widgets.headline(self, "importHeadline")
        self._progress = QProgressBar(self)
        self._progress.setObjectName("progressBar")
        self._progress.setFormat("%v of %m rows")
        self._progress.setRange(0, 1)
        self._progress.setValue(0)
        self._batch = QLabel(self)
        self._batch.setObjectName("importBatchLabel")
        self._rate = QLabel(self)
        self._rate.setObjectName("importRateLabel")
        self._counts = QLabel(self)
        self._counts.setObjectName("importCountsLabel")
        self._wait = QLabel(self)
        self._wait.setObjectName("importWaitLabel")
        self._wait.setWordWrap(True)
        self._message = style.MessageBar(self)
        self._message.setObjectName("importMessageLabel")

        self._pause_button = QPushButton("&Pause", self)
        self._pause_button.setObjectName("pauseButton")
        self._pause_button.setToolTip("Hold after the batch being sent now; continue any time.")
        self._pause_button.clicked.connect(self._on_pause_button_clicked)
        self._cancel_button = QPushButton("&Stop import…", self)
        self._cancel_button.setObjectName("cancelButton")
        self._cancel_button.setToolTip("Stop after the batch being sent now.")
        self._cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self._again_button = QPushButton("&Try again", self)
        self._again_button.setObjectName("tryAgainButton")
        self._again_button.setToolTip("Start the import again; batches already done are skipped.")
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
        layout.addWidget(self._progress)
        layout.addWidget(self._batch)
        layout.addWidget(self._rate)
        layout.addWidget(self._counts)
        layout.addWidget(self._wait)
        layout.addWidget(self._message)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self._worker: ImportWorker | None = None
        self._thread: QThread | None = None
        self._plan: _Plan | None = None
        self._last_start: tuple[Any, set[int] | None] = (None, None)
        self._force_new = False  # resuming failed; "Try again" sends it as a new import
        self._done = False
        self._closing = False
        self._watched: QWidget | None = None
        self._set_running(False)

    # --- wizard page ------------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        self.setButtonText(QWizard.WizardButton.CommitButton, "See the &results")
        self.setButtonText(QWizard.WizardButton.NextButton, "See the &results")
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

    def start(self, *, previous: Any = None, retry_rows: set[int] | None = None) -> None:
        """Start (or resume) the import the state describes; no-op while one runs.

        For "Retry failed rows": ``previous`` is the earlier report and ``retry_rows`` the rows
        sent again; the result accounts for the other rows with their earlier outcomes.
        """
        if self.running:
            return
        self._last_start = (previous, retry_rows)
        state = self._state
        draft = state.draft
        self._done = False
        state.report = None
        self._message.clear()
        self._again_button.hide()
        self._wait.clear()
        if state.client is None:
            self._fail("There is no connection to PlanDocket. Close the importer and start again.")
            return
        resume_id, abandon_id = self._journal_choice()
        self._plan = _Plan(
            client=state.client,
            draft=dataclasses.replace(
                draft, edits=dict(draft.edits), excluded_rows=set(draft.excluded_rows)
            ),
            table=state.table,
            validation=state.validation,
            resume_job_id=resume_id,
            abandon_job_id=abandon_id,
            previous=previous,
            retry_rows=retry_rows,
        )
        rows = self._rows_to_send()
        what = target_words(draft)
        if resume_id:
            self._headline.setText(f"Carrying on with the interrupted import as {what}…")
        elif rows is None:
            self._headline.setText(f"Checking the rows, then sending them as {what}…")
        else:
            self._headline.setText(f"Sending {counted(rows, 'row', 'rows')} as {what}…")
        self._progress.setRange(0, max(rows or 0, 1))
        self._progress.setValue(0)
        self._batch.setText("Starting…")
        self._rate.clear()
        self._counts.clear()

        worker = ImportWorker(plan=self._plan)
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_worker_progressed)
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        worker.succeeded.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished)
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
        get = counts.get if isinstance(counts, dict) else lambda k, d=0: getattr(counts, k, d)
        return int(get("ready", 0)) + int(get("warnings", 0))

    def _journal_choice(self) -> tuple[str | None, str | None]:
        """(job to resume, job to close) for an interrupted import the user chose to resume."""
        entry = self._state.resume_journal
        if entry is None:
            return None, None
        if self._force_new:
            return None, entry.job_id
        try:
            same = _comparable(entry.draft) == _comparable(self._state.draft)
        except (PlandocketError, ValueError, TypeError):
            same = False
        return (entry.job_id, None) if same else (None, entry.job_id)

    @Slot(object)
    def _on_worker_progressed(self, progress: Any) -> None:
        if self.sender() is not self._worker:
            return
        total = max(int(progress.rows_total), 1)
        self._progress.setRange(0, total)
        self._progress.setValue(min(int(progress.rows_done), total))
        if progress.batch_count:
            self._batch.setText(
                f"Batch {min(max(progress.batch_index, 1), progress.batch_count):,} "
                f"of {progress.batch_count:,}"
            )
        rate = progress.rows_per_second
        if rate:
            left = time_left_text(progress.seconds_left)
            self._rate.setText(f"{rate:,.0f} rows per second" + (f" · {left}" if left else ""))
        parts = [
            f"{progress.created:,} created",
            f"{progress.updated:,} updated",
            f"{progress.skipped:,} skipped",
            f"{progress.failed:,} failed",
        ]
        self._counts.setText("So far: " + ", ".join(parts) + ".")
        if progress.event in ("waiting", "paused"):
            self._wait.setText(progress.message)
        else:
            self._wait.clear()

    @Slot(object)
    def _on_worker_succeeded(self, report: Any) -> None:
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
        self._wait.clear()
        if report.cancelled:
            self._headline.setText("Stopped. " + report.summary())
        elif report.stopped:
            self._headline.setText(str(report.stop_message or "The import stopped."))
        else:
            self._headline.setText("Done. " + report.summary())
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
            self._again_button.setText("Send as a &new import")
            self._again_button.setToolTip(
                "Forget the interrupted import and send the rows of the file as it is now."
            )
        else:
            self._again_button.setText("&Try again")
        self._again_button.show()

    def _fail(self, message: str) -> None:
        self._headline.setText("The import could not go on.")
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
        self._cancel_button.setText("&Stop import…")
        self._pause_button.setEnabled(running)
        self._pause_button.setText("&Pause")
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
            self._cancel_button.setText("Stopping after this batch…")
            self._wait.setText("Stopping after the batch being sent now…")
        return True

    @Slot()
    def _on_pause_button_clicked(self) -> None:
        worker = self._worker
        if worker is None:
            return
        if worker.paused:
            worker.resume()
            self._pause_button.setText("&Pause")
            self._wait.clear()
        else:
            worker.pause()
            self._pause_button.setText("&Continue")
            self._wait.setText("Pausing after the batch being sent now…")

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

    def outcome_facts(self, report: Any) -> Any:
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
        return self._batch.text()

    @property
    def wait_text(self) -> str:
        return self._wait.text()

    @property
    def message_text(self) -> str:
        return self._message.text()


# --- resuming at start ---------------------------------------------------------------------


def unfinished_imports() -> list[Any]:
    """Imports the journal shows as interrupted, newest first (``JournalEntry`` objects)."""
    from plandocket_desktop.core import importing

    try:
        with importing.JournalStore() as store:
            return list(store.unfinished())
    except PlandocketError:
        return []


def offer_resume(parent: QWidget | None, state: WizardState) -> bool:
    """At start: offer the newest interrupted import for resuming.

    When the user agrees, the state's draft becomes the interrupted import's draft (updated in
    place, so pages holding it see the change) and ``state.resume_journal`` its journal entry;
    the Import page then resumes it, skipping every batch the journal recorded as answered.
    Returns True when the user chose to resume.
    """
    # The newest interrupted import whose file is still there (a moved file cannot resume).
    entries = [e for e in unfinished_imports() if Path(e.file_path).is_file()]
    if not entries:
        return False
    entry = entries[0]
    done = entry.batches_answered
    when = _local_time(entry.updated_at)
    text = (
        f"The import of “{entry.file_name}” as {target_words(entry.draft)} was interrupted "
        f"{when}, after {done:,} of {entry.batch_count:,} batches. "
        "Carry on with it now? Batches that were already sent are not sent again."
    )
    if not _ask.confirm_resume(parent, text):
        return False
    draft = state.draft
    for f in dataclasses.fields(entry.draft):
        setattr(draft, f.name, getattr(entry.draft, f.name))
    state.resume_journal = entry
    state.table = None
    state.validation = None
    state.report = None
    return True


def _local_time(iso: str) -> str:
    from datetime import datetime

    try:
        return "on " + datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d at %H:%M")
    except ValueError:
        return "earlier"
