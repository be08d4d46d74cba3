"""Duplicates by match value, cell edits, excluded rows and fixed values."""

from __future__ import annotations

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import ImportOptions, MatchField, Target
from plandocket_desktop.core.validation import _result as validation

EMAIL_OPTS = ImportOptions(match_field=MatchField.EMAIL)
NUMBER_OPTS = ImportOptions(match_field=MatchField.CUSTOMER_NUMBER)
MAPPING = {"Email": "email", "Nr": "customer_number", "Rating": "rating"}


def make(rows: list[list[str]], options: ImportOptions = EMAIL_OPTS, **kwargs):
    table = Table.from_rows(["Email", "Nr", "Rating"], rows)
    return validation.validate(table, MAPPING, options=options, **kwargs)


def codes(result: validation.ValidationResult) -> list[tuple[int, str]]:
    return [(i.row_number, i.code) for i in result.iter_issues()]


def test_email_duplicates_trimmed_and_case_insensitive_first_stays() -> None:
    result = make(
        [
            ["m.gross@gmx.at", "1"],
            ["other@x.de", "2"],
            ["  M.gross@Gmx.at ", "3"],
            ["M.GROSS@GMX.AT", "4"],
        ]
    )
    assert codes(result) == [(4, "email_duplicate"), (5, "email_duplicate")]
    issue = result.issues_for(2)[0]
    assert issue.message == "Same email as row 2; only the first is imported."
    assert issue.value == "  M.gross@Gmx.at "
    assert result.duplicate_of(3) == 0
    assert result.sendable_indices() == [0, 1]


def test_customer_number_duplicates_exact_text() -> None:
    rows = [["a@x.de", "00457"], ["b@x.de", "457"], ["c@x.de", " 00457 "], ["d@x.de", "ABC"]]
    rows.append(["e@x.de", "abc"])
    result = make(rows, NUMBER_OPTS)
    assert codes(result) == [(4, "customer_number_duplicate")]
    assert result.issues_for(2)[0].message == (
        "Same customer number as row 2; only the first is imported."
    )


def test_duplicates_only_by_the_match_field() -> None:
    # The other identifier repeating with a different match value is a conflict, not a
    # duplicate (test_conflicts.py).
    rows = [["a@x.de", "1"], ["a@x.de", "2"], ["b@x.de", "1"]]
    assert codes(make(rows, EMAIL_OPTS)) == [
        (3, "email_duplicate"),
        (4, "customer_number_conflict"),
    ]
    assert codes(make(rows, NUMBER_OPTS)) == [
        (3, "email_conflict"),
        (4, "customer_number_duplicate"),
    ]


def test_empty_and_invalid_values_are_never_duplicates() -> None:
    rows = [["bad@", "1"], ["bad@", "2"], ["", "3"], ["", "4"]]
    assert codes(make(rows)) == [
        (2, "email_invalid"),
        (3, "email_invalid"),
        (4, "email_missing"),
        (5, "email_missing"),
    ]


def test_a_row_with_other_errors_still_is_the_first() -> None:
    result = make([["a@x.de", "1", "gut"], ["a@x.de", "2", "3"]])
    assert codes(result) == [(2, "rating_invalid"), (3, "email_duplicate")]


def test_edit_cell_revalidates_row_and_returns_changed_rows() -> None:
    result = make([["a@x.de", "1", "3"], ["info(at)x.de", "2", ""]])
    assert result.status(1) == "error"
    changed = result.edit_cell(1, "Email", " info@x.de ")
    assert changed == [1]
    assert result.status(1) == "ready"
    assert result.records([1]) == [{"email": "info@x.de", "customer_number": "2"}]
    assert result.edits == {(3, "Email"): " info@x.de "}
    assert result.edit_cell(1, "Rating", "7") == [1]
    assert [i.code for i in result.issues_for(1)] == ["rating_invalid"]
    assert result.edit_cell(1, "Rating", "4.0") == [1]
    assert result.records([1])[0]["rating"] == 4


