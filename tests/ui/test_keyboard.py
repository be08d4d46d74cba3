"""The whole wizard with the keyboard alone: Tab, Space, Enter, F2, Esc and mnemonics.

Practice mode (the sandbox on 127.0.0.1), a file written here; no mouse click and no direct
call of a page's methods moves the wizard on. Mnemonics are looked up from the buttons' texts,
so the same walk runs in every language.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget, QWizard

from plandocket_desktop.core.types import Outcome, RowStatus
from plandocket_desktop.ui import dialogs
from plandocket_desktop.ui.pages import _ask
from plandocket_desktop.ui.wizard import PageId
from tests.ui import test_accessibility
from tests.ui.test_accessibility import write_people

language = test_accessibility.language  # the fixture: English, and German once it is there

pytestmark = pytest.mark.e2e


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def tab_to(qtbot, wizard: QWizard, target: QWidget, limit: int = 60) -> None:
    """Press Tab until ``target`` has the focus (it must be reachable)."""
    for _ in range(limit):
        if focused() is target:
            return
        qtbot.keyClick(focused() or wizard, Qt.Key.Key_Tab)
    assert focused() is target, f"Tab never reached {target.objectName()!r}"


def press_mnemonic(qtbot, wizard: QWizard, button: QAbstractButton) -> None:
    """Alt + the button's underlined letter, as a person presses it."""
    sequence = QKeySequence.mnemonic(button.text())
    assert not sequence.isEmpty(), f"{button.text()!r} has no mnemonic"
    key = sequence[0].key()
    qtbot.keyClick(focused() or wizard, key, Qt.KeyboardModifier.AltModifier)


def wait_page(qtbot, wizard: QWizard, page: PageId, timeout: int = 20_000) -> None:
    qtbot.waitUntil(lambda: wizard.currentId() == page, timeout=timeout)


def test_the_whole_wizard_by_keyboard(qtbot, make_wizard, tmp_path, monkeypatch, language):
    path = write_people(tmp_path)
    monkeypatch.setattr(dialogs, "choose_file", lambda *args, **kwargs: str(path))
    asked: list[str] = []

    def refuse_to_stop(parent) -> bool:
        asked.append("stop")
        return False

    monkeypatch.setattr(_ask, "confirm_cancel_import", refuse_to_stop)

    wizard = make_wizard()
    wizard.resize(1024, 700)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard, timeout=5_000)

    # Connect: Tab to "Practise with sample data", Space, then Next by its mnemonic.
    qtbot.waitUntil(lambda: focused() is not None, timeout=5_000)
    tab_to(qtbot, wizard, wizard.connect_page.practice_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(wizard.connect_page.isComplete, timeout=30_000)
    press_mnemonic(qtbot, wizard, wizard.button(QWizard.WizardButton.NextButton))
    wait_page(qtbot, wizard, PageId.FILE)

    # File: the browse button's mnemonic opens the file dialog (answered above).
    file_page = wizard.file_page
    press_mnemonic(qtbot, wizard, file_page.browse_button)
    qtbot.waitUntil(file_page.isComplete, timeout=20_000)
    press_mnemonic(qtbot, wizard, wizard.button(QWizard.WizardButton.NextButton))
    wait_page(qtbot, wizard, PageId.TARGET)

    # Target: Enter is Next when the focus is not on a button of the page.
    target = wizard.target_page
    qtbot.waitUntil(target.isComplete, timeout=20_000)
    tab_to(qtbot, wizard, target.findChild(QWidget, "targetCombo"))
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    wait_page(qtbot, wizard, PageId.COLUMNS)

    columns = wizard.columns_page
    qtbot.waitUntil(columns.isComplete, timeout=20_000)
    press_mnemonic(qtbot, wizard, wizard.button(QWizard.WizardButton.NextButton))
    wait_page(qtbot, wizard, PageId.REVIEW)

    # Review: Tab into the table, F2 fixes the bad e-mail of row 4, Space leaves a row out.
    review = wizard.page(PageId.REVIEW)
    qtbot.waitUntil(lambda: not review.busy and review.isComplete(), timeout=20_000)
    model = review.model
    view = review.view
    bad_row = 2  # "person-at-example"
    assert model.validation.status(bad_row) == RowStatus.ERROR
    tab_to(qtbot, wizard, view)
    email = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "E-Mail"
    )
    view.setCurrentIndex(model.index(0, email))
    for _ in range(bad_row):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == bad_row
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.state() == view.State.EditingState
    editor = focused()
    assert editor is not None
    assert editor is not view
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "person2@example.com")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.validation.status(bad_row) != RowStatus.ERROR, timeout=10_000)
    assert wizard.currentId() == PageId.REVIEW
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter in the table moves down, never sends
    assert wizard.currentId() == PageId.REVIEW
    assert view.currentIndex().row() == bad_row + 1
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert model.validation.status(bad_row + 1) == RowStatus.EXCLUDED
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert model.validation.status(bad_row + 1) != RowStatus.EXCLUDED
    qtbot.keyClick(view, Qt.Key.Key_Space)  # this one stays out
    assert model.validation.status(bad_row + 1) == RowStatus.EXCLUDED
    tab_to(qtbot, wizard, review.findChild(QWidget, "reviewFilterCombo"))
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # nor does Enter anywhere else on the page
    assert wizard.currentId() == PageId.REVIEW

    # Send by the commit button's mnemonic; Esc during the import asks (and "no" goes on).
    wizard.state.sandbox.set_faults(latency_ms=400)
    try:
        wizard.state.draft.batch_size = 3
        press_mnemonic(qtbot, wizard, wizard.button(QWizard.WizardButton.CommitButton))
        importing = wizard.page(PageId.IMPORT)
        qtbot.waitUntil(lambda: importing.running, timeout=10_000)
        qtbot.keyClick(focused() or wizard, Qt.Key.Key_Escape)
        assert asked == ["stop"]
        assert wizard.isVisible()
    finally:
        wizard.state.sandbox.set_faults(latency_ms=0)
    wait_page(qtbot, wizard, PageId.RESULTS, timeout=60_000)
    qtbot.waitUntil(wizard.page(PageId.RESULTS).isComplete, timeout=20_000)

    # 12 rows: the fixed one goes; the rating 9 (row 4), the duplicate (6) and the row left
    # out by Space (3) do not.
    report = wizard.state.report
    not_sent = [i for i, outcome in enumerate(report.outcomes) if outcome is Outcome.NOT_SENT]
    assert not_sent == [3, 4, 6]
    assert report.counts().created == 9
    stored = {c["email"] for c in wizard.state.sandbox.store.contacts() if c.get("email")}
    assert "person2@example.com" in stored
    assert "person3@example.com" not in stored

    # Results: Enter is "Close".
    qtbot.keyClick(focused() or wizard, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5_000)
