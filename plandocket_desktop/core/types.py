"""Small value types shared by the core, the command line and the wizard."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plandocket_desktop.core._enums import MatchField, Mode, Outcome, Target
from plandocket_desktop.core._fields import (
    BY_KEY,
    FIELDS,
    Field,
    FieldType,
    fields_for,
    fixed_value_fields,
)
from plandocket_desktop.core._fields import get as get_field
from plandocket_desktop.core._table import SheetInfo, SourceInfo, Table


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


__all__ = [
    "BY_KEY",
    "FIELDS",
    "Field",
    "FieldType",
    "ImportDraft",
    "ImportOptions",
    "MatchField",
    "Mode",
    "Outcome",
    "SheetInfo",
    "SourceInfo",
    "Table",
    "Target",
    "fields_for",
    "fixed_value_fields",
    "get_field",
]
