"""Shared look of the wizard: spacing, message bars, hints, busy indicators, the icon.

Imported when the window opens, so it does no work at import time and imports only what the
Connect page shows: things used later (the practice badge's painter, the message bar's
standard icons) are looked up when first used. The Connect page is built without the ``Qt``
namespace (PySide sets up its ~90 enums in about 10 ms on first use): see ``fixed_hint``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from plandocket_desktop.ui import accessibility

SPACING = 14  # between groups of controls on a page
MARGINS = (8, 6, 8, 6)

# The practice badge keeps its own text/background pair, so it reads the same in light and
# dark palettes (amber is the usual "training" colour). (red, green, blue)
PRACTICE_BACKGROUND = (245, 179, 1)
PRACTICE_TEXT = (33, 33, 33)

# Characters that can make Qt read a label's text as rich text (see Qt::mightBeRichText).
MARKUP = ("<", "&")

ICON_FILE = Path(__file__).resolve().parent.parent / "resources" / "icon.svg"


def app_logo(size: int = 40, device_pixel_ratio: float = 1.0) -> QPixmap:
    """The icon as the header logo of the wizard."""
    pixels = int(size * device_pixel_ratio)
    pixmap = app_icon().pixmap(pixels, pixels)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


@functools.cache
def app_icon() -> QIcon:
    """The application icon (an SVG, sharp at every DPI; one QIcon, shared)."""
    return QIcon(str(ICON_FILE))


def page_layout(page: QWidget) -> QVBoxLayout:
    """The vertical layout every page of ours uses."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(*MARGINS)
    layout.setSpacing(SPACING)
    return layout


def hint(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A wrapped explanatory sentence in the palette's secondary text colour."""
    from PySide6.QtCore import Qt

    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def fixed_hint(text: str, parent: QWidget | None = None) -> QLabel:
    """``hint`` for a sentence that never changes.

    Without markup characters Qt reads the text as plain anyway, and a fixed wrapped label gets
    its exact height, so neither the text format nor the alignment needs setting: that keeps
    the ``Qt`` namespace, and its set-up time, out of the window's first paint.
    """
    if not text or any(mark in text for mark in MARKUP):
        return hint(text, parent)
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def with_hint(field: QWidget | QLayout, text: str, parent: QWidget | None = None) -> QVBoxLayout:
    """A field with its (fixed) explanation right below it, as one form cell."""
    column = QVBoxLayout()
    column.setSpacing(4)
    if isinstance(field, QLayout):
        column.addLayout(field)
    else:
        column.addWidget(field)
    column.addWidget(fixed_hint(text, parent))
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


# A message's kind -> its QStyle.StandardPixmap (by name: QStyle is imported when one is shown)
MESSAGE_ICONS = {
    "info": "SP_MessageBoxInformation",
    "success": "SP_DialogApplyButton",
    "warning": "SP_MessageBoxWarning",
    "error": "SP_MessageBoxCritical",
}


class MessageBar(QFrame):
    """A framed sentence with an icon: info, success, warning or error. Hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(10)
        self._icon = QLabel(self)
        self._text = accessibility.StatusLabel(self)  # every message is announced
        self._text.setWordWrap(True)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        self.kind = ""
        self._prepared = False
        self.hide()

    def _prepare(self) -> None:
        """Settings that need Qt enums, made before the first message (not at page build)."""
        from PySide6.QtCore import Qt

        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._prepared = True

    def show_message(self, kind: str, text: str) -> None:
        from PySide6.QtWidgets import QStyle

        if not self._prepared:
            self._prepare()
        self.kind = kind
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(getattr(QStyle.StandardPixmap, MESSAGE_ICONS[kind]))
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
        self._label = accessibility.StatusLabel(text, self)  # "Reading the file…" is announced
        self._bar.setAccessibleName(text)
        layout.addWidget(self._bar)
        layout.addWidget(self._label, 1)
        self.hide()

    def start(self, text: str | None = None) -> None:
        if text is not None:
            self._label.setText(text)
            self._bar.setAccessibleName(text)
        self.show()

    def stop(self) -> None:
        self.hide()


def practice_badge(device_pixel_ratio: float = 1.0) -> QPixmap:
    """The "Practice mode" pill shown in the header of every page."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFontMetricsF, QPainter

    from plandocket_desktop.i18n import _

    text = _("PRACTICE MODE")
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
    painter.setBrush(QColor(*PRACTICE_BACKGROUND))
    rect = QRectF(0, 0, width, height)
    painter.drawRoundedRect(rect, height / 2, height / 2)
    painter.setPen(QColor(*PRACTICE_TEXT))
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
        palette.setColor(QPalette.ColorRole.Window, QColor(*PRACTICE_BACKGROUND))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(*PRACTICE_TEXT))
        self.setPalette(palette)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        from plandocket_desktop.i18n import _

        label = QLabel(
            _(
                "Practice mode: you are working with sample data on this computer. "
                "Nothing here changes your real PlanDocket."
            ),
            self,
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.hide()
