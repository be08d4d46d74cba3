"""The engine against the real sandbox over HTTP: chaos, mode safety, stops, counts."""

from __future__ import annotations

import collections
import random
import threading
import time

import pytest

from plandocket_desktop.core._table import SourceInfo, Table
from plandocket_desktop.core.api import _client as client_mod
from plandocket_desktop.core.importing import _engine as job
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Outcome, Target
from plandocket_desktop.core.validation import _result as validation
from tests import received
from tests.conftest import CONTACTS_ONLY_KEY, EVENTS_ONLY_KEY

pytestmark = pytest.mark.e2e

DOMAIN = "engine.example"


def quick_wait(seconds: float, event: threading.Event) -> bool:
    """Waits are real (and cancellable) but capped, so retries do not slow the tests."""
    return event.wait(min(seconds, 0.005))


def people(n: int, *, bad_every: int = 0, empty_at: tuple[int, ...] = (), first: str = "Anna"):
    rows = []
    for i in range(n):
        email = f"p{i:05d}@{DOMAIN}"
        if bad_every and i % bad_every == bad_every - 1:
            email = f"p{i:05d} at {DOMAIN}"  # invalid
        rows.append([email, f"{first}{i}", "Müller", "4"])
    for pos in empty_at:
        rows.insert(pos, ["", "", "", ""])
    return Table.from_rows(
        ["E-Mail", "Vorname", "Nachname", "Bewertung"], rows, source=SourceInfo()
    )


MAPPING = {
    "E-Mail": "email",
    "Vorname": "first_name",
    "Nachname": "last_name",
    "Bewertung": "rating",
}


def engine_contacts(sandbox) -> list[dict]:
    return [c for c in sandbox.store.contacts() if (c["email"] or "").endswith(DOMAIN)]


def run(sandbox, table, options, *, key=None, batch_size=100, mapping=None, **kw):
    result = validation.validate(table, mapping or MAPPING, options=options)
    with client_mod.PlandocketClient(sandbox.base_url, key or sandbox.api_key, timeout=10) as api:
        engine = job.ImportJob(
            api,
            result,
            options,
            batch_size=batch_size,
            wait=quick_wait,
            rng=random.Random(7),
            max_attempts=8,
            **kw,
        )
        return engine.run(), result


def assert_adds_up(report, table):
    counts = report.counts()
    assert sum(counts.values()) == report.total_rows == table.n_rows
    assert len(report.outcomes) == table.n_rows


RETRIED_AFTER = {"error", "429", "drop", "applied_error"}  # the faults that make a resend


def assert_resent_until_answered(sandbox, prints: list[str]) -> dict[int, list[dict]]:
    """Every planned batch reached the sandbox; each was sent again only after an attempt the
    client could not count as answered (a fault), and never after its answer. Returns the
    receipts by batch number."""
    snapshot = received.settled(sandbox)
    attempts = received.by_batch(snapshot, prints)
    assert sorted(attempts) == list(range(len(prints))), "a batch never reached the sandbox"
    for k, receipts in attempts.items():
        *failed, answered = receipts
        assert (answered["faults"], answered["status"]) == ([], 200), (k, receipts)
        assert all(set(r["faults"]) & RETRIED_AFTER for r in failed), (k, receipts)
    # Nothing else arrived: each record was received once per attempt of its batch.
    per_batch = [len(receipts) * receipts[0]["records"] for receipts in attempts.values()]
    assert snapshot["records"] == sum(per_batch)
    return attempts


def rows_applied_before_the_answer(attempts: dict[int, list[dict]]) -> int:
    """Rows of the batches that an attempt before the answered one had already applied."""
    return sum(
        receipts[0]["records"]
        for receipts in attempts.values()
        if any(r["applied"] for r in receipts[:-1])
    )


