"""'No file at hand? Try a sample list': the practice sample workbooks, offered in practice mode.

Signals: ``chosen(str)`` — the path of the sample the user picked.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import style


class SampleOffer(QWidget):
    """A hint and one button per sample workbook (German, English) shipped in the package."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleOffer")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(style.SPACING // 2)
        self.label = style.hint(_("No file at hand? Try a sample list:"), self)
        self.label.setWordWrap(False)
        row.addWidget(self.label)
        self.german_button = QPushButton(_("&German sample list"), self)
        self.german_button.setObjectName("sampleGermanButton")
        self.english_button = QPushButton(_("Engl&ish sample list"), self)
        self.english_button.setObjectName("sampleEnglishButton")
        for button in (self.german_button, self.english_button):
            button.setToolTip(_("Twelve made-up people to practise a whole import with."))
            row.addWidget(button)
        row.addStretch(1)
        self.german_button.clicked.connect(self._on_german_button_clicked)
        self.english_button.clicked.connect(self._on_english_button_clicked)

    @Slot()
    def _on_german_button_clicked(self) -> None:
        self._choose("de")

    @Slot()
    def _on_english_button_clicked(self) -> None:
        self._choose("en")

    def _choose(self, language: str) -> None:
        from plandocket_desktop import scripting

        self.chosen.emit(str(scripting.sample_path(language)))
