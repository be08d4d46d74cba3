"""Help > About: the version, and where the licence notices of the bundled parts are."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton, QWidget

from plandocket_desktop import APP_NAME, __version__
from plandocket_desktop.i18n import _

NOTICES = "THIRD-PARTY-NOTICES.txt"


def notices_path() -> Path | None:
    """The notices file packaging/build.py writes beside the executable, when frozen."""
    if not getattr(sys, "frozen", False):
        return None
    here = Path(sys.executable).resolve().parent
    for candidate in (here / NOTICES, here.parent / "Resources" / NOTICES):  # macOS: .app
        if candidate.is_file():
            return candidate
    return None


def text() -> str:
    """The About box's text (rich text)."""
    path = notices_path()
    if path is not None:
        where = _(
            "The licences of the parts this app is built with (Qt and PySide6 under the LGPL, "
            "among others) are in {path}."
        ).format(path=f"<a href='{path.as_uri()}'>{path}</a>")
    else:
        where = _(
            "Running from a Python installation: the licences of the parts this app uses are "
            "in their installed packages (pip show --files NAME)."
        )
    version = _("Version {version}").format(version=__version__)
    return f"<p><b>{APP_NAME}</b><br>{version}</p><p>{where}</p>"


def show(parent: QWidget | None) -> None:
    QMessageBox.about(parent, _("About {name}").format(name=APP_NAME), text())


def install_menu(button: QPushButton, parent: QWidget) -> QMenu:
    """A Help menu with About on ``button`` (the wizard's Help button)."""
    menu = QMenu(parent)
    menu.setObjectName("helpMenu")
    action = menu.addAction(_("&About {name}").format(name=APP_NAME))
    action.setObjectName("aboutAction")
    action.triggered.connect(lambda: show(parent))
    button.setText(_("&Help"))
    button.setMenu(menu)
    return menu
