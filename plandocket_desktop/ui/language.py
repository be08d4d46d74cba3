"""The app's language: chosen before any window is built, Qt's own words loaded with it.

``setup_language`` asks ``i18n`` to choose (``--lang``, ``PLANDOCKET_LANG``, the choice saved
here, the system's UI language) and loads Qt's catalogue for it (``qtbase_de.qm``: "&Weiter >",
"Abbrechen", file dialogs, context menus) before the app's own. ``add_language_menu`` puts a
"Language" button with a menu at the left of the wizard's buttons; a new choice is saved and
takes effect at the next start.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QSettings, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QWizard

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

# QLibraryInfo, QTranslator and QMessageBox are imported where used: importing a Qt class
# sets up all its enums, time the window's start would wait for (English needs none of them).

from plandocket_desktop import i18n
from plandocket_desktop.i18n import _

log = logging.getLogger(__name__)

LANGUAGE_KEY = "ui/language"
SYSTEM = ""  # the saved value that means "as the system"
QT_CATALOGUES = ("qtbase",)
QT_LOCALES = {"de": "de_DE", "en": "en_GB"}


def saved_language(settings: QSettings | None) -> str | None:
    """The language saved in the settings (None: follow the system)."""
    if settings is None:
        return None
    value = settings.value(LANGUAGE_KEY, SYSTEM)
    return value if isinstance(value, str) and value in i18n.LANGUAGES else None


def load_qt_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Install Qt's own catalogues for ``language``; a missing one is logged, never fatal."""
    installed: list[QTranslator] = []
    if language == i18n.SOURCE_LANGUAGE:
        return installed
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(f"{name}_{language}", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("Qt's %s catalogue for %s not found in %s", name, language, folder)
    return installed


def setup_language(
    app: QApplication, requested: str | None = None, settings: QSettings | None = None
) -> str:
    """Choose and load the language for the whole app; returns it (``"en"`` or ``"de"``)."""
    language = i18n.setup(requested, saved=saved_language(settings))
    # Qt's widgets (spin boxes, validators) read and write numbers as the language does, so a
    # typed "2,5" is never parsed with the wrong decimal separator.
    QLocale.setDefault(QLocale(QT_LOCALES.get(language, "en_GB")))
    load_qt_translations(app, language)
    return language


class LanguageMenu(QObject):
    """The "Language" menu of the wizard: system language, Deutsch, English.

    Signals: none; a choice is written to the settings at once.
    """

    def __init__(self, wizard: QWizard, settings: QSettings) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._settings = settings
        self.menu = QMenu(wizard)
        self.menu.setObjectName("languageMenu")
        group = QActionGroup(self.menu)
        current = settings.value(LANGUAGE_KEY, SYSTEM)
        self.actions: dict[str, QAction] = {}
        choices = [(SYSTEM, _("&System language")), *i18n.LANGUAGES.items()]
        for code, label in choices:
            action = QAction(label, self.menu)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[code] = action
        group.triggered.connect(self._on_group_triggered)

    @Slot(QAction)
    def _on_group_triggered(self, action: QAction) -> None:
        self.choose(str(action.data()))

    def choose(self, code: str) -> None:
        """Save ``code`` (``""`` for the system language) and say when it takes effect."""
        if self._settings.value(LANGUAGE_KEY, SYSTEM) == code:
            return
        self._settings.setValue(LANGUAGE_KEY, code)
        self._settings.sync()
        show_restart_notice(self._wizard)


def show_restart_notice(parent: QWizard) -> None:
    """Say that the new language comes with the next start (tests replace this)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(
        parent, _("Language"), _("The new language is used the next time you start the program.")
    )


def add_language_menu(wizard: QWizard, settings: QSettings) -> LanguageMenu:
    """A "Language" button with its menu at the left of the wizard's buttons."""
    menu = LanguageMenu(wizard, settings)
    wizard.setOption(QWizard.WizardOption.HaveCustomButton1, True)
    wizard.setButtonText(QWizard.WizardButton.CustomButton1, _("&Language"))
    button = wizard.button(QWizard.WizardButton.CustomButton1)
    button.setObjectName("languageButton")
    button.setAccessibleName(_("Language"))
    button.setAccessibleDescription(_("Choose the language of the program"))
    if hasattr(button, "setMenu"):
        button.setMenu(menu.menu)
    wizard.setButtonLayout(
        [
            QWizard.WizardButton.CustomButton1,
            QWizard.WizardButton.Stretch,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ]
    )
    return menu
