"""Can Qt open a window here? Asked before QApplication exists, whose failure is an abort.

Qt ends the process with its own text ("could not load the Qt platform plugin "xcb" …") when
the display is missing or the xcb plugin's system libraries are not installed, which a
person cannot act on. ``problem()`` finds both first and says, in one plain paragraph, what
to install (package names per distribution; the README lists them too).
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from pathlib import Path

from plandocket_desktop.i18n import _

# The xcb plugin's system libraries (soname prefix) -> (Debian/Ubuntu, Fedora) package.
XCB_PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape": ("libxcb-shape0", "libxcb"),
    "libxcb-xinerama": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xkb": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon-x11": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon": ("libxkbcommon0", "libxkbcommon"),
    "libEGL": ("libegl1", "libglvnd-egl"),
    "libGL": ("libgl1", "libglvnd-glx"),
    "libfontconfig": ("libfontconfig1", "fontconfig"),
    "libdbus-1": ("libdbus-1-3", "dbus-libs"),
    "libX11-xcb": ("libx11-xcb1", "libX11-xcb"),
}
ALL_DEBIAN = sorted({d for d, _f in XCB_PACKAGES.values()})
ALL_FEDORA = sorted({f for _d, f in XCB_PACKAGES.values()})

_MISSING_LIB = re.compile(r"(lib[\w.+-]+?)\.so[\w.]*: cannot open shared object file")


def platform_name() -> str:
    """The Qt platform this process would use on Linux ("xcb", "wayland", "offscreen" …)."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if os.environ.get("WAYLAND_DISPLAY") and os.environ.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def plugin_file(name: str) -> Path | None:
    """The platform plugin's library, or None when Qt has no such plugin here."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = sorted(folder.glob(f"*q{name}.*")) if folder.is_dir() else []
    return found[0] if found else None


def missing_libraries(plugin: Path) -> list[str]:
    """The system libraries the plugin needs and cannot find (empty: it loads)."""
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
    except OSError as exc:
        # dlopen names only the first missing library; ldd lists them all.
        missing = _ldd_not_found(plugin)
        match = _MISSING_LIB.search(str(exc))
        if match is not None and match.group(1) not in missing:
            missing.insert(0, match.group(1))
        return missing or [str(exc)]
    return []


def _ldd_not_found(library: Path) -> list[str]:
    """The libraries ``ldd`` reports as "not found" (sonames without ``.so…``)."""
    import shutil
    import subprocess

    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run(
            [ldd, str(library)], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    names = [
        line.split("=>")[0].strip().split(".so")[0]
        for line in out.splitlines()
        if "not found" in line
    ]
    return list(dict.fromkeys(names))


def packages_for(libraries: list[str]) -> tuple[list[str], list[str]]:
    """(Debian/Ubuntu, Fedora) packages that hold these libraries; all known ones if unsure."""
    debian: list[str] = []
    fedora: list[str] = []
    for lib in libraries:
        pair = XCB_PACKAGES.get(lib)
        if pair is None:
            return ALL_DEBIAN, ALL_FEDORA
        if pair[0] not in debian:
            debian.append(pair[0])
        if pair[1] not in fedora:
            fedora.append(pair[1])
    return debian, fedora


def problem() -> str | None:
    """A paragraph for the person when Qt would abort opening the window, else None."""
    if not sys.platform.startswith("linux"):
        return None
    name = platform_name()
    if name == "xcb" and not os.environ.get("DISPLAY"):
        if os.environ.get("WAYLAND_DISPLAY"):
            return None  # Qt falls back to Wayland itself
        return _(
            "PlanDocket Desktop Importer cannot open its window: this session has no display "
            "(the DISPLAY variable is not set). Start it from the desktop, not from a remote "
            "terminal; for a check without a window, use: plandocket-desktop --smoke-test."
        )
    if name != "xcb":
        return None
    plugin = plugin_file("xcb")
    if plugin is None:
        return None  # a Qt built without xcb: let it choose and explain itself
    missing = missing_libraries(plugin)
    if not missing:
        return None
    debian, fedora = packages_for(missing)
    return _(
        "PlanDocket Desktop Importer cannot open its window: this computer lacks system "
        "libraries that Qt needs to draw windows on Linux ({libraries}). Ask your IT "
        "department to install them, or install them yourself. On Debian or Ubuntu: "
        "sudo apt install {debian}. On Fedora: sudo dnf install {fedora}. The README lists "
        "the packages for other distributions."
    ).format(libraries=", ".join(missing), debian=" ".join(debian), fedora=" ".join(fedora))
