"""core.choices.resolve and the shared command-line flags of commands.choices."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from plandocket_desktop import cli
from plandocket_desktop.cli import _options as cli_choices
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import ConfigurationError, ProfileError
from plandocket_desktop.core.mapping import _choices as choices
from plandocket_desktop.core.mapping import _profiles as profiles
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.types import MatchField, Mode, Target


def table_of(tmp_path: Path, text: str) -> Table:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    return reading.read_table(path)


@pytest.fixture
def people(tmp_path: Path) -> Table:
    return table_of(tmp_path, "E-Mail;Vorname;Privat Mail;Bewertung\na@x.de;Anna;a@p.de;4\n")


def test_without_profile_the_columns_are_mapped_automatically(people: Table) -> None:
    result = choices.resolve(people)
    assert result.mapping == {
        "E-Mail": "email",
        "Vorname": "first_name",
        "Privat Mail": None,
        "Bewertung": "rating",
    }
    assert result.options.target is Target.CONTACTS
    assert result.options.mode is Mode.CREATE
    assert result.options.match_field is MatchField.EMAIL
    assert result.options.skip_on_error is True
    assert result.fixed_values == {}
    assert result.notes == []


def test_explicit_options_beat_the_profile_and_the_profile_beats_defaults(people: Table) -> None:
    profile = profiles.Profile(
        name="Messe",
        mode=Mode.UPSERT,
        match_field=MatchField.CUSTOMER_NUMBER,
        skip_on_error=False,
        create_contacts=False,
        mapping={"e-mail": "email", "Vorname": "first_name"},
        fixed_values={"rating": "3"},
    )
    result = choices.resolve(people, profile=profile, mode=Mode.UPDATE, event_key="ev-1")
    options = result.options
    assert options.mode is Mode.UPDATE
    assert options.match_field is MatchField.CUSTOMER_NUMBER
    assert options.skip_on_error is False
    assert options.create_contacts is False
    assert options.event_key == "ev-1"
    assert result.mapping == {
        "E-Mail": "email",
        "Vorname": "first_name",
        "Privat Mail": None,
        "Bewertung": None,
    }
    assert result.fixed_values == {"rating": "3"}
    again = choices.resolve(people, profile=profile, skip_on_error=True, create_contacts=True)
    assert again.options.skip_on_error is True
    assert again.options.create_contacts is True


def test_an_assignment_takes_the_field_from_the_other_column(people: Table) -> None:
    result = choices.resolve(people, assignments=[("Privat Mail", "email")])
    assert result.mapping["Privat Mail"] == "email"
    assert result.mapping["E-Mail"] is None
    assert result.notes == ["Column 'E-Mail' is not imported now: Email comes from 'Privat Mail'."]


def test_assignment_headers_ignore_case_and_spacing_and_fields_ignore_case(
    people: Table,
) -> None:
    result = choices.resolve(people, assignments=[("  privat   mail ", " Email ")])
    assert result.mapping["Privat Mail"] == "email"
    assert result.mapping["E-Mail"] is None


def test_an_empty_field_means_dont_import_and_later_assignments_win(people: Table) -> None:
    result = choices.resolve(
        people, assignments=[("Bewertung", ""), ("Vorname", "last_name"), ("Vorname", "")]
    )
    assert result.mapping["Bewertung"] is None
    assert result.mapping["Vorname"] is None


def test_an_exact_header_wins_over_a_case_insensitive_one(tmp_path: Path) -> None:
    table = table_of(tmp_path, "Mail,mail\na@x.de,b@x.de\n")
    result = choices.resolve(table, assignments=[("mail", "email")])
    assert result.mapping == {"Mail": None, "mail": "email"}
    with pytest.raises(ConfigurationError, match="several columns like 'MAIL'"):
        choices.resolve(table, assignments=[("MAIL", "email")])


def test_an_unknown_header_lists_the_columns(people: Table) -> None:
    with pytest.raises(ConfigurationError) as caught:
        choices.resolve(people, assignments=[("Nope", "email")])
    assert str(caught.value) == (
        "The file has no column 'Nope'. Its columns: 'E-Mail', 'Vorname', 'Privat Mail', "
        "'Bewertung'."
    )


def test_an_unknown_field_lists_the_fields(people: Table) -> None:
    with pytest.raises(ConfigurationError) as caught:
        choices.resolve(people, assignments=[("E-Mail", "mail_address")])
    message = str(caught.value)
    assert message.startswith("'mail_address' is not a PlanDocket field. Fields: email, ")
    assert "is_confirmed" not in message  # a participants-only field


def test_a_field_of_the_other_target_is_named_as_such(people: Table) -> None:
    with pytest.raises(
        ConfigurationError, match=r"Rating \(1-5\) cannot be imported for participants"
    ):
        choices.resolve(people, target=Target.PARTICIPANTS, assignments=[("Bewertung", "rating")])


def test_a_profile_for_another_target_is_fitted_with_notes(people: Table) -> None:
    profile = profiles.Profile(
        name="Kontakte",
        mapping={"E-Mail": "email", "Bewertung": "rating", "Firma": "company_name"},
        fixed_values={"rating": "3", "city": "Berlin"},
    )
    result = choices.resolve(people, profile=profile, target=Target.PARTICIPANTS)
    assert result.options.target is Target.PARTICIPANTS
    assert result.mapping["E-Mail"] == "email"
    assert result.mapping["Bewertung"] is None
    assert result.fixed_values == {"city": "Berlin"}
    assert result.notes == [
        "Profile 'Kontakte' is for contacts; its mapping is used for participants.",
        "These columns are not imported, participants have no such field: 'Bewertung'.",
        "These fixed values are left out, participants have no such field: rating.",
        "The file lacks columns of profile 'Kontakte': 'Firma'.",
    ]


def test_the_profile_target_is_used_when_none_is_given(people: Table) -> None:
    profile = profiles.Profile(
        name="Gäste", target=Target.PARTICIPANTS, mapping={"E-Mail": "email"}
    )
    result = choices.resolve(people, profile=profile)
    assert result.options.target is Target.PARTICIPANTS
    assert result.notes == []


# --- commands.choices ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param("E-Mail=email", ("E-Mail", "email"), id="plain"),
        pytest.param("a=b=email", ("a=b", "email"), id="header-with-equals"),
        pytest.param("Notiz=", ("Notiz", ""), id="dont-import"),
    ],
)
def test_parse_map_splits_at_the_last_equals(item: str, expected: tuple[str, str]) -> None:
    assert cli_choices.parse_map(item) == expected


def test_parse_map_without_equals_explains_the_form() -> None:
    with pytest.raises(
        ConfigurationError, match=re.escape('HEADER=FIELD, e.g. --map "E-Mail=email"')
    ):
        cli_choices.parse_map("E-Mail")


@pytest.mark.parametrize(
    ("text", "value"), [pytest.param("0", 0, id="zero"), pytest.param("12", 12, id="twelve")]
)
def test_row_index_accepts_0_and_more(text: str, value: int) -> None:
    assert cli_choices.row_index(text) == value


@pytest.mark.parametrize("text", [pytest.param("-1", id="negative"), pytest.param("x", id="text")])
def test_row_index_refuses_the_rest(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        cli_choices.row_index(text)


def test_the_shared_flags_read_alike_in_validate_and_run() -> None:
    parser = cli.build_parser()
    subparsers = next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    shared = ("--sheet", "--header-row", "--profile", "--map", "--target", "--mode")

    def helps(name: str) -> dict[str, str | None]:
        actions = subparsers[name]._actions
        return {o: a.help for a in actions for o in a.option_strings if o in shared}

    assert helps("validate") == helps("run")
    assert len(helps("run")) == len(shared)
    assert helps("run")["--header-row"] == "0-based index of the header row (default: detected)"
    assert helps("inspect")["--header-row"] == helps("run")["--header-row"]


def test_a_damaged_profile_file_is_named_when_the_profile_is_not_found(
    tmp_path: Path, app_home: Path
) -> None:
    store = profiles.ProfileStore()
    store.directory.mkdir(parents=True, exist_ok=True)
    (store.directory / "messe-0000000000.json").write_text("{broken", encoding="utf-8")
    args = argparse.Namespace(profile="Messe", target=None, mode=None, match_field=None, map=[])
    table = table_of(tmp_path, "E-Mail\na@x.de\n")
    with pytest.raises(ProfileError) as caught:
        cli_choices.resolve(args, table)
    assert "There is no profile named 'Messe'." in str(caught.value)
    assert "'messe-0000000000.json' is damaged" in str(caught.value)
