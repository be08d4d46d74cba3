"""Light and dark: the colours of our own (tints, the practice badge) stay readable in both.

Problem cells and outcomes are tinted with translucent colours over the palette's base; the
practice badge keeps its own pair. Each must keep the text readable (WCAG contrast 4.5:1) on
Qt's light Fusion palette and on a dark palette as Windows, macOS and GNOME give it.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyleFactory

from plandocket_desktop.ui import style
from plandocket_desktop.ui.models import _rows as rows

DARK = {
    QPalette.ColorRole.Window: (45, 45, 48),
    QPalette.ColorRole.Base: (30, 30, 32),
    QPalette.ColorRole.AlternateBase: (55, 55, 60),
    QPalette.ColorRole.Text: (230, 230, 230),
}


def palette(theme: str) -> QPalette:
    fusion = QStyleFactory.create("Fusion")
    assert fusion is not None
    result = fusion.standardPalette()
    if theme == "dark":
        for role, rgb in DARK.items():
            result.setColor(role, QColor(*rgb))
    return result


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(tint: QColor, base: QColor) -> QColor:
    """The tint painted over the base, as the view paints a translucent background."""
    alpha = tint.alphaF()
    return QColor(
        *(
            round(alpha * t + (1 - alpha) * b)
            for t, b in zip(
                (tint.red(), tint.green(), tint.blue()),
                (base.red(), base.green(), base.blue()),
                strict=True,
            )
        )
    )


@pytest.mark.parametrize("theme", [pytest.param("light"), pytest.param("dark")])
@pytest.mark.parametrize(
    "tint",
    [
        pytest.param(rows.ERROR_TINT, id="error"),
        pytest.param(rows.WARNING_TINT, id="warning"),
        pytest.param(rows.DUPLICATE_TINT, id="duplicate"),
    ],
)
@pytest.mark.parametrize(
    "base_role",
    [pytest.param(QPalette.ColorRole.Base), pytest.param(QPalette.ColorRole.AlternateBase)],
)
def test_tinted_cells_keep_their_text_readable(qapp, theme, tint, base_role):
    colours = palette(theme)
    cell = over(tint, colours.color(base_role))
    assert cell != colours.color(base_role)  # the tint shows
    assert contrast(cell, colours.color(QPalette.ColorRole.Text)) >= 4.5


@pytest.mark.parametrize("theme", [pytest.param("light"), pytest.param("dark")])
def test_the_practice_badge_reads_and_stands_out_on_either_window(qapp, theme):
    badge, text = QColor(*style.PRACTICE_BACKGROUND), QColor(*style.PRACTICE_TEXT)
    assert contrast(badge, text) >= 4.5
    window = palette(theme).color(QPalette.ColorRole.Window)
    assert contrast(badge, window) >= 1.5  # the pill is seen as a pill on the header


def test_the_problem_icons_are_vector_or_have_every_size(qapp):
    """Crisp at 200 %: the icon gives a pixmap of twice the size, not a scaled-up small one."""
    icon = rows.problem_icon(error=True)
    small = icon.pixmap(16, 16)
    large = icon.pixmap(32, 32)
    assert not small.isNull()
    assert large.width() == 2 * small.width()
