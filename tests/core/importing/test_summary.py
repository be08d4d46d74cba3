"""The words about an import's result, and the status and counts they are built from."""

from __future__ import annotations

import json

import pytest

from plandocket_desktop.core.importing import _summary as summary
from plandocket_desktop.core.importing._engine import ImportReport
from plandocket_desktop.core.types import Counts, ExitCode, ImportOptions, JobStatus, Outcome


@pytest.mark.parametrize(
    ("status", "code", "ended"),
    [
        pytest.param(JobStatus.FINISHED, 0, "finished", id="finished"),
        pytest.param(JobStatus.FINISHED_WITH_PROBLEMS, 1, "finished", id="problems"),
        pytest.param(JobStatus.CANCELLED, 2, "cancelled", id="cancelled"),
        pytest.param(JobStatus.STOPPED, 2, "stopped", id="stopped"),
    ],
)
def test_one_exit_code_per_status(status, code, ended):
    assert status.exit_code == code
    assert isinstance(status.exit_code, ExitCode)
    assert status.ended == ended


def test_the_report_decides_its_status():
    options = ImportOptions()
    assert ImportReport(options, [Outcome.CREATED]).status is JobStatus.FINISHED
    assert ImportReport(options, [Outcome.FAILED]).status is JobStatus.FINISHED_WITH_PROBLEMS
    assert ImportReport(options, [Outcome.NOT_SENT]).status is JobStatus.FINISHED_WITH_PROBLEMS
    assert ImportReport(options, [], cancelled=True).status is JobStatus.CANCELLED
    assert ImportReport(options, [], stopped=True).status is JobStatus.STOPPED


def test_counts_are_a_dataclass_and_the_json_dict_of_old():
    counts = Counts.of([Outcome.CREATED, Outcome.SENT, Outcome.IGNORED], ignored=2)
    assert counts.created == 1
    assert counts.ignored == 3
    assert counts["sent"] == 1
    assert list(counts) == [
        "created",
        "updated",
        "skipped",
        "failed",
        "sent",
        "not_sent",
        "ignored",
    ]
    assert json.loads(json.dumps(counts.as_dict())) == dict(counts)
    assert counts == {**dict.fromkeys(counts, 0), "created": 1, "sent": 1, "ignored": 3}
    assert Counts.from_dict({"created": 4, "unknown": 9}) == Counts(created=4)
    assert (counts.total, counts.went_in, counts.problems) == (5, 1, 0)


def test_outcome_list_names_every_outcome_once():
    text = summary.outcome_list(Counts(created=1200, failed=1, ignored=1))
    assert text == "1,200 created, 0 updated, 0 skipped, 1 failed, 0 not sent, 1 empty row ignored."
    assert "counts only" in summary.outcome_list(Counts(sent=3))


def test_final_text_of_the_command_line():
    counts = Counts(created=2)
    assert summary.final_text(JobStatus.FINISHED, counts, None).startswith("Import finished: 2")
    assert summary.final_text(JobStatus.CANCELLED, counts, None).startswith("Import cancelled:")
    stopped = summary.final_text(JobStatus.STOPPED, counts, "The key was refused.")
    assert stopped.startswith("Import stopped. The key was refused.\n2 created")


def test_plurals_go_through_one_message():
    options = ImportOptions()
    one = summary.results_sentence(
        JobStatus.FINISHED_WITH_PROBLEMS,
        Counts(created=1, not_sent=1),
        options,
        stop_message=None,
        retryable=1,
    )
    assert "1 row went into PlanDocket (1 created, 0 updated)." in one
    assert "1 row was not sent." in one
    assert summary.time_left(3600) == "about 1 hour left"
    assert summary.time_left(61 * 60) == "about 1 hour 1 minute left"


def test_how_an_import_ended_is_labelled_from_a_table():
    assert summary.ended_label("cancelled") == "Stopped by you"
    assert summary.ended_label("finished") == "Finished"
    assert summary.ended_label("stopped") == "Stopped"
