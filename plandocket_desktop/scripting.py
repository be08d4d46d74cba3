"""Importing from a Python script: read a spreadsheet, hand over a pandas DataFrame, import.

The same reader, mapping suggestions, validation and engine as the wizard and the command
line; this module only wires them together for people who script their data work::

    import plandocket_desktop as pdi

    people = pdi.read("exhibitors.xlsx").to_pandas()  # every cell text, as Excel shows it
    people = people[people["Land"] == "Deutschland"]
    key = os.environ["PLANDOCKET_API_KEY"]
    result = pdi.import_people(people, tenant="acme", api_key=key)
    print(result.summary)

pandas is optional (``pip install "plandocket-desktop[pandas]"``); only ``to_pandas()`` and
passing a DataFrame need it. The API key is used for the connection and kept nowhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plandocket_desktop.core import errors
from plandocket_desktop.core.types import (
    Counts,
    ImportDraft,
    ImportOptions,
    JobStatus,
    MatchField,
    Mode,
    Table,
    Target,
)
from plandocket_desktop.i18n import _

if TYPE_CHECKING:
    import pandas

    from plandocket_desktop.core.importing import ImportReport

__all__ = ["ImportResult", "SheetTable", "import_people", "read", "sample_path"]

SAMPLES = Path(__file__).resolve().parent / "resources" / "samples"
SAMPLE_LANGUAGES = ("de", "en")


def sample_path(language: str = "en") -> Path:
    """The practice sample workbook shipped in the package (``"de"`` or ``"en"``)."""
    lang = language.split("_")[0].split("-")[0].lower()
    return SAMPLES / f"sample-{lang if lang in SAMPLE_LANGUAGES else 'en'}.xlsx"


class SheetTable:
    """A table as the importer read it: text cells, column names, spreadsheet row numbers."""

    def __init__(self, table: Table) -> None:
        self.table = table

    @property
    def columns(self) -> list[str]:
        return list(self.table.columns)

    def __len__(self) -> int:
        return self.table.n_rows

    def row_number(self, index: int) -> int:
        """The row number a person sees in Excel for the 0-based row ``index``."""
        return self.table.row_number(index)

    def to_pandas(self) -> pandas.DataFrame:
        """A DataFrame of text cells (empty cells ``""``), indexed by spreadsheet row number."""
        frame: pandas.DataFrame = self.table.arrow.to_pandas()
        frame.columns = self.columns
        frame.index = self.table.row_numbers.to_pandas()
        frame.index.name = "row"
        return frame


def read(
    path: str | Path, *, sheet: str | None = None, header_row: int | None = None
) -> SheetTable:
    """Read a spreadsheet as the wizard does (``header_row`` 0-based; None: detected)."""
    from plandocket_desktop.core import reading

    return SheetTable(reading.read_table(Path(path), sheet=sheet, header_row=header_row))


@dataclass(frozen=True)
class ImportResult:
    """What an import did: per-outcome counts, the status, and a sentence for a person."""

    status: JobStatus
    counts: Counts
    summary: str
    problems: dict[int, str] = field(default_factory=dict)  # spreadsheet row -> message
    job_id: str | None = None

    @property
    def exit_code(self) -> int:
        return int(self.status.exit_code)


def import_people(
    data: str | Path | SheetTable | pandas.DataFrame,
    *,
    tenant: str,
    api_key: str,
    target: str = "contacts",
    mode: str = "upsert",
    match_field: str = "email",
    event: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    fixed_values: Mapping[str, str] | None = None,
    skip_on_error: bool = True,
    create_contacts: bool = True,
    transport: Any = None,
) -> ImportResult:
    """Validate ``data`` like a file in the wizard and import the rows without errors.

    ``data`` is a spreadsheet's path, a ``read()`` table or a pandas DataFrame (its column
    names are the headers; every value is sent as text, missing values as empty cells).
    ``mapping`` (header -> field key, None: not imported) overrides the automatic suggestions
    for the headers it names. Raises ``PlandocketError`` (a sentence for a person) when the
    import cannot start: an unreadable file, no column for the match field, no connection.
    """
    from plandocket_desktop.core import importing, validation
    from plandocket_desktop.core import mapping as mapping_module
    from plandocket_desktop.core.api import PlandocketClient

    path = Path(data) if isinstance(data, str | Path) else None
    table = _table_of(data)
    options = ImportOptions(
        target=Target(target),
        mode=Mode(mode),
        match_field=MatchField(match_field),
        skip_on_error=skip_on_error,
        event_key=event,
        create_contacts=create_contacts,
    )
    if options.target is Target.PARTICIPANTS and not event:
        raise errors.ConfigurationError(_("Participants need an event: pass event=KEY."))
    chosen = mapping_module.MappingDraft.suggested(table, options).mapping
    for header, key in (mapping or {}).items():
        if header not in chosen:
            raise errors.ConfigurationError(
                _("There is no column {column} in the data.").format(column=header)
            )
        chosen[header] = key
    fixed = dict(fixed_values or {})
    blocking = [
        p
        for p in mapping_module.mapping_problems(chosen, fixed, options.target, options.match_field)
        if p.severity is mapping_module.Severity.ERROR
    ]
    if blocking:
        raise errors.ConfigurationError(blocking[0].message)
    draft = ImportDraft(
        tenant=tenant,
        path=path,
        header_row=table.source.header_row,
        options=options,
        mapping=chosen,
        fixed_values=fixed,
    )
    prepared = validation.prepare(draft, table)
    session = importing.ImportSession.start(
        draft,
        table=prepared.table,
        validation=prepared.validation,
        file_fingerprint=importing.fingerprint(path) if path is not None else None,
    )
    try:
        with PlandocketClient(tenant, api_key, transport=transport) as client:
            report = session.job(client).run()
    except BaseException:
        session.close()
        raise
    session.finish(report)
    return _result(report, prepared.table)


def _table_of(data: str | Path | SheetTable | pandas.DataFrame) -> Table:
    if isinstance(data, SheetTable):
        return data.table
    if isinstance(data, str | Path):
        return read(data).table
    if type(data).__module__.startswith("pandas") and hasattr(data, "columns"):
        return _table_from_frame(data)
    raise TypeError("data must be a path, a read() table or a pandas DataFrame")


def _table_from_frame(frame: pandas.DataFrame) -> Table:
    """The DataFrame as text cells; rows numbered as in a sheet with one header row."""
    import pyarrow as pa

    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        raise errors.SourceError(
            _("Two columns of the data have the same name. Give every column its own name."),
            kind="duplicate_headers",
        )
    arrays = []
    for name in frame.columns:
        column = frame[name]
        texts = [
            "" if _missing(v) else _text(v) for v in column.tolist()
        ]  # Python objects: numbers as a person writes them (4, not 4.0)
        arrays.append(pa.array(texts, pa.string()))
    data = pa.table({str(i): a for i, a in enumerate(arrays)}) if arrays else pa.table({})
    return Table(columns, data, list(range(2, len(frame) + 2)))


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT, pd.NA (whose comparison raises)
    except TypeError:
        return True


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _result(report: ImportReport, table: Table) -> ImportResult:
    from plandocket_desktop.core import importing

    counts = report.counts()
    status = report.status
    problems = {table.row_number(i): report.message(i) or "" for i in report.problem_indices()}
    return ImportResult(
        status=status,
        counts=counts,
        summary=importing.summary.final_text(status, counts, report.stop_message),
        problems=problems,
        job_id=report.job_id,
    )
