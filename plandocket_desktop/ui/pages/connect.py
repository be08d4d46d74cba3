"""Page 1, Connect: the PlanDocket address and API key, or practice mode with sample data."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWizardPage,
)

from plandocket_desktop.ui import style
from plandocket_desktop.ui.compat import override
from plandocket_desktop.ui.state import WizardState

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from plandocket_desktop.ui import threads

IMPORT_SCOPES = ("contacts", "participants")
# With restore_after_paint: read the keyring this long after the page was opened even if the
# window was never painted (e.g. started minimised).
RESTORE_AT_LATEST_MS = 500
# Shown once an address and a key are typed but not yet checked.
TEST_FIRST = (
    "Press “Test connection” (or Enter) to check the address and the key. Next works once they do."
)


def usable(connection: threads.Connection) -> bool:
    """A key that can import neither contacts nor participants is no use for going on."""
    missing = set(connection.check.missing)
    return not all(scope in missing for scope in IMPORT_SCOPES)


def describe_check(connection: threads.Connection) -> tuple[str, str]:
    """The (kind, sentence) shown after the key was checked."""
    check = connection.check
    if connection.sandbox is not None:
        text = "Connected to the practice server. Everything is ready: press Next."
    elif not check.missing:
        text = f"Connected to {connection.host}. Everything is ready: press Next."
    else:
        text = check.message
    kind = "success" if not check.missing else ("warning" if usable(connection) else "error")
    if connection.key_saved is True:
        text += " The key is saved securely on this computer."
    elif connection.key_saved is False:
        text += " " + (
            connection.key_note
            or "This computer has no password store, so the key "
            "is kept only until you close the program."
        )
    return kind, text


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
        self.setTitle("Connect to PlanDocket")
        self.setSubTitle(
            "Tell the importer which PlanDocket to use. You only need to do this once; "
            "or try everything first with sample data."
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

        self.tenant_edit = QLineEdit(self)
        self.tenant_edit.setObjectName("tenantEdit")
        self.tenant_edit.setPlaceholderText("acme   or   https://acme.plandocket.com")
        self.tenant_edit.setToolTip(
            "Your company's name in PlanDocket, or the address you open in the browser."
        )
        self.tenant_edit.setClearButtonEnabled(True)

        self.api_key_edit = QLineEdit(self)
        self.api_key_edit.setObjectName("apiKeyEdit")
        self.api_key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key_edit.setPlaceholderText("Paste the key here")
        self.api_key_edit.setToolTip("The API key from PlanDocket, Settings > API.")
        self.show_key_button = QToolButton(self)
        self.show_key_button.setObjectName("showKeyButton")
        self.show_key_button.setText("Show")
        self.show_key_button.setCheckable(True)
        self.show_key_button.setToolTip("Show or hide the key while you type it")
        key_row = QHBoxLayout()
        key_row.setSpacing(6)
        key_row.addWidget(self.api_key_edit, 1)
        key_row.addWidget(self.show_key_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(14)
        form.setHorizontalSpacing(14)
        tenant_label = QLabel("PlanDocket &address:", self)
        tenant_label.setBuddy(self.tenant_edit)
        form.addRow(
            tenant_label,
            style.with_hint(
                self.tenant_edit,
                "Your company's name in PlanDocket (for example acme), or the address you "
                "open in your browser (https://acme.plandocket.com).",
                self,
            ),
        )
        key_label = QLabel("API &key:", self)
        key_label.setBuddy(self.api_key_edit)
        form.addRow(
            key_label,
            style.with_hint(
                key_row,
                "The key lets this app add people to PlanDocket for you. An administrator "
                "creates it in PlanDocket under Settings > API, with the permissions "
                "“contacts”, “participants” and “events”.",
                self,
            ),
        )
        self.remember_key_check = QCheckBox(
            "&Remember the key on this computer (kept in the system's password store)", self
        )
        self.remember_key_check.setObjectName("rememberKeyCheck")
        self.remember_key_check.setChecked(True)
        form.addRow("", self.remember_key_check)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.test_button = QPushButton("&Test connection", self)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.setToolTip("Check the address and the key with PlanDocket")
        self.test_button.setDefault(False)
        self.forget_button = QPushButton("&Forget key", self)
        self.forget_button.setObjectName("forgetKeyButton")
        self.forget_button.setToolTip("Remove the saved key for this address from this computer")
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.busy = style.BusyIndicator("", self)
        layout.addWidget(self.busy)
        self.status_bar = style.MessageBar(self)
        self.status_bar.setObjectName("connectionStatus")
        layout.addWidget(self.status_bar)

        card = style.Card(self)
        card.setObjectName("practiceCard")
        card.layout_.addWidget(style.heading("New here? Try it out first", card))
        card.layout_.addWidget(
            style.fixed_hint(
                "Practice mode runs a small PlanDocket on this computer with sample events "
                "and people. Nothing you do there reaches your real PlanDocket, and you need "
                "no address or key.",
                card,
            )
        )
        self.practice_button = QPushButton("&Practise with sample data", card)
        self.practice_button.setObjectName("practiceModeButton")
        self.practice_button.setToolTip("Start practice mode: no address or key needed")
        self.practice_button.setIcon(style.app_icon())
        style.bigger(self.practice_button, 1.2)
        self.practice_button.setIconSize(QSize(28, 28))
        self.practice_button.setMinimumHeight(self.practice_button.sizeHint().height() + 14)
        self.practice_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.leave_practice_button = QPushButton("&Leave practice mode", card)
        self.leave_practice_button.setObjectName("leavePracticeButton")
        self.leave_practice_button.hide()
        practice_row = QHBoxLayout()
        practice_row.addWidget(self.practice_button)
        practice_row.addWidget(self.leave_practice_button)
        practice_row.addStretch(1)
        card.layout_.addLayout(practice_row)
        layout.addSpacing(8)
        layout.addWidget(card)
        layout.addStretch(1)

        self.tenant_edit.textEdited.connect(self._on_input_edited)
        self.api_key_edit.textEdited.connect(self._on_input_edited)
        self.api_key_edit.returnPressed.connect(self._on_test_clicked)
        self.show_key_button.toggled.connect(self._on_show_key_toggled)
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
            self.status_bar.show_message("error", "Enter your PlanDocket address first.")
            self.tenant_edit.setFocus()
            return
        if not key:
            self.status_bar.show_message(
                "error", "Enter the API key first (PlanDocket, Settings > API)."
            )
            self.api_key_edit.setFocus()
            return
        self._drop_connection()
        self.status_bar.clear()
        self.busy.start("Checking the address and the key…")
        remember = self.remember_key_check.isChecked()
        credentials = self._credentials
        self._connect_task().start(
            _ConnectTask(tenant, key, credentials if remember else None, remember)
        )

    def start_practice(self) -> None:
        if self.practice_active or self.is_busy:
            return
        self._drop_connection()
        self.status_bar.clear()
        self.busy.start("Starting the practice server with sample data…")
        self._connect_task().start(_PracticeTask(self._practice_db))

    def leave_practice(self) -> None:
        if not self.practice_active:
            return
        self._drop_connection()
        self.status_bar.show_message(
            "info", "Practice mode is off. Enter your PlanDocket address and key to go on."
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
        self.status_bar.show_message("info", "The saved key was removed from this computer.")

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
                self.status_bar.show_message("info", TEST_FIRST)
            elif self.status_bar.text() == TEST_FIRST:
                self.status_bar.clear()
        self._update_controls()

    @Slot(bool)
    def _on_show_key_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.api_key_edit.setEchoMode(mode)
        self.show_key_button.setText("Hide" if shown else "Show")

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
            self._discard(result)
            self._update_controls()
            self.completeChanged.emit()
            return
        self._connection = result
        state = self._state
        state.client = result.client
        state.sandbox = result.sandbox
        state.api_key = self.api_key_edit.text().strip() if result.sandbox is None else None
        state.draft.tenant = result.tenant
        state.draft.practice = result.sandbox is not None
        state.missing_scopes = tuple(result.check.missing)
        if result.sandbox is not None:
            state.api_key = result.sandbox.api_key
            from plandocket_desktop.ui import practice

            self.tenant_edit.setText(practice.PRACTICE_LABEL)
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
        assert isinstance(result, _Restored)
        self._credentials = result.store
        if not result.available:
            self._keyring_missing = True
            self.remember_key_check.setChecked(False)
            self.remember_key_check.setText(
                "This computer has no password store, so the key is kept only until you "
                "close the app; you will need to enter it again next time."
            )
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
        self._restore_task.start(functools.partial(_restore, self._credentials, tenant))

    def _connect_task(self) -> threads.BackgroundTask:
        if self._task is None:
            from plandocket_desktop.ui import threads

            self._task = threads.BackgroundTask(self, discard=self._discard)
            self._task.succeeded.connect(self._on_task_succeeded)
            self._task.failed.connect(self._on_task_failed)
            self._task.busy_changed.connect(self._on_task_busy_changed)
        return self._task

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        was_practice = connection.sandbox is not None
        self._discard(connection)
        state = self._state
        state.client = None
        state.sandbox = None
        state.api_key = None
        state.missing_scopes = ()
        state.draft.practice = False
        if was_practice:
            self.tenant_edit.setText(
                str(self._settings.value("connect/tenant", "") or "") if self._settings else ""
            )
            self.practice_changed.emit(False)
        self._update_controls()
        self.completeChanged.emit()

    def _discard(self, result: object) -> None:
        from plandocket_desktop.ui import threads

        if isinstance(result, threads.Connection):
            result.close()
            if result.sandbox is not None:
                result.sandbox.stop()

    def _update_controls(self) -> None:
        busy = self.is_busy
        in_practice = self.practice_active
        self.practice_banner.setVisible(in_practice)
        for widget in (self.tenant_edit, self.api_key_edit, self.show_key_button):
            widget.setEnabled(not busy and not in_practice)
        self.remember_key_check.setEnabled(
            not busy and not in_practice and not self._keyring_missing
        )
        has_input = bool(self.tenant_edit.text().strip())
        self.test_button.setEnabled(not busy and not in_practice)
        self.forget_button.setEnabled(
            not busy and not in_practice and has_input and self._credentials is not None
        )
        self.practice_button.setEnabled(not busy and not in_practice)
        self.practice_button.setVisible(not in_practice)
        self.leave_practice_button.setVisible(in_practice)
        self.leave_practice_button.setEnabled(not busy)


@dataclass
class _Restored:
    store: Any
    available: bool
    tenant: str
    key: str | None


def _restore(store: Any, tenant: str) -> _Restored:
    """Open the keyring and read the saved key (runs on a worker thread)."""
    if store is None:
        from plandocket_desktop.core import api

        store = api.CredentialStore()
    key: str | None = None
    if tenant:
        try:
            key = store.get(tenant)
        except Exception:  # a broken keyring must not stop the app; the user types the key
            key = None
    return _Restored(store, store.available(), tenant, key)


class _ConnectTask:
    """Callable run on the worker thread (a class, not a lambda, so it holds no page)."""

    def __init__(self, tenant: str, key: str, credentials: Any, remember: bool) -> None:
        self._tenant = tenant
        self._key = key
        self._credentials = credentials
        self._remember = remember

    def __call__(self) -> threads.Connection:
        from plandocket_desktop.ui import threads

        return threads.connect(
            self._tenant, self._key, credentials=self._credentials, remember=self._remember
        )

    @override
    def __repr__(self) -> str:  # never show the key
        return f"_ConnectTask(tenant={self._tenant!r})"


class _PracticeTask:
    def __init__(self, db_path: Path | None) -> None:
        self._db_path = db_path

    def __call__(self) -> threads.Connection:
        from plandocket_desktop.ui import practice

        return practice.connect(self._db_path)
