"""Workbook readers that cannot be made safe run in a child process, with limits.

calamine's .xls (and .xlsb) reader trusts sizes written in the file: a damaged one makes it
ask for an impossible amount of memory, and Rust aborts the whole process (not a panic that
could be caught; found by fuzzing, ``tests/fuzz/crashes``). So these formats are read in a
child process with an address-space limit (POSIX ``RLIMIT_AS``; Windows would need a Job
object, not done) and a deadline. The child sends back the finished ``Table`` (or the sheet
list, or the ``SourceError``'s sentence and kind); a child that dies or runs out of time
becomes a plain ``SourceError``. What the child writes to its standard output or error goes
to the log, never to the terminal.

The child is ``python -m plandocket_desktop.core.reading._child``; a frozen app runs its own
executable with ``CHILD_ARGUMENT``, which the entry scripts hand to ``main()``. (Not
multiprocessing: its children import the caller's main script again, and a user's unguarded
script would run twice.)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from plandocket_desktop import i18n
from plandocket_desktop.core._process import keep_pandas_unloaded
from plandocket_desktop.core._table import SheetInfo, Table
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _messages as messages

log = logging.getLogger(__name__)

ISOLATED_FORMATS = frozenset({"xls", "xlsb"})
CHILD_ARGUMENT = "--plandocket-read-child"
TIMEOUT_SECONDS = 60.0  # a full .xls (65,536 rows x 256 columns) reads in a few seconds
MEMORY_BUDGET = 2 * 1024**3  # address space the child may add to what it holds once loaded
_PACKAGE_ROOT = Path(__file__).resolve().parents[3]


def read_workbook(path: Path, fmt: str, *, sheet: str | None, header_row: int | None) -> Table:
    """``_workbook.read_workbook`` in a child process."""
    result = _run("read", path, fmt, {"sheet": sheet, "header_row": header_row})
    assert isinstance(result, Table)
    return result


def list_sheets(path: Path, fmt: str) -> list[SheetInfo]:
    """``_workbook.list_sheets`` in a child process."""
    result = _run("sheets", path, fmt, {})
    assert isinstance(result, list)
    return result


# --- the parent -----------------------------------------------------------------------------


def _command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_ARGUMENT]
    return [sys.executable, "-m", __name__]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["ARROW_DEFAULT_MEMORY_POOL"] = "system"  # mimalloc reserves 1 GB: no room under a limit
    if not getattr(sys, "frozen", False):
        paths = [str(_PACKAGE_ROOT), *filter(None, [env.get("PYTHONPATH")])]
        env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def _run(job: str, path: Path, fmt: str, options: dict[str, Any]) -> Any:
    request = {
        "job": job,
        "path": str(path),
        "format": fmt,
        "options": options,
        "language": i18n.current_language(),
    }
    with tempfile.TemporaryFile() as output:
        try:
            done = subprocess.run(
                _command(),
                input=json.dumps(request).encode("utf-8"),
                stdout=subprocess.PIPE,
                stderr=output,
                env=_environment(),
                timeout=TIMEOUT_SECONDS,
                check=False,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except subprocess.TimeoutExpired as exc:  # run() has killed the child
            _log_output(path, output, None)
            log.info("Reading %s took over %s s; stopped", path.name, TIMEOUT_SECONDS)
            raise messages.read_timed_out(path, TIMEOUT_SECONDS) from exc
        except OSError as exc:  # the child could not start at all
            log.info("No child process for reading %s: %s", path.name, exc)
            raise messages.damaged(path) from exc
        _log_output(path, output, done.returncode)
    try:
        answer = pickle.loads(done.stdout) if done.returncode == 0 else None
    except Exception:  # cut short: the child died while answering
        answer = None
    if not isinstance(answer, tuple) or not answer:
        raise messages.damaged(path)
    if answer[0] == "ok":
        return answer[1]
    if answer[0] == "error":
        raise SourceError(answer[1], kind=answer[2])
    if answer[0] == "memory":
        raise messages.out_of_memory(path)
    log.info("Reading %s failed in the child process: %s", path.name, answer[1])
    raise messages.damaged(path)


def _log_output(path: Path, output: Any, returncode: int | None) -> None:
    output.seek(0)
    written = output.read(64 * 1024)
    if returncode:
        log.info("The reader of %s ended with exit code %s", path.name, returncode)
    if written.strip():
        log.debug("the reader of %s wrote: %s", path.name, written.decode("utf-8", "replace"))


# --- the child ------------------------------------------------------------------------------


def main() -> int:
    """The child: read the request on stdin, answer with a pickle on stdout."""
    keep_pandas_unloaded()  # a process of the app's own (0.3 s less where pandas is installed)
    answer_fd = os.dup(1)
    os.dup2(2, 1)  # native code's prints join standard error, which the parent logs
    request = json.loads(sys.stdin.buffer.read())
    i18n.install(*i18n.load(request["language"]))
    answer: tuple[Any, ...]
    try:
        from plandocket_desktop.core.reading import _workbook as reading_workbook

        _limit_address_space()
        path = Path(request["path"])
        if request["job"] == "read":
            table = reading_workbook.read_workbook(path, request["format"], **request["options"])
            answer = ("ok", table)
        else:
            answer = ("ok", reading_workbook.list_sheets(path, request["format"]))
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except SourceError as exc:
        data = pickle.dumps(("error", str(exc), exc.kind))
    except MemoryError:
        data = pickle.dumps(("memory",))
    except Exception as exc:  # the parent logs it and says the file is damaged
        data = pickle.dumps(("failed", f"{type(exc).__name__}: {exc}"))
    with os.fdopen(answer_fd, "wb") as stream:
        stream.write(data)
    return 0


def _limit_address_space() -> None:
    try:
        import resource
    except ImportError:  # Windows: a Job object would be needed
        return
    held = _address_space_in_use()
    if held is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = held + MEMORY_BUDGET
    for limit in (soft, hard):
        if limit != resource.RLIM_INFINITY:
            wanted = min(wanted, limit)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _address_space_in_use() -> int | None:
    """The process's virtual size in bytes (Linux), or None where it cannot be told."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


if __name__ == "__main__":
    sys.exit(main())
