"""The wizard in German: Qt's own buttons, the pages' words, and the saved language choice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWizard

from plandocket_desktop import i18n
from plandocket_desktop.ui import language
from plandocket_desktop.ui.wizard import ImportWizard


@pytest.fixture
def german(qapp):
    translators = []
    i18n.setup("de")
    translators = language.load_qt_translations(qapp, "de")
    yield
    for translator in translators:
        QApplication.removeTranslator(translator)
    i18n.setup("en")


def _settings(tmp_path):
    return QSettings(str(tmp_path / "desktop.ini"), QSettings.Format.IniFormat)


def test_qt_catalogue_gives_german_wizard_buttons(qapp, german):
    assert QApplication.translate("QWizard", "&Next >") == "&Weiter >"
    assert QApplication.translate("QWizard", "< &Back") == "< &Zurück"


def test_wizard_speaks_german(qtbot, tmp_path, german):
    wizard = ImportWizard(settings=_settings(tmp_path))
    qtbot.addWidget(wizard)
    assert wizard.connect_page.title() == "Mit PlanDocket verbinden"
    assert wizard.button(QWizard.WizardButton.FinishButton).text() == "Sch&ließen"
    assert wizard.button(QWizard.WizardButton.CustomButton1).text() == "&Sprache"
    assert wizard.page(1).title() == "Datei auswählen"


def test_language_menu_saves_the_choice_for_the_next_start(qtbot, tmp_path, monkeypatch):
    notices = []
    monkeypatch.setattr(language, "show_restart_notice", notices.append)
    settings = _settings(tmp_path)
    wizard = ImportWizard(settings=settings)
    qtbot.addWidget(wizard)
    menu = wizard.language_menu
    assert menu.actions[language.SYSTEM].isChecked()
    menu.actions["de"].trigger()
    assert settings.value(language.LANGUAGE_KEY) == "de"
    assert notices == [wizard]
    assert language.saved_language(_settings(tmp_path)) == "de"
    assert i18n.choose_language(None, saved=language.saved_language(settings), environ={}) == "de"
    menu.actions[language.SYSTEM].trigger()
    assert language.saved_language(_settings(tmp_path)) is None