@pytest.mark.parametrize("in_flight", [1, 2], ids=["one-in-flight", "two-in-flight"])
def test_chaos_every_row_one_outcome_and_each_batch_resent_only_until_answered(sandbox, in_flight):
    table = people(20_000, bad_every=97, empty_at=(5, 12_000))
    sandbox.set_faults(
        error_rate=0.05, applied_error_rate=0.05, rate_429=0.05, drop_rate=0.02, seed=20261127
    )
    started = time.monotonic()
    report, result = run(sandbox, table, ImportOptions(), batch_size=250, in_flight=in_flight)
    elapsed = time.monotonic() - started
    sandbox.clear_faults()

    assert report.finished, report.stop_message
    assert_adds_up(report, table)
    attempts = assert_resent_until_answered(sandbox, received.batch_prints(result, 250))
    assert sum(len(r) for r in attempts.values()) > len(attempts), "no fault struck"
    valid = {table.cell(i, 0) for i in result.sendable_indices()}
    stored = {c["email"] for c in engine_contacts(sandbox)}
    assert stored == valid
    counts = report.counts()
    assert counts["ignored"] == 2
    assert counts["not_sent"] == len(result.error_indices()) > 0
    assert counts["failed"] == 0
    # A batch applied before its 500 (or lost answer) comes back as "skipped" when resent in
    # create mode: exactly the rows of those batches.
    assert counts["skipped"] == rows_applied_before_the_answer(attempts) > 0
    assert counts["created"] + counts["skipped"] == len(valid)
    skipped = report.indices({Outcome.SKIPPED})
    assert all(report.message(i) == job.EARLIER_ATTEMPT_MESSAGE for i in skipped)
    assert elapsed < 60


def make_existing(sandbox, n, first="Old"):
    table = people(n, first=first)
    report, _ = run(sandbox, table, ImportOptions(mode=Mode.CREATE), batch_size=500)
    assert report.counts()["created"] == n


@pytest.mark.parametrize(
    ("mode", "in_flight"),
    [
        pytest.param(Mode.CREATE, 1, id="create"),
        pytest.param(Mode.UPDATE, 1, id="update"),
        pytest.param(Mode.UPSERT, 1, id="upsert"),
        pytest.param(Mode.UPSERT, 2, id="upsert-two-in-flight"),
        pytest.param(Mode.UPDATE, 2, id="update-two-in-flight"),
    ],
)
def test_resending_applied_batches_is_safe_in_every_mode(sandbox, mode, in_flight):
    make_existing(sandbox, 300)  # p00000..p00299 exist with first name Old…
    table = people(600, first="New")  # p00300..p00599 do not
    sandbox.reset_stats()
    sandbox.set_faults(applied_error_rate=0.4, seed=5)
    report, result = run(
        sandbox, table, ImportOptions(mode=mode), batch_size=50, in_flight=in_flight
    )
    sandbox.clear_faults()
    assert report.finished, report.stop_message
    assert_adds_up(report, table)
    # Each batch whose answer was lost was sent again (until answered), none other.
    attempts = assert_resent_until_answered(sandbox, received.batch_prints(result, 50))
    assert rows_applied_before_the_answer(attempts) > 0, "no answer was lost"

    by_email = {c["email"]: c for c in engine_contacts(sandbox)}
    expected_count = 300 if mode is Mode.UPDATE else 600
    assert len(by_email) == expected_count
    for i in range(600):
        email = f"p{i:05d}@{DOMAIN}"
        if i < 300:
            expected = "Old" if mode is Mode.CREATE else "New"
            assert by_email[email]["first_name"] == f"{expected}{i}"
        elif mode is Mode.UPDATE:
            assert email not in by_email
        else:
            assert by_email[email]["first_name"] == f"New{i}"
    counts = report.counts()
    if mode is Mode.UPDATE:
        assert counts["updated"] == 300
        assert counts["skipped"] == 300  # not there: update mode leaves them out
    if mode is Mode.UPSERT:
        assert counts["created"] + counts["updated"] == 600


def test_401_stops_with_a_plain_message_and_sends_nothing(sandbox):
    table = people(30)
    report, _ = run(sandbox, table, ImportOptions(), key="pd_test_wrong_key_123456")
    assert report.stopped
    assert report.resumable
    assert "did not accept this API key" in report.stop_message
    assert report.counts()["not_sent"] == 30
    assert engine_contacts(sandbox) == []


def test_403_missing_scope_stops(sandbox):
    report, _ = run(sandbox, people(10), ImportOptions(), key=EVENTS_ONLY_KEY)
    assert report.stopped
    assert "contacts" in report.stop_message
    assert engine_contacts(sandbox) == []


def test_404_unknown_event_stops(sandbox):
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="no-such-event")
    mapping = {**MAPPING, "Bewertung": None}
    report, _ = run(sandbox, people(10), options, mapping=mapping)
    assert report.stopped
    assert "no-such-event" in report.stop_message
    assert report.counts()["not_sent"] == 10


