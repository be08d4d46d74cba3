"""Small helpers shared by the sandbox tests."""

from __future__ import annotations

from typing import Any

import httpx


def bulk(client: httpx.Client, target: str, records: list[Any], **params: Any) -> httpx.Response:
    """POST one batch to /api/v1/bulk-import/<target>."""
    return client.post(f"/api/v1/bulk-import/{target}", json={"records": records, **params})


def by_email(sandbox: Any, email: str) -> dict[str, Any] | None:
    """The stored contact with this e-mail (case-insensitive), or None."""
    for contact in sandbox.store.contacts():
        if (contact["email"] or "").lower() == email.lower():
            return contact  # type: ignore[no-any-return]
    return None


def by_number(sandbox: Any, number: str) -> dict[str, Any] | None:
    """The stored contact with this customer number, or None."""
    found = sandbox.store.contacts(customer_number=number)
    return found[0] if found else None
