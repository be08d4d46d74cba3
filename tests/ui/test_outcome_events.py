"""The Results table shows each row's event when the rows went by an event column."""

from __future__ import annotations

from PySide6.QtCore import Qt

from plandocket_desktop.ui import models
from tests.core.importing.test_report_events import routed_report, routed_table


def test_outcome_table_has_an_event_column_with_titles(qtbot) -> None:
    table = routed_table()
    model = models.OutcomeModel(routed_report(table), table)
    assert model.fixed_columns == ("row", "outcome", "event", "message")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Row", "Outcome", "Event", "Message", "Email", "Messe"]
    event = model.column_of("event")
    shown = [model.data(model.index(r, event)) for r in range(model.rowCount())]
    assert shown == ["Expo 2025", "Expo 2025", "", "gala", "", ""]
    assert model.data(model.index(0, event), Qt.ItemDataRole.ToolTipRole) == "expo-2025"
    assert model.data(model.index(0, model.column_of("outcome"))) == "Created"
    assert model.data(model.index(5, model.column_of("message")))  # why "Nowhere" was not sent
    assert model.data(model.index(0, 5)) == "Expo 25"  # the file's own cell is still there


def test_outcome_table_of_one_event_has_no_event_column(qtbot) -> None:
    from plandocket_desktop.core._table import Table
    from plandocket_desktop.core.importing import _engine as job
    from plandocket_desktop.core.types import ImportOptions, Target
    from plandocket_desktop.core.validation import _result as validation
    from tests.core.importing.test_engine_events import ListingClient

    table = Table.from_rows(["Email"], [["a@example.com"]])
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo-2025")
    result = validation.validate(table, {"Email": "email"}, options=options)
    model = models.OutcomeModel(job.ImportJob(ListingClient(), result, options).run(), table)
    assert model.fixed_columns == ("row", "outcome", "message")
    assert model.columnCount() == 4