def test_edit_moves_row_between_duplicate_groups() -> None:
    result = make([["a@x.de", "1"], ["b@x.de", "2"], ["A@x.de", "3"], ["b@x.de", "4"]])
    assert codes(result) == [(4, "email_duplicate"), (5, "email_duplicate")]
    # The first "a" becomes a "b": it is now the first "b", row 4 the only "a".
    changed = result.edit_cell(0, "Email", "b@x.de")
    assert changed == [1, 2]
    assert codes(result) == [(3, "email_duplicate"), (5, "email_duplicate")]
    assert result.issues_for(1)[0].message == "Same email as row 2; only the first is imported."
    assert result.status(2) == "ready"
    # ... and back again: everything as before.
    result.edit_cell(0, "Email", "a@x.de")
    assert codes(result) == [(4, "email_duplicate"), (5, "email_duplicate")]


def test_edit_to_a_new_value_and_to_empty() -> None:
    result = make([["a@x.de", "1"], ["a@x.de", "2"], ["a@x.de", "3"]])
    assert result.edit_cell(1, "Email", "new@x.de") == [1]
    assert codes(result) == [(4, "email_duplicate")]
    assert result.edit_cell(0, "Email", "") == [0, 2]
    assert codes(result) == [(2, "email_missing")]
    assert result.issues_for(1) == []
    assert result.status(2) == "ready"


def test_edit_of_unmapped_or_unknown_column() -> None:
    table = Table.from_rows(["Email", "Anrede"], [["a@x.de", "Herr"]])
    result = validation.validate(table, {"Email": "email"}, options=EMAIL_OPTS)
    assert result.edit_cell(0, "Anrede", "Frau") == []
    assert result.edits == {(2, "Anrede"): "Frau"}
    with pytest.raises(KeyError):
        result.edit_cell(0, "Nope", "x")


def test_edit_brings_an_empty_row_to_life_and_back() -> None:
    table = Table.from_rows(["Email", "Nr"], [["a@x.de", "1"], ["", ""]])
    result = validation.validate(table, {"Email": "email"}, options=EMAIL_OPTS)
    assert result.status(1) == "ignored"
    assert result.edit_cell(1, "Nr", "5") == [1]
    assert [i.code for i in result.issues_for(1)] == ["email_missing"]
    result.edit_cell(1, "Email", "a@x.de")
    assert [i.code for i in result.issues_for(1)] == ["email_duplicate"]
    result.edit_cell(1, "Email", "")
    assert result.edit_cell(1, "Nr", " ") == [1]
    assert result.status(1) == "ignored"


def test_exclude_row_promotes_the_next_duplicate() -> None:
    result = make([["a@x.de", "1"], ["A@x.de", "2"], ["a@x.de", "3"], ["bad", "4"]])
    assert result.counts["errors"] == 3
    changed = result.exclude_row(0)
    assert changed == [0, 1]
    assert result.status(0) == "excluded"
    assert result.status(1) == "ready"
    assert result.issues_for(2)[0].message == "Same email as row 3; only the first is imported."
    assert result.counts == {"ready": 1, "warnings": 0, "errors": 2, "ignored": 0, "excluded": 1}
    assert result.excluded_rows == {2}
    assert result.sendable_indices() == [1]
    assert result.exclude_row(0, excluded=False) == [0, 1]
    assert result.status(1) == "error"
    assert result.exclude_row(3) == [3]
    assert result.counts["excluded"] == 1


def test_edits_and_excluded_given_to_validate_by_row_number() -> None:
    rows = [["a@x.de", "1"], ["a@x.de", "2"], ["bad", "3"]]
    result = make(rows, edits={(4, "Email"): "c@x.de", (99, "Email"): "x"}, excluded={2})
    assert result.status(0) == "excluded"
    assert result.status(1) == "ready"
    assert result.status(2) == "ready"
    assert result.records([2]) == [{"email": "c@x.de", "customer_number": "3"}]


def test_row_index_of_row_numbers() -> None:
    table = Table.from_rows(["Email"], [["a@x.de"], ["b@x.de"]], row_numbers=[5, 9])
    result = validation.validate(table, {"Email": "email"}, options=EMAIL_OPTS)
    assert result.row_index(9) == 1
    assert result.row_index(6) is None
    assert result.row_index(100) is None


# --- fixed values --------------------------------------------------------------------------


