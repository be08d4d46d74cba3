"""Mapping profiles: round trip, safe file names, bad files skipped, matching a file's headers."""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plandocket_desktop.core.errors import ProfileError
from plandocket_desktop.core.mapping import _profiles as profiles
from plandocket_desktop.core.mapping._profiles import Profile, ProfileStore
from plandocket_desktop.core.types import ImportDraft, ImportOptions, MatchField, Mode, Target

OUTLOOK_HEADERS = ["First Name", "Last Name", "Company", "E-mail Address", "Home Phone", "Notes"]


def outlook_profile(name: str = "Outlook contacts") -> Profile:
    return Profile(
        name=name,
        target=Target.CONTACTS,
        mode=Mode.UPSERT,
        match_field=MatchField.EMAIL,
        skip_on_error=False,
        create_contacts=True,
        mapping={
            "First Name": "first_name",
            "Last Name": "last_name",
            "Company": "company_name",
            "E-mail Address": "email",
            "Home Phone": None,
            "Notes": "notes",
        },
        fixed_values={"rating": "3", "category_keys": "messe-2025"},
    )


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "profiles")


# --- round trip ---------------------------------------------------------------------------


def test_round_trip(store: ProfileStore) -> None:
    profile = outlook_profile()
    path = store.save(profile)
    assert path.parent == store.directory
    assert store.load("Outlook contacts") == profile
    assert store.list() == [profile]
    assert store.warnings == []


def test_file_is_versioned_and_holds_no_event_or_key(store: ProfileStore) -> None:
    path = store.save(outlook_profile())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == 1
    assert data["app"] == "plandocket-desktop"
    assert data["name"] == "Outlook contacts"
    assert data["mapping"]["Home Phone"] is None
    assert not {"event_key", "api_key", "key", "tenant"} & set(data)
    assert not list(store.directory.glob("*.tmp")), "temporary file left behind"


def test_default_folder_is_in_the_config_dir(app_home: Path) -> None:
    store = ProfileStore()
    store.save(outlook_profile())
    assert store.directory == app_home / "config" / "profiles"
    assert len(list(store.directory.glob("*.json"))) == 1


def test_personal_fixed_values_and_unknown_fields_are_not_stored(store: ProfileStore) -> None:
    profile = outlook_profile()
    profile.fixed_values = {"email": "someone@example.org", "last_name": "Muster", "rating": "4"}
    profile.mapping["Spouse"] = "no_such_field"
    profile.mapping["Categories"] = "is_confirmed"  # a participant field, not for contacts
    store.save(profile)
    loaded = store.load(profile.name)
    assert loaded.fixed_values == {"rating": "4"}
    assert loaded.mapping["Spouse"] is None
    assert loaded.mapping["Categories"] is None
    text = next(store.directory.glob("*.json")).read_text(encoding="utf-8")
    assert "someone@example.org" not in text
    assert "Muster" not in text


def test_from_draft_leaves_the_event_out_and_options_restore_it() -> None:
    draft = ImportDraft(
        options=ImportOptions(
            target=Target.PARTICIPANTS,
            mode=Mode.UPDATE,
            match_field=MatchField.CUSTOMER_NUMBER,
            event_key="EV-2025",
            create_contacts=False,
        ),
        mapping={"Kd.-Nr.": "customer_number", "Bestätigt": "is_confirmed"},
        fixed_values={"is_confirmed": "ja"},
    )
    profile = Profile.from_draft("Teilnehmer", draft)
    assert profile.target is Target.PARTICIPANTS
    assert "EV-2025" not in repr(profile)
    options = profile.options(event_key="EV-2026")
    assert options == ImportOptions(
        target=Target.PARTICIPANTS,
        mode=Mode.UPDATE,
        match_field=MatchField.CUSTOMER_NUMBER,
        event_key="EV-2026",
        create_contacts=False,
    )


def test_mapping_for_a_file_covers_every_column() -> None:
    profile = outlook_profile()
    result = profile.mapping_for(["e-mail address ", "First Name", "Spouse"])
    assert result == {"e-mail address ": "email", "First Name": "first_name", "Spouse": None}


# --- listing, overwriting, renaming, deleting ----------------------------------------------


def test_list_is_sorted_by_name_ignoring_case(store: ProfileStore) -> None:
    for name in ["beta", "Alpha", "gamma"]:
        store.save(outlook_profile(name))
    assert [p.name for p in store.list()] == ["Alpha", "beta", "gamma"]


def test_save_replaces_a_profile_of_the_same_name_ignoring_case(store: ProfileStore) -> None:
    store.save(outlook_profile("Messe"))
    changed = outlook_profile("MESSE")
    changed.mode = Mode.CREATE
    store.save(changed)
    assert [p.name for p in store.list()] == ["MESSE"]
    assert store.load("messe").mode is Mode.CREATE
    assert len(list(store.directory.glob("*.json"))) == 1


