"""plandocket-import preview against the sandbox: the prediction matches what run then does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from plandocket_desktop import cli
from plandocket_desktop.core import api, errors, preview, validation
from plandocket_desktop.core.types import ImportDraft, ImportOptions, MatchField, Mode, Target

pytestmark = pytest.mark.e2e

EXPECTED = {"created": "create", "updated": "update", "skipped": "skip", "failed": "conflict"}


@pytest.fixture
def key(sandbox: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PLANDOCKET_API_KEY", sandbox.api_key)
    return str(sandbox.api_key)


def write(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = ["E-Mail;Kundennummer;Vorname;Stadt"]
    lines += [";".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def file_a(tmp: Path) -> Path:
    return write(
        tmp / "a.csv", [(f"p{i}@pv.example", f"K{i}", f"Anna{i}", "Berlin") for i in range(40)]
    )


def file_b(tmp: Path) -> Path:
    rows = [
        (f"p{i}@pv.example", f"K{i}", f"Anna{i}", "Köln" if i % 2 else "") for i in range(20, 40)
    ]
    rows += [(f"new{i}@pv.example", f"N{i}", f"Neu{i}", "Ulm") for i in range(15)]
    rows.append(("clash@pv.example", "K3", "Clash", "Bonn"))  # K3 belongs to p3: a conflict
    rows.append(("kaputt-at-pv.example", "", "Bad", ""))  # invalid: not sent
    return write(tmp / "b.csv", rows)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("mode", ["upsert", "create", "update"])
def test_preview_predicts_what_run_does_row_by_row(
    sandbox: Any, key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str
) -> None:
    common = ["--tenant", sandbox.base_url, "--match-field", "email"]
    maps = ["--map", "E-Mail=email", "--map", "Kundennummer=customer_number"]
    maps += ["--map", "Vorname=first_name", "--map", "Stadt=city"]
    code, _out = run_cli(capsys, "run", str(file_a(tmp_path)), *common, *maps, "--yes", "--json")
    assert code == 0
    source = file_b(tmp_path)
    code, out = run_cli(capsys, "preview", str(source), *common, *maps, "--mode", mode, "--json")
    assert code == 0
    predicted = json.loads(out)
    assert set(predicted["counts"]) == {"create", "update", "skip", "conflict", "not_sent"}
    before = {c["email"]: c for c in sandbox.store.contacts()}
    report = tmp_path / "b-report.csv"
    run_cli(
        capsys,
        "run",
        str(source),
        *common,
        *maps,
        "--mode",
        mode,
        "--yes",
        "--json",
        "--report",
        str(report),
        "--all-rows",
    )
    done = pd.read_csv(report, dtype=str, keep_default_na=False, sep=";", encoding="utf-8-sig")
    actual = dict(zip(done["Row number"].astype(int), done["Outcome"], strict=True))
    for item in predicted["rows"]:
        outcome = actual[item["row"]]
        want = "not_sent" if outcome == "not sent" else EXPECTED[outcome]
        assert item["action"] == want, item
        if item["action"] == "update":  # the predicted old values were there, the new ones are
            after = sandbox.store.contact(item["contact_id"])
            for name, (old, new) in item["changes"].items():
                assert before[after["email"]][name] == old
                assert after[name] == new
    counts = predicted["counts"]
    if mode == "upsert":
        assert counts == {"create": 15, "update": 20, "skip": 0, "conflict": 1, "not_sent": 1}
        changed = [r for r in predicted["rows"] if r["action"] == "update" and r["changes"]]
        assert len(changed) == 10  # the odd rows move to Köln; the even ones keep Berlin
        assert all(
            r["kept"] == ["city"]
            for r in predicted["rows"]
            if r["action"] == "update" and not r["changes"]
        )


def test_preview_by_pages_matches_preview_by_search(sandbox: Any, monkeypatch: Any) -> None:
    options = ImportOptions(mode=Mode.UPSERT, match_field=MatchField.EMAIL)
    with api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client:
        client.bulk_import(
            options, [{"email": f"s{i}@pv.example", "city": "A"} for i in range(150)]
        )
    rows = [{"E-Mail": f"s{i}@pv.example", "Stadt": "B" if i % 3 else "A"} for i in range(100, 200)]
    table = _table(rows)
    result = validation.validate(table, {"E-Mail": "email", "Stadt": "city"}, options=options)
    with api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client:
        by_search = preview.run_preview(client, result)
        monkeypatch.setattr("plandocket_desktop.core.preview._preview.SEARCH_LIMIT", 10)
        chosen = preview.plan(client, result)
        assert chosen.strategy == "pages"
        by_pages = preview.run_preview(client, result, chosen)
    assert by_search.strategy == "search"
    assert [(r.action, r.changes) for r in by_search.rows] == [
        (r.action, r.changes) for r in by_pages.rows
    ]
    assert by_pages.requests < by_search.requests
    assert by_search.counts()["create"] == 50


def test_participants_preview(sandbox: Any) -> None:
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo-2025", mode=Mode.UPSERT)
    rows = [
        {"E-Mail": "anna.schmidt@example.com"},  # in the demo tenant, already a participant
        {"E-Mail": "claire.martin@example.fr"},  # a contact, not a participant
        {"E-Mail": "nobody@pv.example"},
    ]
    result = validation.validate(_table(rows), {"E-Mail": "email"}, options=options)
    with api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client:
        got = preview.run_preview(client, result)
    assert [(r.action.value, r.reason) for r in got.rows] == [
        ("update", "participant_update"),
        ("create", "new_participant"),
        ("create", "new_participant_new_contact"),
    ]


def test_quarter_of_the_hourly_budget_needs_asking(sandbox: Any, monkeypatch: Any) -> None:
    sandbox.set_faults(rate_limit_per_hour=40)
    options = ImportOptions()
    rows = [{"E-Mail": f"q{i}@pv.example"} for i in range(30)]
    result = validation.validate(_table(rows), {"E-Mail": "email"}, options=options)
    with api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client:
        client.contacts_page()
        chosen = preview.plan(client, result)
    assert chosen.remaining == 39
    assert chosen.needs_confirmation
    assert "30" in chosen.cost_text()


@pytest.mark.parametrize("strategy", ["search", "pages"])
def test_preview_under_faults_gives_the_same_prediction(
    sandbox: Any, monkeypatch: Any, strategy: str
) -> None:
    options = ImportOptions(mode=Mode.UPSERT, match_field=MatchField.EMAIL)
    with api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client:
        client.bulk_import(options, [{"email": f"f{i}@pv.example", "city": "A"} for i in range(60)])
        # Enough other contacts for several pages of 100, so that faults hit the page reads.
        client.bulk_import(options, [{"email": f"g{i}@pv.example"} for i in range(400)])
    rows = [{"E-Mail": f"f{i}@pv.example", "Stadt": "B" if i % 2 else "A"} for i in range(30, 90)]
    result = validation.validate(
        _table(rows), {"E-Mail": "email", "Stadt": "city"}, options=options
    )
    if strategy == "pages":
        monkeypatch.setattr("plandocket_desktop.core.preview._preview.SEARCH_LIMIT", 10)
    waits: list[float] = []

    def no_wait(seconds: float, _cancel: object) -> bool:
        waits.append(seconds)
        return False

    with api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client:
        calm = preview.run_preview(client, result)
        sandbox.set_faults(error_rate=0.2, drop_rate=0.1, rate_429=0.1, retry_after_s=7, seed=5)
        try:
            stormy = preview.run_preview(client, result, max_attempts=10, wait=no_wait)
        finally:
            sandbox.clear_faults()
    assert stormy.strategy == strategy
    assert waits  # faults happened and were retried
    if strategy == "search":  # 60 requests: some were 429s, waited out by their Retry-After
        assert 7 in waits
    assert [(r.action, r.changes) for r in stormy.rows] == [
        (r.action, r.changes) for r in calm.rows
    ]
    assert stormy.counts() == {"create": 30, "update": 30, "skip": 0, "conflict": 0, "not_sent": 0}


def test_preview_that_cannot_get_through_stops_with_a_plain_message(sandbox: Any) -> None:
    result = validation.validate(
        _table([{"E-Mail": "x@pv.example"}]), {"E-Mail": "email"}, options=ImportOptions()
    )
    sandbox.set_faults(error_rate=1.0, seed=1)
    try:
        with (
            api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client,
            pytest.raises(errors.PlandocketError) as caught,
        ):
            preview.run_preview(client, result, max_attempts=3, wait=lambda _s, _c: False)
    finally:
        sandbox.clear_faults()
    text = str(caught.value)
    assert text.startswith("The check against PlanDocket stopped:")
    assert "Nothing was changed" in text
    assert "Traceback" not in text
    assert sandbox.api_key not in text


def test_a_cancel_during_a_wait_ends_the_preview(sandbox: Any) -> None:
    import threading

    result = validation.validate(
        _table([{"E-Mail": "y@pv.example"}]), {"E-Mail": "email"}, options=ImportOptions()
    )
    cancel = threading.Event()

    def cancel_while_waiting(_seconds: float, event: threading.Event) -> bool:
        cancel.set()
        return event.is_set()

    sandbox.set_faults(rate_429=1.0, seed=1)
    try:
        with (
            api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client,
            pytest.raises(errors.PlandocketError, match="cancelled"),
        ):
            preview.run_preview(client, result, cancel=cancel, wait=cancel_while_waiting)
    finally:
        sandbox.clear_faults()


def _table(rows: list[dict[str, str]]) -> Any:
    import tempfile

    from plandocket_desktop.core import reading

    frame = pd.DataFrame(rows)
    path = Path(tempfile.mkdtemp()) / "rows.csv"
    frame.to_csv(path, index=False, sep=";")
    return reading.read_table(path)


_ = ImportDraft  # the draft type is what the wizard hands the preview
