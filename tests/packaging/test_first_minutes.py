"""Practice mode offers the shipped sample lists; Help > About tells the version and notices."""

import sys

from PySide6.QtWidgets import QWizard

from plandocket_desktop import __version__
from plandocket_desktop.ui import about
from plandocket_desktop.ui.pages.file import FilePage
from plandocket_desktop.ui.state import WizardState
from plandocket_desktop.ui.wizard import ImportWizard


def test_sample_lists_are_offered_only_in_practice_mode(qtbot):
    page = FilePage(WizardState())
    qtbot.addWidget(page)
    page.initializePage()
    assert page.sample_offer.isHidden()

    practice = WizardState(sandbox=object())
    page = FilePage(practice)
    qtbot.addWidget(page)
    page.initializePage()
    assert not page.sample_offer.isHidden()


def test_the_german_sample_list_is_read_like_any_file(qtbot):
    page = FilePage(WizardState(sandbox=object()))
    qtbot.addWidget(page)
    page.initializePage()

    page.sample_offer.german_button.click()
    qtbot.waitUntil(page.isComplete, timeout=20_000)

    assert page.table is not None
    assert page.table.n_rows == 12
    assert "E-Mail" in page.table.columns
    page.shutdown()


def test_help_menu_has_about_with_the_version(qtbot, monkeypatch):
    window = ImportWizard()
    qtbot.addWidget(window)
    button = window.button(QWizard.WizardButton.HelpButton)
    actions = [a.objectName() for a in button.menu().actions()]
    assert actions == ["aboutAction"]
    assert f"Version {__version__}" in about.text()
    assert "installed packages" in about.text()  # not frozen: no notices file


def test_about_names_the_notices_file_of_the_bundle(tmp_path, monkeypatch):
    (tmp_path / about.NOTICES).write_text("notices")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "plandocket-desktop"))

    assert about.notices_path() == tmp_path / about.NOTICES
    assert str(tmp_path / about.NOTICES) in about.text()
