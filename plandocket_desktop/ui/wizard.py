"""The import wizard: one window, seven pages, one shared WizardState."""

from __future__ import annotations

import importlib
import logging
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Slot
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage
from typing_extensions import override

from plandocket_desktop import APP_NAME
from plandocket_desktop.core import paths
from plandocket_desktop.ui import style
from plandocket_desktop.ui.pages.columns import ColumnsPage
from plandocket_desktop.ui.pages.connect import ConnectPage
from plandocket_desktop.ui.pages.file import FilePage, local_file
from plandocket_desktop.ui.pages.target import TargetPage
from plandocket_desktop.ui.state import WizardState

log = logging.getLogger(__name__)

SETTINGS_FILE = "desktop.ini"


class PageId(IntEnum):
    """The wizard's pages, in order; also their ids in the QWizard."""

    CONNECT = 0
    FILE = 1
    TARGET = 2
    COLUMNS = 3
    REVIEW = 4
    IMPORT = 5
    RESULTS = 6


# Pages built elsewhere: (page id, module, class, objectName, title of the stand-in page)
OTHER_PAGES = (
    (PageId.REVIEW, "plandocket_desktop.ui.pages.review", "ReviewPage", "reviewPage", "Review"),
    (PageId.IMPORT, "plandocket_desktop.ui.pages.importing", "ImportPage", "importPage", "Import"),
    (
        PageId.RESULTS,
        "plandocket_desktop.ui.pages.results",
        "ResultsPage",
        "resultsPage",
        "Results",
    ),
)

# Drops are taken while the user is still choosing what to import.
DROP_PAGES = (PageId.CONNECT, PageId.FILE, PageId.TARGET, PageId.COLUMNS, PageId.REVIEW)


def open_settings() -> QSettings:
    """The app's settings, in an INI file in the config folder (PLANDOCKET_HOME for tests)."""
    return QSettings(str(paths.config_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


class PlaceholderPage(QWizardPage):
    """Stands in for a page that is not part of this build."""

    def __init__(self, state: WizardState, object_name: str, title: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setTitle(title)
        self.setSubTitle("This step is not available in this version.")
        self._state = state
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nothing to do here yet.", self))
        layout.addStretch(1)


class ImportWizard(QWizard):
    """The main window. Pages get the one ``WizardState`` in their constructor.

    Collaborators are passed in (tests give an isolated settings file, keyring and profile
    folder); None builds the real ones.
    """

    def __init__(
        self,
        state: WizardState | None = None,
        *,
        settings: QSettings | None = None,
        credentials: Any = None,
        profiles: Any = None,
        practice_db: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.state = state if state is not None else WizardState()
        self.settings = settings if settings is not None else open_settings()
        if profiles is None:
            from plandocket_desktop.core import profiles as profiles_module

            profiles = profiles_module.ProfileStore()
        self.profiles = profiles
        self._closed = False
        self._advance_after_practice = False

        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(style.app_icon())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Close")
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(820, 600))
        self.setPixmap(
            QWizard.WizardPixmap.LogoPixmap, style.app_logo(40, self.devicePixelRatioF())
        )

        self.connect_page = ConnectPage(
            self.state, settings=self.settings, credentials=credentials, practice_db=practice_db
        )
        self.file_page = FilePage(self.state, settings=self.settings)
        self.target_page = TargetPage(self.state, settings=self.settings)
        self.columns_page = ColumnsPage(self.state, profiles=profiles)
        self.setPage(PageId.CONNECT, self.connect_page)
        self.setPage(PageId.FILE, self.file_page)
        self.setPage(PageId.TARGET, self.target_page)
        self.setPage(PageId.COLUMNS, self.columns_page)
        for page_id, module, name, object_name, title in OTHER_PAGES:
            self.setPage(page_id, self._other_page(module, name, object_name, title))
        self.setStartId(PageId.CONNECT)

        self.connect_page.practice_changed.connect(self._on_connect_page_practice_changed)
        self.connect_page.completeChanged.connect(self._on_connect_page_complete_changed)
        self._restore_geometry()

    def _other_page(self, module: str, name: str, object_name: str, title: str) -> QWizardPage:
        try:
            page_class = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            log.info("%s is not available; a stand-in page is used", name)
            return PlaceholderPage(self.state, object_name, title)
        page: QWizardPage = page_class(self.state)
        return page

    # --- what the app and the tests call ------------------------------------------------

    def open_file(self, path: str | Path) -> None:
        """Load a file on the File page (from the command line or a drop on the window)."""
        self.file_page.load_path(path)

    def start_practice(self) -> None:
        """Practice mode, and on to the File page as soon as it is connected."""
        self._advance_after_practice = True
        self.connect_page.start_practice()

    def start_new_import(self) -> None:
        """Another file with the same connection: back to the File page, empty."""
        self.file_page.clear()
        self.restart()
        while self.currentId() < PageId.FILE and self.currentPage().isComplete():
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break

    def offer_resume(self) -> bool:
        """At start: offer an interrupted import (the Import page's helper asks the user)."""
        try:
            module = importlib.import_module("plandocket_desktop.ui.pages.importing")
        except ImportError:
            return False
        offer = getattr(module, "offer_resume", None)
        if not callable(offer) or not offer(self, self.state):
            return False
        draft = self.state.draft
        self.target_page.set_options(draft.options)
        if draft.path is not None:
            self.file_page.load_path(draft.path, sheet=draft.sheet, header_row=draft.header_row)
        if draft.practice:
            self.connect_page.start_practice()
        return True

    @property
    def credentials(self) -> Any:
        """The key store (None until the Connect page opened it in the background)."""
        return self.connect_page.credentials

    def page_by_id(self, page_id: PageId) -> QWizardPage:
        return self.page(page_id)

    # --- QWizard / QDialog ----------------------------------------------------------------

    @override
    def done(self, result: int) -> None:
        if not self._closed:
            self._closed = True
            for page_id in self.pageIds():
                shutdown = getattr(self.page(page_id), "shutdown", None)
                if callable(shutdown):
                    try:
                        shutdown()
                    except Exception:  # one page's trouble must not keep the others running
                        log.exception("shutting down page %s failed", page_id)
            self.connect_page.disconnect_client()  # closes the client, stops practice mode
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.sync()
        super().done(result)

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.currentId() in DROP_PAGES and local_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    @override
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.currentId() in DROP_PAGES and local_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        path = local_file(event.mimeData())
        if path is None or self.currentId() not in DROP_PAGES:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_file(path)
        while self.currentId() > PageId.FILE:
            before = self.currentId()
            self.back()
            if self.currentId() == before:
                break
        if self.currentId() == PageId.CONNECT and self.connect_page.isComplete():
            self.next()

    # --- slots --------------------------------------------------------------------------

    @Slot(bool)
    def _on_connect_page_practice_changed(self, practice: bool) -> None:
        if practice:
            self.setPixmap(
                QWizard.WizardPixmap.LogoPixmap, style.practice_badge(self.devicePixelRatioF())
            )
            self.setWindowTitle(f"{APP_NAME} — Practice mode")
        else:
            self.setPixmap(
                QWizard.WizardPixmap.LogoPixmap, style.app_logo(40, self.devicePixelRatioF())
            )
            self.setWindowTitle(APP_NAME)

    @Slot()
    def _on_connect_page_complete_changed(self) -> None:
        if (
            self._advance_after_practice
            and self.connect_page.practice_active
            and self.connect_page.isComplete()
            and self.currentId() == PageId.CONNECT
        ):
            self._advance_after_practice = False
            self.next()

    # --- helpers ------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(980, 720)
