"""Page 1, Connect: the PlanDocket address and API key, or practice mode with sample data."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWizardPage

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import style
from plandocket_desktop.ui.compat import override
from plandocket_desktop.ui.pages._connection import (
    IMPORT_SCOPES,
    TEST_FIRST,
    ConnectTask,
    PracticeTask,
    Restored,
    adopt,
    describe_check,
    discard,
    release,
    restore,
    usable,
)
from plandocket_desktop.ui.state import WizardState
from plandocket_desktop.ui.widgets.connection_form import ConnectionForm
from plandocket_desktop.ui.widgets.practice_card import PracticeCard

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from plandocket_desktop.ui import threads

# With restore_after_paint: read the keyring this long after the page was opened even if the
# window was never painted (e.g. started minimised).
RESTORE_AT_LATEST_MS = 500


class ConnectPage(QWizardPage):
    """Signals: practice_changed(bool) — practice mode switched on or off.

    ``restore_after_paint``: start reading the saved key (a worker thread that imports and
    opens the keyring) only once the page was painted, so that the window appears first; the
    wizard uses it. Otherwise the reading starts in ``initializePage``.
    """

    practice_changed = Signal(bool)

    def __init__(
        self,
        state: WizardState,
        *,
        settings: QSettings | None = None,
        credentials: Any = None,
        practice_db: Path | None = None,
        restore_after_paint: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("connectPage")
        self.setTitle(_("Connect to PlanDocket"))
        self.setSubTitle(
            _(
                "Tell the importer which PlanDocket to use. You only need to do this once; "
                "or try everything first with sample data."
            )
        )
        self._state = state
        self._settings = settings
        self._credentials = credentials
        self._practice_db = practice_db
        self._connection: threads.Connection | None = None
        self._initialised = False
        self._keyring_missing = False
        self._restore_after_paint = restore_after_paint
        self._restore_tenant: str | None = None  # set while the restore waits for a paint
        # The background tasks (and the threads package) are made when first used: the window
        # opens without them.
        self._task: threads.BackgroundTask | None = None  # connection check, practice start
        self._restore_task: threads.BackgroundTask | None = None  # reading the saved key
        self._build()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = style.page_layout(self)
        self.practice_banner = style.PracticeBanner(self)
        layout.addWidget(self.practice_banner)

        form = ConnectionForm(self)
        self.tenant_edit = form.tenant_edit
        self.api_key_edit = form.api_key_edit
        self.show_key_button = form.show_key_button
        self.remember_key_check = form.remember_key_check
        self._form = form
        layout.addWidget(form)

        buttons = QHBoxLayout()
        self.test_button = QPushButton(_("&Test connection"), self)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.setToolTip(_("Check the address and the key with PlanDocket"))
        self.test_button.setDefault(False)
        self.forget_button = QPushButton(_("&Forget key"), self)
        self.forget_button.setObjectName("forgetKeyButton")
        self.forget_button.setToolTip(_("Remove the saved key for this address from this computer"))
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.busy = style.BusyIndicator("", self)
        layout.addWidget(self.busy)
        self.status_bar = style.MessageBar(self)
        self.status_bar.setObjectName("connectionStatus")
        layout.addWidget(self.status_bar)

        card = PracticeCard(self)
        self.practice_button = card.practice_button
        self.leave_practice_button = card.leave_practice_button
        self._practice_card = card
        layout.addSpacing(8)
        layout.addWidget(card)
        layout.addStretch(1)

        self.tenant_edit.textEdited.connect(self._on_input_edited)
        self.api_key_edit.textEdited.connect(self._on_input_edited)
        self.api_key_edit.returnPressed.connect(self._on_test_clicked)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.forget_button.clicked.connect(self._on_forget_clicked)
        self.practice_button.clicked.connect(self._on_practice_clicked)
        self.leave_practice_button.clicked.connect(self._on_leave_practice_clicked)
        self._update_controls()

    # --- QWizardPage --------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        if self._initialised:
            return
        self._initialised = True
        tenant = str(self._settings.value("connect/tenant", "") or "") if self._settings else ""
        if tenant and not self.tenant_edit.text():
            self.tenant_edit.setText(tenant)
        (self.api_key_edit if tenant else self.tenant_edit).setFocus()
        # Opening the OS keyring can take a moment (D-Bus, plugins): do it in the background.
        self._restore_tenant = tenant
        if self._restore_after_paint:
            QTimer.singleShot(RESTORE_AT_LATEST_MS, self, self._start_restore)
        else:
            self._start_restore()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._restore_tenant is not None:
            QTimer.singleShot(0, self, self._start_restore)

    @override
    def cleanupPage(self) -> None:
        """Keep what the user typed when they come back."""

    @override
    def isComplete(self) -> bool:
        return self._connection is not None and not self.is_busy

    @override
    def validatePage(self) -> bool:
        if self._connection is None:
            return False
        if self._settings is not None and self._connection.sandbox is None:
            self._settings.setValue("connect/tenant", self._connection.tenant)
        return True

    # --- actions (also used by the wizard and tests) ------------------------------------

    @property
    def connection(self) -> threads.Connection | None:
        return self._connection

    @property
    def is_busy(self) -> bool:
        return self._task is not None and self._task.busy

    @property
    def credentials(self) -> Any:
        return self._credentials

    @property
    def practice_active(self) -> bool:
        return self._connection is not None and self._connection.sandbox is not None

    def test_connection(self) -> None:
        tenant = self.tenant_edit.text().strip()
        key = self.api_key_edit.text().strip()
        if not tenant:
            self.status_bar.show_message("error", _("Enter your PlanDocket address first."))
            self.tenant_edit.setFocus()
            return
        if not key:
            self.status_bar.show_message(
                "error", _("Enter the API key first (PlanDocket, Settings > API).")
            )
            self.api_key_edit.setFocus()
            return
        self._drop_connection()
        self.status_bar.clear()
        self.busy.start(_("Checking the address and the key…"))
        remember = self.remember_key_check.isChecked()
        credentials = self._credentials
        self._connect_task().start(
            ConnectTask(tenant, key, credentials if remember else None, remember)
        )

    def start_practice(self) -> None:
        if self.practice_active or self.is_busy:
            return
        self._drop_connection()
        self.status_bar.clear()
        self.busy.start(_("Starting the practice server with sample data…"))
        self._connect_task().start(PracticeTask(self._practice_db))

    def leave_practice(self) -> None:
        if not self.practice_active:
            return
        self._drop_connection()
        self.status_bar.show_message(
            "info", _("Practice mode is off. Enter your PlanDocket address and key to go on.")
        )

    def forget_key(self) -> None:
        tenant = self.tenant_edit.text().strip()
        if not tenant or self._credentials is None:
            return
        from plandocket_desktop.core.errors import PlandocketError

        try:
            self._credentials.delete(tenant)
        except PlandocketError as exc:
            self.status_bar.show_message("error", str(exc))
            return
        self.api_key_edit.clear()
        self._drop_connection()
        self.status_bar.show_message("info", _("The saved key was removed from this computer."))

    def disconnect_client(self) -> None:
        """Close the connection (and stop practice mode); the wizard does this at the end."""
        self._drop_connection()

    def shutdown(self) -> None:
        self._restore_tenant = None  # a restore still waiting for a paint does not start
        for task in (self._restore_task, self._task):
            if task is not None:
                task.shutdown()

    # --- slots --------------------------------------------------------------------------

    @Slot()
    def _on_input_edited(self) -> None:
        if self._connection is not None and not self.practice_active:
            self._drop_connection()
            self.status_bar.clear()
        if self._connection is None and not self.is_busy:
            # Next stays off until the key is checked: say so, instead of a silent grey button.
            if self.tenant_edit.text().strip() and self.api_key_edit.text().strip():
                self.status_bar.show_message("info", _(TEST_FIRST))
            elif self.status_bar.text() == _(TEST_FIRST):
                self.status_bar.clear()
        self._update_controls()

    @Slot()
    def _on_test_clicked(self) -> None:
        if not self.is_busy:
            self.test_connection()

    @Slot()
    def _on_forget_clicked(self) -> None:
        self.forget_key()

    @Slot()
    def _on_practice_clicked(self) -> None:
        self.start_practice()

    @Slot()
    def _on_leave_practice_clicked(self) -> None:
        self.leave_practice()

    @Slot(object)
    def _on_task_succeeded(self, result: object) -> None:
        from plandocket_desktop.ui import threads

        assert isinstance(result, threads.Connection)
        if not usable(result):
            self.status_bar.show_message(*describe_check(result))
            discard(result)
            self._update_controls()
            self.completeChanged.emit()
            return
        self._connection = result
        adopt(self._state, result, self.api_key_edit.text().strip())
        if result.sandbox is not None:
            from plandocket_desktop.ui import practice

            self.tenant_edit.setText(_(practice.PRACTICE_LABEL))
            self.api_key_edit.clear()
            self.practice_changed.emit(True)
        self.status_bar.show_message(*describe_check(result))
        self._update_controls()
        self.completeChanged.emit()

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        self.status_bar.show_message("error", message)
        self._update_controls()
        self.completeChanged.emit()

    @Slot(bool)
    def _on_task_busy_changed(self, busy: bool) -> None:
        if not busy:
            self.busy.stop()
        self._update_controls()
        self.completeChanged.emit()

    # --- helpers ------------------------------------------------------------------------

    @Slot(object)
    def _on_restore_task_succeeded(self, result: object) -> None:
        assert isinstance(result, Restored)
        self._credentials = result.store
        if not result.available:
            self._keyring_missing = True
            self._form.show_no_password_store()
        typed = self.api_key_edit.text().strip()
        idle = self._connection is None and not self.is_busy
        same_tenant = self.tenant_edit.text().strip() == result.tenant
        if result.key and not typed and idle and same_tenant:
            self.api_key_edit.setText(result.key)
            self.test_connection()  # a returning user only has to press Next
        self._update_controls()

    @property
    def is_restoring(self) -> bool:
        task = self._restore_task
        return self._restore_tenant is not None or (task is not None and task.busy)

    @Slot()
    def _start_restore(self) -> None:
        tenant, self._restore_tenant = self._restore_tenant, None
        if tenant is None:
            return
        if self._restore_task is None:
            from plandocket_desktop.ui import threads

            self._restore_task = threads.BackgroundTask(self)
            self._restore_task.succeeded.connect(self._on_restore_task_succeeded)
        self._restore_task.start(functools.partial(restore, self._credentials, tenant))

    def _connect_task(self) -> threads.BackgroundTask:
        if self._task is None:
            from plandocket_desktop.ui import threads

            self._task = threads.BackgroundTask(self, discard=discard)
            self._task.succeeded.connect(self._on_task_succeeded)
            self._task.failed.connect(self._on_task_failed)
            self._task.busy_changed.connect(self._on_task_busy_changed)
        return self._task

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        was_practice = connection.sandbox is not None
        discard(connection)
        release(self._state)
        if was_practice:
            self.tenant_edit.setText(
                str(self._settings.value("connect/tenant", "") or "") if self._settings else ""
            )
            self.practice_changed.emit(False)
        self._update_controls()
        self.completeChanged.emit()

    def _update_controls(self) -> None:
        busy = self.is_busy
        in_practice = self.practice_active
        self.practice_banner.setVisible(in_practice)
        self._form.set_editable(not busy and not in_practice, remember=not self._keyring_missing)
        has_input = bool(self.tenant_edit.text().strip())
        self.test_button.setEnabled(not busy and not in_practice)
        self.forget_button.setEnabled(
            not busy and not in_practice and has_input and self._credentials is not None
        )
        self._practice_card.show_state(in_practice=in_practice, busy=busy)


__all__ = ["IMPORT_SCOPES", "RESTORE_AT_LATEST_MS", "ConnectPage", "describe_check", "usable"]
