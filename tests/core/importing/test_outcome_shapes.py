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


def stand_in(shape):
    def handler(request: httpx.Request) -> httpx.Response:
        records = json.loads(request.content)["records"]
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
