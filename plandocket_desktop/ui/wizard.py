"""The import wizard: one window, seven pages, one shared WizardState.

Only the Connect page is built when the window opens. Every other page holds its place with a
``PendingPage`` (same id and objectName) and is built, with its module imported, once the
window has been painted: a small step at a time in idle moments (``WARM_UP_GAP_MS`` apart, no
step much over 10 ms here), so the window stays responsive and Next finds its page ready. A
page needed sooner (Next, a dropped file, ``page_by_id``, ``file_page`` …) is built on the
spot. That keeps the cold start close to a bare Qt window.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSettings, QSize, QTimer, Slot
from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from plandocket_desktop import APP_NAME
from plandocket_desktop.i18n import _
from plandocket_desktop.ui import language, resume_check, style, wizard_pages
from plandocket_desktop.ui.compat import override
from plandocket_desktop.ui.pages.connect import ConnectPage
from plandocket_desktop.ui.resume_check import JOURNAL_FILE
from plandocket_desktop.ui.settings import (
    SETTINGS_FILE,
    open_settings,
    restore_geometry,
    save_geometry,
)
from plandocket_desktop.ui.state import WizardState
from plandocket_desktop.ui.wizard_pages import (
    DROP_PAGES,
    PAGE_MODULES,
    PENDING,
    WARM_UP_GAP_MS,
    PageId,
    PendingPage,
)

if TYPE_CHECKING:
    from PySide6.QtGui import (
        QDragEnterEvent,
        QDragMoveEvent,
        QDropEvent,
        QKeyEvent,
        QPaintEvent,
    )
    from PySide6.QtWidgets import QPushButton

    from plandocket_desktop.ui.pages.columns import ColumnsPage
    from plandocket_desktop.ui.pages.file import FilePage
    from plandocket_desktop.ui.pages.target import TargetPage

log = logging.getLogger(__name__)


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
        self._profiles = profiles  # None: the real store, opened with the Columns page
        self._closed = False
        self._resume_check: Any = None
        self._warm_up: list[Callable[[], object]] | None = None  # set at the first paint
        self._advance_after_practice = False

        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(style.app_icon())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Close"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("&Cancel"))
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)
        from plandocket_desktop.ui import about

        self.help_menu = about.install_menu(
            cast("QPushButton", self.button(QWizard.WizardButton.HelpButton)), self
        )
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(820, 600))
        self.setPixmap(
            QWizard.WizardPixmap.LogoPixmap, style.app_logo(40, self.devicePixelRatioF())
        )

        self.connect_page = ConnectPage(
            self.state,
            settings=self.settings,
            credentials=credentials,
            practice_db=practice_db,
            restore_after_paint=True,
        )
        self.setPage(PageId.CONNECT, self.connect_page)
        for page_id, (object_name, title) in PENDING.items():
            self.setPage(page_id, PendingPage(object_name, title))
        self.setStartId(PageId.CONNECT)

        self.connect_page.practice_changed.connect(self._on_connect_page_practice_changed)
        self.connect_page.completeChanged.connect(self._on_connect_page_complete_changed)
        self.language_menu = language.add_language_menu(self, self.settings)
        restore_geometry(self, self.settings)

    @property
    def profiles(self) -> Any:
        """The profile store (opened when first needed)."""
        if self._profiles is None:
            from plandocket_desktop.core import mapping

            self._profiles = mapping.ProfileStore()
        return self._profiles

    @property
    def file_page(self) -> FilePage:
        return cast("FilePage", self.page_by_id(PageId.FILE))

    @property
    def target_page(self) -> TargetPage:
        return cast("TargetPage", self.page_by_id(PageId.TARGET))

    @property
    def columns_page(self) -> ColumnsPage:
        return cast("ColumnsPage", self.page_by_id(PageId.COLUMNS))

    def page_by_id(self, page_id: PageId) -> QWizardPage:
        """The page with this id, built now if it was not yet."""
        page = self.page(page_id)
        if not isinstance(page, PendingPage):
            return page
        built = self._build_page(page_id)
        self.removePage(page_id)
        page.deleteLater()
        self.setPage(page_id, built)
        return built

    def _build_page(self, page_id: PageId) -> QWizardPage:
        return wizard_pages.build_page(
            page_id, self.state, settings=self.settings, profiles=lambda: self.profiles
        )

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

    def check_for_unfinished_import(self) -> None:
        """At start: look for an interrupted import off the GUI thread; offer it if found.

        Without a journal there is nothing to resume, and nothing is imported or opened.
        """
        if self._closed or not resume_check.journal_exists():
            return
        from plandocket_desktop.ui import threads

        task = threads.BackgroundTask(self)
        task.succeeded.connect(self._on_resume_check_succeeded)
        self._resume_check = task
        task.start(resume_check.has_unfinished_import)

    def offer_resume(self) -> bool:
        """Offer an interrupted import (the Import page's helper asks the user)."""
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

    # --- QWizard / QDialog ----------------------------------------------------------------

    @override
    def validateCurrentPage(self) -> bool:
        """Also builds the next page, before QWizard goes there (Next, or ``next()``)."""
        if not super().validateCurrentPage():
            return False
        next_id = self.nextId()
        if next_id in PENDING:
            self.page_by_id(PageId(next_id))
        return True

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter is Next and Finish, but never "Send": sending takes its own button or Alt+N."""
        from PySide6.QtCore import Qt

        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.currentId() == PageId.REVIEW:
            event.accept()
            return
        super().keyPressEvent(event)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._warm_up is None:
            self._warm_up = self._warm_up_steps()
            QTimer.singleShot(WARM_UP_GAP_MS, self, self._on_warm_up_timeout)

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
            if self._resume_check is not None:
                self._resume_check.shutdown()
            self.connect_page.disconnect_client()  # closes the client, stops practice mode
            save_geometry(self, self.settings)
        super().done(result)

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._take_drag(event)

    @override
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._take_drag(event)

    def _take_drag(self, event: QDragMoveEvent) -> None:
        """Accept a dragged local file while the user is still choosing what to import."""
        from plandocket_desktop.ui.widgets.drop_area import local_file

        if self.currentId() in DROP_PAGES and local_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        from plandocket_desktop.ui.widgets.drop_area import local_file

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
        ratio = self.devicePixelRatioF()
        logo = style.practice_badge(ratio) if practice else style.app_logo(40, ratio)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, logo)
        title = _("{app} — Practice mode").format(app=APP_NAME) if practice else APP_NAME
        self.setWindowTitle(title)

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

    @Slot(object)
    def _on_resume_check_succeeded(self, found: object) -> None:
        if found and not self._closed:
            self.offer_resume()

    @Slot()
    def _on_warm_up_timeout(self) -> None:
        if self._closed or not self._warm_up:
            return
        step = self._warm_up.pop(0)
        try:
            step()
        except Exception:  # a page that cannot be built now is built (or explained) when needed
            log.exception("building a page ahead failed")
        if self._warm_up:
            QTimer.singleShot(WARM_UP_GAP_MS, self, self._on_warm_up_timeout)

    # --- helpers ------------------------------------------------------------------------

    def _warm_up_steps(self) -> list[Callable[[], object]]:
        """Small steps that import and build the pending pages, in the order they come."""
        return wizard_pages.warm_up_steps(self.page_by_id)


__all__ = [
    "DROP_PAGES",
    "JOURNAL_FILE",
    "PAGE_MODULES",
    "PENDING",
    "SETTINGS_FILE",
    "WARM_UP_GAP_MS",
    "ImportWizard",
    "PageId",
    "PendingPage",
    "open_settings",
]
