"""Screenshots of every wizard page, from the real app under Xvfb, into docs/screenshots/.

Usage (from the repository root):

    .venv/bin/python scripts/screenshots.py [--out DIR] [--theme light|dark] [--scale F]

``--out DIR`` writes the PNGs there instead (to compare with the committed ones first).
``--theme dark`` shows the pages as on a system set to dark (Fusion with a dark palette and
the dark colour scheme; default folder docs/screenshots/dark). ``--scale 2`` renders them as
on a screen at 200 % (``QT_SCALE_FACTOR``; default folder: a temporary one), ``--size 1024x700``
at another window size (default folder: a temporary one).
Without a display it restarts itself under ``xvfb-run`` (Debian package ``xvfb``). It works
in a temporary app home (settings, profiles, journal) and runs practice mode, so nothing of
the user's is touched. It generates its own sample workbook.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1040, 760)

PEOPLE = [
    ("K-00123", "Anna", "Schmidt", "Messebau Schmidt GmbH", "anna.schmidt@example.com", "ja"),
    ("K-00124", "Jonas", "Weber", "Weber & Söhne KG", "jonas.weber@example.de", "ja"),
    ("K-00125", "Lea", "Fischer", "Fischer Design", "lea.fischer@example.com", "nein"),
    ("K-00126", "Paul", "Wagner", "Wagner Logistik AG", "paul.wagner@example", "ja"),
    ("K-00127", "Mia", "Becker", "Becker Catering", "mia.becker@example.com", "x"),
    ("K-00128", "Leon", "Hoffmann", "Hoffmann IT", "leon.hoffmann@example.org", "vielleicht"),
    ("K-00129", "Emma", "Schulz", "Schulz Events", "emma.schulz@example.com", "ja"),
    ("K-00124", "Jonas", "Weber", "Weber & Söhne KG", "jonas.weber@example.de", "ja"),
]


def make_workbook(folder: Path) -> Path:
    """An exhibitor list as staff get them: a title above the header, German headers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Aussteller"
    sheet.append(["Ausstellerliste Frühjahrsmesse 2026"])
    sheet.append([])
    sheet.append(["Kd.-Nr.", "Vorname", "Nachname", "Firma", "E-Mail", "Bestätigt"])
    for index in range(60):
        number, first, last, company, email, confirmed = PEOPLE[index % len(PEOPLE)]
        if index >= len(PEOPLE):  # the problems appear once; the rest of the list is clean
            email = email.replace("@", f"{index}@")
            if email.endswith("@example"):
                email += ".com"
            confirmed = "ja" if confirmed == "vielleicht" else confirmed
            number = f"K-{index + 200:05d}"
        sheet.append([number, first, last, company, email, confirmed])
    book.create_sheet("Notizen").append(["Stand: März 2026"])
    path = folder / "Ausstellerliste_2026.xlsx"
    book.save(path)
    return path


def _memory_keyring() -> object:
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self._keys: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self._keys.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self._keys[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self._keys.pop((service, username), None)

    return MemoryKeyring()


def dark_palette() -> object:
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    for role, rgb in (
        (roles.Window, (45, 45, 48)),
        (roles.WindowText, (230, 230, 230)),
        (roles.Base, (30, 30, 32)),
        (roles.AlternateBase, (55, 55, 60)),
        (roles.Text, (230, 230, 230)),
        (roles.Button, (58, 58, 62)),
        (roles.ButtonText, (230, 230, 230)),
        (roles.Highlight, (38, 120, 200)),
        (roles.HighlightedText, (255, 255, 255)),
        (roles.PlaceholderText, (160, 160, 165)),
        (roles.Mid, (90, 90, 95)),
        (roles.ToolTipBase, (60, 60, 64)),
        (roles.ToolTipText, (230, 230, 230)),
    ):
        palette.setColor(role, QColor(*rgb))
    # A dark system theme greys out what cannot be used; without this group every disabled
    # button and label would look as enabled as the others.
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor(125, 125, 130))
    palette.setColor(disabled, roles.Button, QColor(50, 50, 54))
    palette.setColor(disabled, roles.Base, QColor(40, 40, 43))
    return palette


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for: {what}")
        QApplication.processEvents()
        time.sleep(0.02)


