"""Where the app keeps its files: profiles (config), journal and history (data)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from plandocket_desktop import APP_ID

# Tests and portable installs point everything at one folder with this variable.
HOME_ENV = "PLANDOCKET_HOME"


def config_dir() -> Path:
    """Mapping profiles and other settings the user makes."""
    base = os.environ.get(HOME_ENV)
    path = Path(base, "config") if base else Path(platformdirs.user_config_dir(APP_ID, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """The import journal, the history and saved reports."""
    base = os.environ.get(HOME_ENV)
    path = Path(base, "data") if base else Path(platformdirs.user_data_dir(APP_ID, False))
    path.mkdir(parents=True, exist_ok=True)
    return path
