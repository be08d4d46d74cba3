"""plandocket-desktop: start the wizard (``--practice``, or a file to open)."""

from __future__ import annotations

import argparse
import functools
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from plandocket_desktop import APP_ID, APP_NAME, __version__, core
from plandocket_desktop.ui.compat import override

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from plandocket_desktop.ui.wizard import ImportWizard

log = logging.getLogger("plandocket_desktop")

LOG_FILE = "desktop.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
# Set to a file path, the app writes the time (time.time()) the wizard was shown into it and
# quits: how tests/benchmarks/bundle_start.py times the frozen app and the venv alike.
STARTUP_PROBE_ENV = "PLANDOCKET_STARTUP_PROBE"


def build_parser() -> argparse.ArgumentParser:
    from plandocket_desktop import i18n
    from plandocket_desktop.i18n import _

    parser = argparse.ArgumentParser(
        prog="plandocket-desktop",
        description=_("Import a spreadsheet of people into PlanDocket, step by step."),
    )
    parser.add_argument(
        "--practice",
        action="store_true",
        help=_("start in practice mode, with sample data on this computer"),
    )
    parser.add_argument("file", nargs="?", help=_("a spreadsheet to open"))
    parser.add_argument(
        "--lang",
        choices=sorted(i18n.LANGUAGES),
        help=_("the language of the program (default: as chosen in the app, else the system's)"),
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=_(
            "check without a person that this installation works (practice import, window "
            "opened and closed) and print the result as JSON"
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


# What build_parser() makes of no arguments (a test keeps the two in step).
NO_ARGUMENTS = {"practice": False, "file": None, "lang": None, "smoke_test": False}


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    if not argv:  # the usual start (double-click): argparse's set-up would cost ~2 ms of it
        return argparse.Namespace(**NO_ARGUMENTS)
    from plandocket_desktop import i18n
    from plandocket_desktop.cli import _argparse_text

    # --help is read in the chosen language (the saved choice counts only once the app runs).
    i18n.setup(i18n.requested_language(argv))
    _argparse_text.translate_argparse()
    return build_parser().parse_args(list(argv))


def log_path() -> Path:
    from plandocket_desktop.core import paths

    return paths.data_dir() / "logs" / LOG_FILE


class LogFileHandler(logging.Handler):
    """A small rotating log file, opened with the first record.

    Most runs log nothing while the window opens, so neither ``logging.handlers`` (a few ms
    of imports) nor the file is touched before the window is on screen.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    @override
    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._file is None:
                import logging.handlers

                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = logging.handlers.RotatingFileHandler(
                    self.path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
                )
                self._file.setFormatter(self.formatter)
            self._file.emit(record)
        except Exception:  # a log file that cannot be written must not stop the app
            self.handleError(record)

    @override
    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    @override
    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging() -> Path:
    """Log to a small rotating file in the data folder (never the API key: we never log it)."""
    path = log_path()
    handler = LogFileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


class CrashHandler:
    """The global exception hook: log the error, show a plain notice, keep the app running."""

    def __init__(self, log_file: Path) -> None:
        self._log_file = log_file
        self._showing = False

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        log.critical("Unexpected error", exc_info=(exc_type, exc, tb))
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if threading.current_thread() is not threading.main_thread() or self._showing:
            return  # only the GUI thread may show a dialog, and only one at a time
        from PySide6.QtWidgets import QApplication

        from plandocket_desktop.ui import dialogs

        if QApplication.instance() is None:
            return
        self._showing = True
        try:
            dialogs.show_crash(QApplication.activeWindow(), str(self._log_file))
        finally:
            self._showing = False

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        log.critical(
            "Unexpected error in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),  # type: ignore[arg-type]
        )


def install_excepthook(log_file: Path) -> CrashHandler:
    handler = CrashHandler(log_file)
    sys.excepthook = handler
    threading.excepthook = handler.thread_hook
    return handler


def program() -> None:
    """The ``plandocket-desktop`` program: ``main`` in a process of the app's own."""
    core.keep_pandas_unloaded()
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.smoke_test:
        from plandocket_desktop import smoke

        return smoke.main()
    from plandocket_desktop.ui import platform_check

    problem = platform_check.problem()
    if problem is not None:  # Qt would abort with its own words
        print(problem, file=sys.stderr)
        return 1
    # Opening the window only creates objects that live as long as the app: no garbage
    # collection while it opens, then those objects are frozen so that later collections
    # (which stall the GUI thread for tens of ms with big tables in memory) skip them.
    gc.disable()
    try:
        app, window = open_window(args)
    finally:
        gc.freeze()
        gc.enable()
    from PySide6.QtCore import QTimer

    probe = os.environ.get(STARTUP_PROBE_ENV)
    if probe:  # tests/benchmarks/bundle_start.py: the moment the wizard is on screen, then quit
        QTimer.singleShot(0, functools.partial(_report_shown, Path(probe), app, window))
    elif args.practice:
        window.start_practice()
    else:
        QTimer.singleShot(0, window.check_for_unfinished_import)
    code = app.exec()
    return int(code)


def _report_shown(probe: Path, app: QApplication, window: ImportWizard) -> None:
    probe.write_text(f"{time.time()!r}\n", encoding="utf-8")
    window.close()
    app.quit()


def open_window(args: argparse.Namespace) -> tuple[QApplication, ImportWizard]:
    """Set up the application and show the wizard (with the file from the command line)."""
    from PySide6.QtWidgets import QApplication

    from plandocket_desktop.ui import language, settings, style, wizard

    log_file = setup_logging()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_ID])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("PlanDocket")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(style.app_icon())
    install_excepthook(log_file)
    # Before any window: every page's words and Qt's own come in the chosen language.
    stored = settings.open_settings()
    language.setup_language(app, getattr(args, "lang", None), stored)

    window = wizard.ImportWizard(settings=stored)
    if args.file:
        window.open_file(Path(args.file).expanduser())
    window.show()
    return app, window


if __name__ == "__main__":
    sys.exit(main())
