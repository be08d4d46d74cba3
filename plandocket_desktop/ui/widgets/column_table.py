"""The Columns page's table: each column of the file, examples, its field chooser, confidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from plandocket_desktop.i18n import N_, _

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Table

DONT_IMPORT = N_("Don't import")
SAMPLE_ROWS = 200
SAMPLES_SHOWN = 3

# Confidence levels: (lowest confidence, word, dot colour). The colour is a traffic-light
# signal, legible on light and dark backgrounds alike; the word says the same for everyone.
LEVELS = (
    (0.85, N_("Sure"), QColor(46, 160, 67)),
    (0.6, N_("Likely"), QColor(230, 160, 0)),
    (0.0, N_("Please check"), QColor(215, 58, 73)),
)

COL_HEADER, COL_SAMPLES, COL_FIELD, COL_CONFIDENCE = range(4)


def dot_icon(colour: QColor | None, size: int = 12) -> QIcon:
    """A filled circle (high-DPI: drawn at 2x); an empty icon for None."""
    if colour is None:
        return QIcon()
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def level_of(confidence: float) -> tuple[str, QColor]:
    """The word (translated) and dot colour for a suggestion's confidence."""
    for lowest, word, colour in LEVELS:
        if confidence >= lowest:
            return _(word), colour
    return _(LEVELS[-1][1]), LEVELS[-1][2]


def sample_values(table: Table) -> dict[str, str]:
    """A few distinct, non-empty example values per column, as one line of text."""
    rows = table.head(SAMPLE_ROWS)
    result: dict[str, str] = {}
    for index, column in enumerate(table.columns):
        seen: list[str] = []
        for row in rows:
            text = " ".join(row[index].split())
            if text and text not in seen:
                seen.append(text if len(text) <= 40 else text[:39] + "…")
                if len(seen) == SAMPLES_SHOWN:
                    break
        result[column] = "   ·   ".join(seen) if seen else _("(empty in the first rows)")
    return result


class ColumnTable(QTableWidget):
    """One row per column: its name, examples, a field chooser and the suggestion's confidence.

    Signals:
        field_chosen(str, object): the user chose a field for a column (header, key or None).
    """

    field_chosen = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("mappingTable")
        self.setAccessibleName(_("Columns of your file and their PlanDocket fields"))
        self.setHorizontalHeaderLabels(
            [
                _("Column in your file"),
                _("Examples from your file"),
                _("Import into"),
                _("Suggestion"),
            ]
        )
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setIconSize(QSize(12, 12))
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SAMPLES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_CONFIDENCE, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize() + 8)
        self._combos: dict[str, QComboBox] = {}
        self._rows: dict[str, int] = {}

    def show_rows(
        self,
        columns: Sequence[str],
        samples: Mapping[str, str],
        choices: Sequence[tuple[str, str]],
        mapping: Mapping[str, str | None],
    ) -> None:
        """A row per column; ``choices`` are (label, field key) offered besides "Don't import"."""
        self.setRowCount(0)
        self._combos = {}
        self._rows = {}
        self.setRowCount(len(columns))
        for row, column in enumerate(columns):
            name = QTableWidgetItem(column or _("(no name)"))
            name.setToolTip(_("Column “{column}” of your file").format(column=column))
            self.setItem(row, COL_HEADER, name)
            example = QTableWidgetItem(samples.get(column, ""))
            example.setToolTip(samples.get(column, ""))
            self.setItem(row, COL_SAMPLES, example)
            combo = QComboBox(self)
            combo.setAccessibleName(_("Import column {column} into").format(column=column))
            combo.setToolTip(
                _("The PlanDocket field for the column “{column}”").format(column=column)
            )
            combo.addItem(_(DONT_IMPORT), "")
            for label, key in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(column) or "")))
            combo.setProperty("column", column)
            combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
            self.setCellWidget(row, COL_FIELD, combo)
            self._combos[column] = combo
            self._rows.setdefault(column, row)
            self.setItem(row, COL_CONFIDENCE, QTableWidgetItem())
        self.resizeColumnToContents(COL_HEADER)
        limit = self.fontMetrics().averageCharWidth() * 30
        self.setColumnWidth(COL_HEADER, min(self.columnWidth(COL_HEADER) + 16, limit))
        self.setColumnWidth(COL_FIELD, self.fontMetrics().averageCharWidth() * 34)

    def choose(self, column: str, key: str | None) -> None:
        """Pick ``key`` in the column's chooser as the user would (``field_chosen`` follows)."""
        combo = self._combos[column]
        combo.setCurrentIndex(max(0, combo.findData(key or "")))

    def show_field(self, column: str, key: str | None) -> None:
        """Show ``key`` in the column's chooser without emitting ``field_chosen``."""
        combo = self._combos.get(column)
        if combo is None:
            return
        combo.blockSignals(True)
        combo.setCurrentIndex(max(0, combo.findData(key or "")))
        combo.blockSignals(False)

    def show_confidence(self, column: str, word: str, colour: QColor | None, reason: str) -> None:
        row = self._rows.get(column)
        item = self.item(row, COL_CONFIDENCE) if row is not None else None
        if item is None:
            return
        item.setText(word)
        item.setIcon(dot_icon(colour))
        item.setToolTip(reason)

    @Slot(int)
    def _on_combo_current_index_changed(self, _index: int) -> None:
        combo = self.sender()
        if isinstance(combo, QComboBox):
            self.field_chosen.emit(str(combo.property("column")), combo.currentData() or None)
