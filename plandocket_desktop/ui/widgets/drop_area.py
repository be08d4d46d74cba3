"""The File page's drop area: a large target for a dragged spreadsheet, with a browse button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import style


def local_file(mime: QMimeData) -> Path | None:
    """The first local file in dragged data, or None."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            return Path(url.toLocalFile())
    return None


class DropArea(QFrame):
    """A large target for a dragged file, with a "Choose a file…" button inside.

    Signals: file_dropped(str) — the path of a dropped local file.
    """

    file_dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropArea")
        self.setAcceptDrops(True)
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip(_("Drag a spreadsheet from your desktop or a folder and drop it here"))
        self._hovering = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_LargeIconSize) * 3 // 2
        pixmap = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(size, size)
        icon.setPixmap(pixmap)
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(_("Drop your spreadsheet here"), self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        style.bigger(self.title, 1.3)
        subtitle = style.hint(
            _("Excel, LibreOffice or CSV files (.xlsx .xls .ods .csv .txt)"), self
        )
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.browse_button = QPushButton(_("Choose a &file…"), self)
        self.browse_button.setObjectName("browseButton")
        self.browse_button.setToolTip(_("Open a spreadsheet from your computer"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.browse_button)
        row.addStretch(1)
        layout.addStretch(1)
        layout.addWidget(icon)
        layout.addWidget(self.title)
        layout.addWidget(subtitle)
        layout.addLayout(row)
        layout.addStretch(1)

    @override
    def sizeHint(self) -> QSize:
        return QSize(420, 200)

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_file(event.mimeData()) is not None:
            event.acceptProposedAction()
            self._set_hovering(True)
        else:
            event.ignore()

    @override
    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_hovering(False)
        super().dragLeaveEvent(event)

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hovering(False)
        path = local_file(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.file_dropped.emit(str(path))

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        role = QPalette.ColorRole.Highlight if self._hovering else QPalette.ColorRole.Mid
        pen = QPen(palette.color(role), 2.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        background = palette.color(
            QPalette.ColorRole.AlternateBase if self._hovering else QPalette.ColorRole.Base
        )
        painter.setBrush(background)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.drawRoundedRect(rect, 12, 12)
        painter.end()

    def _set_hovering(self, hovering: bool) -> None:
        self._hovering = hovering
        self.update()
