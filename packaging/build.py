"""Build the double-click app for this machine, archive it and smoke-test the result.

    pip install -e ".[packaging]"
    python packaging/build.py

writes ``dist/plandocket-desktop/`` and ``dist/plandocket-desktop-<version>-<os>-<arch>.tar.gz``.

Steps: PyInstaller with ``packaging/plandocket-desktop.spec`` (one folder, two executables);
``THIRD-PARTY-NOTICES.txt`` written from the licence files of every bundled distribution;
on Linux the installer script, desktop entry and icon put beside the executables; the
archive (.zip on Windows); then ``plandocket-desktop --smoke-test`` run from the built folder.
Any failing step ends the build with exit code 1 and says which. Sizes are printed at the end.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "plandocket-desktop.spec"
NAME = "plandocket-desktop"
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
SMOKE_TIMEOUT = 180


class BuildError(Exception):
    """A build step failed; the text says which and why."""


def version() -> str:
    text = (ROOT / "plandocket_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise BuildError("no __version__ in plandocket_desktop/__init__.py")
    return match.group(1)


def os_arch() -> tuple[str, str]:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return system, arch


def run_pyinstaller(dist: Path, work: Path) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError('PyInstaller is missing: pip install -e ".[packaging]"') from None
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(SPEC),
    ]  # fmt: skip
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        raise BuildError("PyInstaller failed (its messages are above)")
    folder = dist / NAME
    if not folder.is_dir():
        raise BuildError(f"PyInstaller did not write {folder}")
    return folder


# --- licences ------------------------------------------------------------------------------


def bundled_distributions() -> list[md.Distribution]:
    """plandocket-desktop's run-time dependency closure (no extras), as installed here."""
    seen: dict[str, md.Distribution] = {}
    queue = [NAME]
    while queue:
        name = queue.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen[key] = dist
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            marker_ok = True
            if ";" in requirement:
                from packaging.markers import Marker

                marker_ok = Marker(requirement.split(";", 1)[1]).evaluate()
            if marker_ok:
                queue.append(re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0])
    seen.pop(NAME, None)
    seen.pop("pandas", None)  # declared for scripting only, excluded by the spec
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def licence_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [
        c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if "License ::" in c
    ]
    short = (meta.get("License") or "").strip()
    if short and len(short) < 80:
        return short
    return ", ".join(classifiers) or "see the licence text below"


def write_notices(folder: Path) -> Path:
    """THIRD-PARTY-NOTICES.txt: each bundled part, its licence, and the licence texts."""
    parts = [
        f"{'PlanDocket Desktop Importer'} {version()} — third-party notices",
        "",
        "This app is built with the parts below. Their licence texts follow the list.",
        "",
        "Qt and PySide6 are used under the GNU Lesser General Public License v3 (LGPL-3.0).",
        "The app is a one-folder build: the Qt and PySide6 libraries are separate files in the",
        "_internal folder (libQt6*.so / Qt6*.dll / Qt*.framework, PySide6, shiboken6), so you",
        "can replace them with your own builds of the same version. The sources of Qt are at",
        "https://download.qt.io/official_releases/qt/ and of PySide6 at",
        "https://download.qt.io/official_releases/QtForPython/.",
        "",
        f"Python {platform.python_version()} — PSF License (https://docs.python.org/3/license.html)",
    ]
    texts: list[str] = []
    for dist in bundled_distributions():
        name, ver = dist.metadata["Name"], dist.version
        parts.append(f"{name} {ver} — {licence_of(dist)}")
        for file in dist.files or []:
            if LICENCE_FILE.search(file.name) and "dist-info" in str(file.parent):
                try:
                    source = Path(dist.locate_file(file))
                    body = source.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                texts += ["", "=" * 78, f"{name} {ver}: {file.name}", "=" * 78, body.strip()]
    path = folder / "THIRD-PARTY-NOTICES.txt"
    path.write_text("\n".join(parts + texts) + "\n", encoding="utf-8")
    return path


# --- Linux extras, archive, smoke ------------------------------------------------------------