def test_save_without_overwrite_refuses_an_existing_name(store: ProfileStore) -> None:
    store.save(outlook_profile("Messe"))
    with pytest.raises(ProfileError, match="A profile named 'Messe' exists already"):
        store.save(outlook_profile("messe"), overwrite=False)


def test_rename(store: ProfileStore) -> None:
    store.save(outlook_profile("Old name"))
    renamed = store.rename("old name", "New name")
    assert renamed.name == "New name"
    assert [p.name for p in store.list()] == ["New name"]
    assert len(list(store.directory.glob("*.json"))) == 1
    with pytest.raises(ProfileError, match="There is no profile named 'Old name'"):
        store.load("Old name")


def test_rename_to_a_different_case_only(store: ProfileStore) -> None:
    store.save(outlook_profile("messe"))
    store.rename("messe", "Messe")
    assert [p.name for p in store.list()] == ["Messe"]


def test_rename_refuses_an_existing_name(store: ProfileStore) -> None:
    store.save(outlook_profile("A"))
    store.save(outlook_profile("B"))
    with pytest.raises(ProfileError, match="A profile named 'B' exists already"):
        store.rename("A", "b")
    assert {p.name for p in store.list()} == {"A", "B"}


def test_missing_profiles_raise_plain_errors(store: ProfileStore) -> None:
    with pytest.raises(ProfileError, match="There is no profile named 'Nope'"):
        store.load("Nope")
    with pytest.raises(ProfileError, match="There is no profile named 'Nope'"):
        store.delete("Nope")
    with pytest.raises(ProfileError, match="There is no profile named 'Nope'"):
        store.rename("Nope", "Other")
    assert store.list() == []


def test_delete(store: ProfileStore) -> None:
    store.save(outlook_profile("A"))
    store.save(outlook_profile("B"))
    store.delete("a")
    assert [p.name for p in store.list()] == ["B"]
    assert not store.exists("A")


@pytest.mark.parametrize("name", ["", "   ", "\n\t", "x" * 301])
def test_unusable_names_are_refused(store: ProfileStore, name: str) -> None:
    with pytest.raises(ProfileError):
        store.save(outlook_profile(name))
    assert store.list() == []


# --- odd names are safe ---------------------------------------------------------------------

