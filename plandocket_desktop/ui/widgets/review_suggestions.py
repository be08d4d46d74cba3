"""The Review page's suggestion bar: a one-click fix for the current cell and its column.

Shown when the current cell has an issue with a suggestion (a mistyped mail provider, a
postal code's lost zero): "Use suggestion" writes it into that cell, "Use all …" into every
cell of the column with the same kind of issue. Both are edits like any other (the page's
model re-validates and records them). The core decides what is suggested
(``ValidationResult.suggestions``); this bar only shows and asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QWidget

from plandocket_desktop.i18n import _, fmt_int, ngettext
from plandocket_desktop.ui import models

if TYPE_CHECKING:
    from plandocket_desktop.core.validation import Issue, ValidationResult


class SuggestionBar(QWidget):
    """A "did you mean …?" line with two buttons for the current cell of ``view``, hidden
    when that cell has no suggestion. ``attach(model)`` once the page's review model exists.

    Signals:
        used(int): suggestions were written into this many cells.
    """

    used = Signal(int)

    def __init__(self, view: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._model: models.ReviewModel | None = None
        self.setObjectName("reviewSuggestionBar")
        self._label = QLabel(self)
        self._label.setObjectName("reviewSuggestionLabel")
        self._label.setWordWrap(True)
        self.use_button = QPushButton(_("&Use suggestion"), self)
        self.use_button.setObjectName("useSuggestionButton")
        self.use_all_button = QPushButton(self)
        self.use_all_button.setObjectName("useAllSuggestionsButton")
        self.use_button.clicked.connect(self._on_use_button_clicked)
        self.use_all_button.clicked.connect(self._on_use_all_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label, 1)
        layout.addWidget(self.use_button)
        layout.addWidget(self.use_all_button)
        self.issue: Issue | None = None
        self.hide()

    def show_for(self, issue: Issue | None, same_kind: int) -> None:
        """Offer ``issue``'s suggestion (None: hide); ``same_kind``: how many cells of its
        column the "Use all" button would change."""
        self.issue = issue
        if issue is None or issue.suggestion is None:
            self.hide()
            return
        self._label.setText(
            _("Suggested value for {column}: '{suggestion}'").format(
                column=issue.column, suggestion=issue.suggestion
            )
        )
        self.use_all_button.setText(
            ngettext(
                "Use all suggestions of this kind ({count} cell)",
                "Use all suggestions of this kind ({count} cells)",
                same_kind,
            ).format(count=fmt_int(same_kind))
        )
        self.use_all_button.setVisible(same_kind > 1)
        self.show()

    def attach(self, model: models.ReviewModel) -> None:
        """Follow the view's current cell in ``model`` (and its edits and filters)."""
        self._model = model
        self._view.selectionModel().currentChanged.connect(self.refresh)
        model.dataChanged.connect(self.refresh)
        model.modelReset.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Show the suggestion of the view's current cell, or hide."""
        model, current = self._model, self._view.currentIndex()
        if model is None or not current.isValid():
            self.show_for(None, 0)
            return
        column = current.column() - models.FIRST_SOURCE_COLUMN
        if column < 0:
            self.show_for(None, 0)
            return
        header = model.table.columns[column]
        issue = issue_at(model.validation, model.source_row(current.row()), header)
        count = model.validation.suggestion_count(issue.code, header) if issue else 0
        self.show_for(issue, count)

    @Slot()
    def _on_use_button_clicked(self) -> None:
        issue, model = self.issue, self._model
        if model is None or issue is None or not issue.suggestion or issue.column is None:
            return
        model.edit_cell(issue.row_index, model.table.columns.index(issue.column), issue.suggestion)
        self.used.emit(1)

    @Slot()
    def _on_use_all_button_clicked(self) -> None:
        self.use_all()

    def use_all(self) -> int:
        """Write every suggestion of the shown issue's kind into its column; returns how many."""
        issue, model = self.issue, self._model
        if model is None or issue is None or issue.column is None:
            return 0
        column = model.table.columns.index(issue.column)
        fixes = model.validation.suggestions(issue.code, issue.column)
        model.edit_cells([(row, column, text) for row, text in fixes])
        self.used.emit(len(fixes))
        return len(fixes)


def issue_at(validation: ValidationResult, row: int, header: str) -> Issue | None:
    """The issue with a suggestion in data row ``row``'s cell of column ``header``, if any."""
    return next(
        (i for i in validation.issues_for(row) if i.column == header and i.suggestion),
        None,
    )
