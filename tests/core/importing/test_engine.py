"""The import engine against a scripted fake client: batching, retries, stops, cancel, pause."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing import _answers, _reasons
from plandocket_desktop.core.importing import _engine as job
from plandocket_desktop.core.types import ImportOptions, Outcome


@dataclass
class Issue:
    message: str
    severity: str = "error"


class FakeValidation:
    """``n`` data rows; rows in ``bad`` have an error, rows in ``excluded`` were left out."""

    def __init__(self, n: int, bad: set[int] = frozenset(), excluded: set[int] = frozenset()):
        self.n_rows = n
        self.bad = set(bad)
        self.excluded = set(excluded)
        self.built: list[list[int]] = []

    def sendable_indices(self) -> list[int]:
        return [i for i in range(self.n_rows) if i not in self.bad and i not in self.excluded]

    def records(self, indices):
        self.built.append(list(indices))
        return [{"email": f"p{i}@example.com", "row": i} for i in indices]

    def status(self, i):
        if i in self.excluded:
            return "excluded"
        return "error" if i in self.bad else "ready"

    def issues_for(self, i):
        return [Issue("The e-mail address is not valid.")] if i in self.bad else []


@dataclass
class Rec:
    index: int | None
    outcome: Outcome
    message: str | None = None
    id: int | None = None


@dataclass
class Result:
    total: int
    created: int = 0
    updated: int = 0
    skipped: int = 0
    contacts_created: int = 0
    records: list[Rec] = field(default_factory=list)
    per_record: bool = True
    messages: list[str] = field(default_factory=list)


def created(records):
    return Result(
        total=len(records),
        created=len(records),
        records=[Rec(p, Outcome.CREATED, None, p + 1) for p in range(len(records))],
    )


class FakeClient:
    """Answers each call with the next scripted item (an exception or a function), else ok."""

    def __init__(self, script=(), default=created):
        self.script = list(script)
        self.default = default
        self.calls: list[list[dict[str, Any]]] = []

    def bulk_import(self, options, records):
        self.calls.append(list(records))
        item = self.script.pop(0) if self.script else self.default
        if isinstance(item, BaseException):
            raise item
        return item(records)


class Waits:
    """An instant ``wait``: records the seconds asked for; may cancel or run a hook."""

    def __init__(self, hook=None):
        self.seconds: list[float] = []
        self.hook = hook

    def __call__(self, seconds: float, event: threading.Event) -> bool:
        self.seconds.append(seconds)
        if self.hook:
            self.hook(len(self.seconds), event)
        return event.is_set()


class FakeJournal:
    """Notes what the job writes to its journal, in order."""

    batch_size = 3
    job_id = "job-1"

    def __init__(self) -> None:
        self.events: list[tuple[object, ...]] = []

    def begin(self, batch_count, rows_total):
        pass

    def recorded(self):
        return {}

    def started_unanswered(self):
        return []

    def batch_started(self, batch, size):
        self.events.append(("started", batch))

    def batch_finished(self, batch, rows, *, next_batch=None):
        self.events.append(("finished", batch, next_batch[0] if next_batch else None))

    def note(self, text):
        self.events.append(("note", text))

    def close(self, status="finished"):
        self.events.append(("closed", status))


ZERO = {k: 0 for k in ("created", "updated", "skipped", "failed", "sent", "not_sent", "ignored")}


def make_job(client, validation, *, batch_size=3, waits=None, **kw):
    return job.ImportJob(
        client,
        validation,
        ImportOptions(**kw.pop("options", {})),
        batch_size=batch_size,
        wait=waits or Waits(),
        rng=random.Random(1),
        **kw,
    )


def server_error():
    return errors.ServerError("PlanDocket had an internal problem (error 500).", status_code=500)


def test_sends_sendable_rows_in_order_a_batch_at_a_time():
    validation = FakeValidation(8, bad={2}, excluded={5})
    client = FakeClient()
    report = make_job(client, validation).run()
    assert [[r["row"] for r in call] for call in client.calls] == [[0, 1, 3], [4, 6, 7]]
    assert validation.built[-2:] == [[0, 1, 3], [4, 6, 7]]  # built batch by batch
    assert report.finished
    assert report.counts() == {
        "created": 6,
        "updated": 0,
        "skipped": 0,
        "failed": 0,
        "sent": 0,
        "not_sent": 2,
        "ignored": 0,
    }
    assert report.message(2) == "The e-mail address is not valid."
    assert report.message(5) == "You left this row out."


def test_counts_add_up_to_the_file_rows_with_ignored_empty_rows():
    validation = FakeValidation(10, bad={0, 9})
    report = make_job(FakeClient(), validation, ignored=4).run()
    assert sum(report.counts().values()) == 14 == report.total_rows
    assert report.counts()["ignored"] == 4


def test_batch_size_must_be_1_to_1000():
    with pytest.raises(errors.ConfigurationError):
        make_job(FakeClient(), FakeValidation(1), batch_size=1001)


def test_server_errors_are_retried_with_growing_jittered_waits():
    waits = Waits()
    client = FakeClient([server_error(), server_error(), server_error()])
    report = make_job(client, FakeValidation(3), waits=waits, backoff_base=1.0).run()
    assert report.counts()["created"] == 3
    assert len(client.calls) == 4
    assert 0.5 <= waits.seconds[0] <= 1.0
    assert 1.0 <= waits.seconds[1] <= 2.0
    assert 2.0 <= waits.seconds[2] <= 4.0


def test_network_errors_give_up_after_max_attempts_and_leave_rows_resumable():
    messages = []
    failure = errors.ApiConnectionError("Cannot reach the server example.")
    client = FakeClient([created, *[failure] * 10])
    report = make_job(client, FakeValidation(7), max_attempts=3).run(
        progress=lambda p: messages.append(p.message)
    )
    assert len(client.calls) == 1 + 3
    assert report.stopped
    assert report.resumable
    assert not report.finished
    assert "Gave up on batch 2 after 3 attempts" in report.stop_message
    assert "resumed" in report.stop_message
    assert report.counts()["created"] == 3
    assert report.counts()["not_sent"] == 4
    assert report.message(6).startswith("Cannot reach the server")
    assert report.message(3).startswith("Cannot reach")  # never reached the server
    assert any("Trying again" in m for m in messages)


def test_a_batch_that_may_have_been_applied_is_reported_as_not_confirmed():
    lost = errors.ApiConnectionError("The connection was closed.", may_have_been_applied=True)
    report = make_job(FakeClient([lost] * 5), FakeValidation(6), max_attempts=2).run()
    assert report.stopped
    assert report.message(0) == job.UNCERTAIN_MESSAGE
    assert report.outcomes[0] is Outcome.NOT_SENT
    assert report.message(4).startswith("The connection was closed.")


def test_rate_limit_waits_until_the_reset_time_and_reports_it():
    updates: list[job.Progress] = []
    waits = Waits()
    limited = errors.RateLimitedError("limit reached", retry_after=1800)
    now = datetime(2026, 11, 27, 13, 35, 0)
    report = make_job(FakeClient([limited]), FakeValidation(2), waits=waits, now=lambda: now).run(
        progress=updates.append
    )
    assert waits.seconds == [1800]
    waiting = [u for u in updates if u.event == "waiting"]
    assert waiting[0].message == "Waiting for PlanDocket's rate limit until 14:05."
    assert waiting[0].waiting_until == datetime(2026, 11, 27, 14, 5, 0)
    assert report.counts()["created"] == 2


def test_rate_limit_without_retry_after_backs_off():
    waits = Waits()
    limited = errors.RateLimitedError("limit reached", retry_after=None)
    report = make_job(FakeClient([limited, limited]), FakeValidation(2), waits=waits).run()
    assert report.counts()["created"] == 2
    # The server did not say how long: the same growing, jittered waits as for errors.
    assert len(waits.seconds) == 2
    assert 0.5 <= waits.seconds[0] <= 1.0
    assert 1.0 <= waits.seconds[1] <= 2.0


def test_cancel_during_a_wait_stops_without_sending_the_batch():
    waits = Waits(hook=lambda n, event: event.set())
    limited = errors.RateLimitedError("limit reached", retry_after=3600)
    client = FakeClient([created, limited])
    report = make_job(client, FakeValidation(9), waits=waits).run(cancel=threading.Event())
    assert report.cancelled
    assert report.counts()["created"] == 3
    assert report.counts()["not_sent"] == 6
    assert report.message(4) == "You stopped the import before this row was sent."


def test_cancel_finishes_the_batch_in_flight_then_stops():
    cancel = threading.Event()

    def answer(records):
        cancel.set()  # the user presses Cancel while batch 2 is on its way
        return created(records)

    client = FakeClient([created, answer])
    report = make_job(client, FakeValidation(12)).run(cancel=cancel)
    assert len(client.calls) == 2
    assert report.cancelled
    assert report.counts()["created"] == 6
    assert report.counts()["not_sent"] == 6


def test_pause_holds_between_batches_until_continued():
    pause = threading.Event()
    events = []

    def answer(records):
        pause.set()
        return created(records)

    waits = Waits(hook=lambda n, event: pause.clear() if n == 3 else None)
    client = FakeClient([answer])
    report = make_job(client, FakeValidation(6), waits=waits).run(
        pause=pause, progress=lambda p: events.append(p.event)
    )
    assert "paused" in events
    assert waits.seconds == [0.2, 0.2, 0.2]
    assert report.counts()["created"] == 6


@pytest.mark.parametrize(
    "exc",
    [
        pytest.param(errors.AuthenticationError("The key was not accepted."), id="401"),
        pytest.param(
            errors.AuthenticationError("Lacks the 'contacts' permission.", status_code=403),
            id="403",
        ),
        pytest.param(errors.EventNotFoundError("The event 'x' does not exist."), id="404"),
    ],
)
def test_authentication_and_missing_event_stop_the_job(exc):
    client = FakeClient([created, exc])
    report = make_job(client, FakeValidation(9)).run()
    assert len(client.calls) == 2
    assert report.stopped
    assert report.resumable
    assert report.stop_message.startswith(str(exc))
    assert report.counts()["not_sent"] == 6


def rejected(*items):
    body = {"error": "Validation failed", "errors": [dict(i) for i in items]}
    return errors.ApiRejectedError("PlanDocket rejected the request.", body=body)


def test_422_marks_the_batch_failed_and_goes_on_when_skipping_errors():
    client = FakeClient([rejected({"index": 1, "error": "email taken"})])
    report = make_job(client, FakeValidation(6)).run()
    assert report.finished
    assert report.outcomes[:3] == [Outcome.FAILED] * 3
    assert report.message(1) == "email taken"
    assert report.message(0) == "PlanDocket rejected the request."
    assert report.counts()["created"] == 3
    # Row 1 was refused for its data; rows 0 and 2 only went down with its batch.
    assert report.refused_indices() == [1]
    assert report.retry_indices() == [0, 2]


def test_422_stops_when_skip_on_error_is_off():
    client = FakeClient([created, rejected({"index": 2, "error": "rating must be 1-5"})])
    report = make_job(client, FakeValidation(9), options={"skip_on_error": False}).run()
    assert report.stopped
    assert not report.resumable
    assert report.outcomes[5] is Outcome.FAILED
    assert report.message(5) == "rating must be 1-5"
    assert report.outcomes[3] is Outcome.NOT_SENT
    assert "rolled back" in report.message(3)
    assert report.counts().as_dict() == {
        "created": 3,
        "updated": 0,
        "skipped": 0,
        "failed": 1,
        "sent": 0,
        "not_sent": 5,
        "ignored": 0,
    }
    assert "skip rows with errors" in report.stop_message


def test_per_record_outcomes_and_counts_only_answers():
    def mixed(records):
        return Result(
            total=3,
            created=1,
            updated=1,
            records=[
                Rec(0, Outcome.CREATED),
                Rec(1, Outcome.UPDATED),
                Rec(2, Outcome.FAILED, "bad rating"),
            ],
        )

    def counts_only(records):
        return Result(total=len(records), created=len(records), per_record=False)

    def counts_two_ways(records):  # created or skipped: which one is not said
        return Result(total=len(records), created=2, skipped=1, per_record=False)

    report = make_job(FakeClient([mixed, counts_only, counts_two_ways]), FakeValidation(9)).run()
    assert report.outcomes == [
        Outcome.CREATED,
        Outcome.UPDATED,
        Outcome.FAILED,
        *[Outcome.CREATED] * 3,  # the counts leave one possibility
        *[Outcome.SENT] * 3,  # they leave two: "in PlanDocket", undo decides by created_at
    ]
    assert report.message(2) == "bad rating"
    assert report.message(4) == ""
    assert report.message(7) == job.COUNTS_ONLY_MESSAGE


def test_progress_reports_rows_batches_rate_and_time_left():
    now = [100.0]

    def two_seconds_per_batch(records):
        now[0] += 2.0
        return created(records)

    updates: list[job.Progress] = []
    client = FakeClient(default=two_seconds_per_batch)
    make_job(client, FakeValidation(9), clock=lambda: now[0]).run(progress=updates.append)
    done = [u for u in updates if u.event == "batch_finished"]
    assert [(u.rows_done, u.batch_index, u.batch_count) for u in done] == [
        (3, 1, 3),
        (6, 2, 3),
        (9, 3, 3),
    ]
    # 3 rows every 2 seconds: 1.5 rows a second, and the rows left at that rate.
    assert [u.rows_per_second for u in done] == [1.5, 1.5, 1.5]
    assert [u.seconds_left for u in done] == [4.0, 2.0, 0.0]
    assert done[-1].created == 9
    assert updates[-1].event == "finished"
    assert updates[-1].message.startswith("Import finished: 9 created")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param(
            [Rec(0, Outcome.CREATED), Rec(1, Outcome.SKIPPED, "exists"), Rec(2, "failed")],
            [
                (10, Outcome.CREATED, ""),
                (11, Outcome.SKIPPED, "exists"),
                (12, Outcome.FAILED, "failed (the server gave no reason)"),
            ],
            id="in-order",
        ),
        pytest.param(
            [Rec(2, Outcome.UPDATED), Rec(0, Outcome.CREATED), Rec(1, Outcome.UPDATED)],
            [(10, Outcome.CREATED, ""), (11, Outcome.UPDATED, ""), (12, Outcome.UPDATED, "")],
            id="out-of-order",
        ),
        pytest.param(
            [Rec(0, Outcome.CREATED), Rec(0, Outcome.FAILED, "twice"), Rec(7, Outcome.CREATED)],
            [
                (10, Outcome.FAILED, "twice"),
                (11, Outcome.SENT, job.COUNTS_ONLY_MESSAGE),
                (12, Outcome.SENT, job.COUNTS_ONLY_MESSAGE),
            ],
            id="repeated-and-out-of-range",
        ),
        pytest.param(
            [Rec(None, Outcome.CREATED), Rec(1, Outcome.CREATED)],
            [
                (10, Outcome.SENT, job.COUNTS_ONLY_MESSAGE),
                (11, Outcome.CREATED, ""),
                (12, Outcome.SENT, job.COUNTS_ONLY_MESSAGE),
            ],
            id="partial",
        ),
    ],
)
def test_outcomes_are_read_by_position_whatever_the_order(answer, expected):
    result = Result(total=3, records=answer)
    rows = _answers.outcomes_of([10, 11, 12], result)
    # Our own reasons are kept as codes (stored so, rendered when shown); the server's as text.
    shown = [
        (i, o, _reasons.reason_text(m) if isinstance(m, _reasons.RowReason) else m)
        for i, o, m in rows
    ]
    assert shown == expected
    assert all(
        isinstance(m, _reasons.RowReason)
        for _i, _o, m in rows
        if m in _reasons.ROW_REASONS.values()
    )


def test_a_journal_keeps_our_reasons_as_codes_and_the_servers_texts_as_they_came(tmp_path):
    from plandocket_desktop.core.importing import _journal

    rows = [
        (0, Outcome.FAILED, "email taken"),
        (1, Outcome.SENT, _reasons.RowReason.COUNTS_ONLY),
        (2, Outcome.NOT_SENT, _reasons.RowReason.CANCELLED),
        (3, Outcome.CREATED, ""),
    ]
    assert _journal._row_json(*rows[1]) == [1, "sent", "", "counts_only"]
    back = [_journal._row_from_json(_journal._row_json(*row)) for row in rows]
    assert back == rows
    assert isinstance(back[2][2], _reasons.RowReason)
    assert not isinstance(back[0][2], _reasons.RowReason)
    # A code this version does not know keeps the text stored beside it.
    assert _journal._row_from_json([4, "failed", "text", "from_the_future"]) == (
        4,
        Outcome.FAILED,
        "text",
    )


def test_retry_indices_cover_unsent_rows_but_not_refused_or_invalid_ones():
    client = FakeClient([rejected({"index": 0, "error": "no"}), errors.AuthenticationError("x")])
    report = make_job(client, FakeValidation(7, bad={6})).run()
    # Row 0 was refused for its data: sent again unchanged it can only fail again.
    assert report.refused_indices() == [0]
    assert report.retry_indices() == [1, 2, 3, 4, 5]
    again = make_job(FakeClient(), FakeValidation(7, bad={6}), indices=[0, 1, 2]).run()
    assert again.counts()["created"] == 3
    assert again.message(4) == "Not part of this run."


def built_while_sending(validation: FakeValidation, *, wait_for: int | None):
    """An answer that notes how many batches were built while its batch was on its way
    (first waiting up to 5 s for ``wait_for`` of them, when given)."""
    seen: list[int] = []

    def answer(records):
        deadline = time.monotonic() + 5
        while wait_for is not None and len(validation.built) < wait_for:
            if time.monotonic() > deadline:
                break
            time.sleep(0.001)
        seen.append(len(validation.built))
        return created(records)

    return answer, seen


def test_prefetch_is_the_default_and_builds_the_next_batch_while_one_is_in_flight():
    validation = FakeValidation(9)
    first, seen_first = built_while_sending(validation, wait_for=2)
    answer, _ = built_while_sending(validation, wait_for=None)
    client = FakeClient([first, answer, answer])
    report = make_job(client, validation).run()
    assert seen_first == [2]  # batch 2 was ready before batch 1's answer came
    assert validation.built == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]  # each batch built once
    assert [[r["row"] for r in call] for call in client.calls] == validation.built
    assert report.counts()["created"] == 9


def test_without_prefetch_a_batch_is_built_only_after_the_answer_before_it():
    validation = FakeValidation(9)
    answer, seen = built_while_sending(validation, wait_for=None)
    make_job(FakeClient([answer, answer, answer]), validation, prefetch=False).run()
    assert seen == [1, 2, 3]


def test_prefetched_batch_is_not_sent_after_cancel_and_not_marked_started():
    cancel = threading.Event()
    validation = FakeValidation(9)
    built_first, _ = built_while_sending(validation, wait_for=2)

    def answer(records):
        result = built_first(records)
        cancel.set()  # Cancel while batch 1 is on its way; batch 2 is already built
        return result

    journal = FakeJournal()
    client = FakeClient([answer])
    report = make_job(client, validation, journal=journal).run(cancel=cancel)
    assert len(client.calls) == 1
    assert len(validation.built) == 2
    assert report.cancelled
    assert report.counts() == {**ZERO, "created": 3, "not_sent": 6}
    assert report.message(4) == "You stopped the import before this row was sent."
    assert journal.events == [("started", 0), ("finished", 0, None), ("closed", "cancelled")]


def test_journal_marks_each_batch_started_before_it_is_sent_with_prefetch():
    validation = FakeValidation(9)
    journal = FakeJournal()
    order: list[tuple[object, ...]] = []

    def answer(records):
        order.append(("sent", records[0]["row"] // 3, list(journal.events)))
        return created(records)

    make_job(FakeClient([answer, answer, answer]), validation, journal=journal).run()
    for _, k, events in order:
        marked = {e[1] for e in events if e[0] == "started"}
        marked |= {e[2] for e in events if e[0] == "finished" and e[2] is not None}
        assert k in marked  # durably marked started before it went out
        assert ("finished", k) not in [e[:2] for e in events]
    assert [k for _, k, _ in order] == [0, 1, 2]
    assert journal.events == [
        ("started", 0),
        ("finished", 0, 1),
        ("finished", 1, 2),
        ("finished", 2, None),
        ("closed", "finished"),
    ]


def test_two_in_flight_send_every_batch_once_and_record_in_order():
    validation = FakeValidation(20, bad={4})
    client = FakeClient([server_error(), server_error()])
    updates = []
    report = make_job(client, validation, in_flight=2).run(progress=updates.append)
    rows = sorted(r["row"] for call in client.calls[2:] for r in call)
    assert rows == [i for i in range(20) if i != 4]
    assert report.counts()["created"] == 19
    done = [u.batch_index for u in updates if u.event == "batch_finished"]
    assert done == [1, 2, 3, 4, 5, 6, 7]


def test_two_in_flight_stop_marks_the_rest_not_sent():
    refused = errors.AuthenticationError("The key was not accepted.")
    client = FakeClient([created, refused, refused, refused])
    report = make_job(client, FakeValidation(30), in_flight=2).run()
    assert report.stopped
    assert report.resumable
    # One batch was accepted; the refusal stops the job. Only a batch already on its way when
    # the refusal came may also have been sent (and refused): nothing is sent after it.
    assert report.counts()["created"] == 3
    assert report.counts()["not_sent"] == 27
    assert 2 <= len(client.calls) <= 3


def test_stop_at_first_error_sends_one_batch_at_a_time():
    engine = make_job(
        FakeClient(), FakeValidation(3), in_flight=2, options={"skip_on_error": False}
    )
    assert engine.in_flight == 1


def test_nothing_to_send_finishes_at_once_with_every_row_accounted_for():
    client = FakeClient()
    report = make_job(client, FakeValidation(4, bad={0, 1, 2, 3})).run()
    assert client.calls == []
    assert report.finished
    assert report.counts()["not_sent"] == 4
    assert report.batch_count == 0


@pytest.mark.parametrize(
    ("item", "failing_row"),
    [
        pytest.param({"index": 1, "error": "email taken"}, 1, id="index-0-based"),
        pytest.param({"row": 2, "error": "email taken"}, 1, id="row-1-based"),
    ],
)
def test_422_rows_follow_the_apis_one_rule_for_positions(item, failing_row):
    client = FakeClient([rejected(item)])
    report = make_job(client, FakeValidation(3)).run()
    assert report.message(failing_row) == "email taken"
    assert [report.message(i) for i in range(3) if i != failing_row] == [
        "PlanDocket rejected the request."
    ] * 2


@pytest.mark.parametrize("step", [1, 2, 3, 7, 50_000])
def test_row_sets_built_in_steps_hold_every_row(step: int) -> None:
    from plandocket_desktop.core.importing._run import _set_in_steps

    rows = [0, 3, 4, 9, 10, 11, 40]
    assert _set_in_steps(rows, step) == set(rows)
    assert _set_in_steps(range(5, 23), step) == set(range(5, 23))
    assert _set_in_steps([], step) == set()
