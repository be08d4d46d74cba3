"""Participants for several events: the engine sends batches per event, each with its key."""

from __future__ import annotations

from typing import Any

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.api import Event
from plandocket_desktop.core.errors import AuthenticationError
from plandocket_desktop.core.importing import _engine as job
from plandocket_desktop.core.types import ImportOptions, Outcome, Target
from plandocket_desktop.core.validation import _result as validation
from tests.core.importing.test_engine import Result, created

OPTS = ImportOptions(target=Target.PARTICIPANTS, event_key=None)
ROUTES: dict[str, str | None] = {"Expo": "expo-2025", "Fair": "fair-2025", "Gala": "gala"}


class EventClient:
    """Notes each call's event key and records; every record is created."""

    def __init__(self) -> None:
        self.calls: list[tuple[str | None, list[dict[str, Any]]]] = []

    def bulk_import(self, options: ImportOptions, records: list[dict[str, Any]]) -> Result:
        self.calls.append((options.event_key, list(records)))
        return created(records)


def events_table() -> Table:
    # 1,500 rows for Expo interleaved with 300 for Fair and 2 for Gala; row 7 has no event.
    rows = []
    for i in range(1802):
        event = "Fair" if i % 6 == 1 else "Expo"
        if i in (900, 1801):
            event = "Gala"
        rows.append([f"p{i}@example.com", "" if i == 7 else event])
    return Table.from_rows(["Email", "Event"], rows)


def test_batches_per_event_in_file_order_each_with_its_key() -> None:
    table = events_table()
    result = validation.validate(
        table, {"Email": "email"}, options=OPTS, event_column="Event", event_routes=ROUTES
    )
    client = EventClient()
    progress: list[job.Progress] = []
    engine = job.ImportJob(client, result, OPTS, prefetch=True, in_flight=2)
    assert engine.in_flight == 1  # the same person may be in two events: no racing batches
    report = engine.run(progress=progress.append)

    keys = [key for key, _records in client.calls]
    assert keys == ["expo-2025", "expo-2025", "fair-2025", "gala"]
    assert all(len(records) <= 1000 for _key, records in client.calls)
    sent: dict[str, list[str]] = {}
    for key, records in client.calls:
        sent.setdefault(str(key), []).extend(str(r["email"]) for r in records)
    for value, key in ROUTES.items():
        expected = [
            f"p{i}@example.com" for i in range(table.n_rows) if i != 7 and table.cell(i, 1) == value
        ]
        assert sent[str(key)] == expected  # every row of the event, in file order
    assert len(sent["expo-2025"]) > 1000

    assert report.outcomes[7] is Outcome.NOT_SENT
    assert "empty in this row" in report.message(7)
    assert report.counts().created == table.n_rows - 1
    started = [p.message for p in progress if p.event == "batch_started"]
    assert started == [
        "expo-2025: sending batch 1 of 2…",
        "expo-2025: sending batch 2 of 2…",
        "fair-2025: sending batch 1 of 1…",
        "gala: sending batch 1 of 1…",
    ]
    assert {(p.batch_count, p.rows_total) for p in progress} == {(4, table.n_rows - 1)}


def test_one_event_for_every_row_keeps_the_options_key() -> None:
    table = Table.from_rows(["Email"], [[f"p{i}@example.com"] for i in range(5)])
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo-2025")
    result = validation.validate(table, {"Email": "email"}, options=options)
    client = EventClient()
    job.ImportJob(client, result, options, batch_size=2).run()
    assert [key for key, _records in client.calls] == ["expo-2025"] * 3


class ListingClient(EventClient):
    """Also lists the tenant's events (titles for two of the three keys), or refuses to."""

    def __init__(self, *, refuse: bool = False) -> None:
        super().__init__()
        self.refuse = refuse
        self.listed = 0

    def list_events(self) -> list[Event]:
        self.listed += 1
        if self.refuse:
            raise AuthenticationError("This API key may not list events.", status_code=403)
        return [
            Event("expo-2025", "Expo 2025", "2025-05-13", city="Hanover"),
            Event("fair-2025", "Trade Fair 2025"),
            Event("other", "Another event"),
        ]


def test_progress_and_rows_name_the_events_title_where_listed() -> None:
    table = events_table()
    result = validation.validate(
        table, {"Email": "email"}, options=OPTS, event_column="Event", event_routes=ROUTES
    )
    client = ListingClient()
    progress: list[job.Progress] = []
    report = job.ImportJob(client, result, OPTS).run(progress=progress.append)

    assert client.listed == 1  # asked once per run, not per batch
    started = [p.message for p in progress if p.event == "batch_started"]
    assert started == [
        "Expo 2025: sending batch 1 of 2…",
        "Expo 2025: sending batch 2 of 2…",
        "Trade Fair 2025: sending batch 1 of 1…",
        "gala: sending batch 1 of 1…",  # not listed: its key
    ]
    done = [p.message for p in progress if p.event == "batch_finished"]
    assert done[1] == "Expo 2025: batch 2 of 2 done."
    assert report.by_event_column
    assert report.event_key(0) == "expo-2025"
    assert report.event_name(0) == "Expo 2025"
    assert report.event_name(1) == "Trade Fair 2025"
    assert report.event_name(900) == "gala"
    assert report.event_name(7) == ""  # the empty event cell
    assert report.event_titles == {"expo-2025": "Expo 2025", "fair-2025": "Trade Fair 2025"}


def test_without_the_event_list_progress_names_the_keys() -> None:
    table = events_table()
    result = validation.validate(
        table, {"Email": "email"}, options=OPTS, event_column="Event", event_routes=ROUTES
    )
    client = ListingClient(refuse=True)
    progress: list[job.Progress] = []
    report = job.ImportJob(client, result, OPTS).run(progress=progress.append)

    assert client.listed == 1
    assert report.counts().created == table.n_rows - 1  # the import itself goes on
    started = [p.message for p in progress if p.event == "batch_started"]
    assert started[0] == "expo-2025: sending batch 1 of 2…"
    assert report.event_name(0) == "expo-2025"


def test_one_event_for_every_row_does_not_list_events() -> None:
    table = Table.from_rows(["Email"], [[f"p{i}@example.com"] for i in range(3)])
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo-2025")
    result = validation.validate(table, {"Email": "email"}, options=options)
    client = ListingClient()
    report = job.ImportJob(client, result, options).run()
    assert client.listed == 0
    assert not report.by_event_column
    assert report.event_name(0) == ""
