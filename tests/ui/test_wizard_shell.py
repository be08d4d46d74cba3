"""The wizard shell: pages and ids, practice mode, drops anywhere, shutdown, the app entry."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from plandocket_desktop.ui import app, dialogs
from plandocket_desktop.ui import wizard as wizard_module
from plandocket_desktop.ui.wizard import PageId
from tests.ui.conftest import drop_file

PAGE_NAMES = {
    PageId.CONNECT: "connectPage",
    PageId.FILE: "filePage",
    PageId.TARGET: "targetPage",
    PageId.COLUMNS: "columnsPage",
    PageId.REVIEW: "reviewPage",
    PageId.IMPORT: "importPage",
    PageId.RESULTS: "resultsPage",
}
CONTROLS = [
    "tenantEdit",
    "apiKeyEdit",
    "testConnectionButton",
    "practiceModeButton",
    "dropArea",
    "browseButton",
    "sheetCombo",
    "headerRowSpin",
    "targetCombo",
    "modeCombo",
    "matchFieldCombo",
    "skipOnErrorCheck",
    "eventCombo",
    "createContactsCheck",
    "mappingTable",
    "profileCombo",
]


def test_seven_pages_with_their_ids_and_object_names(make_wizard):
    wizard = make_wizard()
    assert list(wizard.pageIds()) == [int(p) for p in PageId]
    for page_id, name in PAGE_NAMES.items():
        assert wizard.page(page_id).objectName() == name
    for page_id, name in PAGE_NAMES.items():
        page = wizard.page_by_id(page_id)
        assert page is wizard.page(page_id)
        assert not isinstance(page, wizard_module.PendingPage)
        assert page.objectName() == name
    assert list(wizard.pageIds()) == [int(p) for p in PageId]
    for name in CONTROLS:
        assert wizard.findChild(QWidget, name) is not None, name
    assert wizard.currentId() == PageId.CONNECT
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_only_the_connect_page_is_built_at_start(make_wizard):
    wizard = make_wizard()
    assert isinstance(wizard.page(PageId.CONNECT), wizard_module.ConnectPage)
    for page_id in list(PageId)[1:]:
        assert isinstance(wizard.page(page_id), wizard_module.PendingPage), page_id
    # A pending page still gives the Connect page a Next button (not Finish).
    assert wizard.button(QWizard.WizardButton.NextButton).isVisibleTo(wizard)
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisibleTo(wizard)
    assert wizard.currentPage().nextId() == PageId.FILE


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_once_painted_the_other_pages_are_built_in_idle_time(qtbot, make_wizard):
    wizard = make_wizard()
    wizard.show()
    qtbot.waitUntil(
        lambda: not any(isinstance(wizard.page(i), wizard_module.PendingPage) for i in PageId),
        timeout=10_000,
    )
    assert wizard.currentId() == PageId.CONNECT
    assert [wizard.page(i).objectName() for i in PageId] == list(PAGE_NAMES.values())
    for name in CONTROLS:
        assert wizard.findChild(QWidget, name) is not None, name


def test_next_builds_the_page_it_goes_to(qtbot, practice_wizard):
    wizard = practice_wizard
    from plandocket_desktop.ui.pages.file import FilePage

    assert isinstance(wizard.currentPage(), FilePage)
    assert wizard.currentPage() is wizard.file_page
    assert isinstance(wizard.page(PageId.TARGET), wizard_module.PendingPage)


def test_a_start_without_a_journal_opens_nothing(make_wizard, tmp_path, monkeypatch):
    from plandocket_desktop.core.importing import _journal as journal

    assert wizard_module.JOURNAL_FILE == journal.FILE_NAME
    monkeypatch.setenv("PLANDOCKET_HOME", str(tmp_path / "home"))
    wizard = make_wizard()
    wizard.check_for_unfinished_import()
    assert wizard._resume_check is None


def test_an_interrupted_import_found_at_start_is_offered(qtbot, make_wizard, tmp_path, monkeypatch):
    from plandocket_desktop.core.importing import _journal as journal
    from plandocket_desktop.core.types import ImportDraft
    from plandocket_desktop.ui.pages import _ask

    source = tmp_path / "people.csv"
    source.write_text("email\na@example.com\n", encoding="utf-8")
    with journal.JournalStore() as store:
        store.create(ImportDraft(path=source, tenant="acme"))
    offers = []
    monkeypatch.setattr(_ask, "confirm_resume", lambda parent, text: offers.append(text) or False)
    wizard = make_wizard()
    wizard.check_for_unfinished_import()  # reads the journal on a worker thread
    qtbot.waitUntil(lambda: len(offers) == 1, timeout=10_000)
    assert "people.csv" in offers[0]
    assert wizard.currentId() == PageId.CONNECT  # refused: nothing changed


def test_the_saved_key_is_read_after_the_window_opened(qtbot, make_wizard, settings, credentials):
    credentials.set("http://127.0.0.1:9", "pd_saved_" + "k" * 20)  # nothing listens there
    settings.setValue("connect/tenant", "http://127.0.0.1:9")
    wizard = make_wizard()  # restarted but never painted: read at the latest after a moment
    page = wizard.connect_page
    assert page.is_restoring
    assert page.api_key_edit.text() == ""
    qtbot.waitUntil(lambda: page.api_key_edit.text() != "", timeout=5_000)
    assert page.api_key_edit.text() == "pd_saved_" + "k" * 20


def test_a_key_not_yet_read_is_not_read_after_closing(qtbot, make_wizard, credentials, monkeypatch):
    from plandocket_desktop.ui.pages import connect

    opened = []
    monkeypatch.setattr(credentials, "available", lambda: opened.append(1) or True)
    wizard = make_wizard()
    assert wizard.connect_page.is_restoring  # waiting for the window to be painted
    wizard.done(0)
    qtbot.wait(connect.RESTORE_AT_LATEST_MS + 200)
    assert not wizard.connect_page.is_restoring
    assert opened == []  # no thread read the keyring after the shutdown


def test_practice_mode_connects_and_is_shown_on_every_page(qtbot, practice_wizard, samples_dir):
    wizard = practice_wizard
    assert wizard.state.draft.practice
    assert wizard.state.sandbox.running
    assert "Practice mode" in wizard.windowTitle()
    assert not wizard.pixmap(QWizard.WizardPixmap.LogoPixmap).isNull()
    assert wizard.wizardStyle() == QWizard.WizardStyle.ModernStyle

    sandbox = wizard.state.sandbox
    wizard.done(0)
    assert not sandbox.running


def test_a_file_dropped_anywhere_goes_to_the_file_page(qtbot, practice_wizard, samples_dir):
    wizard = practice_wizard
    assert drop_file(wizard, samples_dir / "kundenliste_excel_de.csv")  # the window, not the area
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=15000)
    wizard.next()
    assert wizard.currentId() == PageId.TARGET
    wizard.next()
    assert wizard.currentId() == PageId.COLUMNS
    assert wizard.columns_page.isComplete()

    assert drop_file(wizard, samples_dir / "one_row.csv")
    assert wizard.currentId() == PageId.FILE
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=15000)
    assert wizard.file_page.table.n_rows == 1


def test_done_shuts_every_page_down_once_even_when_one_fails(make_wizard, monkeypatch, caplog):
    wizard = make_wizard()
    pages = [wizard.page_by_id(page_id) for page_id in PageId]  # every page built
    with_workers = [page for page in pages if hasattr(page, "shutdown")]
    names = ["connectPage", "filePage", "targetPage", "reviewPage", "importPage", "resultsPage"]
    assert [page.objectName() for page in with_workers] == names
    called = []
    for page in with_workers:
        original = page.shutdown

        def record(page=page, original=original):
            called.append(page.objectName())
            original()
            if page.objectName() == "connectPage":
                raise RuntimeError("stuck")

        monkeypatch.setattr(page, "shutdown", record)
    with caplog.at_level(logging.ERROR):
        wizard.done(0)
    assert called == names  # the failing first page did not keep the others running
    assert "shutting down page" in caplog.text
    assert "stuck" in caplog.text
    wizard.done(0)
    assert called == names  # once only


def test_settings_keep_the_window_geometry(make_wizard, settings):
    wizard = make_wizard()
    wizard.resize(1000, 760)
    wizard.done(0)
    assert settings.value("window/geometry") is not None


def test_new_import_starts_again_at_an_empty_file_page(qtbot, practice_wizard, samples_dir):
    wizard = practice_wizard
    wizard.open_file(samples_dir / "one_row.csv")
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=15000)
    wizard.next()
    wizard.start_new_import()
    assert wizard.currentId() == PageId.FILE
    assert wizard.file_page.table is None
    assert not wizard.file_page.isComplete()


def test_crash_hook_logs_and_shows_a_plain_notice(tmp_path, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(dialogs, "show_crash", lambda parent, path: shown.append(path))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    handler = app.install_excepthook(tmp_path / "desktop.log")
    try:
        raise ValueError("boom")
    except ValueError:
        with caplog.at_level(logging.CRITICAL):
            handler(*sys.exc_info())
    assert shown == [str(tmp_path / "desktop.log")]
    assert "boom" in caplog.text


def test_the_log_file_is_created_with_the_first_record(tmp_path):
    path = tmp_path / "logs" / "desktop.log"
    handler = app.LogFileHandler(path)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test_log_file")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        assert not path.parent.exists()  # nothing opened before there is something to write
        logger.warning("first")
        logger.warning("second")
        handler.flush()
        assert path.read_text(encoding="utf-8").splitlines() == ["WARNING first", "WARNING second"]
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_command_line_options():
    args = app.parse_args(["--practice", "list.xlsx"])
    assert args.practice
    assert args.file == "list.xlsx"
    assert not app.parse_args([]).practice
    assert app.parse_args([]) == app.build_parser().parse_args([])


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_main_opens_practice_mode_with_the_file_loaded(qtbot, samples_dir, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: False)
    seen = {}
    root = logging.getLogger()
    handlers = list(root.handlers)

    def check() -> None:
        window = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, wizard_module.ImportWizard)
            ),
            None,
        )
        if window is None or window.currentId() != PageId.FILE or not window.file_page.isComplete():
            QTimer.singleShot(50, check)
            return
        seen["practice"] = window.state.draft.practice
        seen["rows"] = window.file_page.table.n_rows
        window.close()

    QTimer.singleShot(50, check)
    try:
        code = app.main(["--practice", str(samples_dir / "one_row.csv")])
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
    assert code == 0
    assert seen == {"practice": True, "rows": 1}


def test_pages_are_wizard_pages(make_wizard):
    wizard = make_wizard()
    assert all(isinstance(wizard.page(i), QWizardPage) for i in wizard.pageIds())
