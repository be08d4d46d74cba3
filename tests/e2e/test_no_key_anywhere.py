"""No key anywhere: whole imports with a distinctive key, then every file the app may have
written is searched for it (as text, base64, percent-encoded, hex, UTF-16: tests/key_hygiene).

The command line: an import stopped by a refused key (a second distinctive key), resumed with
the right one, the error report, history, inspect and validate. The wizard: the key typed on
the Connect page and saved in a keyring backend, a whole import, the error report, and a crash
logged by the global exception hook while the client is open. Searched: the config, data and
log folders, the temporary folder, the settings file, the report and the folder of the file.
(This tree has no ``--smoke-test``; the crash log is the app's only crash dump.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton, QWizard

from plandocket_desktop.core import paths
from plandocket_desktop.core.api import _credentials as credentials
from plandocket_desktop.core.importing import _history as history
from plandocket_desktop.core.importing import _journal as journal
from plandocket_desktop.sandbox import server
from plandocket_desktop.ui import app, dialogs, wizard
from plandocket_desktop.ui.pages import _ask
from tests import key_hygiene
from tests.e2e.test_run_cli import write_people
from tests.e2e.test_wizard_walkthrough import (
    KUNDEN_SENDABLE,
    click,
    click_next,
    import_and_wait,
    page_name,
    to_review,
    write_kundenliste,
)
from tests.keyrings import MemoryKeyring
from tests.ui.conftest import drop_file

pytestmark = pytest.mark.e2e

# Distinctive: found only where the app put it (never by chance in a file of its own).
KEY = "pdk_live_QuokkaZebra_7f3a9c1e5b2d8046_NoKeyAnywhere"
REFUSED_KEY = "pdk_live_WombatHeron_0b9e4d2a6c1f3875_RefusedKey"


@pytest.fixture
def own_sandbox(tmp_path_factory) -> Iterator[Any]:
    """A sandbox that knows only KEY (its database is outside the app's folders)."""
    srv = server.SandboxServer(
        db_path=tmp_path_factory.mktemp("server") / "sandbox.sqlite3", api_key=KEY, demo=True
    )
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def test_the_command_line_leaves_no_key_behind(
    own_sandbox, tmp_path, app_home, capsys, monkeypatch
):
    files = tmp_path / "files"
    files.mkdir()
    source = write_people(files / "leute.csv", 60, bad=(7,))
    report = files / "fehler.xlsx"
    printed: list[str] = []
    with key_hygiene.watching(app_home, logging_of="cli") as watch:

        def cli(*argv: str) -> int:
            code = watch.run_cli(["-v", *argv])
            captured = capsys.readouterr()
            printed.extend([captured.out, captured.err])
            return code

        run = ["run", str(source), "--tenant", own_sandbox.base_url, "--batch-size", "20"]
        monkeypatch.setenv("PLANDOCKET_API_KEY", REFUSED_KEY)
        assert cli(*run, "--yes", "--json") == 2  # refused: stopped, resumable
        monkeypatch.setenv("PLANDOCKET_API_KEY", KEY)
        assert cli("resume", "--report", str(report), "--json") == 1  # row 7 not sent
        summary = json.loads(printed[-2].strip().splitlines()[-1])
        assert summary["counts"]["created"] == 59
        assert cli("history", "--json") == 0
        assert cli("inspect", str(source), "--json") == 0
        assert cli("validate", str(source), "--json") in (0, 1)
        assert cli("resume", "--list") == 0

        data = paths.data_dir()
        searched = watch.assert_key_nowhere(
            KEY,
            also=[files],
            expect=[report, data / history.FILE_NAME, data / journal.FILE_NAME],
            output={"stdout": "".join(printed[0::2]), "stderr": "".join(printed[1::2])},
        )
        watch.assert_key_nowhere(REFUSED_KEY, also=[files], output={"all": "".join(printed)})
    assert len(searched) >= 4


def test_the_wizard_leaves_no_key_behind(qtbot, own_sandbox, tmp_path, app_home, monkeypatch):
    files = tmp_path / "files"
    files.mkdir()
    source = write_kundenliste(files)
    keyring = MemoryKeyring()
    crashes: list[str] = []
    monkeypatch.setattr(dialogs, "show_crash", lambda parent, log_path: crashes.append(log_path))
    with key_hygiene.watching(app_home) as watch:
        wiz = wizard.ImportWizard(credentials=credentials.CredentialStore(keyring))
        qtbot.addWidget(wiz)
        wiz.show()
        try:
            page = wiz.connect_page
            page.tenant_edit.setText(own_sandbox.base_url)
            page.api_key_edit.setText(KEY)
            click(qtbot, page.test_button)
            qtbot.waitUntil(page.isComplete, timeout=20_000)
            assert KEY in keyring.passwords.values()  # saved where keys belong
            click_next(qtbot, wiz)
            assert page_name(wiz) == "filePage"
            assert drop_file(wiz.file_page.drop_area, source)
            qtbot.waitUntil(wiz.file_page.isComplete, timeout=20_000)
            to_review(qtbot, wiz)
            results = import_and_wait(qtbot, wiz)
            assert wiz.state.report.counts()["created"] == KUNDEN_SENDABLE

            chosen: list[Path] = []
            monkeypatch.setattr(
                _ask,
                "choose_report_path",
                lambda p, suggested: chosen.append(suggested) or suggested,
            )
            click(qtbot, results.findChild(QPushButton, "saveReportButton"))
            qtbot.waitUntil(lambda: results.report_saved_to is not None, timeout=20_000)

            # A bug while the client is open: the crash hook logs it with its traceback.
            hook = app.CrashHandler(watch.log_path)

            def buggy(client: Any, api_key: str) -> None:
                raise RuntimeError("something unexpected while importing")

            try:
                buggy(wiz.state.client, wiz.state.api_key)
            except RuntimeError as exc:
                hook(type(exc), exc, exc.__traceback__)
            assert crashes == [str(watch.log_path)]

            data = paths.data_dir()
            watch.assert_key_nowhere(
                KEY,
                settings=[wiz.settings],
                also=[files],
                expect=[chosen[0], data / history.FILE_NAME, data / journal.FILE_NAME],
            )
            log_text = watch.log_path.read_text(encoding="utf-8")
            assert "something unexpected while importing" in log_text  # the crash was logged
        finally:
            wiz.done(QWizard.DialogCode.Rejected)
