"""An in-memory keyring backend for tests: no test reaches the OS keyring by accident."""

from __future__ import annotations

import keyring.errors
from keyring.backend import KeyringBackend
from typing_extensions import override


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict (this process only). Priority -1: keyring never picks it by itself."""

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
