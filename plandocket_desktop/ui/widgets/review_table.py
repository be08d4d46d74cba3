"""The Review page's table of rows and the line under it saying what is wrong with the current
row (tooltips need a mouse and a steady hand)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
    QWizardPage,
)

from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui import style
from plandocket_desktop.ui.pages import _widgets

if TYPE_CHECKING:
    from plandocket_desktop.ui import models

# Under the table while no row is selected.
ROW_HINT = N_("Click a row (or point at a coloured cell) to see here what is wrong with it.")


def rows_view(page: QWizardPage) -> QTableView:
    """The table of rows: cells edited in place; fixed row heights and no resize-to-contents,
    so a million rows open at once."""
    view = _widgets.row_table(page, "reviewTable")
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setAccessibleName(_("Rows of your file"))
    view.setAccessibleDescription(
        _(
            "F2 edits a cell, Space leaves the selected rows out or takes them back in, "
            "Delete leaves them out."
        )
    )
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def row_problems_label(page: QWidget) -> QLabel:
    label = style.hint(_(ROW_HINT), page)
    label.setObjectName("reviewRowProblemsLabel")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def row_problems_text(model: models.ReviewModel | None, current: QModelIndex) -> str:
    """What is wrong with the current row, in words (the hint when there is none)."""
    if model is None or not current.isValid():
        return _(ROW_HINT)
    row = current.row()
    number = model.headerData(row, Qt.Orientation.Vertical)
    problems = " · ".join(model.problems(model.source_row(row))) or _("Ready to send.")
    return _("Row {number}: {problems}").format(number=number, problems=problems)
