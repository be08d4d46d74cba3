"""MappingDraft: one home for assigning columns, applying profiles, fixed values and problems."""

from __future__ import annotations

import pytest

from plandocket_desktop.core import mapping
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import ConfigurationError
from plandocket_desktop.core.mapping import _problems
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Target

C = ImportOptions()
P = ImportOptions(target=Target.PARTICIPANTS)
NUMBER = ImportOptions(match_field=MatchField.CUSTOMER_NUMBER)


def messages(problems: list[mapping.Problem]) -> list[str]:
    return [p.message for p in problems]


def errors_of(chosen: dict[str, str | None], options: ImportOptions) -> list[str]:
    draft = mapping.MappingDraft(list(chosen), options, mapping=chosen)
    return messages(draft.errors())


@pytest.fixture
def table() -> Table:
    return Table.from_rows(
        ["E-Mail", "Vorname", "Privat Mail", "Bewertung"], [["a@x.de", "Anna", "a@p.de", "4"]]
    )


# --- problems (was mapping.check) -------------------------------------------------------------


def test_a_complete_mapping_has_no_problems() -> None:
    chosen = {"E-Mail": "email", "Vorname": "first_name", "Stand": None}
    assert errors_of(chosen, C) == []
    draft = mapping.MappingDraft(list(chosen), C, mapping=chosen)
    assert draft.problems() == []
    assert draft.is_complete()


def test_the_match_field_needs_a_column() -> None:
    chosen: dict[str, str | None] = {"E-Mail": "email", "Vorname": "first_name"}
    draft = mapping.MappingDraft(list(chosen), NUMBER, mapping=chosen)
    [problem] = draft.problems()
    assert problem.code is mapping.ProblemCode.MATCH_FIELD_MISSING
    assert problem.params == {"match_field": "customer_number"}
    assert problem.severity is mapping.Severity.ERROR
    assert problem.message == (
        "No column is mapped to customer number. Choose the column that holds the customer "
        "number: PlanDocket finds existing records by it."
    )
    assert not draft.is_complete()
    email = errors_of({"Vorname": "first_name"}, C)
    assert email == [
        (
            "No column is mapped to email. Choose the column that holds the email address: "
            "PlanDocket finds existing records by it."
        )
    ]


def test_a_fixed_match_field_counts_as_given() -> None:
    problems = mapping.mapping_problems({"A": None}, {"email": "a@x.de"}, Target.CONTACTS, "email")
    assert problems == []


def test_a_field_from_two_columns_and_foreign_fields_are_refused() -> None:
    chosen = {"Email": "email", "E-Mail": "email", "Rating": "rating", "X": "nope"}
    draft = mapping.MappingDraft(list(chosen), P, mapping=chosen)
    assert [p.code for p in draft.problems()] == [
        mapping.ProblemCode.NOT_FOR_TARGET,
        mapping.ProblemCode.NOT_A_FIELD,
        mapping.ProblemCode.FIELD_TWICE,
    ]
    assert messages(draft.problems()) == [
        "Column 'Rating' goes to Rating (1-5), which participants do not have.",
        "Column 'X' goes to 'nope', which is not a field.",
        "Email comes from several columns ('Email', 'E-Mail'); choose one.",
    ]


def test_a_fixed_value_beside_a_column_is_a_warning_and_foreign_fixed_values_errors() -> None:
    chosen: dict[str, str | None] = {"E-Mail": "email", "Stadt": "city"}
    draft = mapping.MappingDraft(
        list(chosen), P, mapping=chosen, fixed_values={"city": "Berlin", "rating": "3"}
    )
    problems = draft.problems()
    assert [(p.code, p.severity) for p in problems] == [
        (mapping.ProblemCode.FIXED_NOT_FOR_TARGET, mapping.Severity.ERROR),
        (mapping.ProblemCode.FIXED_HAS_COLUMN, mapping.Severity.WARNING),
    ]
    assert "participants do not have" in problems[0].message
    assert "'Stadt'" in problems[1].message
    assert "City" in problems[1].message


# --- assigning --------------------------------------------------------------------------------


def test_suggested_draft_starts_from_suggest(table: Table) -> None:
    draft = mapping.MappingDraft.suggested(table, C)
    assert draft.mapping == mapping.as_mapping(mapping.suggest(table, Target.CONTACTS))
    suggestion = draft.suggestion("E-Mail")
    assert suggestion is not None
    assert suggestion.field == "email"


