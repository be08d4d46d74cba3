"""The key store: OS keyring when there is one, this session's memory otherwise, never a file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from typing_extensions import override

from plandocket_desktop.core import errors
from plandocket_desktop.core.api import _credentials as credentials
from tests.keyrings import MemoryKeyring


class LockedKeyring(MemoryKeyring):
    """A keyring whose every call fails, like a locked Secret Service collection."""

    @override
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    @override
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("refused")


class FileKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's plaintext file store, which must never be used."""


FileKeyring.__module__ = "keyrings.alt.file"


def make_chainer(*backends: KeyringBackend) -> ChainerBackend:
    chained = list(backends)

    class FixedChainer(ChainerBackend):
        priority = -1  # never picked by keyring's own discovery
        backends = chained

    return FixedChainer()


@pytest.fixture
def key() -> str:
    return "pd_test_" + secrets.token_hex(16)


def test_key_goes_to_the_keyring_under_the_app_name_and_tenant_host(key):
    backend = MemoryKeyring()
    store = credentials.CredentialStore(backend)

    assert store.available()
    assert store.set("acme", key) is True
    assert backend.passwords == {("PlanDocket Desktop Importer", "acme.plandocket.com"): key}
    assert store.reason is None


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param("acme", id="name"),
        pytest.param("ACME.plandocket.com", id="host"),
        pytest.param("https://acme.plandocket.com/", id="url"),
        pytest.param("https://acme.plandocket.com/admin/contacts", id="url-with-path"),
    ],
)
def test_every_spelling_of_a_tenant_finds_the_same_key(spelling, key):
    backend = MemoryKeyring()
    store = credentials.CredentialStore(backend)
    store.set("acme", key)

    assert credentials.CredentialStore(backend).get(spelling) == key


def test_delete_forgets_the_key_and_tolerates_a_missing_one(key):
    backend = MemoryKeyring()
    store = credentials.CredentialStore(backend)
    store.set("acme", key)

    store.delete("acme")
    store.delete("acme")  # nothing stored any more: no error

    assert store.get("acme") is None
    assert backend.passwords == {}


def test_get_for_an_unusable_tenant_is_none():
    store = credentials.CredentialStore(MemoryKeyring())
    assert store.get("http://example.com") is None
    assert store.get("") is None


def test_set_for_an_unusable_tenant_says_so(key):
    store = credentials.CredentialStore(MemoryKeyring())
    with pytest.raises(errors.ConfigurationError):
        store.set("http://example.com", key)


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param(fail.Keyring(), id="fail"),
        pytest.param(null.Keyring(), id="null"),
        pytest.param(make_chainer(), id="empty-chainer"),
        pytest.param(FileKeyring(), id="file-store"),
        pytest.param(make_chainer(FileKeyring()), id="chainer-with-file-store-only"),
    ],
)
def test_without_a_usable_keyring_the_key_lives_in_memory_only(backend, key, tmp_path, app_home):
    store = credentials.CredentialStore(backend)

    assert not store.available()
    assert store.set("acme", key) is False
    assert store.get("acme") == key
    assert store.reason is not None
    assert "close the program" in store.reason
    assert key not in store.reason
    assert key not in repr(store)
    # and not in any file of the app's home
    for path in Path(app_home).rglob("*"):
        if path.is_file():
            assert key not in path.read_text(errors="ignore")
    if isinstance(backend, FileKeyring):
        assert backend.passwords == {}

    store.delete("acme")
    assert store.get("acme") is None


def test_a_chainer_uses_its_first_safe_backend(key):
    file_store, memory = FileKeyring(), MemoryKeyring()
    store = credentials.CredentialStore(make_chainer(file_store, memory))

    assert store.set("acme", key) is True
    assert file_store.passwords == {}
    assert memory.passwords[("PlanDocket Desktop Importer", "acme.plandocket.com")] == key


def test_a_keyring_that_refuses_falls_back_to_the_session(key):
    store = credentials.CredentialStore(LockedKeyring())

    assert store.available()
    assert store.set("acme", key) is False
    assert store.get("acme") == key  # this session's copy, not the locked keyring
    assert store.reason is not None
    assert "refused" in store.reason
    assert key not in store.reason


def test_a_keyring_that_cannot_be_read_gives_none():
    store = credentials.CredentialStore(LockedKeyring())
    assert store.get("acme") is None
    assert store.reason is not None


def test_storing_again_replaces_the_session_copy(key):
    backend = MemoryKeyring()
    store = credentials.CredentialStore(backend)
    store._session["acme.plandocket.com"] = "old"

    assert store.set("acme", key) is True
    assert store.get("acme") == key


def test_the_default_backend_is_what_keyring_reports(monkeypatch, key):
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    store = credentials.CredentialStore()

    assert store.set("acme", key) is True
    assert store.backend is backend


@pytest.mark.keyring_backend
# keyring's SecretService backend opens a D-Bus connection per call and never closes it; the
# socket is reclaimed at garbage collection with a ResourceWarning that is not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_round_trip_through_the_os_secret_service():
    """Stores, reads and deletes a key through the real Secret Service over D-Bus."""
    from keyring.backends import SecretService

    if not SecretService.Keyring.viable:
        message = (
            "no Secret Service on this session's D-Bus: run inside dbus-run-session with "
            "gnome-keyring unlocked (as .ci/run does)"
        )
        if os.environ.get("PLANDOCKET_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(message)
        pytest.skip(message)

    real = SecretService.Keyring()
    tenant = f"keyring-test-{secrets.token_hex(4)}"
    key = "pd_test_" + secrets.token_hex(16)
    store = credentials.CredentialStore(real)
    try:
        assert store.available()
        assert store.set(tenant, key) is True
        # A fresh store (nothing in its memory) reads it back from the OS.
        assert credentials.CredentialStore(SecretService.Keyring()).get(tenant) == key
        assert real.get_password(credentials.SERVICE, f"{tenant}.plandocket.com") == key
    finally:
        store.delete(tenant)
    assert credentials.CredentialStore(SecretService.Keyring()).get(tenant) is None
