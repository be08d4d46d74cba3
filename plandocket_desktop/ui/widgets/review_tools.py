"""The Review page's tool row: the "Show:" filter, Undo and Redo, leaving rows out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWizardPage

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import models
from plandocket_desktop.ui.pages import _widgets

# Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo (Cmd on macOS: Qt maps Ctrl there).
UNDO_KEYS = (QKeySequence("Ctrl+Z"),)
REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))


class ReviewTools(QHBoxLayout):
    """Filter combo box (``reviewFilterCombo``), "Undo" and "Redo" (``undoEditButton``,
    ``redoEditButton``, with their shortcuts as the page's actions ``undo_action`` and
    ``redo_action``), "Leave out" and "Take back in" buttons.

    A layout, not a widget, so the page's tab order and object tree stay as they were.
    """

    def __init__(self, page: QWizardPage, on_filter_changed: Callable[[int], None]) -> None:
        super().__init__()
        self.filter, filter_label = _widgets.filter_combo(
            page, "reviewFilterCombo", models.FILTER_LABELS, on_filter_changed
        )
        self.filter.setToolTip(_("Show only some of the rows"))
        self.undo_action = _page_action(page, UNDO_KEYS)
        self.redo_action = _page_action(page, REDO_KEYS)
        self.undo_button = QPushButton(_("Und&o"), page)
        self.undo_button.setObjectName("undoEditButton")
        self.undo_button.setToolTip(_("Take back the last change on this page (Ctrl+Z)."))
        self.undo_button.clicked.connect(self.undo_action.trigger)
        self.redo_button = QPushButton(_("&Redo"), page)
        self.redo_button.setObjectName("redoEditButton")
        self.redo_button.setToolTip(_("Make the change you took back again (Ctrl+Shift+Z)."))
        self.redo_button.clicked.connect(self.redo_action.trigger)
        self.exclude_button = QPushButton(_("Lea&ve out selected rows"), page)
        self.exclude_button.setObjectName("excludeRowsButton")
        self.exclude_button.setToolTip(_("The selected rows will not be sent (Delete key)."))
        self.include_button = QPushButton(_("&Take selected rows back in"), page)
        self.include_button.setObjectName("includeRowsButton")
        self.include_button.setToolTip(_("Send the selected rows again (unless they have errors)."))
        self.addWidget(filter_label)
        self.addWidget(self.filter)
        self.addStretch(1)
        self.addWidget(self.undo_button)
        self.addWidget(self.redo_button)
        self.addWidget(self.exclude_button)
        self.addWidget(self.include_button)

    def set_row_buttons_enabled(self, enabled: bool) -> None:
        self.exclude_button.setEnabled(enabled)
        self.include_button.setEnabled(enabled)

    def set_undo_enabled(self, undo: bool, redo: bool) -> None:
        """Offer Undo and Redo (buttons and keys) only when there is something to do."""
        for action, button, enabled in (
            (self.undo_action, self.undo_button, undo),
            (self.redo_action, self.redo_button, redo),
        ):
            action.setEnabled(enabled)
            button.setEnabled(enabled)


def _page_action(page: QWizardPage, keys: tuple[QKeySequence, ...]) -> QAction:
    """An action whose keys work anywhere on ``page`` (a cell being typed keeps its own)."""
    action = QAction(page)
    action.setShortcuts(list(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    page.addAction(action)
    return action
