"""Shared fixtures: offscreen Qt, an isolated app home, the samples, the running sandbox."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from typing_extensions import override

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Profiles, journal and history of each test live in a folder of their own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PLANDOCKET_HOME", str(home))
    monkeypatch.delenv("PLANDOCKET_API_KEY", raising=False)
    return home


class SessionKeyring(KeyringBackend):
    """Passwords in a dict. Priority -1: keyring's own discovery never picks it."""

    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    @override
    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    @override
    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    @override
    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def session_keyring() -> Iterator[SessionKeyring]:
    """No test reaches the OS keyring unless it builds that backend itself."""
    previous = keyring.get_keyring()
    backend = SessionKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not (SAMPLES / "manifest.json").is_file():
        pytest.skip("the shared samples folder (../shared/samples beside the repo) is absent")
    return SAMPLES


@pytest.fixture(scope="session")
def manifest(samples_dir: Path) -> dict[str, Any]:
    return json.loads((samples_dir / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def sample_entry(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    for entry in manifest["files"]:
        if entry["file"] == name:
            return entry  # type: ignore[no-any-return]
    raise KeyError(name)


# --- the sandbox ----------------------------------------------------------------------------

SANDBOX_KEY = "pd_test_" + secrets.token_hex(12)  # made at run time, never committed
CONTACTS_ONLY_KEY = "pd_test_contacts_" + secrets.token_hex(8)
EVENTS_ONLY_KEY = "pd_test_events_" + secrets.token_hex(8)


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One sandbox on 127.0.0.1 (free port) for the whole run, with the demo tenant."""
    from plandocket_desktop.sandbox import server

    db = tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite3"
    srv = server.SandboxServer(
        db_path=db,
        api_key=SANDBOX_KEY,
        restricted_keys={CONTACTS_ONLY_KEY: ["contacts"], EVENTS_ONLY_KEY: ["events"]},
        demo=True,
    )
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def sandbox(sandbox_server: Any) -> Any:
    """The running sandbox, reset to the demo data and without faults for each test."""
    sandbox_server.reset()
    return sandbox_server
