"""Small value types shared by the core, the command line and the wizard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plandocket_desktop._compat import override
from plandocket_desktop.core._enums import (
    ExitCode,
    JobStatus,
    MatchField,
    Mode,
    Outcome,
    RowStatus,
    Target,
)
from plandocket_desktop.core._fields import (
    BY_KEY,
    FIELDS,
    Field,
    FieldType,
    fields_for,
    fixed_value_fields,
)
from plandocket_desktop.core._fields import get as get_field

if TYPE_CHECKING:
    from plandocket_desktop.core._table import SheetInfo, SourceInfo, Table

# ``Table`` holds its cells in Arrow: importing pyarrow (and numpy with it) takes 60-80 ms,
# which the wizard's window would wait for although its first page shows no table. So these
# three come from ``_table`` on first use (``from plandocket_desktop.core.types import Table``
# works as before); the wizard imports them on its warm-up thread.
_LAZY_TABLE_NAMES = frozenset({"SheetInfo", "SourceInfo", "Table"})


@dataclass(frozen=True)
class ImportOptions:
    """The bulk-import parameters of PLANDOCKET_API.md (records and field_mapping aside)."""

    target: Target = Target.CONTACTS
    mode: Mode = Mode.CREATE
    match_field: MatchField = MatchField.EMAIL
    skip_on_error: bool = True
    event_key: str | None = None  # participants only, required there
    create_contacts: bool = True  # participants only

    def as_params(self) -> dict[str, object]:
        """The JSON body parameters other than ``records``."""
        params: dict[str, object] = {
            "mode": self.mode.value,
            "match_field": self.match_field.value,
            "skip_on_error": self.skip_on_error,
        }
        if self.target is Target.PARTICIPANTS:
            params["event_key"] = self.event_key
            params["create_contacts"] = self.create_contacts
        return params


@dataclass(frozen=True, eq=False)  # Mapping's __eq__: equal to a dict of the same counts
class Counts(Mapping[str, int]):
    """Rows of an import per outcome; they add up to the rows of the file.

    ``sent``: sent in a batch the server answered with counts only. Also a read-only mapping
    (``counts["created"]``, ``dict(counts)``) with the keys of the CLI's JSON, in that order.
    """

    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    sent: int = 0
    not_sent: int = 0
    ignored: int = 0

    @classmethod
    def of(cls, outcomes: Iterable[Outcome], ignored: int = 0) -> Counts:
        """Tally ``outcomes``; ``ignored`` adds empty rows the outcomes do not hold.

        Counted in C (``Counter``): a million outcomes take ~20 ms, not ~60 ms in a loop.
        """
        tally = Counter(outcomes)
        return cls(
            created=tally[Outcome.CREATED],
            updated=tally[Outcome.UPDATED],
            skipped=tally[Outcome.SKIPPED],
            failed=tally[Outcome.FAILED],
            sent=tally[Outcome.SENT],
            not_sent=tally[Outcome.NOT_SENT],
            ignored=ignored + tally[Outcome.IGNORED],
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Counts:
        """From a stored dict (history); unknown keys are left out, missing ones are 0."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: int(str(v)) for k, v in data.items() if k in known})

    def as_dict(self) -> dict[str, int]:
        """A plain dict, for JSON."""
        return {f.name: int(getattr(self, f.name)) for f in fields(self)}

    @property
    def went_in(self) -> int:
        """Rows created or updated."""
        return self.created + self.updated

    @property
    def problems(self) -> int:
        """Rows that failed at PlanDocket or were not sent."""
        return self.failed + self.not_sent

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())

    @override
    def __getitem__(self, key: str) -> int:
        if key not in self.as_dict():
            raise KeyError(key)
        return int(getattr(self, key))

    @override
    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    @override
    def __len__(self) -> int:
        return len(fields(self))


@dataclass
class ImportDraft:
    """Everything the user chose in the wizard (or on the command line) for one import.

    The wizard owns one draft and hands it to every page. It never holds the API key.
    """

    tenant: str = ""
    practice: bool = False
    path: Path | None = None
    sheet: str | None = None
    header_row: int | None = None  # 0-based; None = detected
    options: ImportOptions = field(default_factory=ImportOptions)
    mapping: dict[str, str | None] = field(default_factory=dict)  # header -> field key or None
    fixed_values: dict[str, str] = field(default_factory=dict)  # field key -> raw text value
    edits: dict[tuple[int, str], str] = field(default_factory=dict)  # (row number, header) -> text
    excluded_rows: set[int] = field(default_factory=set)  # source row numbers left out
    batch_size: int = 1000
    profile_name: str | None = None
    # Participants for several events: the column naming each row's event (None: every row
    # goes to ``options.event_key``) and each of its values' event key (None: leave out).
    event_column: str | None = None
    event_routes: dict[str, str | None] = field(default_factory=dict)


__all__ = [
    "BY_KEY",
    "FIELDS",
    "Counts",
    "ExitCode",
    "Field",
    "FieldType",
    "ImportDraft",
    "ImportOptions",
    "JobStatus",
    "MatchField",
    "Mode",
    "Outcome",
    "RowStatus",
    "SheetInfo",
    "SourceInfo",
    "Table",
    "Target",
    "fields_for",
    "fixed_value_fields",
    "get_field",
]


if not TYPE_CHECKING:  # type checkers see the names imported above, and no other

    def __getattr__(name: str) -> Any:
        if name in _LAZY_TABLE_NAMES:
            from plandocket_desktop.core import _table

            value = getattr(_table, name)
            globals()[name] = value  # found directly from now on
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
