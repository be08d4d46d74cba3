"""The Connect page against the real sandbox: good, wrong and restricted keys, practice mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from plandocket_desktop.core.api import _credentials as credentials_module
from plandocket_desktop.ui import practice, wizard
from plandocket_desktop.ui.pages.connect import ConnectPage
from tests import key_hygiene
from tests.conftest import CONTACTS_ONLY_KEY, EVENTS_ONLY_KEY, SANDBOX_KEY


@pytest.fixture
def settings(app_home: Path) -> QSettings:
    """The app's own settings file, in the test's home (where the key search looks)."""
    return wizard.open_settings()


@pytest.fixture
def hygiene(app_home: Path) -> Iterator[key_hygiene.Watch]:
    with key_hygiene.watching(app_home) as watch:
        yield watch


@pytest.fixture
def make_page(qtbot, state, settings, credentials):
    pages: list[ConnectPage] = []

    def make(store=credentials) -> ConnectPage:
        # The practice database where the app keeps it (the data folder), so it is searched.
        page = ConnectPage(
            state, settings=settings, credentials=store, practice_db=practice.database_path()
        )
        qtbot.addWidget(page)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.shutdown()
        page.disconnect_client()


def connect_with(qtbot, page: ConnectPage, tenant: str, key: str) -> None:
    page.tenant_edit.setText(tenant)
    page.api_key_edit.setText(key)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_busy and page.status_bar.kind != "", timeout=10000)


def test_good_key_connects_saves_key_and_enables_next(
    qtbot, make_page, sandbox, state, settings, memory_keyring, hygiene
):
    page = make_page()
    connect_with(qtbot, page, sandbox.base_url, SANDBOX_KEY)

    assert page.status_bar.kind == "success"
    assert page.isComplete()
    assert state.client is not None
    assert state.api_key == SANDBOX_KEY
    assert SANDBOX_KEY in memory_keyring.passwords.values()
    assert "saved securely" in page.status_bar.text()
    assert page.validatePage()
    assert settings.value("connect/tenant") == sandbox.base_url
    settings_file = Path(settings.fileName())
    hygiene.assert_key_nowhere(SANDBOX_KEY, settings=[settings], expect=[settings_file])


def test_wrong_key_is_explained_and_blocks_next(qtbot, make_page, sandbox, state):
    page = make_page()
    wrong = "pd_wrong_" + "x" * 20
    connect_with(qtbot, page, sandbox.base_url, wrong)

    assert page.status_bar.kind == "error"
    assert not page.isComplete()
    assert state.client is None
    text = page.status_bar.text()
    assert "key" in text.lower()
    assert wrong not in text
    assert "Traceback" not in text


def test_key_missing_a_scope_names_it_but_may_go_on(qtbot, make_page, sandbox):
    page = make_page()
    connect_with(qtbot, page, sandbox.base_url, CONTACTS_ONLY_KEY)

    assert page.status_bar.kind == "warning"
    assert "participants" in page.status_bar.text()
    assert "events" in page.status_bar.text()
    assert page.isComplete()


def test_key_that_can_import_nothing_blocks_next(qtbot, make_page, sandbox):
    page = make_page()
    connect_with(qtbot, page, sandbox.base_url, EVENTS_ONLY_KEY)

    assert page.status_bar.kind == "error"
    assert "contacts" in page.status_bar.text()
    assert not page.isComplete()


def test_editing_the_key_after_connecting_asks_for_a_new_test(qtbot, make_page, sandbox):
    page = make_page()
    connect_with(qtbot, page, sandbox.base_url, SANDBOX_KEY)
    assert page.isComplete()

    with qtbot.waitSignal(page.completeChanged):
        qtbot.keyClick(page.api_key_edit, Qt.Key.Key_Backspace)
    assert not page.isComplete()


def test_empty_fields_are_explained_without_a_request(qtbot, make_page):
    page = make_page()
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert "address" in page.status_bar.text()
    page.tenant_edit.setText("acme")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert "API key" in page.status_bar.text()
    assert not page.is_busy


def test_every_button_has_its_own_keyboard_shortcut(make_page):
    from PySide6.QtWidgets import QCheckBox, QPushButton

    page = make_page()
    buttons = page.findChildren(QPushButton) + page.findChildren(QCheckBox)
    letters = []
    for button in buttons:
        text = button.text()
        assert "&" in text, f"no Alt shortcut on {text!r}"
        letters.append(text[text.index("&") + 1].lower())
    assert len(letters) == len(set(letters))


def test_typing_address_and_key_says_to_test_them_first(qtbot, make_page, sandbox):
    page = make_page()
    qtbot.keyClicks(page.tenant_edit, sandbox.base_url)
    assert page.status_bar.text() == ""
    qtbot.keyClicks(page.api_key_edit, SANDBOX_KEY)
    assert "Test connection" in page.status_bar.text()
    assert not page.isComplete()
    qtbot.keyClick(page.api_key_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(page.isComplete, timeout=10_000)
    assert "Test connection" not in page.status_bar.text()
    page.api_key_edit.clear()
    qtbot.keyClicks(page.tenant_edit, "x")  # the key is gone: nothing to test yet
    assert page.status_bar.text() == ""


def test_show_toggle_unmasks_the_key(qtbot, make_page):
    page = make_page()
    assert page.api_key_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(page.show_key_button, Qt.MouseButton.LeftButton)
    assert page.api_key_edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(page.show_key_button, Qt.MouseButton.LeftButton)
    assert page.api_key_edit.echoMode() == QLineEdit.EchoMode.Password


def test_remembered_tenant_and_key_connect_by_themselves(
    qtbot, make_page, sandbox, settings, credentials
):
    settings.setValue("connect/tenant", sandbox.base_url)
    credentials.set(sandbox.base_url, SANDBOX_KEY)
    page = make_page()
    page.initializePage()

    qtbot.waitUntil(page.isComplete, timeout=10000)
    assert page.api_key_edit.text() == SANDBOX_KEY


def test_forget_key_removes_it_from_the_keyring(
    qtbot, make_page, sandbox, credentials, memory_keyring
):
    page = make_page()
    connect_with(qtbot, page, sandbox.base_url, SANDBOX_KEY)
    assert memory_keyring.passwords

    qtbot.mouseClick(page.forget_button, Qt.MouseButton.LeftButton)

    assert not memory_keyring.passwords
    assert credentials.get(sandbox.base_url) is None
    assert page.api_key_edit.text() == ""
    assert not page.isComplete()


def test_without_a_keyring_the_key_is_kept_for_this_session_only(
    qtbot, make_page, sandbox, settings, hygiene
):
    store = credentials_module.CredentialStore(fail.Keyring())
    page = make_page(store)
    connect_with(qtbot, page, sandbox.base_url, SANDBOX_KEY)

    assert page.isComplete()
    assert "until you close" in page.status_bar.text()
    assert store.get(sandbox.base_url) == SANDBOX_KEY  # in memory, for this session
    assert page.validatePage()
    hygiene.assert_key_nowhere(SANDBOX_KEY, settings=[settings], expect=[Path(settings.fileName())])


def test_a_missing_keyring_is_said_before_the_key_is_typed(qtbot, make_page):
    page = make_page(credentials_module.CredentialStore(fail.Keyring()))
    page.initializePage()
    qtbot.waitUntil(lambda: not page.is_restoring)
    assert not page.remember_key_check.isEnabled()
    assert not page.remember_key_check.isChecked()
    assert "kept only until you close" in page.remember_key_check.text()


def test_practice_mode_connects_without_typing(qtbot, make_page, state, settings, hygiene):
    page = make_page()
    with qtbot.waitSignal(page.practice_changed, timeout=15000) as blocker:
        qtbot.mouseClick(page.practice_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]
    qtbot.waitUntil(page.isComplete, timeout=5000)

    assert state.draft.practice
    assert state.sandbox is not None
    assert state.sandbox.running
    assert state.client is not None
    assert state.client.list_events()  # demo data is there
    assert page.practice_banner.isVisibleTo(page)
    assert not page.tenant_edit.isEnabled()
    assert page.validatePage()
    practice_key = state.api_key
    assert practice_key == state.sandbox.api_key
    hygiene.assert_key_nowhere(practice_key, settings=[settings], expect=[practice.database_path()])

    sandbox = state.sandbox
    page.leave_practice()
    assert not sandbox.running
    assert state.sandbox is None
    assert not page.isComplete()
