"""UI fixtures: isolated settings, pages wired to the real sandbox (the keyring: tests/conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.keyrings import MemoryKeyring


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "desktop.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def credentials(memory_keyring: MemoryKeyring):
    from plandocket_desktop.core.api import _credentials as credentials

    return credentials.CredentialStore(memory_keyring)


@pytest.fixture
def state():
    from plandocket_desktop.ui.state import WizardState

    return WizardState()


def drop_file(widget, path: Path) -> bool:
    """Drag a local file onto ``widget`` and drop it, with real Qt drag-and-drop events.

    Returns whether the drag was accepted on entering.
    """
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    # QDragEnterEvent takes a QPoint in Qt 6 (QDropEvent a QPointF).
    enter = QDragEnterEvent(
        widget.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(widget.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


@pytest.fixture
def make_wizard(qtbot, settings, credentials, tmp_path):
    """ImportWizard factories with isolated settings, keyring, profiles and practice database."""
    from plandocket_desktop.core.mapping import _profiles as profiles
    from plandocket_desktop.ui.wizard import ImportWizard

    wizards = []

    def make(**kwargs):
        kwargs.setdefault("settings", settings)
        kwargs.setdefault("credentials", credentials)
        kwargs.setdefault("profiles", profiles.ProfileStore(tmp_path / "profiles"))
        kwargs.setdefault("practice_db", tmp_path / "practice.sqlite3")
        wizard = ImportWizard(**kwargs)
        qtbot.addWidget(wizard)
        wizard.restart()  # what show() does, without a window on the offscreen platform
        wizards.append(wizard)
        return wizard

    yield make
    for wizard in wizards:
        wizard.done(0)


@pytest.fixture
def practice_wizard(qtbot, make_wizard):
    """A wizard in practice mode, on the File page."""
    from plandocket_desktop.ui.wizard import PageId

    wizard = make_wizard()
    wizard.start_practice()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.FILE, timeout=20000)
    return wizard
