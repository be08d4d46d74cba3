"""Crash and resume: the CLI killed with SIGKILL mid-import, then ``resume`` finishes the job."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from plandocket_desktop.core.importing import _journal as journal
from plandocket_desktop.core.validation import _prepare as pipeline
from tests import received, streams

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "@resume.example"


def write_people(path: Path, n: int, bad: set[int]) -> Path:
    lines = ["email,first_name,last_name"]
    for i in range(n):
        email = f"r{i:05d}{DOMAIN}" if i not in bad else f"r{i:05d} at resume.example"
        lines.append(f"{email},Ümit{i},Özdemir")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli_env(home: Path, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PLANDOCKET_API_KEY"}
    env.update(PLANDOCKET_HOME=str(home), PLANDOCKET_API_KEY=key, PYTHONPATH=str(ROOT))
    return env


def cli(*args: str, env: dict[str, str], **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "plandocket_desktop", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def answered_batches(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=5)
    try:
        return conn.execute("SELECT COUNT(*) FROM batches WHERE state = 'answered'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def start_run(source: Path, base_url: str, env: dict[str, str], *extra: str) -> subprocess.Popen:
    """``run`` in batches of 100, as JSON; ``extra`` options go at the end."""
    options = ("--batch-size", "100", "--yes", "--json", *extra)
    return cli("run", str(source), "--tenant", base_url, *options, env=env)


def wait_mid_batch(sandbox, proc: subprocess.Popen, db: Path, *, answered: int, in_flight: int):
    """Wait until ``answered`` batches are in the journal and ``in_flight`` just reached the
    sandbox (so each has most of the sandbox's latency still to go); the stats then."""

    def ready(snapshot) -> bool:
        assert proc.poll() is None, "the import ended before it could be interrupted"
        return answered_batches(db) >= answered and received.fresh_in_flight(
            snapshot, in_flight, younger_than=0.15
        )

    return received.wait_until(sandbox, ready)


def planned_batches(job_id: str) -> tuple[list[str], set[int]]:
    """The fingerprints of the job's batches (from its journal's draft) and those answered."""
    with journal.JournalStore() as store:
        job_journal = store.open(job_id)
        prepared = pipeline.prepare(job_journal.draft)
        answered = set(job_journal.recorded())
        prints = received.batch_prints(prepared.validation, job_journal.batch_size)
    return prints, answered


def stored(sandbox) -> list[str]:
    return [c["email"] for c in sandbox.store.contacts() if c["email"].endswith(DOMAIN)]


@pytest.mark.parametrize("in_flight", [1, 2], ids=["one-in-flight", "two-in-flight"])
def test_sigkill_mid_import_then_resume_sends_every_record_once(
    sandbox, app_home, tmp_path, in_flight
):
    n, bad = 2400, {7, 900, 2399}
    source = write_people(tmp_path / "teilnehmer.csv", n, bad)
    sandbox.set_faults(latency_ms=250)
    env = cli_env(app_home, sandbox.api_key)
    db = app_home / "data" / journal.FILE_NAME

    proc = start_run(source, sandbox.base_url, env, "--in-flight", str(in_flight))
    wait_mid_batch(sandbox, proc, db, answered=4, in_flight=in_flight)
    proc.send_signal(signal.SIGKILL)
    streams.finish(proc, 10)  # reaps it and closes the pipes
    first = received.settled(sandbox)  # the sandbox finishes what it had received
    assert 0 < len(stored(sandbox)) < n - len(bad)

    with journal.JournalStore() as store:
        (entry,) = store.unfinished()
    prints, answered = planned_batches(entry.job_id)
    assert len(prints) == 24
    assert 4 <= len(answered) < 24
    sent_first = received.sent_once_each(first, prints)
    in_flight_at_kill = sent_first - answered
    assert answered <= sent_first
    # The kill came while the sandbox held the batch(es) in flight; it applied them unanswered.
    assert len(in_flight_at_kill) == in_flight, (sorted(sent_first), sorted(answered))

    sandbox.reset_stats()
    sandbox.set_faults(latency_ms=0)
    resumed = cli("resume", "--json", "--in-flight", str(in_flight), env=env)
    out, err = streams.finish(resumed, 60)
    assert resumed.returncode == 1, err  # finished; 3 invalid rows were not sent
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["job_id"] == entry.job_id
    assert summary["status"] == "finished"

    # Resume sends each batch the journal had not recorded, once, and no answered one again:
    # only the batch(es) in flight at the kill reach the sandbox twice in all.
    second = received.settled(sandbox)
    sent_again = received.sent_once_each(second, prints)
    assert not sent_again & answered, "resume sent a batch the journal had recorded as answered"
    assert sent_again == set(range(24)) - answered
    sizes = [100] * 23 + [97]
    twice = sum(sizes[k] for k in in_flight_at_kill)
    assert first["records"] + second["records"] == n - len(bad) + twice
    assert second["records"] == sum(sizes[k] for k in sent_again)

    counts = summary["counts"]
    assert counts["not_sent"] == len(bad)
    assert counts["skipped"] == twice  # already there: applied before the kill
    assert counts["created"] == n - len(bad) - twice
    assert sum(counts.values()) == n
    emails = stored(sandbox)
    assert set(emails) == {f"r{i:05d}{DOMAIN}" for i in range(n) if i not in bad}
    with journal.JournalStore() as store:
        assert store.unfinished() == []
        assert store.entry(entry.job_id).status == "finished"
    assert sandbox.api_key.encode() not in db.read_bytes()


def test_resume_refuses_a_changed_file(sandbox, app_home, tmp_path, monkeypatch, capsys):
    from plandocket_desktop import cli as cli_main

    source = write_people(tmp_path / "liste.csv", 20, set())
    monkeypatch.setenv("PLANDOCKET_API_KEY", "pd_test_not_the_right_key_0000")
    assert cli_main.main(["run", str(source), "--tenant", sandbox.base_url, "--yes"]) == 2
    capsys.readouterr()
    source.write_text(source.read_text(encoding="utf-8") + "x@resume.example,X,Y\n", "utf-8")
    monkeypatch.setenv("PLANDOCKET_API_KEY", sandbox.api_key)
    assert cli_main.main(["resume"]) == 2
    err = capsys.readouterr().err
    assert "has changed since the import started" in err
    assert stored(sandbox) == []


def test_resume_after_a_refused_key_finishes_with_the_right_key(
    sandbox, tmp_path, monkeypatch, capsys
):
    from plandocket_desktop import cli as cli_main

    source = write_people(tmp_path / "liste.csv", 20, set())
    monkeypatch.setenv("PLANDOCKET_API_KEY", "pd_test_not_the_right_key_0000")
    assert cli_main.main(["run", str(source), "--tenant", sandbox.base_url, "--yes"]) == 2
    assert "plandocket-import resume" in capsys.readouterr().out
    assert cli_main.main(["resume", "--list"]) == 0
    assert "liste.csv" in capsys.readouterr().out
    monkeypatch.setenv("PLANDOCKET_API_KEY", sandbox.api_key)
    assert cli_main.main(["resume"]) == 0
    assert len(stored(sandbox)) == 20
    assert cli_main.main(["resume"]) == 2
    assert "no interrupted import" in capsys.readouterr().err


def test_ctrl_c_cancels_after_the_batch_in_flight(sandbox, app_home, tmp_path):
    n = 2000
    source = write_people(tmp_path / "liste.csv", n, set())
    sandbox.set_faults(latency_ms=250)
    env = cli_env(app_home, sandbox.api_key)
    db = app_home / "data" / journal.FILE_NAME
    proc = start_run(source, sandbox.base_url, env)
    at_signal = wait_mid_batch(sandbox, proc, db, answered=2, in_flight=1)
    proc.send_signal(signal.SIGINT)
    out, err = streams.finish(proc, 30)
    assert proc.returncode == 2, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["status"] == "cancelled"
    assert "Cancelling: the batch on its way is finished first" in err

    # The batch in flight at Ctrl+C was finished and counted; no batch went out after it.
    with journal.JournalStore() as store:
        (entry,) = store.all()
        assert store.unfinished() == []
    prints, answered = planned_batches(entry.job_id)
    sent = received.sent_once_each(received.settled(sandbox), prints)
    assert sent == received.sent_once_each(at_signal, prints)
    assert sent == answered == set(range(len(sent)))
    counts = summary["counts"]
    assert counts["created"] == len(sent) * 100 == len(stored(sandbox))
    assert counts["created"] + counts["not_sent"] == n
    assert "Traceback" not in err


def test_confirmation_on_a_terminal_shows_the_counts(sandbox, app_home, tmp_path):
    import pty

    source = write_people(tmp_path / "liste.csv", 5, {2})
    env = cli_env(app_home, sandbox.api_key)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI on a terminal
        os.chdir(ROOT)
        os.execve(
            sys.executable,
            [
                sys.executable,
                "-m",
                "plandocket_desktop",
                "run",
                str(source),
                "--tenant",
                sandbox.base_url,
            ],
            env,
        )
    output = streams.Output(fd, "the terminal")
    try:
        output.read_until(lambda seen: "Type y to start" in seen, streams.deadline(30), "a prompt")
        os.write(fd, b"y\n")
        output.read_to_end(streams.deadline(60))
    finally:
        os.close(fd)
        status = streams.wait_pid(pid, 10)  # kills the child if it still runs by then
    text = output.text
    assert "4 rows ready to send" in text
    assert "1 with errors will not be sent" in text
    assert "Import finished" in text
    assert os.waitstatus_to_exitcode(status) == 1
    assert len(stored(sandbox)) == 4
