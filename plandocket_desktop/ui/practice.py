"""Practice mode: the built-in sandbox with demo data on a free loopback port, connected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plandocket_desktop.core import paths
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui import threads

PRACTICE_LABEL = N_("Practice server on this computer")  # translated where shown


def database_path() -> Path:
    return paths.data_dir() / "practice.sqlite3"


def start_sandbox(db_path: Path | None = None) -> Any:
    """A running sandbox with fresh demo data; the key is made now and never stored."""
    from plandocket_desktop.sandbox import server

    sandbox = server.SandboxServer(
        db_path=db_path or database_path(),
        api_key=server.generate_key(),
        demo=True,
        host="127.0.0.1",
        port=0,
    )
    try:
        sandbox.start()
        sandbox.reset()  # every practice session starts from the same demo data
    except server.SandboxError as exc:
        sandbox.stop()
        raise PlandocketError(
            _("Practice mode could not start. {reason}").format(reason=exc)
        ) from None
    except BaseException:
        sandbox.stop()
        raise
    return sandbox


def connect(db_path: Path | None = None) -> threads.Connection:
    """Start the sandbox and connect to it (runs on a worker thread)."""
    sandbox = start_sandbox(db_path)
    try:
        connection = threads.connect(sandbox.base_url, sandbox.api_key)
    except BaseException:
        sandbox.stop()
        raise
    connection.sandbox = sandbox
    return connection
