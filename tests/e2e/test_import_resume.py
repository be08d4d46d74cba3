"""Crash and resume: the CLI killed with SIGKILL mid-import, then ``resume`` finishes the job."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plandocket_desktop.core.importing import _journal as journal

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


def run_until_answered(
    source: Path, base_url: str, env: dict[str, str], db: Path, *, batches: int
) -> subprocess.Popen:
    """Start ``run`` in batches of 100; return once ``batches`` are answered, it ended or 30 s."""
    proc = cli(
        "run",
        str(source),
        "--tenant",
        base_url,
        "--batch-size",
        "100",
        "--yes",
        "--json",
        env=env,
    )
    deadline = time.monotonic() + 30
    while answered_batches(db) < batches and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    return proc


def stored(sandbox) -> list[str]:
    return [c["email"] for c in sandbox.store.contacts() if c["email"].endswith(DOMAIN)]


def test_sigkill_mid_import_then_resume_sends_every_record_once(sandbox, app_home, tmp_path):
    n, bad = 2400, {7, 900, 2399}
    source = write_people(tmp_path / "teilnehmer.csv", n, bad)
    sandbox.set_faults(latency_ms=60)
    env = cli_env(app_home, sandbox.api_key)
    db = app_home / "data" / journal.FILE_NAME

    proc = run_until_answered(source, sandbox.base_url, env, db, batches=6)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGKILL)
    proc.communicate()  # reaps it and closes the pipes
    done_before = answered_batches(db)
    assert 6 <= done_before < 24
    assert 0 < len(stored(sandbox)) < n - len(bad)

    with journal.JournalStore() as store:
        (entry,) = store.unfinished()
    sandbox.set_faults(latency_ms=0)
    resumed = cli("resume", "--json", env=env)
    out, err = resumed.communicate(timeout=60)
    assert resumed.returncode == 1, err  # finished; 3 invalid rows were not sent
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["job_id"] == entry.job_id
    assert summary["status"] == "finished"
    counts = summary["counts"]
    assert counts["not_sent"] == len(bad)
    assert counts["created"] + counts["skipped"] == n - len(bad)
    assert sum(counts.values()) == n

    emails = stored(sandbox)
    assert len(emails) == len(set(emails)), "a record was imported twice"
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
    sandbox.set_faults(latency_ms=80)
    env = cli_env(app_home, sandbox.api_key)
    db = app_home / "data" / journal.FILE_NAME
    proc = run_until_answered(source, sandbox.base_url, env, db, batches=3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["status"] == "cancelled"
    counts = summary["counts"]
    assert counts["created"] == len(stored(sandbox))  # the batch in flight was finished
    assert counts["created"] % 100 == 0
    assert counts["created"] + counts["not_sent"] == n
    assert "Traceback" not in err
    with journal.JournalStore() as store:
        assert store.unfinished() == []


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
    seen = b""
    deadline = time.monotonic() + 30
    while b"Type y to start" not in seen and time.monotonic() < deadline:
        seen += os.read(fd, 4096)
    os.write(fd, b"y\n")
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace")
    assert "4 rows ready to send" in text
    assert "1 with errors will not be sent" in text
    assert "Import finished" in text
    assert os.waitstatus_to_exitcode(status) == 1
    assert len(stored(sandbox)) == 4
