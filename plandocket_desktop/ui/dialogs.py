"""Every question and notice the wizard pops up, in one place so tests can replace them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from plandocket_desktop.i18n import N_, _

# The file dialog's filters: (name, patterns). The name is translated where shown; the
# patterns are not words.
FILE_FILTERS = (
    (N_("Spreadsheets"), "*.csv *.tsv *.txt *.xlsx *.xlsm *.xls *.ods"),
    (N_("Excel workbooks"), "*.xlsx *.xlsm *.xls"),
    (N_("Text files"), "*.csv *.tsv *.txt"),
    (N_("LibreOffice spreadsheets"), "*.ods"),
    (N_("All files"), "*"),
)


def file_filter() -> str:
    """The filters as ``QFileDialog`` takes them, their names in the chosen language."""
    return ";;".join(f"{_(name)} ({patterns})" for name, patterns in FILE_FILTERS)


def ask_yes_no(parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
    """A yes/no question; True when the user chose Yes."""
    yes = QMessageBox.StandardButton.Yes
    no = QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, yes | no, yes if default_yes else no)
    return answer == yes


def confirm_undo(parent: QWidget | None, question: str) -> bool:
    """The undo's question (it names the numbers and the time); No is the default."""
    return ask_yes_no(parent, _("Undo this import"), question)


def confirm_preview_cost(parent: QWidget | None, cost: str) -> bool:
    """Before a check that would use over a quarter of the hourly requests left; No is the
    default. ``cost`` is the core's sentence with the numbers."""
    return ask_yes_no(
        parent,
        _("Check against PlanDocket"),
        _(
            "{cost} That is more than a quarter of what is left this hour, and an import needs "
            "requests too. Check anyway?"
        ).format(cost=cost),
    )


def confirm_delete_profile(parent: QWidget | None, name: str) -> bool:
    return ask_yes_no(
        parent,
        _("Delete profile"),
        _("Delete the saved profile “{name}”? Your files and PlanDocket are not affected.").format(
            name=name
        ),
    )


def ask_overwrite_profile(parent: QWidget | None, name: str) -> bool:
    return ask_yes_no(
        parent,
        _("Replace profile"),
        _("A profile called “{name}” exists already. Replace it?").format(name=name),
    )


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A single line of text, stripped; None when the user cancelled or left it empty."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    value = value.strip()
    return value if ok and value else None


def choose_file(parent: QWidget | None, directory: str = "") -> str | None:
    """The spreadsheet the user picked, or None."""
    path, _chosen_filter = QFileDialog.getOpenFileName(
        parent, _("Choose a spreadsheet"), directory, file_filter()
    )
    return path or None


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def show_crash(parent: QWidget | None, log_path: str) -> None:
    """The plain crash notice of the global exception hook."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Something went wrong"))
    box.setText(_("Sorry — something went wrong inside the importer."))
    box.setInformativeText(
        _(
            "You can usually carry on. If it happens again, please send this file "
            "to your IT contact:\n{path}"
        ).format(path=log_path)
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
