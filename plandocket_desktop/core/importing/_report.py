"""The error report (CSV or XLSX, safe to open in Excel) and "retry failed rows"."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from plandocket_desktop.core import errors
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.importing._engine import ImportReport
from plandocket_desktop.core.types import ImportDraft, Outcome
from plandocket_desktop.i18n import N_, _

# Excel treats a cell starting with one of these as a formula (tab and CR: DDE tricks).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The report's added columns and outcome words are for people: they follow the chosen language
# (translated when a report is written).
OUTCOME_LABELS = {
    Outcome.CREATED: N_("created"),
    Outcome.UPDATED: N_("updated"),
    Outcome.SKIPPED: N_("skipped"),
    Outcome.FAILED: N_("failed"),
    Outcome.NOT_SENT: N_("not sent"),
    Outcome.SENT: N_("sent (counts only)"),
    Outcome.IGNORED: N_("ignored"),
}
ROW_NUMBER = N_("Row number")
OUTCOME = N_("Outcome")
MESSAGE = N_("Message")
EVENT = N_("Event in PlanDocket")
# Added to an added column's name when the file has a column of that name already.
CLASH_SUFFIX = N_(" (import)")
_CHUNK = 5000


def neutralise(text: str) -> str:
    """A cell text Excel shows as text: a leading ``'`` before formula-like starts."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def extra_headers(columns: Sequence[str], names: Sequence[str], suffix: str) -> list[str]:
    """``names`` for columns added after ``columns``, each made unique with ``suffix``."""
    extra = []
    taken = set(columns)
    for name in names:
        candidate = name
        while candidate in taken:
            candidate += suffix
        taken.add(candidate)
        extra.append(candidate)
    return extra


def report_columns(table: Table, *, with_event: bool = False) -> list[str]:
    """The original headers, then row number, outcome and message (renamed on a clash), and
    with ``with_event`` the event in PlanDocket each row went to (rows by an event column)."""
    names = [_(ROW_NUMBER), _(OUTCOME), _(MESSAGE)] + ([_(EVENT)] if with_event else [])
    added = extra_headers(table.columns, names, _(CLASH_SUFFIX))
    return [*table.columns, *added]


def _rows(report: ImportReport, table: Table, indices: Sequence[int]) -> Iterator[list[str]]:
    with_event = report.by_event_column
    labels = {outcome: _(label) for outcome, label in OUTCOME_LABELS.items()}
    for start in range(0, len(indices), _CHUNK):
        chunk = list(indices[start : start + _CHUNK])
        part = table.take(chunk)
        columns = [part.column_texts(c) for c in range(part.n_cols)]
        numbers = part.row_numbers.to_pylist()
        for pos, index in enumerate(chunk):
            cells = ["" if col[pos] is None else str(col[pos]) for col in columns]
            outcome = report.outcomes[index]
            cells += [str(numbers[pos]), labels[outcome], report.message(index)]
            if with_event:
                cells.append(report.event_name(index))
            yield cells


def write_error_report(
    import_report: ImportReport,
    table: Table,
    path: Path | str,
    *,
    only_problems: bool = True,
    delimiter: str | None = None,
) -> int:
    """Write the report as CSV (UTF-8 with BOM) or XLSX, chosen by the file's extension.

    ``only_problems``: just the rows that failed or were not sent (default), else every row.
    ``delimiter`` of a CSV report: by default the source's when it was a semicolon file (so
    the Excel that wrote it, e.g. a German one, splits the columns again), else a comma.
    Returns the number of rows written.
    """
    if delimiter is None:
        delimiter = ";" if table.source.delimiter == ";" else ","
    target = Path(path)
    if only_problems:
        indices = import_report.problem_indices()
    else:
        indices = list(range(len(import_report.outcomes)))
    header = report_columns(table, with_event=import_report.by_event_column)
    try:
        if target.suffix.lower() == ".xlsx":
            _write_xlsx(target, header, _rows(import_report, table, indices))
        else:
            write_csv(target, header, _rows(import_report, table, indices), delimiter)
    except OSError as exc:
        raise errors.PlandocketError(
            _(
                "The report {name} cannot be saved there. If it is open in Excel, close it "
                "and try again, or choose another folder."
            ).format(name=target.name)
        ) from exc
    return len(indices)


def write_csv(
    path: Path, header: list[str], rows: Iterable[list[str]], delimiter: str = ","
) -> None:
    """A CSV Excel opens right: UTF-8 with BOM (umlauts), every cell neutralised."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([neutralise(h) for h in header])
        for row in rows:
            writer.writerow([neutralise(c) for c in row])


def _write_xlsx(path: Path, header: list[str], rows: Iterator[list[str]]) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Report")

    def text_cells(values: list[str]) -> list[object]:
        cells: list[object] = []
        for value in values:
            cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"  # always a text cell, never a formula
            cells.append(cell)
        return cells

    ws.append(text_cells(header))
    for row in rows:
        ws.append(text_cells(row))
    wb.save(path)


# --- retrying -------------------------------------------------------------------------------


def retry_draft(draft: ImportDraft, import_report: ImportReport, table: Table) -> ImportDraft:
    """A copy of ``draft`` that sends only the rows that failed or were not sent last time.

    Every other row is excluded, so the new import's counts still add up to the file's rows.
    """
    keep = set(import_report.retry_indices())
    numbers = table.row_numbers.to_pylist()
    excluded = set(draft.excluded_rows)
    excluded.update(int(n) for i, n in enumerate(numbers) if i not in keep)
    return dataclasses.replace(draft, excluded_rows=excluded, edits=dict(draft.edits))
