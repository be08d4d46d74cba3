"""From an ``ImportDraft`` to what the engine sends: read the file, map, validate.

The same draft always gives the same table and the same sendable rows (reading, mapping and
validation are deterministic), which is what lets a resumed import skip the batches whose
outcome the journal recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from plandocket_desktop.core import errors
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.types import ImportDraft
from plandocket_desktop.i18n import _

if TYPE_CHECKING:
    from plandocket_desktop.core.validation._result import ValidationResult


@dataclass
class Prepared:
    """A draft made ready: the table read from its file and the validation of its rows."""

    table: Table
    validation: ValidationResult

    @property
    def ignored(self) -> int:
        """Fully empty rows of the file that the reader left out of the table."""
        return len(self.table.source.empty_rows_dropped)


def prepare(draft: ImportDraft, table: Table | None = None) -> Prepared:
    """Read (unless ``table`` is given), then validate with the draft's mapping and edits."""
    from plandocket_desktop.core.reading import _read as reading
    from plandocket_desktop.core.validation import _result as validation

    if draft.path is None and table is None:
        raise errors.SourceError(_("Choose the file to import."), kind="not_found")
    if table is None:
        assert draft.path is not None
        table = reading.read_table(draft.path, sheet=draft.sheet, header_row=draft.header_row)
    result = validation.validate(
        table,
        draft.mapping,
        options=draft.options,
        fixed_values=draft.fixed_values or None,
        edits=draft.edits or None,
        excluded=draft.excluded_rows or None,
        event_column=draft.event_column,
        event_routes=draft.event_routes,
    )
    return Prepared(table=table, validation=result)