def _pump(seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(window: object, name: str) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    _pump(0.5)
    path = OUT / f"{name}.png"
    window.grab().save(str(path))
    print(f"saved {path}")


def run(theme: str = "light", size: tuple[int, int] = SIZE) -> int:
    home = Path(tempfile.mkdtemp(prefix="plandocket-shots-"))
    os.environ["PLANDOCKET_HOME"] = str(home)
    OUT.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from plandocket_desktop import APP_NAME
    from plandocket_desktop.core import api
    from plandocket_desktop.core.types import Target
    from plandocket_desktop.ui import dialogs, style
    from plandocket_desktop.ui.wizard import ImportWizard, PageId

    # The screenshots must not wait for a person: every question is answered "no".
    dialogs.ask_yes_no = lambda *args, **kwargs: False  # type: ignore[assignment]

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    if theme == "dark":  # as on a system set to dark: Qt's palette and the colour scheme
        from PySide6.QtCore import Qt

        app.setStyle("Fusion")
        app.setPalette(dark_palette())
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark)
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(style.app_icon())
    from plandocket_desktop.ui import language

    language.setup_language(app)  # --lang travels as PLANDOCKET_LANG
    sample = make_workbook(home)

    # Never touch the keyring of the person running the script: keys stay in this process.
    window = ImportWizard(credentials=api.CredentialStore(_memory_keyring()))
    window.resize(*size)
    window.show()
    _pump(0.5)
    window.connect_page.tenant_edit.setText("acme")
    shoot(window, "1-connect")

    window.start_practice()
    wait_until(lambda: window.currentId() == PageId.FILE, "practice mode")
    window.open_file(sample)
    wait_until(window.file_page.isComplete, "the file to be read")
    shoot(window, "2-file")

    window.next()
    target = window.target_page
    target.set_target(Target.PARTICIPANTS)
    wait_until(lambda: bool(target.events) and not target.is_busy, "the events")
    target.select_event(target.events[0].event_key)
    shoot(window, "3-target")

    window.next()
    wait_until(window.columns_page.isComplete, "the column suggestions")
    shoot(window, "4-columns")

    window.next()
    review = window.page(PageId.REVIEW)
    wait_until(lambda: not review.busy and review.isComplete(), "the review")
    shoot(window, "5-review")

    window.state.draft.batch_size = 10
    sandbox = window.state.sandbox
    sandbox.set_faults(latency_ms=700)
    window.next()
    _pump(1.6)
    shoot(window, "6-import")
    wait_until(lambda: window.currentId() == PageId.RESULTS, "the import", timeout=120)
    sandbox.set_faults(latency_ms=0)
    wait_until(window.page(PageId.RESULTS).isComplete, "the results")
    shoot(window, "7-results")

    window.done(0)
    shutil.rmtree(home, ignore_errors=True)
    return 0


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not WxH: {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    global OUT
    parser = argparse.ArgumentParser(description="Screenshots of every wizard page.")
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help=f"where the PNGs go (default: {OUT})"
    )
    parser.add_argument(
        "--theme", choices=("light", "dark"), default="light", help="the system's colour scheme"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, metavar="F", help="display scaling (2 is 200 %%)"
    )
    parser.add_argument(
        "--size",
        type=_size,
        default=SIZE,
        metavar="WxH",
        help="the window's size (default: {}x{})".format(*SIZE),
    )
    parser.add_argument(
        "--lang", choices=("en", "de"), default=None, help="the app's language (default: en)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ["PLANDOCKET_LANG"] = args.lang or os.environ.get("PLANDOCKET_LANG", "en")
    if args.out is not None:
        OUT = args.out.resolve()
    elif args.scale != 1.0 or args.size != SIZE:
        OUT = Path(tempfile.gettempdir()) / f"plandocket-shots-{args.theme}-{args.scale:g}x"
    elif args.theme == "dark":
        OUT = OUT / "dark"
    elif args.lang == "de":
        OUT = OUT / "de"
    os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"  # read when the QApplication is made
    if not os.environ.get("DISPLAY") and not os.environ.get("PLANDOCKET_SHOTS_CHILD"):
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            print("No display and no xvfb-run: install the Debian package xvfb.", file=sys.stderr)
            return 2
        env = dict(os.environ, PLANDOCKET_SHOTS_CHILD="1", QT_QPA_PLATFORM="xcb")
        width, height = (int(side * max(args.scale, 1.0)) + 600 for side in args.size)
        screen = f"-screen 0 {width}x{height}x24 -dpi 96"
        command = [xvfb, "-a", "-s", screen, sys.executable, __file__]
        command += ["--out", str(OUT), "--theme", args.theme, "--scale", f"{args.scale:g}"]
        command += ["--size", "{}x{}".format(*args.size)]
        return subprocess.call(command, env=env)
    return run(args.theme, args.size)


if __name__ == "__main__":
    sys.exit(main())
