"""The Review table's keys: Delete leaves rows out, Space ticks them, Enter moves down a row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView
from typing_extensions import override


class RowKeys(QObject):
    """An event filter on ``view`` (installed here) for keyboard users.

    ``exclude()`` runs on Delete and ``toggle()`` on Space (a row's tick; F2 edits the cell),
    both without modifiers and never while a cell is being typed.
    """

    def __init__(
        self, view: QTableView, *, exclude: Callable[[], None], toggle: Callable[[], None]
    ) -> None:
        super().__init__(view)
        self._view = view
        self._exclude = exclude
        self._toggle = toggle
        view.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = self._view
        if (
            watched is view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and view.state() != QAbstractItemView.State.EditingState
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            key = event.key()
            if key == Qt.Key.Key_Delete:
                self._exclude()
                return True
            if key == Qt.Key.Key_Space:
                self._toggle()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # As in a spreadsheet: down one row. Never "Send" by a stray Enter.
                current = view.currentIndex()
                below = current.siblingAtRow(current.row() + 1) if current.isValid() else current
                if below.isValid():
                    view.setCurrentIndex(below)
                return True
        return super().eventFilter(watched, event)
