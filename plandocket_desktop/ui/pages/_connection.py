"""The Connect page's work off the GUI thread (checking a key, practice, reading the saved key)
and the sentences it shows about a checked connection.

The tasks are plain callables run by ``threads.BackgroundTask``; they hold no page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui.compat import override

if TYPE_CHECKING:
    from plandocket_desktop.ui import threads
    from plandocket_desktop.ui.state import WizardState

IMPORT_SCOPES = ("contacts", "participants")
# Shown once an address and a key are typed but not yet checked.
TEST_FIRST = N_(
    "Press “Test connection” (or Enter) to check the address and the key. Next works once they do."
)
NO_PASSWORD_STORE = N_(
    "This computer has no password store, so the key is kept only until you close the program."
)
KEY_SAVED = N_("The key is saved securely on this computer.")


def usable(connection: threads.Connection) -> bool:
    """A key that can import neither contacts nor participants is no use for going on."""
    missing = set(connection.check.missing)
    return not all(scope in missing for scope in IMPORT_SCOPES)


def describe_check(connection: threads.Connection) -> tuple[str, str]:
    """The (kind, text) shown after the key was checked: how it went, then where the key is."""
    check = connection.check
    if connection.sandbox is not None:
        text = _("Connected to the practice server. Everything is ready: press Next.")
    elif not check.missing:
        text = _("Connected to {host}. Everything is ready: press Next.").format(
            host=connection.host
        )
    else:
        text = check.message
    kind = "success" if not check.missing else ("warning" if usable(connection) else "error")
    if connection.key_saved is True:
        key = _(KEY_SAVED)
    elif connection.key_saved is False:
        key = connection.key_note or _(NO_PASSWORD_STORE)
    else:
        return kind, text
    # Two whole sentences shown as one paragraph: how the check went, then where the key is.
    return kind, _("{connection} {key}").format(connection=text, key=key)


def adopt(state: WizardState, connection: threads.Connection, typed_key: str) -> None:
    """The wizard goes on with this checked connection (``typed_key``: the key as typed)."""
    state.client = connection.client
    state.sandbox = connection.sandbox
    state.api_key = typed_key if connection.sandbox is None else connection.sandbox.api_key
    state.draft.tenant = connection.tenant
    state.draft.practice = connection.sandbox is not None
    state.missing_scopes = tuple(connection.check.missing)


def release(state: WizardState) -> None:
    """The wizard has no connection any more (the caller closes it with ``discard``)."""
    state.client = None
    state.sandbox = None
    state.api_key = None
    state.missing_scopes = ()
    state.draft.practice = False


def discard(result: object) -> None:
    """Close a connection the page will not use (and stop its practice server)."""
    from plandocket_desktop.ui import threads

    if isinstance(result, threads.Connection):
        result.close()
        if result.sandbox is not None:
            result.sandbox.stop()


@dataclass
class Restored:
    """What reading the saved key found: the store, whether it works, and the key (or None)."""

    store: Any
    available: bool
    tenant: str
    key: str | None


def restore(store: Any, tenant: str) -> Restored:
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
    return Restored(store, store.available(), tenant, key)


class ConnectTask:
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
        return f"ConnectTask(tenant={self._tenant!r})"


class PracticeTask:
    """Starts the practice server and connects to it (on the worker thread)."""

    def __init__(self, db_path: Path | None) -> None:
        self._db_path = db_path

    def __call__(self) -> threads.Connection:
        from plandocket_desktop.ui import practice

        return practice.connect(self._db_path)
