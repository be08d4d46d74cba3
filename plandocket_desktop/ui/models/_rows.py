"""What the table models share: a block cache over a ``Table``, tints, the PySide6 guard."""

from __future__ import annotations

import functools
import sys
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Table

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

# Tints that read on light and dark palettes alike: translucent, so the base colour shows through.
ERROR_TINT = QColor(220, 53, 69, 80)
WARNING_TINT = QColor(230, 160, 0, 80)
DUPLICATE_TINT = QColor(150, 90, 220, 70)


@functools.cache
def _standard_icon(name: str) -> QIcon:
    from PySide6.QtWidgets import QStyle

    return QApplication.style().standardIcon(getattr(QStyle.StandardPixmap, name))


def problem_icon(*, error: bool) -> QIcon:
    """The icon a problem cell carries beside its tint (errors and warnings differ)."""
    return _standard_icon("SP_MessageBoxCritical" if error else "SP_MessageBoxWarning")


def muted_text() -> QColor:
    """The palette's colour for disabled text: excluded rows look switched off in any theme."""
    return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


_none_checked = False


def guard_none_refcount() -> None:
    """Workaround for a reference-count bug of PySide6 6.12.0 on Python 3.11.

    There, every Qt method that returns nothing (``setValue``, ``setText``,
    ``processEvents``...) gives Python ``None`` without taking a reference for it, so each call
    from Python lowers None's reference count by one; after some thousand calls the process dies
    with "Fatal Python error: none_dealloc". (PySide6 6.11.3 does not do this; on Python 3.12+
    None is immortal and the bug is invisible.) Detected once with a harmless probe; when
    present, None's count is lifted far out of reach - None is a static object that is never
    freed, so the number only has to stay above zero.
    """
    global _none_checked
    if _none_checked or sys.version_info >= (3, 12):
        return
    _none_checked = True
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("")
    if before - sys.getrefcount(None) < 32:
        return  # this PySide6 counts correctly
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


class RowCache:
    """Cell texts of a ``Table``, fetched from Arrow a block of rows at a time (LRU of blocks)."""

    BLOCK = 256
    MAX_BLOCKS = 64

    def __init__(self, table: Table) -> None:
        self._table = table
        self._blocks: OrderedDict[int, tuple[list[list[Any]], list[int]]] = OrderedDict()

    def _block(self, row: int) -> tuple[list[list[Any]], list[int]]:
        key = row // self.BLOCK
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
            return block
        start = key * self.BLOCK
        part = self._table.arrow.slice(start, self.BLOCK)
        columns = [part.column(i).to_pylist() for i in range(part.num_columns)]
        numbers = self._table.row_numbers.slice(start, self.BLOCK).to_pylist()
        block = (columns, numbers)
        self._blocks[key] = block
        if len(self._blocks) > self.MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    def cell(self, row: int, column: int) -> str:
        columns, _ = self._block(row)
        value = columns[column][row % self.BLOCK]
        return "" if value is None else str(value)

    def row_number(self, row: int) -> int:
        _, numbers = self._block(row)
        return int(numbers[row % self.BLOCK])
