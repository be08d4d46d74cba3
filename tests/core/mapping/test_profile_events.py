"""Profiles remember the event column and its values' events; older files still read."""

from __future__ import annotations

import json
from pathlib import Path

from plandocket_desktop.core import mapping
from plandocket_desktop.core.types import ImportDraft, ImportOptions, Target


def test_event_routes_are_saved_and_loaded(tmp_path: Path) -> None:
    store = mapping.ProfileStore(tmp_path)
    draft = ImportDraft(
        options=ImportOptions(target=Target.PARTICIPANTS),
        mapping={"E-Mail": "email"},
        event_column="Messe",
        event_routes={"Expo 25": "expo-2025", "Alt": None},
    )
    store.save(mapping.Profile.from_draft("Messen", draft))
    loaded = mapping.ProfileStore(tmp_path).load("Messen")
    assert loaded.event_column == "Messe"
    assert loaded.event_routes == {"Expo 25": "expo-2025", "Alt": None}


def test_a_profile_without_event_keys_reads_as_no_event_column(tmp_path: Path) -> None:
    store = mapping.ProfileStore(tmp_path)
    store.save(mapping.Profile("Alt", mapping={"E-Mail": "email"}))
    (path,) = tmp_path.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["event_column"], data["event_routes"]
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = mapping.ProfileStore(tmp_path).load("Alt")
    assert loaded.event_column is None
    assert loaded.event_routes == {}
    assert mapping.ProfileStore(tmp_path).warnings == []
