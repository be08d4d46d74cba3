"""Per-row outcomes from answers in other plausible shapes, through the real client and engine.

A stand-in server (``httpx.MockTransport``) answers each batch of four with one failing record
(the third, ``p2@example.com``) in a shape PLANDOCKET_API.md allows; the counts leave one
possibility for the others, so every row's outcome is certain — what undo relies on.
"""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest

from plandocket_desktop.core import api
from plandocket_desktop.core.importing import _engine as engine
from plandocket_desktop.core.types import ImportOptions, Outcome
from tests.core.importing.test_engine import FakeValidation, Waits

FAILING = 2  # 0-based position in the batch


def counts(n: int, **extra: Any) -> dict[str, Any]:
    return {"total": n, "created": n - 1, "updated": 0, "skipped": 0, **extra}


SHAPES = [
    pytest.param(lambda n, r: counts(n, errors=[{"row": FAILING + 1, "error": "bad"}]), id="row"),
    pytest.param(lambda n, r: counts(n, errors=[{"index": FAILING, "error": "bad"}]), id="index"),
    pytest.param(
        lambda n, r: counts(n, errors=[{"email": r[FAILING]["email"], "message": "bad"}]),
        id="email",
    ),
    pytest.param(
        lambda n, r: counts(n, errors=[f"Record {FAILING + 1}: the e-mail is taken"]), id="text"
    ),
    pytest.param(
        lambda n, r: counts(
            n,
            details=[
                {"index": p, "status": "failed" if p == FAILING else "created", "id": 100 + p}
                for p in range(n)
            ],
        ),
        id="details",
    ),
    pytest.param(
        lambda n, r: {"data": counts(n, errors=[{"row": FAILING + 1, "error": "bad"}])},
        id="wrapped-in-data",
    ),
    pytest.param(
        lambda n, r: counts(n, errors=[{"email": r[FAILING]["email"]}], details=[]),
        id="email-no-text",
    ),
]


def stand_in(shape, held=None, searches=None, *, keep=True):
    """Answers bulk imports with ``shape``; keeps the rows it imported (all but the failing
    one, unless not ``keep``) in ``held``; answers ``GET /contacts?search=`` from them and
    notes each search in ``searches``."""
    held = {} if held is None else held

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/contacts"):
            search = request.url.params.get("search", "")
            if searches is not None:
                searches.append((search, dict(request.headers)))
            found = [c for e, c in held.items() if search.lower() in e]
            return httpx.Response(200, json={"data": found, "meta": {"total": len(found)}})
        records = json.loads(request.content)["records"]
        for p, record in enumerate(records):
            if keep and p != FAILING:
                held[record["email"].lower()] = {"id": 100 + len(held), **record}
        return httpx.Response(200, json=shape(len(records), records))

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_failing_row_is_found_and_every_other_row_is_certain(shape):
    client = api.PlandocketClient("https://acme.example", "key", transport=stand_in(shape))
    job = engine.ImportJob(
        client,
        FakeValidation(8),
        ImportOptions(),
        batch_size=4,
        wait=Waits(),
        rng=random.Random(1),
    )
    with client:
        report = job.run()
    expected = [Outcome.FAILED if i % 4 == FAILING else Outcome.CREATED for i in range(8)]
    assert report.outcomes == expected
    assert report.counts().sent == 0


def test_counts_that_leave_two_possibilities_leave_the_rows_sent():
    def shape(n, _records):
        return {"total": n, "created": n - 2, "skipped": 1, "errors": [{"index": 0}]}

    client = api.PlandocketClient("https://acme.example", "key", transport=stand_in(shape))
    job = engine.ImportJob(client, FakeValidation(4), ImportOptions(), batch_size=4, wait=Waits())
    with client:
        report = job.run()
    assert report.outcomes == [Outcome.FAILED, Outcome.SENT, Outcome.SENT, Outcome.SENT]


def test_counts_that_do_not_add_up_are_not_trusted():
    def shape(n, _records):  # says 4 created of 4 and names a failure: contradictory
        return {"total": n, "created": n, "errors": [{"index": 1, "error": "x"}]}

    client = api.PlandocketClient("https://acme.example", "key", transport=stand_in(shape))
    job = engine.ImportJob(client, FakeValidation(4), ImportOptions(), batch_size=4, wait=Waits())
    with client:
        report = job.run()
    assert report.outcomes == [Outcome.SENT, Outcome.FAILED, Outcome.SENT, Outcome.SENT]


def test_zero_based_rows_without_a_row_0_are_settled_by_looking_the_rows_up(caplog):
    """PlanDocket counts ``row`` from 0 here and no row 0 fails: 1-based would name the wrong
    person (p1). Looking up the two candidates shows p1 imported and p2 missing."""
    searches: list = []

    def shape(n, _records):
        return counts(n, errors=[{"row": FAILING, "error": "bad"}])

    transport = stand_in(shape, searches=searches)
    client = api.PlandocketClient("https://acme.example", "secret-key-1", transport=transport)
    job = engine.ImportJob(client, FakeValidation(8), ImportOptions(), batch_size=4, wait=Waits())
    caplog.set_level("INFO")
    with client:
        report = job.run()
    expected = [Outcome.FAILED if i % 4 == FAILING else Outcome.CREATED for i in range(8)]
    assert report.outcomes == expected
    assert report.messages[FAILING] == "bad"
    # two candidates per batch, one search each: a handful, not one per row
    assert [s for s, _h in searches] == [
        "p1@example.com",
        "p2@example.com",
        "p5@example.com",
        "p6@example.com",
    ]
    assert "settled as 0-based by 2 look-ups" in caplog.text
    assert "secret-key-1" not in caplog.text


def test_one_based_rows_are_settled_the_other_way():
    def shape(n, _records):
        return counts(n, errors=[{"row": FAILING + 1, "error": "bad"}])

    client = api.PlandocketClient("https://acme.example", "key", transport=stand_in(shape))
    job = engine.ImportJob(client, FakeValidation(4), ImportOptions(), batch_size=4, wait=Waits())
    with client:
        report = job.run()
    assert report.outcomes == [Outcome.CREATED, Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]


def test_when_the_look_ups_cannot_tell_the_documented_rule_stays():
    """Both candidates were already held with other values: nothing to tell them apart."""

    def shape(n, _records):
        return {"total": n, "created": 0, "updated": n - 1, "errors": [{"row": 2, "error": "x"}]}

    held = {
        f"p{i}@example.com": {"id": i, "email": f"p{i}@example.com", "row": -1} for i in range(4)
    }
    transport = stand_in(shape, held, keep=False)
    client = api.PlandocketClient("https://acme.example", "key", transport=transport)
    job = engine.ImportJob(client, FakeValidation(4), ImportOptions(), batch_size=4, wait=Waits())
    with client:
        report = job.run()
    assert report.outcomes[1] is Outcome.FAILED  # "row 2" read 1-based, as record_errors says
