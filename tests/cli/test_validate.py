"""plandocket-import validate: exit codes, --json, --map, --profile and --errors-csv."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from plandocket_desktop import cli
from plandocket_desktop.core.mapping import _profiles as profiles
from plandocket_desktop.core.types import MatchField

GOOD = "E-Mail;Vorname;Bewertung;Webseite\na@x.de;Anna;4;https://a.de\nb@x.de;Ben;5;\n"
BAD = (
    "E-Mail;Vorname;Bewertung;Webseite;Notiz\n"
    "a@x.de;Anna;4;www.a.de;ok\n"
    "info(at)x.de;=1+1;gut;;@work\n"
    "A@X.de;Carl;;;-minus\n"
)


def write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = cli.main(["validate", *argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_clean_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, str(write(tmp_path, GOOD)), "--target", "contacts")
    assert code == 0
    assert data["mapping"] == {
        "E-Mail": "email",
        "Vorname": "first_name",
        "Bewertung": "rating",
        "Webseite": "website",
    }
    assert data["counts"] == {"ready": 2, "warnings": 0, "errors": 0, "ignored": 0, "excluded": 0}
    assert data["issues"] == []


def test_errors_exit_1_with_issues_by_excel_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = run_json(capsys, str(write(tmp_path, BAD)), "--target", "contacts")
    assert code == 1
    assert data["counts"]["errors"] == 2
    assert data["counts"]["warnings"] == 1
    assert [(i["row"], i["column"], i["field"], i["severity"]) for i in data["issues"]] == [
        (2, "Webseite", "website", "warning"),
        (3, "E-Mail", "email", "error"),
        (3, "Bewertung", "rating", "error"),
        (4, "E-Mail", "email", "error"),
    ]
    assert data["issues"][3]["message"] == "Same email as row 2; only the first is imported."


def test_readable_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["validate", str(write(tmp_path, BAD)), "--target", "contacts"])
    out = capsys.readouterr().out
    assert code == 1
    assert "E-Mail" in out
    assert "Email" in out
    assert "With errors (not sent): 2" in out
    assert (
        "row 3, Bewertung (error): Rating must be a whole number from 1 to 5; 'gut' is not." in out
    )


def test_match_field_customer_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Email,Kundennummer\na@x.de,007\nb@x.de,\nc@x.de,007\n")
    code, data = run_json(capsys, str(path), "--match-field", "customer_number")
    assert code == 1
    assert [(i["row"], i["field"]) for i in data["issues"]] == [
        (3, "customer_number"),
        (4, "customer_number"),
    ]


def test_map_overrides_and_dont_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Kontakt,Mail2,Score\na@x.de,bad,gut\n")
    code, data = run_json(
        capsys, str(path), "--map", "Kontakt=email", "--map", "Score=", "--map", "Mail2="
    )
    assert code == 0
    assert data["mapping"] == {"Kontakt": "email", "Mail2": None, "Score": None}


def test_map_takes_the_field_from_another_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "Email,Private Email\nbad,a@x.de\n")
    code, data = run_json(capsys, str(path), "--map", "Private Email=email")
    assert code == 0
    assert data["mapping"] == {"Email": None, "Private Email": "email"}


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--map", "Nope=email"], "no column 'Nope'"),
        (["--map", "E-Mail=mail_address"], "not a PlanDocket field"),
        (["--map", "E-Mail"], "HEADER=FIELD"),
        (["--map", "E-Mail="], "No column is mapped to email"),
        (["--profile", "missing"], "missing"),
    ],
)
def test_cannot_run_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code = cli.main(["validate", str(write(tmp_path, GOOD)), *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err
    assert "Traceback" not in err


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, data = run_json(capsys, str(empty))
    assert code == 2
    assert data["error"]["kind"] == "empty"
    assert cli.main(["validate", str(tmp_path / "absent.csv")]) == 2


def test_header_only_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["validate", str(write(tmp_path, "E-Mail;Vorname\n"))])
    assert code == 0
    assert "nothing to import" in capsys.readouterr().out


def test_profile_supplies_mapping_options_and_fixed_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = profiles.ProfileStore()
    store.save(
        profiles.Profile(
            name="Messe",
            mapping={"Adresse": "email", "Nr": "customer_number", "Gone": "city"},
            match_field=MatchField.CUSTOMER_NUMBER,
            fixed_values={"rating": "3"},
        )
    )
    path = write(tmp_path, "Adresse,Nr\na@x.de,1\nb@x.de,1\n")
    code = cli.main(["validate", str(path), "--profile", "Messe", "--json"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert code == 1
    assert data["match_field"] == "customer_number"
    assert data["mapping"] == {"Adresse": "email", "Nr": "customer_number"}
    assert data["fixed_values"] == {"rating": "3"}
    assert [i["field"] for i in data["issues"]] == ["customer_number"]
    assert "'Gone'" in captured.err


def test_errors_csv_is_neutralised_utf8_with_bom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "problems.csv"
    code = cli.main(["validate", str(write(tmp_path, BAD)), "--errors-csv", str(out)])
    assert code == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == [
        "E-Mail",
        "Vorname",
        "Bewertung",
        "Webseite",
        "Notiz",
        "Row number",
        "Status",
        "Problems",
    ]
    assert [r[5] for r in rows[1:]] == ["2", "3", "4"]
    assert rows[2][1] == "'=1+1"
    assert rows[2][4] == "'@work"
    assert rows[3][4] == "'-minus"
    assert rows[2][6] == "error"
    assert "'info(at)x.de' is not a valid email address." in rows[2][7]
    assert "Rating must be a whole number" in rows[2][7]


def test_samples_through_the_command_line(
    samples_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = run_json(
        capsys,
        str(samples_dir / "ausstellerliste_2025.xlsx"),
        "--sheet",
        "Aussteller 2025",
        "--match-field",
        "customer_number",
    )
    assert code == 1
    rows = sorted({i["row"] for i in data["issues"] if i["severity"] == "error"})
    # Row 24 repeats row 15's email with another customer number (PlanDocket refuses it).
    assert rows == [11, 17, 21, 24]
    conflict = next(i for i in data["issues"] if i["code"] == "email_conflict")
    assert conflict["row"] == 24
    assert "row 15" in conflict["message"]
    assert data["counts"]["ignored"] == 1


def test_map_header_may_hold_an_equals_sign(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "Mail=privat,Name\na@x.de,Anna\n")
    code, data = run_json(capsys, str(path), "--map", "Mail=privat=email")
    assert code == 0
    assert data["mapping"]["Mail=privat"] == "email"


def test_a_profile_of_the_other_target_is_fitted_and_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles.ProfileStore().save(
        profiles.Profile(name="Kontakte", mapping={"E-Mail": "email", "Bewertung": "rating"})
    )
    path = write(tmp_path, GOOD)
    code = cli.main(
        ["validate", str(path), "--profile", "Kontakte", "--target", "participants", "--json"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert json.loads(captured.out)["mapping"]["Bewertung"] is None
    assert "Profile 'Kontakte' is for contacts; its mapping is used for participants." in (
        captured.err
    )
    assert "participants have no such field: 'Bewertung'" in captured.err


def test_json_issues_carry_a_suggestion_where_there_is_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "E-Mail;Kundennummer;PLZ;Land\n"
        "anna@gmial.com;K-1;1067;DE\n"
        "ben@firma.de;K-1;10115;DE\n"
        "#N/A;K-3;4.92211E+11;DE\n",
    )
    code, data = run_json(capsys, str(path))
    assert code == 1
    keys = {"code", "severity", "row", "column", "field", "value", "message"}
    by_code = {i["code"]: i for i in data["issues"]}
    assert all(keys <= set(i) for i in data["issues"])
    assert by_code["email_typo"]["suggestion"] == "anna@gmail.com"
    assert by_code["email_typo"]["severity"] == "warning"
    assert by_code["postal_code_zero_lost"]["suggestion"] == "01067"
    assert by_code["customer_number_conflict"]["row"] == 3
    assert by_code["customer_number_conflict"]["severity"] == "error"
    assert by_code["excel_error_value"]["value"] == "#N/A"
    assert by_code["excel_scientific"]["field"] == "postal_code"
    for code_name in ("customer_number_conflict", "excel_error_value", "excel_scientific"):
        assert "suggestion" not in by_code[code_name]
