"""Page set-up the Review, Import and Results pages share: who they are, headline, filter, table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTableView, QWizardPage

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import accessibility, models, style

FilterT = TypeVar("FilterT", bound=StrEnum)


def name_page(page: QWizardPage, name: str, title: str, subtitle: str) -> None:
    """Call first thing after ``QWizardPage.__init__``: the PySide6 guard, then name and titles."""
    models.guard_none_refcount()  # see there: PySide6 6.12.0 on Python 3.11
    page.setObjectName(name)
    page.setTitle(title)
    page.setSubTitle(subtitle)


def headline(page: QWizardPage, name: str) -> QLabel:
    """The page's big, wrapping first line."""
    label = accessibility.StatusLabel(page)  # a new headline is announced
    label.setObjectName(name)
    label.setWordWrap(True)
    style.bigger(label)
    return label


def filter_combo(
    page: QWizardPage,
    name: str,
    labels: Mapping[FilterT, str],
    on_changed: Callable[[int], None],
) -> tuple[QComboBox, QLabel]:
    """A "Show:" choice of ``labels`` (messages marked with ``N_``, translated here; the enum's
    value as item data) and its label."""
    combo = QComboBox(page)
    combo.setObjectName(name)
    for which, text in labels.items():
        combo.addItem(_(text), which.value)
    combo.currentIndexChanged.connect(on_changed)
    combo.setAccessibleName(_("Show"))
    label = QLabel(_("&Show:"), page)
    label.setBuddy(combo)
    return combo, label


def row_table(page: QWizardPage, name: str) -> QTableView:
    """A table of rows: striped, columns 140 px wide, fixed row heights (no resize to contents,
    so a million rows open at once)."""
    view = QTableView(page)
    view.setObjectName(name)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table (no trap); the arrows move inside
    vertical = view.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setDefaultSectionSize(140)
    return view