def test_a_field_taken_from_another_column_leaves_it_unmapped(table: Table) -> None:
    draft = mapping.MappingDraft.suggested(table, C)
    [note] = draft.assign("Privat Mail", "email")
    assert draft.mapping["E-Mail"] is None
    assert draft.mapping["Privat Mail"] == "email"
    assert note.code is mapping.NoteCode.FIELD_MOVED
    assert note.params == {"column": "E-Mail", "field": "email", "source": "Privat Mail"}
    assert note.message == "Column 'E-Mail' is not imported now: Email comes from 'Privat Mail'."
    assert draft.assign("E-Mail", None) == []


def test_assign_finds_a_column_ignoring_case_and_names_unknown_ones(table: Table) -> None:
    draft = mapping.MappingDraft.suggested(table, C)
    draft.assign("  vorname ", None)
    assert draft.mapping["Vorname"] is None
    with pytest.raises(ConfigurationError, match="no column 'Nope'"):
        draft.assign("Nope", "email")


def test_use_suggestions_and_replace(table: Table) -> None:
    draft = mapping.MappingDraft.suggested(table, P)
    draft.assign("Vorname", None)
    draft.use_suggestions()
    assert draft.mapping["Vorname"] == "first_name"
    draft.replace({"E-Mail": "email", "Bewertung": "rating"})  # participants have no rating
    assert draft.mapping == {
        "E-Mail": "email",
        "Vorname": None,
        "Privat Mail": None,
        "Bewertung": None,
    }


def test_fixed_values_are_trimmed_and_removed() -> None:
    draft = mapping.MappingDraft(["E-Mail"], C, mapping={"E-Mail": "email"})
    draft.set_fixed("rating", " 3 ")
    assert draft.fixed_values == {"rating": "3"}
    draft.set_fixed("rating", "  ")
    assert draft.fixed_values == {}
    draft.set_fixed("city", "Berlin")
    draft.remove_fixed("city")
    draft.remove_fixed("city")
    assert draft.fixed_values == {}


# --- profiles ---------------------------------------------------------------------------------


def test_apply_profile_fits_it_to_the_file_and_target(table: Table) -> None:
    profile = mapping.Profile(
        name="Kontakte",
        mode=Mode.UPSERT,
        mapping={"E-Mail": "email", "Bewertung": "rating", "Firma": "company_name"},
        fixed_values={"rating": "3", "city": "Berlin"},
    )
    draft = mapping.MappingDraft(table.columns, P)
    applied = draft.apply_profile(profile)
    assert draft.mapping["E-Mail"] == "email"
    assert draft.mapping["Bewertung"] is None
    assert draft.fixed_values == {"city": "Berlin"}
    assert applied.missing_columns == ("Firma",)
    assert applied.other_target is Target.CONTACTS
    assert applied.other_mode is Mode.UPSERT
    assert applied.other_match_field is None
    assert [n.message for n in applied.notes] == [
        "Profile 'Kontakte' is for contacts; its mapping is used for participants.",
        "These columns are not imported, participants have no such field: 'Bewertung'.",
        "These fixed values are left out, participants have no such field: rating.",
        "The file lacks columns of profile 'Kontakte': 'Firma'.",
    ]


def test_apply_a_fitting_profile_says_nothing(table: Table) -> None:
    profile = mapping.Profile(name="Mine", mapping={"E-Mail": "email", "Vorname": "first_name"})
    draft = mapping.MappingDraft(table.columns, C)
    applied = draft.apply_profile(profile)
    assert applied == mapping.ProfileApplied()
    assert draft.mapping == {
        "E-Mail": "email",
        "Vorname": "first_name",
        "Privat Mail": None,
        "Bewertung": None,
    }


def test_every_problem_and_note_code_has_a_sentence() -> None:
    for code in mapping.ProblemCode:
        params = {
            "match_field": "email",
            "field": "city",
            "column": "A",
            "columns": ("A", "B"),
            "target": "contacts",
        }
        assert mapping.Problem(code, params).message
    for note in mapping.NoteCode:
        params = {
            "column": "A",
            "field": "city",
            "source": "B",
            "profile": "P",
            "profile_target": "participants",
            "target": "contacts",
            "columns": ("A",),
            "fields": ("rating",),
        }
        assert mapping.Note(note, params).message
    assert _problems.listed(["A", "B"]) == "'A', 'B'"
