"""The app's settings file and the window geometry kept in it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from plandocket_desktop.core import paths

SETTINGS_FILE = "desktop.ini"
GEOMETRY_KEY = "window/geometry"
DEFAULT_SIZE = (980, 720)


def open_settings() -> QSettings:
    """The app's settings, in an INI file in the config folder (PLANDOCKET_HOME for tests)."""
    return QSettings(str(paths.config_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def restore_geometry(window: QWidget, settings: QSettings) -> None:
    """Put the window where it was last closed, or give it the default size."""
    geometry = settings.value(GEOMETRY_KEY)
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)


def save_geometry(window: QWidget, settings: QSettings) -> None:
    """Remember where the window is, and write the settings out now."""
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.sync()