ODD_NAMES = [
    pytest.param("../../outside", id="dotdot"),
    pytest.param("..", id="only-dots"),
    pytest.param('a/b\\c:d*e?f"g<h>i|j', id="path-characters"),
    pytest.param("CON", id="windows-con"),
    pytest.param("nul.txt", id="windows-nul"),
    pytest.param("LPT1", id="windows-lpt1"),
    pytest.param("🎪 Messe 2025 🎉", id="emoji"),
    pytest.param("🎪🎉", id="only-emoji"),
    pytest.param("Team \U0001f468\u200d\U0001f469\u200d\U0001f467", id="zwj-emoji"),
    pytest.param("Ausstellerliste \u2013 Köln/Düsseldorf", id="umlauts"),
    pytest.param("x" * 300, id="300-chars"),
    pytest.param(".hidden", id="leading-dot"),
    pytest.param("name.json", id="json-suffix"),
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_names_are_stored_safely(store: ProfileStore, name: str) -> None:
    path = store.save(outlook_profile(name))
    assert path.parent == store.directory
    assert path.name.isascii()
    assert len(path.name) <= 60
    assert not path.name.startswith(".")
    stem = path.name.split(".")[0].upper()
    assert stem not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert [p.name for p in store.list()] == [name]
    assert store.load(name).name == name
    assert list(store.directory.parent.iterdir()) == [store.directory]


@settings(max_examples=60, deadline=None, database=None)
@given(st.text(min_size=1, max_size=80))
def test_any_name_round_trips_inside_the_folder(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = ProfileStore(Path(folder) / "profiles")
        try:
            path = store.save(outlook_profile(name))
        except ProfileError:
            blank = (c.isspace() or unicodedata.category(c) in ("Cc", "Cs") for c in name)
            assert all(blank), "only names without any visible character are refused"
            return
        assert path.parent == store.directory
        loaded = store.list()
        assert len(loaded) == 1
        assert store.load(loaded[0].name) == loaded[0]
        assert store.load(name).name == loaded[0].name
        assert list(Path(folder).iterdir()) == [store.directory]


def test_control_characters_and_lone_surrogates_become_spaces(store: ProfileStore) -> None:
    store.save(outlook_profile("Messe\x00\n2025\ud800!"))
    assert [p.name for p in store.list()] == ["Messe 2025 !"]


def test_a_copied_profile_file_is_listed_once(store: ProfileStore) -> None:
    path = store.save(outlook_profile("Messe"))
    (store.directory / "copy of messe.json").write_bytes(path.read_bytes())
    assert [p.name for p in store.list()] == ["Messe"]
    store.delete("Messe")
    assert [p.name for p in store.list()] == ["Messe"]  # the copy remains, as a file would


def test_names_that_slug_alike_stay_apart(store: ProfileStore) -> None:
    names = ["Messe/2025", "Messe 2025", "Messe-2025", "messe_2025"]
    for name in names:
        store.save(outlook_profile(name))
    assert sorted(p.name for p in store.list()) == sorted(names)
    assert len({profiles.file_name(n) for n in names}) == len(names)


def test_file_names_ignore_case_so_case_insensitive_disks_cannot_clash() -> None:
    assert profiles.file_name("Messe") == profiles.file_name("MESSE")


# --- bad files are skipped with a warning -----------------------------------------------------


def test_corrupt_foreign_and_future_files_are_skipped_with_warnings(store: ProfileStore) -> None:
    store.save(outlook_profile("Good"))
    folder = store.directory
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "foreign.json").write_text('{"hello": "world"}', encoding="utf-8")
    (folder / "list.json").write_text("[1, 2, 3]", encoding="utf-8")
    future = {"schema": 99, "app": "plandocket-desktop", "name": "Future", "target": "contacts"}
    (folder / "future.json").write_text(json.dumps(future), encoding="utf-8")
    bad_target = {"schema": 1, "app": "plandocket-desktop", "name": "X", "target": "spaceships"}
    (folder / "bad-target.json").write_text(json.dumps(bad_target), encoding="utf-8")
    (folder / "notes.txt").write_text("not a profile", encoding="utf-8")
    (folder / "folder.json").mkdir()

    assert [p.name for p in store.list()] == ["Good"]
    assert len(ProfileStore(folder).warnings) == 6, "a new store warns at once"
    warnings = "\n".join(store.warnings)
    assert len(store.warnings) == 6
    assert "The profile file 'broken.json' is damaged" in warnings
    assert "'binary.json'" in warnings
    assert "'foreign.json' in the profiles folder is not a PlanDocket Desktop profile" in warnings
    assert "'future.json' was saved by a newer version" in warnings
    assert "'bad-target.json'" in warnings
    assert "notes.txt" not in warnings
    assert store.load("Good").name == "Good"
    assert store.match(OUTLOOK_HEADERS)[0][0].name == "Good"


def test_a_corrupt_file_does_not_stop_saving_over_it(store: ProfileStore) -> None:
    path = store.save(outlook_profile("Good"))
    path.write_text("{", encoding="utf-8")
    store.save(outlook_profile("Good"))
    assert store.load("Good").mode is Mode.UPSERT
    assert store.warnings == []


def test_missing_folder_lists_nothing(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "does" / "not" / "exist")
    assert store.list() == []
    assert store.match(OUTLOOK_HEADERS) == []


def test_failed_write_leaves_the_old_file_and_no_temp_file(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(outlook_profile("Keep"))

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    changed = outlook_profile("Keep")
    changed.mode = Mode.CREATE
    with pytest.raises(ProfileError, match="could not be saved: permission denied"):
        store.save(changed)
    monkeypatch.undo()
    assert store.load("Keep").mode is Mode.UPSERT
    assert [p.name for p in store.directory.iterdir()] == [profiles.file_name("Keep")]


# --- offering a profile for a file -----------------------------------------------------------


def test_match_offers_fitting_profiles_best_first(store: ProfileStore) -> None:
    store.save(outlook_profile("Outlook"))
    german = Profile(
        name="Kundenliste",
        mapping={"E-Mail": "email", "Vorname": "first_name", "Nachname": "last_name"},
    )
    store.save(german)
    partial = Profile(
        name="Partial",
        mapping={"E-mail Address": "email", "First Name": "first_name", "Fax": "fax"},
    )
    store.save(partial)

    offered = store.match(OUTLOOK_HEADERS)
    assert [p.name for p, _ in offered] == ["Outlook", "Partial"]
    assert offered[0][1] == pytest.approx(1.0)
    assert 0.6 <= offered[1][1] < offered[0][1]
    assert [p.name for p, _ in store.match(["E-Mail", "Vorname", "Nachname", "PLZ"])] == [
        "Kundenliste"
    ]
    assert store.match(["Something", "Else"]) == []


def test_match_ignores_case_and_spacing_and_can_filter_by_target(store: ProfileStore) -> None:
    store.save(outlook_profile("Outlook"))
    columns = [" first name", "LAST NAME", "company", "e-mail address", "notes"]
    assert [p.name for p, _ in store.match(columns)] == ["Outlook"]
    assert store.match(columns, target=Target.PARTICIPANTS) == []


def test_match_weighs_the_match_field_column_more(store: ProfileStore) -> None:
    profile = outlook_profile()
    without_email = [c for c in OUTLOOK_HEADERS if c != "E-mail Address"]
    without_notes = [c for c in OUTLOOK_HEADERS if c != "Notes"]
    assert profiles.match_score(profile, without_email) < profiles.match_score(
        profile, without_notes
    )


def test_missing_columns_names_what_the_file_lacks(store: ProfileStore) -> None:
    profile = outlook_profile()
    columns = ["First Name", "company", "Notes", "Home Phone"]
    assert store.missing_columns(profile, columns) == ["Last Name", "E-mail Address"]
    assert store.missing_columns(profile, OUTLOOK_HEADERS) == []
