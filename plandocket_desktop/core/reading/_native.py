"""The Rust workbook engines (calamine, fastexcel) kept quiet: their panics are not printed.

A panic inside calamine reaches Python as ``PanicException`` (caught by the reader, which says
the file is damaged), but Rust's panic hook first writes the panic and a backtrace to the
process's standard error, where a user of the command line would see it. While an engine runs,
file descriptor 2 points at a temporary file; what the engine wrote goes to the log.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import IO

log = logging.getLogger(__name__)

_lock = threading.Lock()
_depth = 0
_saved: int | None = None
_capture: IO[bytes] | None = None


def engine_failure(exc: BaseException) -> bool:
    """True for errors of the Rust engines, including their panics (a BaseException)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Send what native code writes to standard error to the log while the block runs."""
    global _depth, _saved, _capture
    with _lock:
        if _depth == 0:
            try:
                sys.stderr.flush()
                capture: IO[bytes] | None = tempfile.TemporaryFile()  # noqa: SIM115 - kept open
                saved = os.dup(2)
                os.dup2(capture.fileno(), 2)  # type: ignore[union-attr]
            except (OSError, ValueError):
                capture = None
                saved = None
            _capture, _saved = capture, saved
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None and _capture is not None:
                os.dup2(_saved, 2)
                os.close(_saved)
                _capture.seek(0)
                written = _capture.read(64 * 1024)
                _capture.close()
                _capture, _saved = None, None
                if written.strip():
                    log.debug("a workbook engine wrote: %s", written.decode("utf-8", "replace"))
