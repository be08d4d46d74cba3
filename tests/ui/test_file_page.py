"""The File page: dropping real files, sheets and header rows, unreadable and hostile files,
recent files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from plandocket_desktop.ui import dialogs
from plandocket_desktop.ui.pages.file import FilePage
from tests.conftest import sample_entry
from tests.hostile import run
from tests.hostile.cases import CASES
from tests.ui.conftest import drop_file


@pytest.fixture
def page(qtbot, state, settings):
    page = FilePage(state, settings=settings)
    qtbot.addWidget(page)
    page.resize(900, 600)
    yield page
    page.shutdown()


def wait_loaded(qtbot, page: FilePage) -> None:
    qtbot.waitUntil(
        lambda: not page.is_busy and (page.table is not None or page.error is not None),
        timeout=15000,
    )


def test_dropping_a_german_csv_shows_its_rows_and_what_was_detected(
    qtbot, page, samples_dir, manifest, state
):
    rows = sample_entry(manifest, "kundenliste_excel_de.csv")["data_rows"]
    assert drop_file(page.drop_area, samples_dir / "kundenliste_excel_de.csv")
    wait_loaded(qtbot, page)

    assert page.error is None
    assert page.isComplete()
    assert page.preview_model.rowCount() > 0
    assert page.preview_model.headerData(0, Qt.Orientation.Horizontal) == "Kundennummer"
    facts = page.facts_label.text()
    assert "semicolons" in facts
    assert "Western European" in facts
    assert f"{rows} rows" in facts
    assert not page.sheet_combo.isVisibleTo(page)

    assert page.validatePage()
    assert state.table is page.table
    assert state.draft.path == samples_dir / "kundenliste_excel_de.csv"


def test_drop_ignores_things_that_are_not_files(page):
    from PySide6.QtCore import QMimeData, QPoint, Qt
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setText("just some text")
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page.drop_area, enter)
    assert not enter.isAccepted()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        pytest.param("not_a_spreadsheet.xlsx", "not really a spreadsheet", id="image"),
        pytest.param("password_protected.xlsx", "password", id="encrypted"),
        pytest.param("empty.csv", "empty", id="empty"),
        pytest.param("header_only.csv", "no rows", id="header-only"),
    ],
)
def test_unreadable_files_are_explained_on_the_page(qtbot, page, samples_dir, name, words):
    drop_file(page.drop_area, samples_dir / name)
    wait_loaded(qtbot, page)

    assert page.message_bar.isVisibleTo(page)
    assert page.message_bar.kind == "error"
    assert words in page.message_bar.text()
    assert "Traceback" not in page.message_bar.text()
    assert not page.isComplete()
    assert not page.validatePage()


def test_workbook_offers_its_sheets_and_the_detected_header_row(qtbot, page, samples_dir):
    page.load_path(samples_dir / "ausstellerliste_2025.xlsx")
    wait_loaded(qtbot, page)

    assert page.sheet_combo.isVisibleTo(page)
    assert page.sheet_combo.count() == 3
    assert page.sheet_combo.currentData() == "Aussteller 2025"
    assert page.header_row_spin.value() == 4
    assert "row 4" in page.facts_label.text()

    index = page.sheet_combo.findData("Aussteller 2024")
    page.sheet_combo.setCurrentIndex(index)
    page.sheet_combo.activated.emit(index)
    qtbot.waitUntil(lambda: not page.is_busy, timeout=15000)
    assert page.table is not None
    assert page.table.source.sheet == "Aussteller 2024"


def test_changing_the_header_row_reads_the_file_again(qtbot, page, samples_dir, state):
    page.load_path(samples_dir / "kundenliste_excel_de.csv")
    wait_loaded(qtbot, page)
    rows = page.table.n_rows

    page.header_row_spin.setValue(2)
    assert not page.isComplete()  # waiting for the user to stop typing
    qtbot.waitUntil(lambda: not page.is_busy and page.table.source.header_row == 1, timeout=15000)
    assert page.table.n_rows == rows - 1
    assert page.validatePage()
    assert state.draft.header_row == 1


def test_recent_files_are_remembered_and_reopen(qtbot, page, samples_dir, state, settings):
    path = samples_dir / "one_row.csv"
    page.load_path(path)
    wait_loaded(qtbot, page)
    assert settings.value("file/recent")[0].endswith("one_row.csv")

    again = FilePage(state, settings=settings)
    qtbot.addWidget(again)
    assert again.recent_list.count() == 1
    item = again.recent_list.item(0)
    again.recent_list.itemActivated.emit(item)
    wait_loaded(qtbot, again)
    assert again.table is not None
    assert again.table.n_rows == 1
    again.shutdown()


def test_browse_button_uses_the_file_dialog(qtbot, page, samples_dir, monkeypatch):
    chosen = samples_dir / "one_row.csv"
    monkeypatch.setattr(dialogs, "choose_file", lambda parent, folder: str(chosen))
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, page)
    assert page.table is not None


def test_a_new_file_replaces_an_unreadable_one(qtbot, page, samples_dir, tmp_path: Path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"\x00\x01 definitely not a workbook")
    page.load_path(broken)
    wait_loaded(qtbot, page)
    assert page.error

    drop_file(page.drop_area, samples_dir / "one_row.csv")
    wait_loaded(qtbot, page)
    assert page.error is None
    assert not page.message_bar.isVisibleTo(page)
    assert page.isComplete()


# One of each kind: a bomb, entity expansion, a far corner, damage, a folder, nothing at all.
NAMES = [
    "xlsx zip bomb, sizes lie (3 GB)",
    "ods zip bomb, sizes lie (3 GB)",
    "xlsx billion laughs",
    "xlsx cells in A1 and XFD1048576",
    "xlsx sheet overlapping another part",
    "csv NUL bytes throughout",
    "truncated xlsx at 50%",
    "truncated ods at 25%",
    "truncated xls at 50%",
    "a folder",
    "zero-byte file",
]


@pytest.mark.skipif(sys.platform != "linux", reason="the bounded command line run: Linux")
@pytest.mark.parametrize("name", NAMES)
def test_the_file_page_says_what_inspect_says(qtbot, page, tmp_path: Path, name: str) -> None:
    build, _allowed = CASES[name]
    path = build(tmp_path)
    answer = json.loads(run.inspect(path).stdout)
    sentence = answer["error"]["message"]

    if path.is_file():
        drop_file(page.drop_area, path)
    else:  # a folder is not offered as a dropped file; opened by path it is refused
        page.load_path(path)
    qtbot.waitUntil(lambda: not page.is_busy and page.error is not None, timeout=20000)

    assert page.message_bar.isVisibleTo(page)
    assert page.message_bar.kind == "error"
    assert sentence in page.message_bar.text()
    assert "Traceback" not in page.message_bar.text()
    assert not page.isComplete()
