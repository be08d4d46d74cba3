"""Participants for several events from one workbook, routed by its event column (CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from plandocket_desktop import cli
from tests.conftest import PARTICIPANTS_ONLY_KEY
from tests.fixtures import event_book

pytestmark = pytest.mark.e2e


def ours(sandbox: Any, event_key: str) -> list[str]:
    return [
        p["email"]
        for p in sandbox.store.participants(event_key)
        if str(p["email"]).endswith("@route.example")
    ]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code = cli.main(["run", *argv, "--yes", "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out.strip().splitlines()[-1]), captured.err


def test_run_routes_each_row_to_its_event(sandbox, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PLANDOCKET_API_KEY", sandbox.api_key)
    book = event_book.write(tmp_path / "anmeldungen.xlsx")
    base = [str(book), "--tenant", sandbox.base_url, "--target", "participants"]
    code, summary, err = run(capsys, *base, "--event-column", "Veranstaltung")

    assert code == 1  # two rows could not be sent: the unknown value and the empty cell
    assert summary["counts"]["created"] == len(event_book.ROWS) - 2
    assert summary["counts"]["not_sent"] == 2
    assert "“Gala Night”" in err
    assert "Trade Fair 24" in err  # the fuzzy match is told
    for event_key, emails in event_book.expected_per_event().items():
        assert ours(sandbox, event_key) == emails
    assert ours(sandbox, "fair-2025") == ["ben@route.example", "anna@route.example"]


def test_event_map_routes_the_unknown_value_or_leaves_it_out(
    sandbox, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("PLANDOCKET_API_KEY", sandbox.api_key)
    book = event_book.write(tmp_path / "anmeldungen.xlsx")
    base = [str(book), "--tenant", sandbox.base_url, "--target", "participants"]
    code, summary, _err = run(
        capsys,
        *base,
        "--event-column",
        "Veranstaltung",
        "--event-map",
        "Gala Night=winter-gala",
        "--event-map",
        "Partner Summit=-",
    )
    assert code == 1  # the empty cell is still an error
    assert ours(sandbox, "winter-gala") == ["emil@route.example"]
    assert ours(sandbox, "partner-summit") == []
    assert summary["counts"]["created"] == len(event_book.ROWS) - 1 - 2


def test_without_events_scope_typed_keys_still_route(sandbox, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PLANDOCKET_API_KEY", PARTICIPANTS_ONLY_KEY)
    book = event_book.write(tmp_path / "anmeldungen.xlsx")
    maps = [f"{value}={key}" for value, key in event_book.RESOLVED.items()]
    argv = [str(book), "--tenant", sandbox.base_url, "--target", "participants"]
    argv += ["--event-column", "Veranstaltung"]
    for item in maps:
        argv += ["--event-map", item]
    code, summary, err = run(capsys, *argv)
    assert "lacks the “events” permission" in err
    assert code == 1
    assert summary["counts"]["created"] == len(event_book.ROWS) - 2
    assert ours(sandbox, "fair-2024") == ["dora@route.example", "hana@route.example"]


def test_validate_reports_event_codes(tmp_path, capsys):
    book = event_book.write(tmp_path / "anmeldungen.xlsx")
    maps = [f"{value}={key}" for value, key in event_book.RESOLVED.items()]
    argv = ["validate", str(book), "--target", "participants", "--event-column", "Veranstaltung"]
    for item in maps:
        argv += ["--event-map", item]
    code = cli.main([*argv, "--json"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 1
    assert [(i["row"], i["code"]) for i in out["issues"]] == [
        (7, "event_unknown"),
        (8, "event_missing"),
    ]


def test_event_column_for_contacts_is_refused(tmp_path, capsys):
    book = event_book.write(Path(tmp_path) / "anmeldungen.xlsx")
    code = cli.main(["validate", str(book), "--event-column", "Veranstaltung"])
    assert code == 2
    assert "--event-column is for participants" in capsys.readouterr().err
