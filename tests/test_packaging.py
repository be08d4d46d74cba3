"""The desktop entry installs for the current user and points at the installed command."""

import configparser
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_desktop_entry_script_installs_entry_and_icon(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    script = ROOT / "packaging" / "install-linux-desktop-entry.sh"
    subprocess.run(["sh", str(script)], env=env, check=True, capture_output=True)

    entry = tmp_path / "applications" / "plandocket-desktop.desktop"
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "plandocket-desktop.svg"
    assert icon.read_text(encoding="utf-8").lstrip().startswith("<")
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read(entry, encoding="utf-8")
    section = parsed["Desktop Entry"]
    assert section["Exec"].split()[0] == "plandocket-desktop"
    assert section["Icon"] == "plandocket-desktop"
    assert "text/csv" in section["MimeType"].split(";")
