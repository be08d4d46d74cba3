"""Shared fixtures: offscreen Qt, an isolated app home, the samples, the running sandbox."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest

from tests.keyrings import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests read English unless they choose a language (tests/i18n); the machine's LANG must not decide.
os.environ.setdefault("PLANDOCKET_LANG", "en")

# The shared samples beside the repo; PLANDOCKET_SAMPLES points elsewhere (a missing folder
# shows what a fresh clone without them runs).
SAMPLES = Path(
    os.environ.get("PLANDOCKET_SAMPLES")
    or Path(__file__).resolve().parents[2] / "shared" / "samples"
)


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


# --- the samples: the shared ones when present, and our generated ones (tests/fixtures) ------


def shared_samples_present() -> bool:
    return (SAMPLES / "manifest.json").is_file()


def sample_set_names() -> list[str]:
    """The sample sets manifest-driven tests run over: "shared" when present, "generated"."""
    return ["shared", "generated"] if shared_samples_present() else ["generated"]


def set_manifest(name: str) -> dict[str, Any]:
    """A set's manifest at collection time (the generated one is built, not written)."""
    if name == "shared":
        return json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    from tests.fixtures import quirks  # builds the files: only where samples are used

    return quirks.manifest()


def sample_entries() -> Iterator[tuple[str, dict[str, Any]]]:
    """(set name, manifest entry) for every file of every set, for parametrizing."""
    for name in sample_set_names():
        for entry in set_manifest(name)["files"]:
            yield name, entry


@dataclass(frozen=True)
class SampleSet:
    """A folder of sample files and the manifest that says what each gives."""

    name: str
    folder: Path
    manifest: dict[str, Any]

    def entry(self, file: str) -> dict[str, Any]:
        return sample_entry(self.manifest, file)


@pytest.fixture(scope="session")
def generated_samples(tmp_path_factory: pytest.TempPathFactory) -> SampleSet:
    """Our generated files, written once per run."""
    from tests.fixtures import quirks

    folder = tmp_path_factory.mktemp("generated-samples")
    return SampleSet("generated", folder, quirks.write(folder))


@pytest.fixture(scope="session")
def shared_samples() -> SampleSet:
    if not shared_samples_present():
        pytest.skip("the shared samples folder (../shared/samples beside the repo) is absent")
    return SampleSet("shared", SAMPLES, set_manifest("shared"))


@pytest.fixture(scope="session")
def sample_sets(request: pytest.FixtureRequest) -> dict[str, SampleSet]:
    """The sets of sample_set_names() by name (a test parametrized by set name picks one)."""
    return {name: request.getfixturevalue(f"{name}_samples") for name in sample_set_names()}


@pytest.fixture(scope="session")
def default_samples(request: pytest.FixtureRequest) -> SampleSet:
    """The shared samples, or, where they are absent, the generated files of the same names."""
    return request.getfixturevalue(
        "shared_samples" if shared_samples_present() else "generated_samples"
    )  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def samples_dir(default_samples: SampleSet) -> Path:
    return default_samples.folder


@pytest.fixture(scope="session")
def manifest(default_samples: SampleSet) -> dict[str, Any]:
    return default_samples.manifest


def sample_entry(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    for entry in manifest["files"]:
        if entry["file"] == name:
            return entry  # type: ignore[no-any-return]
    raise KeyError(name)


# --- the sandbox ----------------------------------------------------------------------------

SANDBOX_KEY = "pd_test_" + secrets.token_hex(12)  # made at run time, never committed
CONTACTS_ONLY_KEY = "pd_test_contacts_" + secrets.token_hex(8)
EVENTS_ONLY_KEY = "pd_test_events_" + secrets.token_hex(8)
PARTICIPANTS_ONLY_KEY = "pd_test_participants_" + secrets.token_hex(8)


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One sandbox on 127.0.0.1 (free port) for the whole run, with the demo tenant."""
    from plandocket_desktop.sandbox import server

    db = tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite3"
    srv = server.SandboxServer(
        db_path=db,
        api_key=SANDBOX_KEY,
        restricted_keys={
            CONTACTS_ONLY_KEY: ["contacts"],
            EVENTS_ONLY_KEY: ["events"],
            PARTICIPANTS_ONLY_KEY: ["participants"],
        },
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