def test_fixed_value_for_a_field_without_column() -> None:
    table = Table.from_rows(["Email"], [["a@x.de"], ["b@x.de"]])
    result = validation.validate(
        table,
        {"Email": "email"},
        options=EMAIL_OPTS,
        fixed_values={"rating": " 3 ", "account_access_enabled": "ja", "category_keys": "a;b"},
    )
    assert result.records([0, 1]) == [
        {"email": e, "rating": 3, "account_access_enabled": True, "category_keys": ["a", "b"]}
        for e in ("a@x.de", "b@x.de")
    ]
    records = result.records([0, 1])
    records[0]["category_keys"].append("z")  # type: ignore[union-attr]
    assert records[1]["category_keys"] == ["a", "b"]


def test_fixed_value_fills_only_empty_cells_of_a_mapped_column() -> None:
    table = Table.from_rows(
        ["Email", "Rating"], [["a@x.de", "5"], ["b@x.de", " "], ["c@x.de", "9"]]
    )
    result = validation.validate(
        table,
        {"Email": "email", "Rating": "rating"},
        options=EMAIL_OPTS,
        fixed_values={"rating": "3"},
    )
    assert [r.get("rating") for r in result.records([0, 1])] == [5, 3]
    assert [i.code for i in result.issues_for(2)] == ["rating_invalid"]


def test_fixed_participant_confirmation() -> None:
    table = Table.from_rows(["Email"], [["a@x.de"]])
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo")
    result = validation.validate(
        table, {"Email": "email"}, options=options, fixed_values={"is_confirmed": "yes"}
    )
    assert result.records([0]) == [{"email": "a@x.de", "is_confirmed": True}]


@pytest.mark.parametrize(
    ("fixed", "needle"),
    [
        ({"rating": "gut"}, "The fixed value for Rating"),
        ({"is_confirmed": "vielleicht"}, "must be yes or no"),
        ({"country": "Atlantis"}, "not a country"),
        ({"bogus": "1"}, "fixed value for 'bogus', which participants do not have"),
    ],
)
def test_invalid_fixed_value_raises(fixed: dict[str, str], needle: str) -> None:
    table = Table.from_rows(["Email"], [["a@x.de"]])
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="e")
    if "rating" in fixed or "country" in fixed:
        options = EMAIL_OPTS
    with pytest.raises(PlandocketError, match=needle):
        validation.validate(table, {"Email": "email"}, options=options, fixed_values=fixed)


def test_empty_fixed_value_is_ignored() -> None:
    table = Table.from_rows(["Email"], [["a@x.de"]])
    result = validation.validate(
        table, {"Email": "email"}, options=EMAIL_OPTS, fixed_values={"city": "  "}
    )
    assert result.records([0]) == [{"email": "a@x.de"}]


def test_fixed_match_value_makes_later_rows_duplicates() -> None:
    table = Table.from_rows(["Name"], [["A"], ["B"]])
    result = validation.validate(
        table, {"Name": "first_name"}, options=NUMBER_OPTS, fixed_values={"customer_number": "7"}
    )
    issues = list(result.iter_issues())
    assert [(i.row_number, i.code, i.column) for i in issues] == [
        (3, "customer_number_duplicate", None)
    ]


def test_duplicates_across_arrow_chunks_and_an_edit_joining_a_group_of_the_file() -> None:
    import pyarrow as pa

    parts = [
        Table.from_rows(["Email", "Nr", "Rating"], rows).arrow
        for rows in (
            [["a@x.de", "1"], ["b@x.de", "2"]],
            [["A@x.de", "3"], ["c@x.de", "4"], ["B@X.DE", "5"]],
        )
    ]
    chunked = pa.concat_tables(parts)
    assert chunked.column(0).num_chunks == 2
    table = Table(["Email", "Nr", "Rating"], chunked, [2, 3, 4, 5, 6])
    result = validation.validate(table, MAPPING, options=EMAIL_OPTS)
    assert codes(result) == [(4, "email_duplicate"), (6, "email_duplicate")]
    assert (result.duplicate_of(2), result.duplicate_of(4)) == (0, 1)

    # c@x.de -> b@x.de: joins the group of row 3, found among the file's own keys.
    result.edit_cell(3, "Email", "b@x.de")
    assert result.duplicate_of(3) == 1
    # Leaving out the group's first row makes the edited row the one imported.
    result.exclude_row(1)
    assert result.duplicate_of(3) is None
    assert result.duplicate_of(4) == 3
    # A value the file never had starts a group of its own.
    result.edit_cell(4, "Email", "new@x.de")
    assert result.duplicate_of(4) is None
    assert codes(result) == [(4, "email_duplicate")]
