"""The Review page's tool row: the "Show:" filter and the buttons that leave rows out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWizardPage

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import models
from plandocket_desktop.ui.pages import _widgets


class ReviewTools(QHBoxLayout):
    """Filter combo box (``reviewFilterCombo``), "Leave out" and "Take back in" buttons.

    A layout, not a widget, so the page's tab order and object tree stay as they were.
    """

    def __init__(self, page: QWizardPage, on_filter_changed: Callable[[int], None]) -> None:
        super().__init__()
        self.filter, filter_label = _widgets.filter_combo(
            page, "reviewFilterCombo", models.FILTER_LABELS, on_filter_changed
        )
        self.filter.setToolTip(_("Show only some of the rows"))
        self.exclude_button = QPushButton(_("Lea&ve out selected rows"), page)
        self.exclude_button.setObjectName("excludeRowsButton")
        self.exclude_button.setToolTip(_("The selected rows will not be sent (Delete key)."))
        self.include_button = QPushButton(_("&Take selected rows back in"), page)
        self.include_button.setObjectName("includeRowsButton")
        self.include_button.setToolTip(_("Send the selected rows again (unless they have errors)."))
        self.addWidget(filter_label)
        self.addWidget(self.filter)
        self.addStretch(1)
        self.addWidget(self.exclude_button)
        self.addWidget(self.include_button)

    def set_row_buttons_enabled(self, enabled: bool) -> None:
        self.exclude_button.setEnabled(enabled)
        self.include_button.setEnabled(enabled)
