"""Questions of the Review, Import and Results pages, in one place so tests can replace them.

They build on ``ui.dialogs`` (the wizard's shared questions) and add the few those pages need.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui import dialogs

# Qt's filter syntax: the words are translated, the patterns in brackets stay.
REPORT_FILTER = N_("CSV file, opens in Excel (*.csv);;Excel workbook (*.xlsx)")


def confirm_cancel_import(parent: QWidget | None) -> bool:
    return dialogs.ask_yes_no(
        parent,
        _("Stop the import?"),
        _(
            "Stop the import? The batch being sent now is finished first; the rows not sent "
            "yet can be sent later with “Retry failed rows”."
        ),
    )


def confirm_close_during_import(parent: QWidget | None) -> bool:
    return dialogs.ask_yes_no(
        parent,
        _("An import is running"),
        _(
            "An import is still running. Close anyway? The batch being sent now is finished "
            "first. Next time you start the importer it offers to carry on where it stopped, "
            "without sending anything twice."
        ),
    )


def confirm_resume(parent: QWidget | None, text: str) -> bool:
    return dialogs.ask_yes_no(
        parent, _("Carry on with an interrupted import?"), text, default_yes=True
    )


def choose_report_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to save the error report (.csv or .xlsx), or None when the user cancelled."""
    path, chosen_filter = QFileDialog.getSaveFileName(
        parent, _("Save error report"), str(suggested), _(REPORT_FILTER)
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".csv", ".xlsx"):
        target = target.with_suffix(".xlsx" if "xlsx" in chosen_filter else ".csv")
    return target


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    dialogs.show_error(parent, title, text)
