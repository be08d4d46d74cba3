"""The Connect page's practice card: what practice mode is, and the buttons to enter or leave it."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import style


class PracticeCard(style.Card):
    """No signals: the page connects to ``practice_button`` and ``leave_practice_button``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceCard")
        self.layout_.addWidget(style.heading(_("New here? Try it out first"), self))
        self.layout_.addWidget(
            style.fixed_hint(
                _(
                    "Practice mode runs a small PlanDocket on this computer with sample events "
                    "and people. Nothing you do there reaches your real PlanDocket, and you "
                    "need no address or key."
                ),
                self,
            )
        )
        self.practice_button = QPushButton(_("&Practise with sample data"), self)
        self.practice_button.setObjectName("practiceModeButton")
        self.practice_button.setToolTip(_("Start practice mode: no address or key needed"))
        self.practice_button.setIcon(style.app_icon())
        style.bigger(self.practice_button, 1.2)
        self.practice_button.setIconSize(QSize(28, 28))
        self.practice_button.setMinimumHeight(self.practice_button.sizeHint().height() + 14)
        self.practice_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.leave_practice_button = QPushButton(_("&Leave practice mode"), self)
        self.leave_practice_button.setObjectName("leavePracticeButton")
        self.leave_practice_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.practice_button)
        row.addWidget(self.leave_practice_button)
        row.addStretch(1)
        self.layout_.addLayout(row)

    def show_state(self, *, in_practice: bool, busy: bool) -> None:
        """Offer practice mode, or leaving it; nothing while a check or start is under way."""
        self.practice_button.setEnabled(not busy and not in_practice)
        self.practice_button.setVisible(not in_practice)
        self.leave_practice_button.setVisible(in_practice)
        self.leave_practice_button.setEnabled(not busy)
