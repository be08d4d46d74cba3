"""Missing Qt system libraries or no display: one plain paragraph instead of Qt's abort."""

import subprocess
import sys

import pytest

from plandocket_desktop.ui import platform_check

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def test_missing_xcb_libraries_name_the_packages_per_distribution(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")

    def refuse(path, mode=0):
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file")

    monkeypatch.setattr(platform_check.ctypes, "CDLL", refuse)
    monkeypatch.setattr(
        platform_check, "_ldd_not_found", lambda _p: ["libxcb-icccm", "libxcb-keysyms"]
    )

    text = platform_check.problem()

    assert text is not None
    assert "libxcb-cursor, libxcb-icccm, libxcb-keysyms" in text
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1." in text
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms." in text
    assert "\n" not in text  # one paragraph


def test_the_installed_xcb_plugin_has_all_its_libraries():
    # The real xcb plugin on this machine loads: nothing is missing.
    plugin = platform_check.plugin_file("xcb")
    assert plugin is not None
    assert plugin.is_file()
    assert platform_check.missing_libraries(plugin) == []


def test_no_display_is_explained_and_the_app_exits_1():
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "xcb", "PLANDOCKET_HOME": "/tmp/pd-none"}
    done = subprocess.run(
        [sys.executable, "-c", "import sys, plandocket_desktop.ui.app as a; sys.exit(a.main([]))"],
        capture_output=True, text=True, timeout=60, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "cannot open its window: this session has no display" in done.stderr
    assert "qt.qpa" not in done.stderr
    assert "Traceback" not in done.stderr