def add_linux_files(folder: Path) -> None:
    shutil.copy2(ROOT / "packaging" / "linux" / "install.sh", folder / "install.sh")
    (folder / "install.sh").chmod(0o755)
    share = folder / "share"
    share.mkdir(exist_ok=True)
    shutil.copy2(ROOT / "resources" / "linux" / f"{NAME}.desktop", share / f"{NAME}.desktop")
    shutil.copy2(ROOT / "resources" / "icons" / f"{NAME}.png", share / f"{NAME}.png")


def make_archive(folder: Path, target_os: str, arch: str) -> Path:
    stem = f"{NAME}-{version()}-{target_os}-{arch}"
    if target_os == "windows":
        path = folder.parent / f"{stem}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for file in sorted(folder.rglob("*")):
                archive.write(file, Path(NAME) / file.relative_to(folder))
    else:
        path = folder.parent / f"{stem}.tar.gz"
        with tarfile.open(path, "w:gz", compresslevel=6) as archive:
            archive.add(folder, arcname=NAME)
    return path


def executable(folder: Path, name: str = NAME) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return folder / f"{name}{suffix}"


def smoke_test(folder: Path) -> dict[str, object]:
    """Run the built app's smoke test; its JSON, or BuildError saying what failed."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the bundle must stand on its own
    out_file = folder.parent / "smoke-test.txt"  # a windowed .exe has no stdout on Windows
    out_file.unlink(missing_ok=True)
    env["PLANDOCKET_SMOKE_OUT"] = str(out_file)
    try:
        done = subprocess.run(
            [str(executable(folder)), "--smoke-test"],
            capture_output=True,
            text=True,
            timeout=SMOKE_TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BuildError(f"the smoke test took longer than {SMOKE_TIMEOUT} s") from None
    sys.stderr.write(done.stderr)
    output = done.stdout.strip() or (out_file.read_text("utf-8") if out_file.is_file() else "")
    last = (output.strip().splitlines() or ["{}"])[-1]
    try:
        report: dict[str, object] = json.loads(last)
    except json.JSONDecodeError:
        raise BuildError(f"the smoke test printed no JSON: {done.stdout!r}") from None
    print(json.dumps(report, indent=2))
    if done.returncode != 0 or not report.get("ok") or not report.get("frozen"):
        raise BuildError(f"the smoke test of the built app failed: {report.get('failed')}")
    return report


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def largest_parts(folder: Path, n: int = 12) -> list[tuple[int, str]]:
    inner = folder / "_internal"
    sizes: dict[str, int] = {}
    for file in inner.rglob("*"):
        if file.is_file() and not file.is_symlink():
            rel = file.relative_to(inner).parts
            key = "/".join(rel[:3] if rel[0] == "PySide6" else rel[:1])
            sizes[key] = sizes.get(key, 0) + file.stat().st_size
    return sorted(((s, k) for k, s in sizes.items()), reverse=True)[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument(
        "--skip-build", action="store_true", help="reuse dist/plandocket-desktop (test steps)"
    )
    args = parser.parse_args(argv)
    target_os, arch = os_arch()
    started = time.perf_counter()
    try:
        folder = args.dist / NAME if args.skip_build else run_pyinstaller(args.dist, args.work)
        notices = write_notices(folder)
        mac_app = args.dist / "PlanDocket Desktop Importer.app"
        if target_os == "macos" and mac_app.is_dir():  # Help > About points here in the .app
            shutil.copy2(notices, mac_app / "Contents" / "Resources" / notices.name)
        if target_os == "linux":
            add_linux_files(folder)
        archive = make_archive(folder, target_os, arch)
        report = smoke_test(folder)
    except BuildError as exc:
        print(f"build.py: FAILED: {exc}", file=sys.stderr)
        return 1
    mb = 1024 * 1024
    print(f"Folder:  {folder}  {folder_size(folder) / mb:.1f} MB")
    print(f"Archive: {archive}  {archive.stat().st_size / mb:.1f} MB")
    print("Largest parts of _internal:")
    for size, name in largest_parts(folder):
        print(f"  {size / mb:7.1f} MB  {name}")
    took = time.perf_counter() - started
    print(f"Smoke test: ok in {report.get('seconds')} s; build took {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
