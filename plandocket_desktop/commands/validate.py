"""plandocket-import validate FILE: map and check a spreadsheet without sending anything.

Exit status: 0 when no row has an error, 1 when some rows have errors, 2 when it cannot run
(unreadable file, unknown profile, unusable mapping).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from plandocket_desktop.core import fields, mapping, profiles, reading, validation
from plandocket_desktop.core.errors import PlandocketError, SourceError
from plandocket_desktop.core.models import ImportOptions, MatchField, Mode, Target
from plandocket_desktop.core.table import Table

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_CANNOT_RUN = 2
SHOWN_ISSUES = 50  # the readable summary lists this many; --json and --errors-csv have all
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # Excel would run such a cell as a formula
_CSV_CHUNK = 5000


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="map and check a spreadsheet; nothing is sent",
        description="Read a spreadsheet, map its columns to PlanDocket fields (automatically, "
        "from a saved profile and/or --map) and check every row as an import would, "
        "without sending anything. Exit status: 0 no errors, 1 some rows have errors, "
        "2 could not run.",
    )
    parser.add_argument("file", metavar="FILE", help="the spreadsheet (.xlsx .xls .ods .csv …)")
    parser.add_argument(
        "--target",
        choices=[t.value for t in Target],
        help="import as contacts or as participants (default: the profile's, else contacts)",
    )
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read (workbooks)")
    parser.add_argument(
        "--header-row",
        metavar="N",
        type=_row_index,
        help="0-based index of the header row (default: detected)",
    )
    parser.add_argument(
        "--match-field",
        choices=[m.value for m in MatchField],
        help="how PlanDocket finds existing records (default: the profile's, else email)",
    )
    parser.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        help="create, update or upsert (default: the profile's, else create)",
    )
    parser.add_argument("--profile", metavar="NAME", help="use a saved mapping profile")
    parser.add_argument(
        "--map",
        metavar="HEADER=FIELD",
        action="append",
        default=[],
        help='map a column to a field, e.g. --map "E-Mail=email"; "HEADER=" leaves it out',
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--errors-csv",
        metavar="FILE",
        type=Path,
        help="write the rows with problems and their messages to a CSV file",
    )
    parser.set_defaults(func=run)


def _row_index(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a row index: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the header row index must be 0 or more")
    return value


def _fail(args: argparse.Namespace, message: str, kind: str = "invalid") -> int:
    print(f"plandocket-import: {message}", file=sys.stderr)
    if args.json:
        error = {"error": {"kind": kind, "message": message}}
        sys.stdout.write(orjson.dumps(error).decode() + "\n")
    return EXIT_CANNOT_RUN


def run(args: argparse.Namespace) -> int:
    try:
        table = reading.read_table(args.file, sheet=args.sheet, header_row=args.header_row)
    except SourceError as exc:
        return _fail(args, str(exc), exc.kind)
    try:
        options, chosen, fixed, notes = _choose(args, table)
        result = validation.validate(table, chosen, options=options, fixed_values=fixed)
    except PlandocketError as exc:
        return _fail(args, str(exc))
    for note in notes:
        print(f"plandocket-import: {note}", file=sys.stderr)
    if args.errors_csv is not None:
        try:
            write_errors_csv(result, args.errors_csv)
        except OSError as exc:
            reason = exc.strerror or "it cannot be written"
            return _fail(args, f"Cannot write {args.errors_csv}: {reason}.", "write")
    if args.json:
        sys.stdout.write(orjson.dumps(summary(result, fixed)).decode() + "\n")
    else:
        _print_readable(result, fixed)
    return EXIT_ERRORS if result.counts["errors"] else EXIT_OK


def _choose(
    args: argparse.Namespace, table: Table
) -> tuple[ImportOptions, dict[str, str | None], dict[str, str], list[str]]:
    """Options, mapping, fixed values and notes from the profile, auto-mapping and --map."""
    notes: list[str] = []
    profile = None
    if args.profile:
        store = profiles.ProfileStore()
        notes.extend(store.warnings)
        profile = store.load(args.profile)
    target = Target(args.target) if args.target else (profile.target if profile else None)
    target = target or Target.CONTACTS
    match_field = MatchField(args.match_field) if args.match_field else None
    mode = Mode(args.mode) if args.mode else None
    if profile is not None:
        base = profile.options()
        if profile.target is not target:
            notes.append(
                f"Profile '{profile.name}' is for {profile.target.value}; "
                f"its mapping is used for {target.value}."
            )
        options = ImportOptions(
            target=target,
            mode=mode or base.mode,
            match_field=match_field or base.match_field,
            skip_on_error=base.skip_on_error,
            create_contacts=base.create_contacts,
        )
        chosen = profile.mapping_for(table.columns)
        fixed = dict(profile.fixed_values)
        missing = profiles.ProfileStore.missing_columns(profile, table.columns)
        if missing:
            listed = ", ".join(f"'{m}'" for m in missing)
            notes.append(f"The file lacks columns of profile '{profile.name}': {listed}.")
    else:
        options = ImportOptions(
            target=target,
            mode=mode or Mode.CREATE,
            match_field=match_field or MatchField.EMAIL,
        )
        chosen = mapping.as_mapping(mapping.suggest(table, target))
        fixed = {}
    for item in args.map:
        _override(chosen, item, table.columns)
    return options, chosen, fixed, notes


def _override(chosen: dict[str, str | None], item: str, columns: Sequence[str]) -> None:
    header, sep, key = item.rpartition("=")
    if not sep:
        raise PlandocketError(f'--map needs HEADER=FIELD, e.g. --map "E-Mail=email"; got {item!r}.')
    key = key.strip()
    if header not in columns:
        stripped = {c.strip().casefold(): c for c in columns}
        found = stripped.get(header.strip().casefold())
        if found is None:
            listed = ", ".join(f"'{c}'" for c in columns)
            raise PlandocketError(f"The file has no column '{header}'. Its columns: {listed}.")
        header = found
    if key and key not in fields.BY_KEY:
        known = ", ".join(f.key for f in fields.FIELDS)
        raise PlandocketError(f"'{key}' is not a PlanDocket field. Fields: {known}.")
    if key:
        for other, field in chosen.items():
            if field == key and other != header:
                chosen[other] = None  # the field is taken from this column now
    chosen[header] = key or None


# --- output ----------------------------------------------------------------------------------


def _issue_json(issue: validation.Issue) -> dict[str, Any]:
    return {
        "row": issue.row_number,
        "column": issue.column,
        "field": issue.field,
        "severity": issue.severity.value,
        "code": issue.code,
        "message": issue.message,
        "value": issue.value,
    }


def summary(result: validation.ValidationResult, fixed: dict[str, str]) -> dict[str, Any]:
    """The JSON object ``validate --json`` prints."""
    table = result.table
    counts = result.counts
    return {
        "file": str(table.source.path) if table.source.path else None,
        "sheet": table.source.sheet,
        "target": result.options.target.value,
        "mode": result.options.mode.value,
        "match_field": result.options.match_field.value,
        "rows": table.n_rows,
        "mapping": {c: result.mapping.get(c) for c in table.columns},
        "fixed_values": fixed,
        "counts": {k: counts[k] for k in ("ready", "warnings", "errors", "ignored", "excluded")},
        "issues": [_issue_json(i) for i in result.iter_issues()],
    }


def _print_readable(result: validation.ValidationResult, fixed: dict[str, str]) -> None:
    table = result.table
    out = sys.stdout
    options = result.options
    name = table.source.path.name if table.source.path else "the file"
    sheet = f", sheet '{table.source.sheet}'" if table.source.sheet else ""
    out.write(
        f"{name}{sheet}: {table.n_rows} data rows, checked as {options.target.value} "
        f"(match field {options.match_field.value}, mode {options.mode.value}).\n\nColumns:\n"
    )
    width = max((len(c) for c in table.columns), default=0)
    for column in table.columns:
        key = result.mapping.get(column)
        label = fields.get(key).label_en if key in fields.BY_KEY else "Don't import"
        out.write(f"  {column:<{width}}  ->  {label}\n")
    for key, text in fixed.items():
        if key in fields.BY_KEY and text.strip():
            out.write(
                f"  (fixed value){'':<{max(0, width - 13)}}  ->  "
                f"{fields.get(key).label_en} = {text.strip()}\n"
            )
    counts = result.counts
    out.write(
        f"\nReady: {counts['ready']}   With warnings: {counts['warnings']}   "
        f"With errors (not sent): {counts['errors']}   Empty rows ignored: {counts['ignored']}\n"
    )
    shown = 0
    total = 0
    for issue in result.iter_issues():
        total += 1
        if shown < SHOWN_ISSUES:
            if shown == 0:
                out.write("\nProblems:\n")
            kind = "error" if issue.severity is validation.Severity.ERROR else "warning"
            where = f", {issue.column}" if issue.column else ""
            out.write(f"  row {issue.row_number}{where} ({kind}): {issue.message}\n")
            shown += 1
    if total > shown:
        out.write(f"  … and {total - shown} more (see --json or --errors-csv).\n")
    if not table.n_rows:
        out.write("\nThe file has a header but no data rows: there is nothing to import.\n")


def neutralise(text: str) -> str:
    """A cell Excel shows as text: a leading ' before anything Excel would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _extra_headers(columns: Sequence[str]) -> list[str]:
    taken = set(columns)
    extra = []
    for name in ("Row number", "Status", "Problems"):
        candidate = name
        while candidate in taken:
            candidate += " (check)"
        taken.add(candidate)
        extra.append(candidate)
    return extra


def write_errors_csv(result: validation.ValidationResult, path: Path) -> int:
    """Write the rows with errors or warnings: original cells, row number, status, messages.

    UTF-8 with BOM (Excel recognises it), every cell neutralised. Returns the rows written.
    """
    table = result.table
    issues: dict[int, list[str]] = {}
    for issue in result.iter_issues():
        issues.setdefault(issue.row_index, []).append(issue.message)
    rows = sorted(issues)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(h) for h in [*table.columns, *_extra_headers(table.columns)]])
        for start in range(0, len(rows), _CSV_CHUNK):
            chunk = rows[start : start + _CSV_CHUNK]
            part = table.take(chunk)
            columns = [part.column_texts(c) for c in range(part.n_cols)]
            for pos, row in enumerate(chunk):
                cells = ["" if col[pos] is None else str(col[pos]) for col in columns]
                cells += [str(table.row_number(row)), result.status(row), " | ".join(issues[row])]
                writer.writerow([neutralise(c) for c in cells])
    return len(rows)
