"""The Review page's check against PlanDocket, wired: the card, the runner and the table.

The page gives it the table view and, once the rows are checked, their model; this shows the
prediction in two more columns (moved right after Status) and filters the rows by outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import models
from plandocket_desktop.ui.widgets import preview_panel, preview_runner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView, QWidget

    from plandocket_desktop.core.api import PlandocketClient
    from plandocket_desktop.core.validation import ValidationResult


class PreviewCheck(QObject):
    """The card (``panel``) and the check behind it.

    Signals:
        busy_changed(bool): a check started (True) or ended (False).
    """

    busy_changed = Signal(bool)

    def __init__(self, page: QWidget, view: QTableView) -> None:
        super().__init__(page)
        self._view = view
        self._model: models.ReviewModel | None = None
        self._checked: models.ReviewModel | None = None  # the model whose rows are checked
        self.panel = preview_panel.PreviewPanel(page)
        self._runner = preview_runner.PreviewRunner(page)
        panel, runner = self.panel, self._runner
        panel.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        panel.filter.currentIndexChanged.connect(self._on_filter_current_index_changed)
        runner.started.connect(panel.show_running)
        runner.progressed.connect(panel.show_progress)
        runner.succeeded.connect(self._on_runner_succeeded)
        runner.failed.connect(self._on_runner_failed)
        runner.cancelled.connect(self._on_runner_cancelled)

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def set_model(self, model: models.ReviewModel | None) -> None:
        """New rows (or none): a running check is cancelled and the card starts afresh."""
        self._runner.cancel()
        self._model = model
        self.panel.reset()

    def start(self, client: PlandocketClient | None, validation: ValidationResult | None) -> bool:
        """Check ``validation``'s rows; False when it cannot start (the card says why)."""
        model = self._model
        if model is None or validation is None or self._runner.busy:
            return False
        if client is None:
            self.panel.show_failed(_("Connect to PlanDocket first (page 1), then check."))
            return False
        self._runner.start(client, validation)
        self._checked = model
        model.set_read_only(True)  # the worker reads the rows: no edits meanwhile
        self.busy_changed.emit(True)
        return True

    def rows_changed(self) -> None:
        """An edit or exclusion: the prediction shown is older than the rows."""
        if self._model is not None and self._model.preview is not None:
            self.panel.show_stale()

    def cancel(self) -> None:
        self._runner.cancel()

    def shutdown(self) -> None:
        self._runner.shutdown()

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.panel.cancel_button.setEnabled(False)
        self._runner.cancel()

    @Slot(object)
    def _on_runner_succeeded(self, result: preview_runner.PreviewResult) -> None:
        model = self._model
        if model is None or model is not self._checked:
            self._ended()
            return  # the rows were checked again meanwhile: this prediction is of others
        had_columns = model.action_column is not None
        model.set_preview(result.preview, result.codes)
        column = model.action_column
        if column is not None and not had_columns:
            header = self._view.horizontalHeader()
            for offset in (0, 1):  # right after Status, where the eye is
                where = models.STATUS_COLUMN + 1 + offset
                header.moveSection(header.visualIndex(column + offset), where)
            self._view.setColumnWidth(column, 100)
            self._view.setColumnWidth(column + 1, 360)
        self.panel.show_result(result.preview)
        self._ended()

    @Slot(str)
    def _on_runner_failed(self, message: str) -> None:
        self.panel.show_failed(message)
        self._ended()

    @Slot()
    def _on_runner_cancelled(self) -> None:
        self.panel.show_cancelled()
        self._ended()

    def _ended(self) -> None:
        if self._model is not None:
            self._model.set_read_only(False)
        self.busy_changed.emit(False)

    @Slot(int)
    def _on_filter_current_index_changed(self, _index: int) -> None:
        if self._model is not None:
            position = int(self.panel.filter.currentData())
            self._model.set_action_filter(None if position < 0 else position)
