"""Reading a child process's output with a deadline, so a child that hangs fails one test.

A plain ``readline()`` or ``os.read()`` on a pipe or a pty waits for ever when the child
neither writes nor exits; these wait with ``select()`` and give up at the deadline.
"""

from __future__ import annotations

import codecs
import os
import select
import signal
import subprocess
import time
from collections.abc import Callable
from typing import Protocol


class _HasFileno(Protocol):
    def fileno(self) -> int: ...


Stream = int | _HasFileno  # a file descriptor (a pty) or a pipe of ``subprocess.Popen``


def deadline(seconds: float) -> float:
    """The ``time.monotonic()`` value ``seconds`` from now."""
    return time.monotonic() + seconds


class Output:
    """What a child wrote to one stream so far; ``text`` keeps growing as it is read.

    Read it only through this object (not also with the stream's own ``read``), so that no
    byte sits in a buffer that ``select()`` cannot see.
    """

    def __init__(self, stream: Stream, name: str = "the output") -> None:
        self.fd = stream if isinstance(stream, int) else stream.fileno()
        self.name = name
        self.text = ""
        self.ended = False
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def _read_once(self, until: float) -> bool:
        """Read what is there (waiting until ``until`` at most); False when nothing came."""
        left = until - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.fd], [], [], left)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # a pty whose child has exited: EIO
            chunk = b""
        if not chunk:
            self.ended = True
            self.text += self._decoder.decode(b"", final=True)
            return True
        self.text += self._decoder.decode(chunk)
        return True

    def read_until(self, predicate: Callable[[str], bool], until: float, what: str = "") -> str:
        """Read until ``predicate(text)`` holds; AssertionError at ``until`` or at the end."""
        while not predicate(self.text):
            if self.ended:
                raise AssertionError(
                    f"{self.name} ended without {what or 'the expected text'}: {self.text!r}"
                )
            if not self._read_once(until) and time.monotonic() >= until:
                raise AssertionError(
                    f"no {what or 'expected text'} in {self.name} before the deadline "
                    f"(the child hangs?): {self.text!r}"
                )
        return self.text

    def read_to_end(self, until: float) -> str:
        """Read until the child closes the stream; AssertionError at ``until``."""
        return self.read_until(lambda _text: self.ended, until, "its end")


def read_until(
    stream: Stream, predicate: Callable[[str], bool], until: float, what: str = ""
) -> str:
    """Text read from ``stream`` until ``predicate`` holds for all of it (see ``Output``)."""
    return Output(stream).read_until(predicate, until, what)


def finish(proc: subprocess.Popen[str], seconds: float) -> tuple[str, str]:
    """The rest of the child's stdout and stderr once it exits; kills it after ``seconds``.

    ``communicate`` with a timeout leaves a hanging child running; this kills it and fails
    the test with what it printed.
    """
    try:
        return proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate(timeout=10)
        raise AssertionError(
            f"the child did not end within {seconds:g} s and was killed; "
            f"stdout: {out!r}, stderr: {err!r}"
        ) from None


def wait_pid(pid: int, seconds: float) -> int:
    """The wait status of child ``pid`` once it exits; kills it after ``seconds`` and fails."""
    until = deadline(seconds)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= until:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"the child did not end within {seconds:g} s and was killed")
        time.sleep(0.01)
