"""Shared fixtures: offscreen Qt, an isolated app home, the samples, the running sandbox."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from tests.keyrings import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Profiles, journal and history of each test live in a folder of their own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PLANDOCKET_HOME", str(home))
    monkeypatch.delenv("PLANDOCKET_API_KEY", raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring; none reaches the OS keyring by accident."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
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
