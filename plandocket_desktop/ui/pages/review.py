"""Review page: every row checked before anything is sent; fix a cell or leave a row out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Slot
from PySide6.QtWidgets import (
    QMenu,
    QProgressBar,
    QTableView,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from plandocket_desktop.i18n import _, fmt_int, ngettext
from plandocket_desktop.ui import models, style
from plandocket_desktop.ui.pages import _widgets
from plandocket_desktop.ui.widgets import (
    preview_check,
    review_draft,
    review_keys,
    review_suggestions,
    review_summary,
    review_table,
    review_tools,
    validation_runner,
)
from plandocket_desktop.ui.widgets.review_table import ROW_HINT

if TYPE_CHECKING:
    from plandocket_desktop.core.validation import ValidationResult
    from plandocket_desktop.ui.state import WizardState


class ReviewPage(QWizardPage):
    """Validates the table in a worker, then shows every row with its problems.

    It is the wizard's commit page: once the rows are sent there is no going back.
    """

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _widgets.name_page(
            self,
            "reviewPage",
            _("Check the rows"),
            _(
                "Every row is checked before anything is sent. Fix a cell by double-clicking it, "
                "or untick a row to leave it out. Rows with errors are not sent."
            ),
        )
        self._state = state
        self.setCommitPage(True)

        self._busy = QProgressBar(self)
        self._busy.setObjectName("reviewBusy")
        self._busy.setRange(0, 0)
        self._busy.setFormat(_("Checking every row…"))
        self._busy.setTextVisible(True)
        self._busy.hide()

        self._counts = _widgets.headline(self, "reviewCountsLabel")
        self._message = style.MessageBar(self)
        self._message.setObjectName("reviewMessageLabel")

        self._tools = review_tools.ReviewTools(self, self._on_filter_current_index_changed)
        self._filter = self._tools.filter
        self._tools.exclude_button.clicked.connect(self._on_exclude_button_clicked)
        self._tools.include_button.clicked.connect(self._on_include_button_clicked)
        self._tools.undo_action.triggered.connect(self._on_undo_action_triggered)
        self._tools.redo_action.triggered.connect(self._on_redo_action_triggered)

        self._view = review_table.rows_view(self)
        # Delete leaves the selected rows out, like the button (keyboard users).
        self._keys = review_keys.RowKeys(
            self._view, exclude=self._on_exclude_button_clicked, toggle=self._on_space_pressed
        )
        self._view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._view.customContextMenuRequested.connect(self._on_view_custom_context_menu_requested)

        # The check against PlanDocket: what the import would do with each row.
        self._preview = preview_check.PreviewCheck(self, self._view)
        self._preview.panel.check_button.clicked.connect(self._on_check_button_clicked)
        self._preview.busy_changed.connect(self._update_row_buttons)

        self._row_problems = review_table.row_problems_label(self)

        layout = style.page_layout(self)
        layout.addWidget(self._busy)
        layout.addWidget(self._counts)
        layout.addWidget(self._message)
        layout.addWidget(self._preview.panel)
        layout.addLayout(self._tools)
        layout.addWidget(self._view, 1)
        layout.addWidget(self._row_problems)
        self._suggestions = review_suggestions.SuggestionBar(self._view, self)
        layout.addWidget(self._suggestions)

        self._model: models.ReviewModel | None = None
        self._runner = validation_runner.ValidationRunner(self)
        self._runner.succeeded.connect(self._on_runner_succeeded)
        self._runner.failed.connect(self._on_runner_failed)
        self._validated_key: tuple[Any, ...] | None = None
        self._pending_key: tuple[Any, ...] | None = None
        self._set_tools_enabled(False)

    # --- wizard page ------------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        state = self._state
        table = state.table
        if table is None:
            self._show_message(_("There is no file loaded. Go back and choose a file."))
            return
        key = self._input_key()
        if state.validation is not None and key == self._validated_key and self._model:
            self._update_counts()
            return
        state.validation = None
        self._start_validation()

    @override
    def isComplete(self) -> bool:
        validation = self._state.validation
        if validation is None or self._model is None:
            return False
        return review_summary.sendable_count(validation) > 0

    @override
    def validatePage(self) -> bool:
        # Edits and exclusions were written to the draft as they were made.
        return self.isComplete()

    @override
    def cleanupPage(self) -> None:
        # Going back: a running check is no longer wanted; its result is dropped.
        self._runner.drop()
        self._busy.hide()
        self._preview.cancel()

    # --- validation in a worker -------------------------------------------------------------

    def _input_key(self) -> tuple[Any, ...]:
        draft = self._state.draft
        return (
            id(self._state.table),
            tuple(sorted((k, v or "") for k, v in draft.mapping.items())),
            draft.options,
            tuple(sorted(draft.fixed_values.items())),
        )

    def _start_validation(self) -> None:
        table = self._state.table
        assert table is not None
        self._view.setModel(None)
        self._model = None
        self._set_tools_enabled(False)
        self._message.clear()
        self._preview.set_model(None)
        self._counts.setText(
            ngettext("Checking {count} row…", "Checking {count} rows…", table.n_rows).format(
                count=fmt_int(table.n_rows)
            )
        )
        self._busy.show()
        self._pending_key = self._input_key()
        self._runner.start(table, self._state.draft)
        self.completeChanged.emit()

    @Slot(object)
    def _on_runner_succeeded(self, result: ValidationResult) -> None:
        self._busy.hide()
        self._state.validation = result
        self._validated_key = self._pending_key
        self._install_model(result)
        self.completeChanged.emit()

    @Slot(str)
    def _on_runner_failed(self, message: str) -> None:
        self._busy.hide()
        self._show_message(message)
        self.completeChanged.emit()

    def shutdown(self) -> None:
        """Wait for a running check (validation cannot be interrupted; it is quick)."""
        self._preview.shutdown()
        self._runner.shutdown()

    @property
    def busy(self) -> bool:
        """True while the rows are being checked."""
        return self._runner.busy

    # --- the table --------------------------------------------------------------------------

    def _install_model(self, validation: ValidationResult) -> None:
        table = self._state.table
        assert table is not None
        model = models.ReviewModel(
            table,
            validation,
            mapping=self._state.draft.mapping,
            on_edit=self._record_edit,
            on_exclude=self._record_exclusion,
            parent=self,
        )
        model.apply_edits(review_draft.earlier_edits(self._state.draft, table, validation))
        model.counts_changed.connect(self._on_model_counts_changed)
        self._model = model
        self._view.setModel(model)
        self._preview.set_model(model)
        selection = self._view.selectionModel()
        selection.selectionChanged.connect(self._update_row_buttons)
        selection.currentChanged.connect(self._update_row_buttons)
        selection.currentChanged.connect(self._show_row_problems)
        model.dataChanged.connect(self._show_row_problems)  # an edit may fix the row
        model.modelReset.connect(self._show_row_problems)
        model.modelReset.connect(self._update_row_buttons)  # a filter clears the selection
        self._suggestions.attach(model)
        self._view.setColumnWidth(models.SEND_COLUMN, 56)
        self._view.setColumnWidth(models.STATUS_COLUMN, 90)
        which = models.ReviewFilter(self._filter.currentData())
        if which is not models.ReviewFilter.ALL:
            model.set_filter(which)
        self._set_tools_enabled(True)
        self._update_counts()

    def _record_edit(self, row: int, header: str, text: str | None) -> None:
        assert self._state.table is not None
        review_draft.record_edit(self._state.draft, self._state.table, row, header, text)

    def _record_exclusion(self, row: int, excluded: bool) -> None:
        assert self._state.table is not None
        review_draft.record_exclusion(self._state.draft, self._state.table, row, excluded)

    @Slot()
    def _on_model_counts_changed(self) -> None:
        self._preview.rows_changed()
        self._update_row_buttons()  # Undo and Redo
        self._update_counts()
        self.completeChanged.emit()

    def _update_counts(self) -> None:
        validation = self._state.validation
        if validation is None:
            return
        sendable = review_summary.sendable_count(validation)
        sentences = [review_summary.counts_sentence(validation.counts)]
        if not sendable:
            sentences.append(_(review_summary.NOTHING_TO_SEND))
        self._counts.setText(" ".join(sentences))
        button = review_summary.send_button_text(sendable)
        self.setButtonText(QWizard.WizardButton.CommitButton, button)
        self.setButtonText(QWizard.WizardButton.NextButton, button)

    def _show_message(self, message: str) -> None:
        self._message.show_message("error", message)

    def _set_tools_enabled(self, enabled: bool) -> None:
        for widget in (self._filter, self._view, self._preview.panel):
            widget.setEnabled(enabled)
        self._update_row_buttons()
        self._show_row_problems()

    @Slot()
    def _show_row_problems(self) -> None:
        self._row_problems.setText(
            review_table.row_problems_text(self._model, self._view.currentIndex())
        )

    @Slot()
    def _update_row_buttons(self) -> None:
        # The row buttons act on the selected rows: with none selected they would do nothing.
        chosen = (
            self._model is not None
            and self._view.isEnabled()
            and not self._preview.busy  # the check reads the rows
            and bool(self._selected_rows())
        )
        self._tools.set_row_buttons_enabled(chosen)
        model = self._model
        enabled = model is not None and self._view.isEnabled() and not self._preview.busy
        self._tools.set_undo_enabled(
            enabled and model is not None and model.can_undo,
            enabled and model is not None and model.can_redo,
        )

    @Slot()
    def _on_check_button_clicked(self) -> None:
        self.check_against_plandocket()

    def check_against_plandocket(self) -> bool:
        """What the import would do in PlanDocket, per row (on worker threads; cancellable)."""
        return self._preview.start(self._state.client, self._state.validation)

    @property
    def preview(self) -> preview_check.PreviewCheck:
        return self._preview

    # --- filter and exclusion ---------------------------------------------------------------

    @Slot(int)
    def _on_filter_current_index_changed(self, _index: int) -> None:
        if self._model is not None:
            self._model.set_filter(models.ReviewFilter(self._filter.currentData()))

    def set_filter(self, which: models.ReviewFilter) -> None:
        """Show only some rows (the filter combo box does this too)."""
        self._filter.setCurrentIndex(self._filter.findData(which.value))

    def _selected_rows(self) -> list[int]:
        model = self._model
        if model is None:
            return []
        view_rows = {index.row() for index in self._view.selectionModel().selectedIndexes()}
        current = self._view.currentIndex()
        if not view_rows and current.isValid():
            view_rows = {current.row()}
        return sorted(model.source_row(r) for r in view_rows)

    @Slot()
    def _on_exclude_button_clicked(self) -> None:
        self.exclude_rows(self._selected_rows(), True)

    @Slot()
    def _on_include_button_clicked(self) -> None:
        self.exclude_rows(self._selected_rows(), False)

    def exclude_rows(self, rows: list[int], excluded: bool = True) -> None:
        """Leave data rows (0-based indices) out, or take them back in."""
        if self._model is not None and rows and not self._preview.busy:
            self._model.set_excluded(rows, excluded)

    @Slot()
    def _on_space_pressed(self) -> None:
        self.toggle_rows(self._selected_rows())

    @Slot()
    def _on_undo_action_triggered(self) -> None:
        self.undo()

    @Slot()
    def _on_redo_action_triggered(self) -> None:
        self.redo()

    def undo(self) -> bool:
        """Take back the last edit, suggestion used, or rows left out or taken back in."""
        return self._model is not None and not self._preview.busy and self._model.undo()

    def redo(self) -> bool:
        """Make the last undone change again."""
        return self._model is not None and not self._preview.busy and self._model.redo()

    def toggle_rows(self, rows: list[int]) -> None:
        """Leave the rows out, or, when every one of them is left out, take them back in."""
        model = self._model
        if model is None or not rows:
            return
        from plandocket_desktop.core.types import RowStatus

        validation = model.validation
        excluded = all(validation.status(row) == RowStatus.EXCLUDED for row in rows)
        self.exclude_rows(rows, not excluded)

    @Slot(QPoint)
    def _on_view_custom_context_menu_requested(self, pos: QPoint) -> None:
        if self._model is None:
            return
        menu = QMenu(self)
        menu.addAction(_("Leave out selected rows"), self._on_exclude_button_clicked)
        menu.addAction(_("Take selected rows back in"), self._on_include_button_clicked)
        menu.exec(self._view.viewport().mapToGlobal(pos))

    # --- for tests and other pages ----------------------------------------------------------

    @property
    def model(self) -> models.ReviewModel | None:
        return self._model

    @property
    def view(self) -> QTableView:
        return self._view

    @property
    def counts_text(self) -> str:
        return self._counts.text()


__all__ = ["ROW_HINT", "ReviewPage"]
