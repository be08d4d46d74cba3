"""Shared look of the wizard: spacing, message bars, hints, busy indicators, the icon."""

from __future__ import annotations

from importlib import resources
from typing import ClassVar

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

SPACING = 14  # between groups of controls on a page
MARGINS = (8, 6, 8, 6)

# The practice badge keeps its own text/background pair, so it reads the same in light and
# dark palettes (amber is the usual "training" colour).
PRACTICE_BACKGROUND = QColor(245, 179, 1)
PRACTICE_TEXT = QColor(33, 33, 33)


def app_logo(size: int = 40, device_pixel_ratio: float = 1.0) -> QPixmap:
    """The icon as the header logo of the wizard."""
    pixels = int(size * device_pixel_ratio)
    pixmap = app_icon().pixmap(pixels, pixels)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def app_icon() -> QIcon:
    """The application icon (an SVG, sharp at every DPI)."""
    path = resources.files("plandocket_desktop").joinpath("resources", "icon.svg")
    return QIcon(str(path))


def page_layout(page: QWidget) -> QVBoxLayout:
    """The vertical layout every page of ours uses."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(*MARGINS)
    layout.setSpacing(SPACING)
    return layout


def hint(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A wrapped explanatory sentence in the palette's secondary text colour."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def with_hint(field: QWidget | QLayout, text: str, parent: QWidget | None = None) -> QVBoxLayout:
    """A field with its explanation right below it, as one form cell."""
    column = QVBoxLayout()
    column.setSpacing(4)
    if isinstance(field, QLayout):
        column.addLayout(field)
    else:
        column.addWidget(field)
    column.addWidget(hint(text, parent))
    return column


class Card(QFrame):
    """A softly framed group on the page, in the palette's alternate background."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 14)
        self.layout_.setSpacing(8)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    """A bold label that starts a group of controls."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def bigger(widget: QWidget, factor: float = 1.15) -> None:
    """Scale the widget's font (relative, so system font sizes and DPI still apply)."""
    font = QFont(widget.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    widget.setFont(font)


class MessageBar(QFrame):
    """A framed sentence with an icon: info, success, warning or error. Hidden when empty."""

    ICONS: ClassVar[dict[str, QStyle.StandardPixmap]] = {
        "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
        "success": QStyle.StandardPixmap.SP_DialogApplyButton,
        "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
        "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(10)
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        self.kind = ""
        self.hide()

    def show_message(self, kind: str, text: str) -> None:
        self.kind = kind
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(self.ICONS[kind])
        self._icon.setPixmap(icon.pixmap(size, size))
        self._text.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def clear(self) -> None:
        self.kind = ""
        self._text.clear()
        self.hide()

    def text(self) -> str:
        return self._text.text()


class BusyIndicator(QWidget):
    """A moving bar with a sentence, e.g. "Reading the file…". Hidden when idle."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._bar = QProgressBar(self)
        self._bar.setRange(0, 0)
        self._bar.setTextVisible(False)
        self._bar.setMaximumWidth(140)
        self._bar.setMaximumHeight(12)
        self._label = QLabel(text, self)
        layout.addWidget(self._bar)
        layout.addWidget(self._label, 1)
        self.hide()

    def start(self, text: str | None = None) -> None:
        if text is not None:
            self._label.setText(text)
        self.show()

    def stop(self) -> None:
        self.hide()


def practice_badge(device_pixel_ratio: float = 1.0) -> QPixmap:
    """The "Practice mode" pill shown in the header of every page."""
    text = "PRACTICE MODE"
    font = QFont()
    font.setBold(True)
    font.setPointSizeF(max(font.pointSizeF(), 9.0))

    metrics = QFontMetricsF(font)
    width = metrics.horizontalAdvance(text) + 28
    height = metrics.height() + 12
    pixmap = QPixmap(int(width * device_pixel_ratio), int(height * device_pixel_ratio))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PRACTICE_BACKGROUND)
    rect = QRectF(0, 0, width, height)
    painter.drawRoundedRect(rect, height / 2, height / 2)
    painter.setPen(PRACTICE_TEXT)
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


class PracticeBanner(QFrame):
    """A strip saying practice mode is on (used on the Connect page, where it matters most)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, PRACTICE_BACKGROUND)
        palette.setColor(QPalette.ColorRole.WindowText, PRACTICE_TEXT)
        self.setPalette(palette)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        label = QLabel(
            "Practice mode: you are working with sample data on this computer. "
            "Nothing here changes your real PlanDocket.",
            self,
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.hide()
