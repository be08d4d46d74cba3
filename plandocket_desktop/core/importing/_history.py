"""The history of finished imports on this computer (a JSON-lines file in the data folder)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plandocket_desktop.core import errors, paths
from plandocket_desktop.core.types import Counts

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
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise errors.PlandocketError(
                "The import history cannot be saved; check that the data folder is writable."
            ) from exc

    def list(self, limit: int | None = None) -> list[HistoryEntry]:
        self.warnings = []
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        except OSError:
            self.warnings.append("The import history cannot be read.")
            return []
        entries: list[HistoryEntry] = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entries.append(_entry(json.loads(line)))
            except (ValueError, TypeError, KeyError):
                self.warnings.append(f"Line {number} of the import history is damaged; skipped.")
        entries.reverse()
        return entries[:limit] if limit is not None else entries


def _entry(data: dict[str, Any]) -> HistoryEntry:
    known = HistoryEntry.__dataclass_fields__
    values = {k: v for k, v in data.items() if k in known}
    values["counts"] = {str(k): int(v) for k, v in dict(values.get("counts", {})).items()}
    return HistoryEntry(**values)
