"""packaging/linux/install.sh: per-user install into a temporary HOME, smoke test, uninstall.

Uses the built bundle when ``PLANDOCKET_BUNDLE`` points at it (CI, after packaging/build.py);
otherwise a folder laid out like the bundle whose executables start this venv's app.
"""

import configparser
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = "plandocket-desktop"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux installer")


def venv_bundle(folder: Path) -> Path:
    """The bundle's layout (install.sh, share/, two executables) around this venv's app."""
    folder.mkdir()
    shutil.copy2(ROOT / "packaging" / "linux" / "install.sh", folder / "install.sh")
    (folder / "share").mkdir()
    shutil.copy2(ROOT / "resources" / "linux" / f"{NAME}.desktop", folder / "share")
    shutil.copy2(ROOT / "resources" / "icons" / f"{NAME}.png", folder / "share")
    for command, module in (
        (NAME, "plandocket_desktop.ui.app"),
        ("plandocket-import", "plandocket_desktop.cli"),
    ):
        script = folder / command
        script.write_text(
            f"#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)}"
            f' -c "import sys, {module} as m; sys.exit(m.main(sys.argv[1:]))" "$@"\n'
        )
        script.chmod(0o755)
    return folder


@pytest.fixture
def bundle(tmp_path):
    given = os.environ.get("PLANDOCKET_BUNDLE")
    return Path(given).resolve() if given else venv_bundle(tmp_path / "unpacked")


@pytest.fixture
def user_env(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.pop("PLANDOCKET_HOME", None)  # the user's real folders, inside the temporary HOME
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    if not os.environ.get("PLANDOCKET_BUNDLE"):
        env["PYTHON_KEYRING_BACKEND"] = "tests.keyrings.MemoryKeyring"
    return env


def sh(args, env, cwd=None):
    return subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=100, check=False
    )


@pytest.mark.slow
@pytest.mark.timeout(115)
def test_install_validate_smoke_test_and_uninstall(bundle, user_env):
    home = Path(user_env["HOME"])
    done = sh(["sh", str(bundle / "install.sh")], user_env)
    assert done.returncode == 0, done.stderr

    target = home / ".local" / "opt" / NAME
    entry = home / ".local" / "share" / "applications" / f"{NAME}.desktop"
    icon = home / ".local" / "share" / "icons" / "hicolor" / "512x512" / "apps" / f"{NAME}.png"
    assert (target / NAME).is_file()
    assert icon.read_bytes().startswith(b"\x89PNG")
    assert os.readlink(home / ".local" / "bin" / "plandocket-import") == str(
        target / "plandocket-import"
    )

    validator = shutil.which("desktop-file-validate")
    if validator:  # CI installs desktop-file-utils
        checked = sh([validator, str(entry)], user_env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read(entry, encoding="utf-8")
    section = parsed["Desktop Entry"]
    types = set(section["MimeType"].strip(";").split(";"))
    assert {"text/csv", "application/vnd.oasis.opendocument.spreadsheet"} <= types
    assert "application/vnd.ms-excel" in types
    command = shlex.split(section["Exec"])
    assert command[0] == str(target / NAME)
    assert command[-1] == "%f"

    smoke = sh([*command[:-1], "--smoke-test"], user_env)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    report = json.loads(smoke.stdout.strip().splitlines()[-1])
    assert report["ok"] is True
    assert report["rows_imported"] == 12

    profiles = home / ".config" / NAME / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    (profiles / "Messe.json").write_text("{}")
    done = sh(["sh", str(target / "install.sh"), "--uninstall"], user_env)
    assert done.returncode == 0, done.stderr
    assert not target.exists()
    assert not entry.exists()
    assert not icon.exists()
    assert not (home / ".local" / "bin" / NAME).exists()
    assert (profiles / "Messe.json").is_file()  # the user's profiles stay
    assert "kept" in done.stdout


def test_uninstall_with_purge_removes_the_users_files_too(bundle, user_env):
    home = Path(user_env["HOME"])
    assert sh(["sh", str(bundle / "install.sh")], user_env).returncode == 0
    profiles = home / ".config" / NAME / "profiles"
    profiles.mkdir(parents=True)
    history = home / ".local" / "share" / NAME / "history.jsonl"
    history.parent.mkdir(parents=True, exist_ok=True)
    history.write_text("{}\n")

    done = sh(["sh", str(bundle / "install.sh"), "--uninstall", "--purge"], user_env)

    assert done.returncode == 0, done.stderr
    assert not profiles.exists()
    assert not history.exists()
    assert not (home / ".local" / "opt" / NAME).exists()


def test_install_honours_xdg_data_home(bundle, user_env, tmp_path):
    user_env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    assert sh(["sh", str(bundle / "install.sh")], user_env).returncode == 0
    assert (tmp_path / "xdg" / NAME / NAME).is_file()
    assert (tmp_path / "xdg" / "applications" / f"{NAME}.desktop").is_file()
