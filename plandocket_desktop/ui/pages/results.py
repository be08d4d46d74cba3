"""Results page: what happened to every row, the error report, retrying, and past imports."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from plandocket_desktop.core import importing
from plandocket_desktop.i18n import _, fmt_int, ngettext
from plandocket_desktop.ui import models, style, wizard_pages
from plandocket_desktop.ui.pages import _ask, _widgets
from plandocket_desktop.ui.widgets import report_saver
from plandocket_desktop.ui.widgets.import_history import ImportHistoryList
from plandocket_desktop.ui.widgets.undo_runner import UndoRunner

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import ImportReport
    from plandocket_desktop.core.types import Counts, JobStatus
    from plandocket_desktop.ui.state import WizardState


def summary_sentence(
    report: ImportReport,
    counts: Counts | None = None,
    retryable: int | None = None,
    status: JobStatus | None = None,
) -> str:
    """What happened, in plain words (``importing.summary.results_sentence`` for ``report``).

    ``retryable``: how many rows "Retry failed rows" would send again; ``counts``, ``status``:
    as the worker worked them out (each counts every row when None).
    """
    return importing.summary.results_sentence(
        status if status is not None else report.status,
        counts if counts is not None else report.counts(),
        report.options,
        stop_message=report.stop_message,
        retryable=len(report.retry_indices()) if retryable is None else retryable,
    )


class ResultsPage(QWizardPage):
    """Summary, per-row outcomes with a filter, the error report, retry, new import, history.

    Signals:
        retry_requested(): the draft now holds only the rows to retry; the Import page runs.
        new_import_requested(): the draft was cleared for another file.
    """

    retry_requested = Signal()
    new_import_requested = Signal()

    def __init__(self, state: WizardState, parent: Any = None) -> None:
        super().__init__(parent)
        _widgets.name_page(
            self, "resultsPage", _("Results"), _("What happened to every row of your file.")
        )
        self._state = state

        self._summary = _widgets.headline(self, "resultsSummaryLabel")
        self._notice = style.MessageBar(self)
        self._notice.setObjectName("resultsNoticeLabel")

        self._filter, filter_label = _widgets.filter_combo(
            self,
            "outcomeFilterCombo",
            models.OUTCOME_FILTER_LABELS,
            self._on_filter_current_index_changed,
        )

        self._view = _widgets.row_table(self, "outcomeTable")
        self._view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._view.verticalHeader().hide()
        self._view.setAccessibleName(_("What happened to every row"))

        self._history = ImportHistoryList(self)
        self._undo = UndoRunner(self, lambda: self._state.client)
        self._undo.finished.connect(self._on_undo_finished)
        self._undo_button = QPushButton(_("&Undo this import…"), self)
        self._undo_button.setObjectName("undoImportButton")
        self._undo_button.setToolTip(
            _(
                "Delete the contacts this import created, restore what it changed and remove "
                "the participants it added. You are asked first."
            )
        )
        self._undo_button.clicked.connect(self._on_undo_button_clicked)
        self._undo_earlier_button = QPushButton(_("U&ndo selected import…"), self)
        self._undo_earlier_button.setObjectName("undoEarlierButton")
        self._undo_earlier_button.clicked.connect(self._on_undo_earlier_button_clicked)
        history_tab = QWidget(self)
        history_layout = QVBoxLayout(history_tab)
        history_layout.addWidget(self._history, 1)
        history_buttons = QHBoxLayout()
        history_buttons.addStretch(1)
        history_buttons.addWidget(self._undo_earlier_button)
        history_layout.addLayout(history_buttons)

        outcome_tab = QWidget(self)
        outcome_layout = QVBoxLayout(outcome_tab)
        tools = QHBoxLayout()
        tools.addWidget(filter_label)
        tools.addWidget(self._filter)
        tools.addStretch(1)
        outcome_layout.addLayout(tools)
        outcome_layout.addWidget(self._view, 1)
        self._tabs = QTabWidget(self)
        self._tabs.setAccessibleName(_("This import and earlier imports"))
        self._tabs.addTab(outcome_tab, _("&This import"))
        self._tabs.addTab(history_tab, _("&Earlier imports"))

        self._save_button = QPushButton(_("Save error re&port…"), self)
        self._save_button.setObjectName("saveReportButton")
        self._save_button.setToolTip(
            _("Save the rows that failed or were not sent, with the reason, as CSV or Excel.")
        )
        self._save_button.clicked.connect(self._on_save_button_clicked)
        self._retry_button = QPushButton(_("&Retry failed rows"), self)
        self._retry_button.setObjectName("retryFailedButton")
        self._retry_button.setToolTip(_("Send only the rows that failed or were not sent again."))
        self._retry_button.clicked.connect(self._on_retry_button_clicked)
        self._new_button = QPushButton(_("&New import"), self)
        self._new_button.setObjectName("newImportButton")
        self._new_button.setToolTip(_("Import another file (the connection stays)."))
        self._new_button.clicked.connect(self._on_new_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self._save_button)
        buttons.addWidget(self._retry_button)
        buttons.addWidget(self._undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self._new_button)

        layout = style.page_layout(self)
        layout.addWidget(self._summary)
        layout.addWidget(self._notice)
        layout.addWidget(self._tabs, 1)
        layout.addLayout(buttons)

        self._model: models.OutcomeModel | None = None
        self._saver = report_saver.ReportSaver(self)
        self._saver.saved.connect(self._on_saver_saved)
        self._saver.failed.connect(self._on_saver_failed)
        self.setFinalPage(True)

    # --- wizard page ------------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        report = self._state.report
        self._notice.clear()
        self._history.load()
        if report is None:
            self._summary.setText(_("Nothing was imported."))
            self._view.setModel(None)
            self._model = None
            self._save_button.setEnabled(False)
            self._retry_button.setEnabled(False)
            self._undo_button.setEnabled(False)
            return
        facts = self._facts(report)
        self._summary.setText(summary_sentence(report, facts.counts, facts.retryable, facts.status))
        self._model = models.OutcomeModel(report, self._state.table, parent=self)
        self._view.setModel(self._model)
        self._view.setColumnWidth(self._model.column_of("row"), 70)
        self._view.setColumnWidth(self._model.column_of("outcome"), 110)
        if "event" in self._model.fixed_columns:
            self._view.setColumnWidth(self._model.column_of("event"), 160)
        self._view.setColumnWidth(self._model.column_of("message"), 320)
        problems = bool(facts.problem_rows)
        which = models.OutcomeFilter.PROBLEMS if problems else models.OutcomeFilter.ALL
        self._filter.blockSignals(True)
        self._filter.setCurrentIndex(self._filter.findData(which.value))
        self._filter.blockSignals(False)
        self._model.set_filter(which, facts.problem_rows if problems else None)
        self._save_button.setEnabled(problems)
        self._retry_button.setEnabled(facts.can_retry)
        self._retry_button.setText(
            _("&Retry failed rows ({count})").format(count=fmt_int(facts.retryable))
            if facts.can_retry
            else _("&Retry failed rows")
        )
        self._undo_button.setEnabled(bool(report.job_id))

    def _facts(self, report: ImportReport) -> models.OutcomeFacts:
        """From the Import page's worker when it has them (a million rows), else worked out."""
        wizard = self.wizard()
        page = wizard_pages.page_named(wizard, "importPage") if wizard is not None else None
        facts = getattr(page, "outcome_facts", None)
        found = facts(report) if callable(facts) else None
        return found if isinstance(found, models.OutcomeFacts) else models.outcome_facts(report)

    @override
    def isComplete(self) -> bool:
        return True

    # --- filter -----------------------------------------------------------------------------

    @Slot(int)
    def _on_filter_current_index_changed(self, _index: int) -> None:
        if self._model is not None:
            self._model.set_filter(models.OutcomeFilter(self._filter.currentData()))

    def set_filter(self, which: models.OutcomeFilter) -> None:
        index = self._filter.findData(which.value)
        if index == self._filter.currentIndex() and self._model is not None:
            self._model.set_filter(which)
        self._filter.setCurrentIndex(index)

    # --- error report -----------------------------------------------------------------------

    @Slot()
    def _on_save_button_clicked(self) -> None:
        target = _ask.choose_report_path(self, report_saver.suggested_path(self._state.draft.path))
        if target is not None:
            self.save_report(target)

    def save_report(self, target: Path) -> None:
        """Write the error report on a worker thread; the notice says when it is done."""
        report, table = self._state.report, self._state.table
        if report is None or table is None:
            return
        self._save_button.setEnabled(False)
        self._show_notice("info", _("Saving the error report to {name}…").format(name=target.name))
        self._saver.start(report, table, target)

    @Slot(int, object)
    def _on_saver_saved(self, count: int, target: Path) -> None:
        self._save_button.setEnabled(True)
        self._show_notice(
            "success",
            ngettext(
                "Saved {count} row with its reason to {path}.",
                "Saved {count} rows with their reasons to {path}.",
                count,
            ).format(count=fmt_int(count), path=target),
        )
        self.report_saved_to = target

    @Slot(str)
    def _on_saver_failed(self, message: str) -> None:
        self._save_button.setEnabled(True)
        self._show_notice("error", message)

    @property
    def saving(self) -> bool:
        return self._saver.busy

    def _show_notice(self, kind: str, text: str) -> None:
        self._notice.show_message(kind, text)

    # --- undo ------------------------------------------------------------------------------

    @Slot()
    def _on_undo_button_clicked(self) -> None:
        report = self._state.report
        self.undo_import(report.job_id if report is not None else None)

    @Slot()
    def _on_undo_earlier_button_clicked(self) -> None:
        self.undo_import(self._history.selected_job_id())

    def undo_import(self, job_id: str | None) -> bool:
        """Ask with the numbers, then undo on a worker thread; the notice tells how it went."""
        started = self._undo.undo(job_id)
        if started:
            self._undo_button.setEnabled(False)
            self._undo_earlier_button.setEnabled(False)
            self._show_notice("info", _("Undoing the import…"))
        return started

    @Slot(str, str)
    def _on_undo_finished(self, kind: str, text: str) -> None:
        # Undone (or refused for good): the button would only say "already undone".
        self._undo_button.setEnabled(self._state.report is not None and kind == "warning")
        self._undo_earlier_button.setEnabled(True)
        self._show_notice(kind, text)
        self._history.load()

    @property
    def undoing(self) -> bool:
        return self._undo.busy

    # --- retry and new import ---------------------------------------------------------------

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self.retry_failed()

    def retry_failed(self) -> bool:
        """Prepare an import of just the failed (and not sent) rows and run it."""
        state = self._state
        if state.report is None or state.table is None or not state.report.retry_indices():
            return False
        previous = state.report
        retry_rows = set(previous.retry_indices())
        retry = importing.retry_draft(state.draft, previous, state.table)
        state.draft.excluded_rows = set(retry.excluded_rows)
        state.draft.edits = dict(retry.edits)
        state.validation = None  # the Import page validates the new draft on its thread
        state.report = None
        state.resume_journal = None
        self.retry = (previous, retry_rows)
        self.retry_requested.emit()
        wizard: QWizard | None = self.wizard()
        if wizard is None:
            return True
        import_page = wizard_pages.page_named(wizard, "importPage")
        if import_page is not None:
            wizard.back()
            start = getattr(import_page, "start", None)
            if callable(start):
                start(previous=previous, retry_rows=retry_rows)
        return True

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.new_import()

    def new_import(self) -> None:
        """Clear what belonged to this file and start again at the File page."""
        state = self._state
        draft = state.draft
        fresh = type(draft)()
        keep = {"tenant", "practice", "options", "batch_size"}
        for f in dataclasses.fields(draft):
            if f.name not in keep:
                setattr(draft, f.name, getattr(fresh, f.name))
        state.table = None
        state.validation = None
        state.report = None
        state.resume_journal = None
        self.new_import_requested.emit()
        wizard: QWizard | None = self.wizard()
        if wizard is None:
            return
        start_new = getattr(wizard, "start_new_import", None)
        if callable(start_new):
            start_new()
            return
        wizard.restart()
        file_page = wizard_pages.page_named(wizard, "filePage")
        # The Connect page is complete when the connection is kept: go on to the File page.
        while file_page is not None and wizard.currentPage() is not file_page:
            before = wizard.currentPage()
            wizard.next()
            if wizard.currentPage() is before:
                break

    def shutdown(self) -> None:
        """Wait for a report being written (the wizard's ``done()`` calls this)."""
        self._saver.shutdown()
        self._undo.shutdown()

    # --- for tests ----------------------------------------------------------------------------

    @property
    def model(self) -> models.OutcomeModel | None:
        return self._model

    @property
    def summary_text(self) -> str:
        return self._summary.text()

    @property
    def notice_text(self) -> str:
        return self._notice.text()

    @property
    def history_count(self) -> int:
        return self._history.topLevelItemCount()

    report_saved_to: Path | None = None
    retry: tuple[ImportReport, set[int]] | None = None  # (earlier report, rows sent again)
