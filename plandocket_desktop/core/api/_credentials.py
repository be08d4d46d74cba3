"""The API key in the operating system's password store (``keyring``), never in a file.

Service name: the application's name; user name: the tenant's host (``acme.plandocket.com``).
Where no usable password store exists (headless Linux without a Secret Service, the ``fail``
or ``null`` backend, or a store that writes files such as ``keyrings.alt``'s), the key is kept
in memory for this session only and ``reason`` says why in a sentence.
"""

from __future__ import annotations

import logging
from typing import Final

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from typing_extensions import override

from plandocket_desktop import APP_NAME
from plandocket_desktop.core import errors
from plandocket_desktop.core.api import _client as client
from plandocket_desktop.i18n import N_, _

log = logging.getLogger(__name__)

SERVICE: Final = APP_NAME
# Why the key is kept only for this session; each a whole sentence.
NO_STORE: Final = N_(
    "This computer has no password store (keyring), so the API key is kept only until you "
    "close the program."
)
NOT_OPENED: Final = N_(
    "The password store of this computer could not be opened, so the API key is kept only "
    "until you close the program."
)
NOT_READ: Final = N_(
    "The password store of this computer could not be read, so the API key is kept only "
    "until you close the program."
)
NOT_SAVED: Final = N_(
    "The password store of this computer refused to save the key, so the API key is kept "
    "only until you close the program."
)

# Backends that cannot keep a secret safely: they discard it, refuse it, or write it to a file.
_UNUSABLE_MODULES: Final = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt.file")


def _describe(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _usable(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    return not any(module == m or module.startswith(m + ".") for m in _UNUSABLE_MODULES)


class CredentialStore:
    """API keys per tenant in the OS keyring, or in memory when there is none.

    Args:
        backend: a ``keyring`` backend (tests pass an in-memory one); None asks ``keyring``
            which backend this computer has, on first use.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._given = backend
        self._backend: KeyringBackend | None = None
        self._resolved = False
        self._session: dict[str, str] = {}
        self.reason: str | None = None

    @property
    def backend(self) -> KeyringBackend | None:
        """The backend keys go to, or None when there is no usable one."""
        if not self._resolved:
            self._resolved = True
            self._backend = self._resolve()
        return self._backend

    def _resolve(self) -> KeyringBackend | None:
        try:
            candidate = self._given if self._given is not None else keyring.get_keyring()
        except Exception as exc:  # a broken keyring configuration must not stop the app
            log.warning("No password store: %s", type(exc).__name__)
            self.reason = _(NOT_OPENED)
            return None
        if isinstance(candidate, ChainerBackend):
            chained = list(candidate.backends)
            # keyring's chainer writes to the first backend that takes the key: pick a safe
            # one ourselves so the key can never end up in a file-based store.
            picked: KeyringBackend | None = next((b for b in chained if _usable(b)), None)
            if picked is None:
                self.reason = _(NO_STORE)
                return None
            candidate = picked
        if not _usable(candidate):
            self.reason = _(NO_STORE)
            log.info("Keyring backend %s is not used", _describe(candidate))
            return None
        log.debug("Keyring backend: %s", _describe(candidate))
        return candidate

    def available(self) -> bool:
        """True when keys can be stored in the OS password store."""
        return self.backend is not None

    def get(self, tenant: str) -> str | None:
        """The key saved for this tenant (this session's first), or None."""
        try:
            user = client.host_for(tenant)
        except errors.ConfigurationError:
            return None
        if user in self._session:
            return self._session[user]
        backend = self.backend
        if backend is None:
            return None
        try:
            return backend.get_password(SERVICE, user)
        except keyring.errors.KeyringError as exc:
            log.warning("Reading from the password store failed: %s", type(exc).__name__)
            self.reason = _(NOT_READ)
            return None

    def set(self, tenant: str, key: str) -> bool:
        """Remember the key: True when it went to the OS password store, False when it is
        kept in memory for this session only (``reason`` says why).

        Raises:
            ConfigurationError: the tenant is not a valid PlanDocket address.
        """
        user = client.host_for(tenant)
        backend = self.backend
        if backend is not None:
            try:
                backend.set_password(SERVICE, user, key)
            except (keyring.errors.KeyringError, NotImplementedError) as exc:
                log.warning("Saving to the password store failed: %s", type(exc).__name__)
                self.reason = _(NOT_SAVED)
            else:
                self._session.pop(user, None)
                return True
        self._session[user] = key
        return False

    def delete(self, tenant: str) -> None:
        """Forget the key of this tenant, in the password store and in memory."""
        user = client.host_for(tenant)
        self._session.pop(user, None)
        backend = self.backend
        if backend is None:
            return
        try:
            backend.delete_password(SERVICE, user)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was stored
        except (keyring.errors.KeyringError, NotImplementedError) as exc:
            log.warning("Deleting from the password store failed: %s", type(exc).__name__)
            self.reason = _("The password store of this computer could not delete the key.")

    @override
    def __repr__(self) -> str:
        backend = _describe(self._backend) if self._backend is not None else None
        return f"CredentialStore(backend={backend!r}, session_tenants={sorted(self._session)})"
