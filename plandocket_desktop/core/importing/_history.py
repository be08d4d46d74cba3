"""The history of finished imports on this computer (a JSON-lines file in the data folder).

A damaged line (an app killed while writing it) is skipped with a warning. A file with no
readable line at all (overwritten, binary) is moved aside with a warning and a fresh history
is started: the history never stops the app from starting.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plandocket_desktop.core import errors, paths
from plandocket_desktop.core.types import Counts
from plandocket_desktop.i18n import _

log = logging.getLogger(__name__)

FILE_NAME = "history.jsonl"


@dataclass(frozen=True)
class HistoryEntry:
    """One import: what was imported where, when, with what result."""

    file_name: str
    target: str  # "contacts" or "participants"
    counts: dict[str, int]
    when: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    tenant: str = ""
    event_key: str | None = None
    mode: str = ""
    status: str = "finished"  # JobStatus.ended: finished, cancelled, stopped
    report_path: str | None = None
    job_id: str | None = None

    @property
    def tally(self) -> Counts:
        """The counts as a ``Counts`` (outcomes an older entry does not name are 0)."""
        return Counts.from_dict(self.counts)

    @property
    def when_local(self) -> str:
        """The time in the computer's time zone, as the language writes it (27 Nov 2026, 14:05)."""
        from plandocket_desktop.i18n import fmt_datetime

        try:
            return fmt_datetime(datetime.fromisoformat(self.when).astimezone())
        except ValueError:
            return self.when


class HistoryStore:
    """Append-only list of imports; ``list()`` gives the newest first."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / FILE_NAME
        self.warnings: list[str] = []

    def add(self, entry: HistoryEntry) -> None:
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a+b") as fh:
                if fh.tell() > 0:  # a line cut short by a crash must not swallow this one
                    fh.seek(-1, os.SEEK_END)
                    if fh.read(1) != b"\n":
                        line = "\n" + line
                fh.write(line.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise errors.PlandocketError(
                _("The import history cannot be saved; check that the data folder is writable.")
            ) from exc

    def list(self, limit: int | None = None) -> list[HistoryEntry]:
        self.warnings = []
        try:
            lines = self.path.read_bytes().decode("utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return []
        except OSError:
            self.warnings.append(_("The import history cannot be read."))
            return []
        entries: list[HistoryEntry] = []
        damaged: list[int] = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entries.append(_entry(json.loads(line)))
            except (ValueError, TypeError, KeyError, AttributeError):
                damaged.append(number)
        if damaged and not entries:
            self._move_aside()
            return []
        self.warnings += [
            _("Line {number} of the import history is damaged; skipped.").format(number=n)
            for n in damaged
        ]
        entries.reverse()
        return entries[:limit] if limit is not None else entries

    def _move_aside(self) -> None:
        from plandocket_desktop.core.importing._journal import move_aside

        try:
            aside = move_aside(self.path)
        except OSError:
            self.warnings.append(_("The import history is damaged and cannot be read."))
            return
        log.warning("The import history %s was damaged; moved aside to %s", self.path, aside)
        self.warnings.append(
            _(
                "The import history was damaged. It was kept as {name} and a new one was started."
            ).format(name=aside.name)
        )


def _entry(data: dict[str, Any]) -> HistoryEntry:
    known = HistoryEntry.__dataclass_fields__
    values = {k: v for k, v in data.items() if k in known}
    values["counts"] = {str(k): int(v) for k, v in dict(values.get("counts", {})).items()}
    return HistoryEntry(**values)
