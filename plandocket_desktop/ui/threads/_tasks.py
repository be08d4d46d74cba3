"""The tasks the pages run through ``BackgroundTask``: read a file, check a key, load events.

Plain functions (no Qt) so they run on any thread; the core is imported lazily to keep
start-up fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plandocket_desktop.core import api
    from plandocket_desktop.core.types import SheetInfo, Table
    from plandocket_desktop.sandbox.server import SandboxServer


@dataclass
class FileRead:
    """What the File page gets back from reading a file."""

    path: Path
    table: Table
    sheets: list[SheetInfo]


def read_file(path: Path, sheet: str | None = None, header_row: int | None = None) -> FileRead:
    from plandocket_desktop.core import mapping, reading

    table = reading.read_table(path, sheet=sheet, header_row=header_row)
    mapping.prepare(table)  # here rather than on the GUI thread when the Columns page opens
    sheets = list(table.source.sheets)
    if not sheets and table.source.format not in ("csv", "tsv", "txt"):
        sheets = reading.list_sheets(path)
    return FileRead(path, table, sheets)


# What the later pages import when they are built ahead (``ui.wizard``'s warm-up): a few
# hundred ms of module code on the GUI thread, longer while a big file is being read.
LATER_CORE_MODULES = (
    "plandocket_desktop.core.reading",
    "plandocket_desktop.core.mapping",
    "plandocket_desktop.core.validation",
    "plandocket_desktop.core.preview",
    "plandocket_desktop.core.api",
    "plandocket_desktop.core.importing",
)


def import_later_modules() -> None:
    """Import the core modules the later pages need (on a worker thread), so that building
    those pages finds them ready; a module that cannot be imported is left to the page."""
    import contextlib
    import importlib

    for name in LATER_CORE_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    from plandocket_desktop import i18n

    i18n.fmt_int(1000)  # loads Babel's data for the language (once, ~50 ms)


@dataclass
class Connection:
    """A client whose key was checked; ``key_saved`` False means no keyring (session only)."""

    tenant: str
    client: api.PlandocketClient
    check: api.ConnectionCheck
    key_saved: bool | None = None  # None: the user did not ask to remember it
    key_note: str | None = None  # why the key could not be saved, as a sentence
    sandbox: SandboxServer | None = None  # the practice sandbox, when this is practice mode

    @property
    def host(self) -> str:
        return self.client.host or self.tenant

    def close(self) -> None:
        self.client.close()


CONNECT_TIMEOUT = 20.0


def connect(
    tenant: str,
    api_key: str,
    *,
    credentials: api.CredentialStore | None = None,
    remember: bool = False,
) -> Connection:
    """Build a client, check the key (raises AuthenticationError etc.), maybe store the key."""
    from plandocket_desktop.core import api as core_api

    client = core_api.PlandocketClient(tenant, api_key, timeout=CONNECT_TIMEOUT)
    try:
        check = client.check_connection()
    except BaseException:
        client.close()
        raise
    saved: bool | None = None
    note: str | None = None
    if remember and credentials is not None:
        saved = bool(credentials.set(tenant, api_key))
        note = None if saved else credentials.reason
    return Connection(tenant, client, check, saved, note)


def load_events(client: api.PlandocketClient) -> list[api.Event]:
    """The tenant's events for the event picker (runs on a worker thread)."""
    return list(client.list_events())
