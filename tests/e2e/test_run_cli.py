"""plandocket-import run / history against the sandbox, in process (cli.main)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from plandocket_desktop import cli
from plandocket_desktop.core import paths
from plandocket_desktop.core.importing import _history as history
from plandocket_desktop.core.importing import _journal as journal
from tests import key_hygiene
from tests.conftest import sample_entry

pytestmark = pytest.mark.e2e


def write_people(
    path: Path, n: int, *, bad: tuple[int, ...] = (), blank_at: int | None = None
) -> Path:
    lines = ["E-Mail;Vorname;Nachname;Telefon"]
    for i in range(n):
        email = f"cli{i:04d}@run.example" if i not in bad else f"cli{i:04d}-at-run.example"
        lines.append(f"{email};Jörg{i};Weiß;+49 30 {i}")
        if blank_at == i:
            lines.append(";;;")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def imported(sandbox: Any) -> list[str]:
    return [c["email"] for c in sandbox.store.contacts() if c["email"].endswith("@run.example")]


@pytest.fixture
def key(sandbox, monkeypatch):
    monkeypatch.setenv("PLANDOCKET_API_KEY", sandbox.api_key)
    return sandbox.api_key


@pytest.fixture
def hygiene(app_home: Path) -> Iterator[key_hygiene.Watch]:
    """The command line with its own logging set up (-v: INFO on stderr), for the key search."""
    with key_hygiene.watching(app_home, logging_of="cli") as watch:
        yield watch


def run_json(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    main: Callable[[Sequence[str]], int] = cli.main,
    printed: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    """``run ... --yes --json``; what it printed is added to ``printed`` when given."""
    code = main(["run", *argv, "--yes", "--json"])
    captured = capsys.readouterr()
    if printed is not None:
        printed["stdout"] = printed.get("stdout", "") + captured.out
        printed["stderr"] = printed.get("stderr", "") + captured.err
    return code, json.loads(captured.out.strip().splitlines()[-1])


def test_run_imports_and_summarises_as_json(sandbox, key, tmp_path, capsys, hygiene):
    source = write_people(tmp_path / "leute.csv", 120, bad=(3, 50), blank_at=10)
    printed: dict[str, str] = {}
    code, summary = run_json(
        capsys,
        str(source),
        "--tenant",
        sandbox.base_url,
        "--batch-size",
        "25",
        main=lambda argv: hygiene.run_cli(["-v", *argv]),
        printed=printed,
    )
    assert code == 1  # two rows were not sent
    assert summary["status"] == "finished"
    assert summary["counts"] == {
        "created": 118,
        "updated": 0,
        "skipped": 0,
        "failed": 0,
        "sent": 0,
        "not_sent": 2,
        "ignored": 1,
    }
    assert summary["rows"] == 121 == sum(summary["counts"].values())
    assert sorted(imported(sandbox)) == sorted(
        f"cli{i:04d}@run.example" for i in range(120) if i not in (3, 50)
    )
    report = pd.read_csv(
        summary["report"], sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )  # the report splits on semicolons like the file it reports on
    assert report["Row number"].tolist() == ["5", "53"]
    assert report["Vorname"].tolist() == ["Jörg3", "Jörg50"]
    assert report["Telefon"].tolist() == ["'+49 30 3", "'+49 30 50"]
    with journal.JournalStore() as store:
        assert store.unfinished() == []
        assert store.all()[0].status == "finished"

    assert hygiene.run_cli(["-v", "history", "--json"]) == 0
    captured = capsys.readouterr()
    entries = json.loads(captured.out)
    assert entries[0]["file_name"] == "leute.csv"
    assert entries[0]["counts"]["created"] == 118
    assert entries[0]["report_path"] == summary["report"]

    data = paths.data_dir()
    hygiene.assert_key_nowhere(
        key,
        also=[source],
        expect=[Path(summary["report"]), data / history.FILE_NAME, data / journal.FILE_NAME],
        output={
            "stdout": printed["stdout"] + captured.out,
            "stderr": printed["stderr"] + captured.err,
        },
    )


def test_clean_file_exits_0_and_a_second_run_skips_existing(sandbox, key, tmp_path, capsys):
    source = write_people(tmp_path / "leute.csv", 30)
    code, summary = run_json(capsys, str(source), "--tenant", sandbox.base_url)
    assert code == 0
    assert summary["report"] is None
    code, summary = run_json(capsys, str(source), "--tenant", sandbox.base_url)
    assert code == 0
    assert summary["counts"]["skipped"] == 30
    code, summary = run_json(
        capsys, str(source), "--tenant", sandbox.base_url, "--mode", "update", "--no-skip-on-error"
    )
    assert summary["counts"]["updated"] == 30
    assert len(imported(sandbox)) == 30


def test_map_overrides_and_xlsx_report(sandbox, key, tmp_path, capsys, hygiene):
    source = write_people(tmp_path / "leute.csv", 5, bad=(1,))
    report = tmp_path / "bericht.xlsx"
    printed: dict[str, str] = {}
    code, summary = run_json(
        capsys,
        str(source),
        "--tenant",
        sandbox.base_url,
        "--map",
        "Telefon=",
        "--map",
        "Nachname=company_name",
        "--report",
        str(report),
        "--all-rows",
        main=lambda argv: hygiene.run_cli(["-v", *argv]),
        printed=printed,
    )
    assert code == 1
    assert summary["report"] == str(report)
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert len(rows) == 6
    assert rows[2][-2] == "not sent"
    contact = next(c for c in sandbox.store.contacts() if c["email"] == "cli0000@run.example")
    assert contact["company_name"] == "Weiß"
    assert not contact["phone"]
    hygiene.assert_key_nowhere(
        key,
        also=[tmp_path],  # the report beside the file, its sheets searched inside the zip
        expect=[report, paths.data_dir() / history.FILE_NAME],
        output=printed,
    )


def test_without_yes_outside_a_terminal_nothing_starts(sandbox, key, tmp_path, capsys):
    source = write_people(tmp_path / "leute.csv", 3)
    code = cli.main(["run", str(source), "--tenant", sandbox.base_url])
    assert code == 2
    assert "--yes" in capsys.readouterr().err
    assert imported(sandbox) == []


def test_without_a_key_nothing_starts(sandbox, tmp_path, capsys):
    source = write_people(tmp_path / "leute.csv", 3)
    code = cli.main(["run", str(source), "--tenant", sandbox.base_url, "--yes"])
    assert code == 2
    err = capsys.readouterr().err
    assert "PLANDOCKET_API_KEY" in err
    assert "Traceback" not in err


def test_a_refused_key_stops_with_exit_2_and_stays_resumable(
    sandbox, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("PLANDOCKET_API_KEY", "pd_test_not_the_right_key_0000")
    source = write_people(tmp_path / "leute.csv", 3)
    code, summary = run_json(capsys, str(source), "--tenant", sandbox.base_url)
    assert code == 2
    assert summary["status"] == "stopped"
    assert "did not accept this API key" in summary["message"]
    assert summary["resumable"] is True
    with journal.JournalStore() as store:
        assert len(store.unfinished()) == 1


def test_participants_need_an_event_and_unknown_event_stops(sandbox, key, tmp_path, capsys):
    source = write_people(tmp_path / "leute.csv", 3)
    code = cli.main(
        ["run", str(source), "--tenant", sandbox.base_url, "--target", "participants", "--yes"]
    )
    assert code == 2
    assert "--event" in capsys.readouterr().err
    code, summary = run_json(
        capsys,
        str(source),
        "--tenant",
        sandbox.base_url,
        "--target",
        "participants",
        "--event",
        "no-such-event",
    )
    assert code == 2
    assert "no-such-event" in summary["message"]


def test_participants_of_a_demo_event(sandbox, key, tmp_path, capsys):
    event = sandbox.store.events()[0]["event_key"]
    source = write_people(tmp_path / "leute.csv", 4)
    code, summary = run_json(
        capsys,
        str(source),
        "--tenant",
        sandbox.base_url,
        "--target",
        "participants",
        "--event",
        event,
        "--map",
        "Telefon=",
    )
    assert code == 0, summary
    assert summary["counts"]["created"] == 4
    emails = {p.get("email") for p in sandbox.store.participants(event)}
    assert {f"cli{i:04d}@run.example" for i in range(4)} <= emails


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    text = capsys.readouterr().out
    assert "exit codes" in text
    assert "PLANDOCKET_API_KEY" in text


@pytest.mark.parametrize("name", ["google_contacts.csv", "kundenliste_excel_de.csv"])
def test_sample_files_counts_add_up(sandbox, key, manifest, samples_dir, capsys, name):
    entry = sample_entry(manifest, name)
    maps = [f"{h}={f}" for h, f in entry["mapping"].items()]
    for field, headers in entry.get("mapping_alternatives", {}).items():
        maps.append(f"{headers[0]}={field}")
    args = [str(samples_dir / name), "--tenant", sandbox.base_url]
    for m in maps:
        args += ["--map", m]
    code, summary = run_json(capsys, *args)
    counts = summary["counts"]
    assert summary["status"] == "finished"
    # Rows whose only error is a conflict with the match key (issue 11) are not in the
    # manifest: kept back before sending, they no longer fail at PlanDocket.
    mapping = dict(m.split("=", 1) for m in maps)
    conflicts = _conflict_only_rows(samples_dir / name, mapping)
    assert counts["not_sent"] == entry["validation"]["email"]["rows_with_errors"] + conflicts
    assert counts["failed"] == 0
    assert sum(counts.values()) - counts["ignored"] == entry["data_rows"]
    assert code == (1 if counts["not_sent"] or counts["failed"] else 0)


def _conflict_only_rows(path: Path, mapping: dict[str, str]) -> int:
    from plandocket_desktop.core import reading, validation
    from plandocket_desktop.core.types import ImportOptions

    result = validation.validate(reading.read_table(path), mapping, options=ImportOptions())
    rows: dict[int, set[str]] = {}
    for issue in result.iter_issues():
        if issue.severity is validation.Severity.ERROR:
            rows.setdefault(issue.row_index, set()).add(issue.code)
    return sum(1 for codes in rows.values() if all(c.endswith("_conflict") for c in codes))


def test_a_saved_profile_supplies_mapping_options_and_fixed_values(sandbox, key, tmp_path, capsys):
    from plandocket_desktop.core.mapping import _profiles as profiles
    from plandocket_desktop.core.types import Mode, Target

    profiles.ProfileStore().save(
        profiles.Profile(
            name="Messe",
            target=Target.CONTACTS,
            mode=Mode.UPSERT,
            mapping={"e-mail": "email", "Vorname": "first_name", "Nachname": None},
            fixed_values={"rating": "5"},
        )
    )
    source = write_people(tmp_path / "leute.csv", 3)
    code, summary = run_json(
        capsys, str(source), "--tenant", sandbox.base_url, "--profile", "Messe"
    )
    assert code == 0
    assert summary["mode"] == "upsert"
    contact = next(c for c in sandbox.store.contacts() if c["email"] == "cli0001@run.example")
    assert contact["rating"] == 5
    assert contact["first_name"] == "Jörg1"
    assert not contact["last_name"]


def test_map_takes_the_field_from_the_column_auto_mapping_gave_it(sandbox, key, tmp_path, capsys):
    source = tmp_path / "zwei.csv"
    source.write_text(
        "E-Mail;Privat;Vorname\n"
        "buero1-at-run.example;p1@run.example;Anna\n"
        "buero2-at-run.example;p2@run.example;Ben\n",
        encoding="utf-8",
    )
    code = cli.main(
        ["run", str(source), "--tenant", sandbox.base_url, "--map", "privat=email", "--yes"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Column 'E-Mail' is not imported now: Email comes from 'Privat'." in captured.err
    assert sorted(imported(sandbox)) == ["p1@run.example", "p2@run.example"]


def test_map_with_an_unknown_column_lists_the_columns(sandbox, key, tmp_path, capsys):
    source = write_people(tmp_path / "leute.csv", 2)
    code = cli.main(
        ["run", str(source), "--tenant", sandbox.base_url, "--map", "Mail=email", "--yes"]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "The file has no column 'Mail'. Its columns: 'E-Mail', 'Vorname'" in err
    assert "Traceback" not in err
    assert imported(sandbox) == []


def test_header_row_is_a_0_based_index_like_inspect(sandbox, key, tmp_path, capsys):
    source = tmp_path / "mit_titel.csv"
    source.write_text(
        "Teilnehmerliste Frühjahr;;\n"
        "E-Mail;Vorname;Nachname\n"
        "hr1@run.example;Anna;Alt\n"
        "hr2@run.example;Ben;Berg\n",
        encoding="utf-8",
    )
    code, summary = run_json(capsys, str(source), "--tenant", sandbox.base_url, "--header-row", "1")
    assert code == 0, summary
    assert summary["counts"]["created"] == 2
    assert sorted(imported(sandbox)) == ["hr1@run.example", "hr2@run.example"]

    # 0 is the first line, not "detect": here the title line becomes the header
    code = cli.main(
        ["run", str(source), "--tenant", sandbox.base_url, "--header-row", "0", "--yes"]
    )
    assert code == 2
    assert "No column is mapped" in capsys.readouterr().err


def test_profile_notes_are_printed_on_stderr(sandbox, key, tmp_path, capsys):
    from plandocket_desktop.core.mapping import _profiles as profiles
    from plandocket_desktop.core.types import Target

    profiles.ProfileStore().save(
        profiles.Profile(
            name="Gäste",
            target=Target.PARTICIPANTS,
            mapping={"E-Mail": "email", "Vorname": "first_name", "Firma": "company_name"},
        )
    )
    source = write_people(tmp_path / "leute.csv", 2)
    code = cli.main(
        [
            "run",
            str(source),
            "--tenant",
            sandbox.base_url,
            "--profile",
            "Gäste",
            "--target",
            "contacts",
            "--yes",
            "--json",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Profile 'Gäste' is for participants; its mapping is used for contacts." in captured.err
    assert "The file lacks columns of profile 'Gäste': 'Firma'." in captured.err
    assert json.loads(captured.out.strip().splitlines()[-1])["target"] == "contacts"
    assert len(imported(sandbox)) == 2
