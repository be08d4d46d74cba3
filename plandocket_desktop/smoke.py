"""``plandocket-desktop --smoke-test``: prove without a person that this install really works.

Runs the same in a venv and in the frozen bundle: checks the user's folders can be written,
finds the password store and the trust store, starts the practice sandbox on a free loopback
port, reads the sample workbook shipped in the package, maps, validates and imports it over
HTTP, then opens the wizard (offscreen when there is no display) and closes it. Prints one JSON
object on stdout; every failed step also gets one plain line on stderr. Exit 0 only when every
step worked. The sandbox, its key and the import's journal live in a temporary folder, so the
user's history and practice data are not touched.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plandocket_desktop import __version__
from plandocket_desktop.i18n import _

STEPS = ("folders", "keyring", "tls", "sandbox", "import", "window")


class StepFailedError(Exception):
    """A step did not work; ``str()`` is one plain line for the person."""


def run(*, show_window: bool = True) -> tuple[dict[str, Any], list[str]]:
    """Every step; returns (the JSON object, one line per failed step)."""
    started = time.perf_counter()
    report: dict[str, Any] = {
        "ok": False,
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "qt_platform": None,
        "qt_version": None,
        "keyring_backend": None,
        "keyring_reason": None,
        "tls": None,
        "rows_imported": 0,
        "seconds": 0.0,
        "failed": [],
    }
    failures: list[str] = []

    def step(name: str, action: Callable[[], None]) -> None:
        try:
            action()
        except StepFailedError as exc:
            report["failed"].append(name)
            failures.append(str(exc))
        except Exception as exc:  # a smoke test reports, it never shows a traceback
            report["failed"].append(name)
            failures.append(
                _("Step {step} failed unexpectedly: {error}").format(
                    step=name, error=f"{type(exc).__name__}: {exc}"
                )
            )

    step("folders", check_folders)
    step("keyring", lambda: check_keyring(report))
    step("tls", lambda: report.update(tls=check_tls()))
    with tempfile.TemporaryDirectory(prefix="plandocket-smoke-") as scratch:
        sandbox: list[Any] = []
        step("sandbox", lambda: sandbox.append(start_sandbox(Path(scratch))))
        if sandbox:
            try:
                step(
                    "import",
                    lambda: report.update(rows_imported=import_sample(sandbox[0], Path(scratch))),
                )
            finally:
                sandbox[0].stop()
        else:
            report["failed"].append("import")
            failures.append(_("The sample import was not tried: the sandbox did not start."))
    if show_window:
        step("window", lambda: report.update(open_window()))
    report["seconds"] = round(time.perf_counter() - started, 2)
    report["ok"] = not report["failed"]
    return report, failures


def check_folders() -> None:
    """The folders that keep profiles, history, journal and logs can be written."""
    from plandocket_desktop.core import paths

    for folder in (paths.config_dir, paths.data_dir):
        try:
            where = folder()
            probe = where / f".smoke-{uuid.uuid4().hex}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StepFailedError(
                _(
                    "The app cannot write to its folder {path} ({reason}). Profiles, history "
                    "and the import journal could not be saved."
                ).format(path=getattr(exc, "filename", None) or "?", reason=exc.strerror or exc)
            ) from None


def check_keyring(report: dict[str, Any]) -> None:
    """The password store the API key would go to (its class), else why there is none."""
    from plandocket_desktop.core import api

    store = api.CredentialStore()
    backend = store.backend
    if backend is None:
        report["keyring_reason"] = store.reason or _("keyring found none.")
        raise StepFailedError(
            _("No password store: {reason}").format(reason=report["keyring_reason"])
        )
    kind = type(backend)
    report["keyring_backend"] = f"{kind.__module__.rsplit('.', 1)[-1]}.{kind.__name__}"


def check_tls() -> str:
    """Which trust store verifies certificates (a context is built, verification on)."""
    from plandocket_desktop.core.api import tls

    context = tls.ssl_context()
    import ssl

    if context.verify_mode is not ssl.CERT_REQUIRED or not context.check_hostname:
        raise StepFailedError(_("Certificates would not be checked. This must never happen."))
    return tls.trust_store_name(context)


def start_sandbox(folder: Path) -> Any:
    """The practice sandbox on a free loopback port, with a fresh key."""
    from plandocket_desktop.sandbox import server

    sandbox = server.SandboxServer(
        db_path=folder / "smoke.sqlite3",
        api_key=server.generate_key(),
        demo=True,
        host="127.0.0.1",
        port=0,
    )
    try:
        sandbox.start()
    except Exception as exc:
        sandbox.stop()
        raise StepFailedError(
            _("The practice server could not start on this computer: {reason}").format(reason=exc)
        ) from None
    return sandbox


def import_sample(sandbox: Any, folder: Path) -> int:
    """Read, map, validate and import the shipped sample; the rows created or updated."""
    from plandocket_desktop import scripting
    from plandocket_desktop.core import errors, paths

    previous = os.environ.get(paths.HOME_ENV)
    os.environ[paths.HOME_ENV] = str(folder / "home")  # the smoke import's journal and history
    try:
        result = scripting.import_people(
            scripting.sample_path("de"),
            tenant=sandbox.base_url,
            api_key=sandbox.api_key,
            mode="upsert",
        )
    except errors.PlandocketError as exc:
        raise StepFailedError(_("The sample import failed: {reason}").format(reason=exc)) from None
    finally:
        if previous is None:
            os.environ.pop(paths.HOME_ENV, None)
        else:
            os.environ[paths.HOME_ENV] = previous
    done = result.counts.created + result.counts.updated
    if result.exit_code != 0 or done == 0:
        raise StepFailedError(_("The sample import failed: {reason}").format(reason=result.summary))
    return done


def open_window() -> dict[str, Any]:
    """Show the wizard (offscreen without a display) and close it; Qt's platform and version."""
    from plandocket_desktop.ui import platform_check

    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    name = platform_check.platform_name() if sys.platform.startswith("linux") else None
    if name is not None and platform_check.plugin_file(name) is None:
        raise StepFailedError(
            _(
                "The window cannot open: Qt's platform plugin {name} is missing from this "
                "installation."
            ).format(name=name)
        )
    problem = platform_check.problem()
    if problem is not None:
        raise StepFailedError(problem)

    from PySide6 import QtCore
    from PySide6.QtWidgets import QApplication

    from plandocket_desktop.ui import wizard

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "smoke"])
    assert isinstance(app, QApplication)
    window = wizard.ImportWizard()
    window.show()
    deadline = time.perf_counter() + 10
    while not window.isVisible() and time.perf_counter() < deadline:
        app.processEvents()
    app.processEvents()
    shown = window.isVisible()
    window.close()
    window.deleteLater()
    app.processEvents()
    if not shown:
        raise StepFailedError(_("The wizard window did not appear."))
    return {"qt_platform": QApplication.platformName(), "qt_version": QtCore.qVersion()}


# A windowed executable on Windows has no stdout (sys.stdout is None): then the JSON and the
# failure lines go to the file this variable names (packaging/build.py sets it).
OUT_ENV = "PLANDOCKET_SMOKE_OUT"


def main() -> int:
    """Run the smoke test, print its JSON; 0 when every step worked, else 1."""
    try:
        report, failures = run()
    except BaseException as exc:  # never a traceback, even for the unforeseen
        report, failures = {"ok": False, "version": __version__, "error": repr(exc)}, []
    lines = [_("Smoke test: {problem}").format(problem=line) for line in failures]
    text = json.dumps(report, ensure_ascii=False)
    target = os.environ.get(OUT_ENV)
    if target:
        Path(target).write_text("\n".join([*lines, text]) + "\n", encoding="utf-8")
    if sys.stderr is not None:
        for line in lines:
            print(line, file=sys.stderr)
    if sys.stdout is not None:
        print(text)
    return 0 if report["ok"] else 1
