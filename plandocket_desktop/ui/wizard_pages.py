"""The wizard's pages: their ids, the place-holders of pages not built yet, building one, and
the small warm-up steps that import and build them in idle moments (see ``ui.wizard``)."""

from __future__ import annotations

import contextlib
import functools
import importlib
import threading
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtWidgets import QWizard, QWizardPage

from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui.state import WizardState


class PageId(IntEnum):
    """The wizard's pages, in order; also their ids in the QWizard."""

    CONNECT = 0
    FILE = 1
    TARGET = 2
    COLUMNS = 3
    REVIEW = 4
    IMPORT = 5
    RESULTS = 6


# The pages after Connect, until built: (objectName, title) of the page holding their place.
PENDING = {
    PageId.FILE: ("filePage", N_("Choose the file")),
    PageId.TARGET: ("targetPage", N_("What to import")),
    PageId.COLUMNS: ("columnsPage", N_("Columns")),
    PageId.REVIEW: ("reviewPage", N_("Review")),
    PageId.IMPORT: ("importPage", N_("Import")),
    PageId.RESULTS: ("resultsPage", N_("Results")),
}

# Where each page's class lives (imported when the page is first needed).
PAGE_MODULES = {
    PageId.FILE: "plandocket_desktop.ui.pages.file",
    PageId.TARGET: "plandocket_desktop.ui.pages.target",
    PageId.COLUMNS: "plandocket_desktop.ui.pages.columns",
    PageId.REVIEW: "plandocket_desktop.ui.pages.review",
    PageId.IMPORT: "plandocket_desktop.ui.pages.importing",
    PageId.RESULTS: "plandocket_desktop.ui.pages.results",
}

# After the first paint, the next warm-up step runs this long after the one before.
WARM_UP_GAP_MS = 15

# Drops are taken while the user is still choosing what to import.
DROP_PAGES = (PageId.CONNECT, PageId.FILE, PageId.TARGET, PageId.COLUMNS, PageId.REVIEW)


class PendingPage(QWizardPage):
    """Holds a page's place (its id, objectName and the Next button) until it is built."""

    def __init__(self, object_name: str, title: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setTitle(_(title))


def build_page(
    page_id: PageId, state: WizardState, *, settings: Any, profiles: Callable[[], Any]
) -> QWizardPage:
    """The page with this id, its module imported now (``profiles`` opens the store)."""
    if page_id == PageId.FILE:
        from plandocket_desktop.ui.pages.file import FilePage

        return FilePage(state, settings=settings)
    if page_id == PageId.TARGET:
        from plandocket_desktop.ui.pages.target import TargetPage

        return TargetPage(state, settings=settings, profiles=profiles())
    if page_id == PageId.COLUMNS:
        from plandocket_desktop.ui.pages.columns import ColumnsPage

        return ColumnsPage(state, profiles=profiles())
    if page_id == PageId.REVIEW:
        from plandocket_desktop.ui.pages.review import ReviewPage

        return ReviewPage(state)
    if page_id == PageId.IMPORT:
        from plandocket_desktop.ui.pages.importing import ImportPage

        return ImportPage(state)
    if page_id == PageId.RESULTS:
        from plandocket_desktop.ui.pages.results import ResultsPage

        return ResultsPage(state)
    raise ValueError(f"no page with id {page_id}")


def warm_up_steps(page_by_id: Callable[[PageId], object]) -> list[Callable[[], object]]:
    """Small steps that import and build the pending pages, in the order they come."""
    from PySide6 import QtCore, QtWidgets

    # The core modules behind the later pages (pyarrow, pandas through it, the checks: 0.3-0.6 s
    # of module code) are imported on a thread of their own; the pages are built once it is
    # done, so that no step waits for an import, even while a big file is being read.
    preload = threading.Thread(target=_import_later_modules, name="import-ahead")
    steps: list[Callable[[], object]] = []

    def start_preload() -> None:
        # ui.threads' Qt classes are made on the GUI thread, after the first paint (~2 ms).
        importlib.import_module("plandocket_desktop.ui.threads")
        preload.start()

    def wait_for_preload() -> None:
        if preload.is_alive():
            steps.insert(0, wait_for_preload)  # look again after the next gap

    steps += [
        start_preload,
        # What every later page uses and each takes a few ms to set up on first use:
        # the Qt namespace (PySide builds its ~90 enums, ~10 ms), typing_extensions, QStyle.
        functools.partial(getattr, QtCore, "Qt"),
        functools.partial(importlib.import_module, "typing_extensions"),
        functools.partial(getattr, QtWidgets, "QStyle"),
        wait_for_preload,
    ]
    for page_id in PENDING:
        steps.append(functools.partial(_import_ahead, PAGE_MODULES[page_id]))
        steps.append(functools.partial(page_by_id, page_id))
    return steps


def _import_later_modules() -> None:
    from plandocket_desktop.ui.threads import import_later_modules  # imported by start_preload

    import_later_modules()


def _import_ahead(module: str) -> None:
    """Import a page's module before it is needed; a missing one is dealt with when built."""
    with contextlib.suppress(ImportError):
        importlib.import_module(module)


def page_named(wizard: QWizard, name: str) -> QWizardPage | None:
    """The wizard's page with this objectName (built or holding its place), if any."""
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        if page is not None and page.objectName() == name:
            return page
    return None
