"""The error report of participants routed by an event column names each row's event."""

from __future__ import annotations

import csv

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.importing import _engine as job
from plandocket_desktop.core.importing import _report as report
from plandocket_desktop.core.types import ImportOptions
from plandocket_desktop.core.validation import _result as validation
from tests.core.importing.test_engine_events import OPTS, ListingClient

ROUTES: dict[str, str | None] = {"Expo 25": "expo-2025", "Gala": "gala", "Old fair": None}


def routed_table() -> Table:
    return Table.from_rows(
        ["Email", "Messe"],
        [
            ["a@example.com", "Expo 25"],
            ["not-an-email", "Expo 25"],
            ["c@example.com", ""],
            ["d@example.com", "Gala"],
            ["e@example.com", "Old fair"],
            ["f@example.com", "Nowhere"],
        ],
    )


def routed_report(table: Table) -> job.ImportReport:
    result = validation.validate(
        table, {"Email": "email"}, options=OPTS, event_column="Messe", event_routes=ROUTES
    )
    return job.ImportJob(ListingClient(), result, OPTS).run()


def test_error_report_has_the_event_of_each_row(tmp_path) -> None:
    table = routed_table()
    done = routed_report(table)
    path = tmp_path / "errors.csv"
    written = report.write_error_report(done, table, path, only_problems=False)
    assert written == 6
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
        "Email",
        "Messe",
        "Row number",
        "Outcome",
        "Message",
        "Event in PlanDocket",
    ]
    events = {r["Email"]: r["Event in PlanDocket"] for r in rows}
    assert events == {
        "a@example.com": "Expo 2025",  # the title PlanDocket listed
        "not-an-email": "Expo 2025",  # not sent, but its event is known
        "c@example.com": "",  # an empty event cell
        "d@example.com": "gala",  # not listed: its key
        "e@example.com": "",  # left out
        "f@example.com": "",  # no event found
    }
    outcomes = {r["Email"]: r["Outcome"] for r in rows}
    assert outcomes["a@example.com"] == "created"
    assert outcomes["c@example.com"] == "not sent"
    assert outcomes["f@example.com"] == "not sent"


def test_report_of_one_event_has_no_event_column(tmp_path) -> None:
    table = Table.from_rows(["Email"], [["bad"], ["b@example.com"]])
    options = ImportOptions(target=OPTS.target, event_key="expo-2025")
    result = validation.validate(table, {"Email": "email"}, options=options)
    done = job.ImportJob(ListingClient(), result, options).run()
    path = tmp_path / "errors.csv"
    report.write_error_report(done, table, path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["Email", "Row number", "Outcome", "Message"]
