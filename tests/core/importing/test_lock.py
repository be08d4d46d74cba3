"""One import of a file at a time: a second window or process is refused while the first runs,
the OS lets go of a killed holder's lock, and imports of different files run side by side."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from plandocket_desktop import cli
from plandocket_desktop.core import errors, importing
from plandocket_desktop.core.importing import _lock
from plandocket_desktop.core.types import ImportDraft, JobStatus
from tests.core.importing.test_engine import FakeClient

RUNNING = "This import is running in another window."
REPO = Path(__file__).resolve().parents[3]

# A second process that starts an import of the file and holds it, as a window would while
# its batches go out; it says "holding <job id>" and waits to be killed.
HOLDER = """
import sys, time
from pathlib import Path
from plandocket_desktop.core import importing
from plandocket_desktop.core.types import ImportDraft
draft = ImportDraft(tenant="acme", path=Path(sys.argv[1]), mapping={"email": "email"})
session = importing.ImportSession.start(draft)
print("holding", session.journal.job_id, flush=True)
time.sleep(120)
"""


def people(path: Path, n: int = 5) -> Path:
    path.write_text("email\n" + "".join(f"p{i}@example.com\n" for i in range(n)), "utf-8")
    return path


def draft_for(path: Path) -> ImportDraft:
    return ImportDraft(tenant="acme", path=path, mapping={"email": "email"}, batch_size=2)


@pytest.fixture
def holder(tmp_path, app_home):
    """Start the holder process on a file; yields (process, file, job id)."""
    source = people(tmp_path / "held.csv")
    env = {**os.environ, "PLANDOCKET_HOME": str(app_home), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(source)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("holding "), proc.stderr.read() if proc.poll() is not None else line
        yield proc, source, line.split()[1]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


def test_a_second_process_is_refused_until_the_holder_is_killed(holder):
    proc, source, job_id = holder
    with pytest.raises(errors.ImportRunningError) as refused:
        importing.ImportSession.start(draft_for(source))
    assert str(refused.value) == RUNNING
    with pytest.raises(errors.ImportRunningError):
        importing.ImportSession.resume(job_id)
    # Running is not interrupted: nobody is offered to resume it meanwhile.
    assert importing.unfinished_imports() == []

    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    # The OS let go of the lock with the process: now it is an interrupted import ...
    (waiting,) = importing.unfinished_imports()
    assert waiting.job_id == job_id
    # ... and resuming it goes through to the end.
    session = importing.ImportSession.resume(job_id)
    report = session.finish(session.job(FakeClient()).run())
    assert session.status is JobStatus.FINISHED
    assert report.counts().created == 5
    assert importing.unfinished_imports() == []


def test_the_command_line_says_so_and_exits_2(holder, capsys):
    _proc, _source, job_id = holder
    assert cli.main(["resume", job_id]) == 2
    assert RUNNING in capsys.readouterr().err


def test_a_second_window_of_the_same_process_is_refused_while_the_first_runs(tmp_path):
    source = people(tmp_path / "a.csv")
    first = importing.ImportSession.start(draft_for(source))
    with pytest.raises(errors.ImportRunningError):
        importing.ImportSession.start(draft_for(tmp_path / ".." / tmp_path.name / "a.csv"))
    first.finish(first.job(FakeClient()).run())
    second = importing.ImportSession.start(draft_for(source))  # free again once finished
    second.close()


def test_a_session_that_fails_to_start_lets_go_of_the_lock(tmp_path, monkeypatch):
    source = people(tmp_path / "a.csv")

    def broken(*args, **kwargs):
        raise errors.JournalError("The import journal cannot be written.")

    monkeypatch.setattr(importing.JournalStore, "create", broken)
    with pytest.raises(errors.JournalError):
        importing.ImportSession.start(draft_for(source))
    assert not _lock.is_running(source)


def test_imports_of_different_files_run_side_by_side(tmp_path):
    sources = [people(tmp_path / f"f{n}.csv", n=7) for n in range(2)]
    sessions = [importing.ImportSession.start(draft_for(s)) for s in sources]
    clients = [FakeClient(), FakeClient()]
    reports: dict[int, importing.ImportReport] = {}

    def run(n: int) -> None:
        reports[n] = sessions[n].finish(sessions[n].job(clients[n]).run())

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [reports[n].counts().created for n in range(2)] == [7, 7]
    assert [s.status for s in sessions] == [JobStatus.FINISHED] * 2
    assert len({r.job_id for r in reports.values()}) == 2
    assert [len(importing.HistoryStore().list())] == [2]
