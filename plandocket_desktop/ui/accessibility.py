"""What screen readers need from the pages: names for controls, status lines that announce.

A screen reader reads the control that has the focus; a status that changes elsewhere (the
rows read, "waiting until 14:05", the import finished) is heard only when it is announced.
``StatusLabel`` is the label for such lines: every new text it gets is announced (Qt 6.8+
``QAccessibleAnnouncementEvent``, polite, so it does not cut the reader short) and emitted.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from plandocket_desktop.ui.compat import override


def describe(widget: QWidget, name: str, description: str = "") -> None:
    """Give a control the name (and description) a screen reader says for it."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


def announce(widget: QWidget, text: str) -> None:
    """Have an active screen reader say ``text`` (nothing happens without one)."""
    # Imported here: importing QAccessible sets up its eight enums (~1 ms of the window's start).
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


class StatusLabel(QLabel):
    """A label whose new texts are announced to screen readers.

    Signals: announced(str) — a new, non-empty text was shown (and announced).
    """

    announced = Signal(str)

    @override
    def setText(self, text: str) -> None:
        changed = text != self.text()
        super().setText(text)
        if changed and text:
            announce(self, text)
            self.announced.emit(text)