def test_422_rolled_back_batch_stops_when_skip_on_error_is_off(sandbox):
    make_existing(sandbox, 3)
    # Server-side failure: a contact already in PlanDocket holds this customer number (the
    # same number twice in the file is caught before sending: customer_number_conflict).
    holder = Table.from_rows(["E-Mail", "Kundennummer"], [["holder@example.org", "K-TAKEN"]])
    held, _ = run(
        sandbox,
        holder,
        ImportOptions(mode=Mode.CREATE),
        mapping={"E-Mail": "email", "Kundennummer": "customer_number"},
    )
    assert held.counts()["created"] == 1
    table = people(8)
    columns = [*table.columns, "Kundennummer"]
    rows = [[*table.row(i), f"K{i}" if i != 5 else "K-TAKEN"] for i in range(8)]
    table2 = Table.from_rows(columns, rows)
    mapping = {**MAPPING, "Kundennummer": "customer_number"}
    options = ImportOptions(mode=Mode.UPSERT, skip_on_error=False)
    result = validation.validate(table2, mapping, options=options)
    with client_mod.PlandocketClient(sandbox.base_url, sandbox.api_key) as api:
        report = job.ImportJob(api, result, options, batch_size=4, wait=quick_wait).run()
    assert_adds_up(report, table2)
    if report.stopped:  # the sandbox refused the second batch as a whole
        assert report.outcomes[5] is Outcome.FAILED
        assert report.message(5)
        assert {report.outcomes[i] for i in (4, 6, 7)} == {Outcome.NOT_SENT}
        assert "skip rows with errors" in report.stop_message
    else:
        pytest.fail("expected the duplicate customer number to be refused")


def test_contacts_only_key_can_import_contacts(sandbox):
    report, _ = run(sandbox, people(5), ImportOptions(), key=CONTACTS_ONLY_KEY)
    assert report.counts()["created"] == 5


@pytest.mark.parametrize(
    ("created", "skipped", "expected"),
    [
        pytest.param(5, 0, {Outcome.CREATED: 5}, id="counts-leave-one-possibility"),
        pytest.param(3, 2, {Outcome.SENT: 5}, id="counts-leave-two"),
    ],
)
def test_counts_only_never_invent_per_row_outcomes(created, skipped, expected):
    class CountsOnly:
        def bulk_import(self, options, records):
            return client_mod.BulkResult(
                total=len(records),
                created=created,
                updated=0,
                skipped=skipped,
                contacts_created=0,
            )

    table = people(5)
    options = ImportOptions(match_field=MatchField.EMAIL)
    result = validation.validate(table, MAPPING, options=options)
    report = job.ImportJob(CountsOnly(), result, options).run()
    assert collections.Counter(report.outcomes) == expected


def test_hourly_limit_waits_until_the_reset_and_says_until_when(sandbox):
    sandbox.set_faults(rate_limit_per_hour=2, rate_limit_window_s=1)
    table = people(6)
    options = ImportOptions()
    result = validation.validate(table, MAPPING, options=options)
    waits: list[float] = []
    updates: list[job.Progress] = []

    def wait(seconds: float, event: threading.Event) -> bool:
        waits.append(seconds)
        return event.wait(min(seconds, 2.0))

    with client_mod.PlandocketClient(sandbox.base_url, sandbox.api_key) as api:
        report = job.ImportJob(api, result, options, batch_size=1, wait=wait).run(
            progress=updates.append
        )
    assert report.counts()["created"] == 6
    # The sandbox saw no request between a 429 and the time its Retry-After (>= 1 s) named.
    log = received.bulk_receipts(received.settled(sandbox))
    limited = [pos for pos, r in enumerate(log) if r["faults"] == ["rate_limit"]]
    assert limited, "the limit was never hit"
    gaps = [round(log[pos + 1]["at"] - log[pos]["at"], 3) for pos in limited]
    assert min(gaps) >= 0.9, f"sent again sooner than Retry-After (1 s) allows: {gaps}"
    assert waits, "the limit was never hit"
    assert all(0 < w <= 2 for w in waits)  # Retry-After / X-RateLimit-Reset honoured
    waiting = [u for u in updates if u.event == "waiting"]
    assert waiting[0].message.startswith("Waiting for PlanDocket's rate limit until ")
    assert waiting[0].waiting_until is not None
    assert len(engine_contacts(sandbox)) == 6
