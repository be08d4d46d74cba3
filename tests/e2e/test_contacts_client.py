"""The client's contacts and participants calls against the sandbox over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from plandocket_desktop.core import errors
from plandocket_desktop.core.api import PlandocketClient
from plandocket_desktop.core.types import ImportOptions, Target
from tests.conftest import EVENTS_ONLY_KEY

pytestmark = pytest.mark.e2e


def connect(sandbox: Any, key: str | None = None) -> PlandocketClient:
    return PlandocketClient(sandbox.base_url, key or sandbox.api_key, timeout=10)


def test_iter_contacts_reads_every_page(sandbox: Any) -> None:
    with connect(sandbox) as client:
        client.bulk_import(ImportOptions(), [{"email": f"n{i}@example.com"} for i in range(230)])
        pages: list[int] = []
        found = list(client.iter_contacts(on_page=lambda p: pages.append(p.page)))
    assert sorted(c.id for c in found) == sorted(c["id"] for c in sandbox.store.contacts())
    assert pages == list(range(1, len(pages) + 1))
    assert len(pages) == -(-len(found) // 100)


def test_find_get_update_delete(sandbox: Any) -> None:
    with connect(sandbox) as client:
        [anna] = [c for c in client.find_contacts("anna.schmidt") if c.email]
        assert client.get_contact(anna.id) == anna
        changed = client.update_contact(anna.id, {"city": "Köln", "phone": None})
        assert changed is not None
        assert changed.values["city"] == "Köln"
        assert changed.values["phone"] is None
        assert client.delete_contact(anna.id) is True
        assert client.delete_contact(anna.id) is False
        assert client.get_contact(anna.id) is None
        assert client.update_contact(anna.id, {"city": "x"}) is None
        made = client.create_contact({"email": "fresh@example.com"})
        assert sandbox.store.contact(made.id)["email"] == "fresh@example.com"


def test_participants_listed_and_removed(sandbox: Any) -> None:
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo-2025")
    with connect(sandbox) as client:
        client.bulk_import(options, [{"email": f"g{i}@example.com"} for i in range(120)])
        listed = list(client.iter_participants("expo-2025"))
        assert len(listed) == len(sandbox.store.participants("expo-2025")) == 121
        assert all(p.email and p.contact_id for p in listed)
        assert client.delete_participant(listed[0].id) is True
        assert client.delete_participant(listed[0].id) is False
    assert len(sandbox.store.participants("expo-2025")) == 120
    assert sandbox.store.contact(listed[0].contact_id) is not None


def test_missing_scope_is_named(sandbox: Any) -> None:
    with connect(sandbox, EVENTS_ONLY_KEY) as client:
        with pytest.raises(errors.AuthenticationError) as caught:
            list(client.iter_contacts())
        assert caught.value.missing_scopes == ("contacts",)
        with pytest.raises(errors.AuthenticationError):
            client.delete_participant(1)


def test_server_errors_are_ours_and_nothing_is_deleted(sandbox: Any) -> None:
    sandbox.set_faults(error_rate=1.0)
    with connect(sandbox) as client, pytest.raises(errors.ServerError):
        client.delete_contact(1)
    sandbox.set_faults(error_rate=0.0)
    assert sandbox.store.contact(1) is not None


def test_hourly_limit_is_seen(sandbox: Any) -> None:
    sandbox.set_faults(rate_limit_per_hour=50)
    with connect(sandbox) as client:
        client.contacts_page()
        assert client.rate_limit is not None
        assert client.rate_limit.limit == 50
        assert client.rate_limit.remaining == 49
