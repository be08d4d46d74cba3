"""plandocket-import validate FILE: map and check a spreadsheet without sending anything.

Exit status: 0 when no row has an error, 1 when some rows have errors, 2 when it cannot run
(unreadable file, unknown profile, unusable mapping).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from plandocket_desktop.cli import _options as choices
from plandocket_desktop.core import importing, reading, types, validation
from plandocket_desktop.core.errors import PlandocketError, SourceError
from plandocket_desktop.i18n import _, ngettext

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_CANNOT_RUN = 2
SHOWN_ISSUES = 50  # the readable summary lists this many; --json and --errors-csv have all
EXTRA_HEADERS = ("Row number", "Status", "Problems")
_CSV_CHUNK = 5000


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help=_("map and check a spreadsheet; nothing is sent"),
        description=_(
            "Read a spreadsheet, map its columns to PlanDocket fields (automatically, "
            "from a saved profile and/or --map) and check every row as an import would, "
            "without sending anything. Exit status: 0 no errors, 1 some rows have errors, "
            "2 could not run."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("the spreadsheet (.xlsx .xls .ods .csv …)"))
    choices.add_arguments(parser)
    parser.add_argument("--json", action="store_true", help=_("print one JSON object"))
    parser.add_argument(
        "--errors-csv",
        metavar="FILE",
        type=Path,
        help=_("write the rows with problems and their messages to a CSV file"),
    )
    parser.set_defaults(func=run)


def _fail(args: argparse.Namespace, message: str, kind: str = "invalid") -> int:
    print(_("plandocket-import: {note}").format(note=message), file=sys.stderr)
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
        chosen = choices.resolve(args, table)
    except PlandocketError as exc:
        return _fail(args, str(exc))
    choices.print_notes(chosen.notes)  # before validating: they may explain its refusal
    fixed = chosen.fixed_values
    try:
        # Nothing is asked of PlanDocket here: only saved and --event-map values resolve.
        routing = choices.resolve_events(args, table, chosen.options.target, [])
        if routing is not None:
            choices.print_notes(routing.notes)
        result = validation.validate(
            table,
            chosen.mapping,
            options=chosen.options,
            fixed_values=fixed,
            event_column=routing.column if routing else None,
            event_routes=routing.routes if routing else None,
        )
    except PlandocketError as exc:
        return _fail(args, str(exc))
    if args.errors_csv is not None:
        try:
            write_errors_csv(result, args.errors_csv)
        except OSError as exc:
            reason = exc.strerror or _("it cannot be written")
            message = _("Cannot write {path}: {reason}.").format(
                path=args.errors_csv, reason=reason
            )
            return _fail(args, message, "write")
    if args.json:
        sys.stdout.write(orjson.dumps(summary(result, fixed)).decode() + "\n")
    else:
        _print_readable(result, fixed)
    return EXIT_ERRORS if result.counts["errors"] else EXIT_OK


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
        **({"suggestion": issue.suggestion} if issue.suggestion is not None else {}),
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
    facts = {
        "rows": table.n_rows,
        "target": options.target.value,
        "match_field": options.match_field.value,
        "mode": options.mode.value,
    }
    path, sheet = table.source.path, table.source.sheet
    if path is not None and sheet:
        heading = _(
            "{file}, sheet '{sheet}': {rows} data rows, checked as {target} "
            "(match field {match_field}, mode {mode})."
        )
    elif path is not None:
        heading = _(
            "{file}: {rows} data rows, checked as {target} (match field {match_field}, "
            "mode {mode})."
        )
    elif sheet:
        heading = _(
            "The file, sheet '{sheet}': {rows} data rows, checked as {target} "
            "(match field {match_field}, mode {mode})."
        )
    else:
        heading = _(
            "The file: {rows} data rows, checked as {target} (match field {match_field}, "
            "mode {mode})."
        )
    out.write(heading.format(file=path.name if path else "", sheet=sheet, **facts) + "\n")
    out.write("\n" + _("Columns:") + "\n")
    width = max((len(c) for c in table.columns), default=0)
    for column in table.columns:
        key = result.mapping.get(column)
        label = types.get_field(key).label if key in types.BY_KEY else _("Don't import")
        out.write(f"  {column:<{width}}  ->  {label}\n")
    fixed_label = _("(fixed value)")
    for key, text in fixed.items():
        if key in types.BY_KEY and text.strip():
            value = _("{field} = {value}").format(
                field=types.get_field(key).label, value=text.strip()
            )
            out.write(f"  {fixed_label:<{width}}  ->  {value}\n")
    counts = result.counts
    out.write(
        "\n"
        + _(
            "Ready: {ready}   With warnings: {warnings}   With errors (not sent): {errors}   "
            "Empty rows ignored: {ignored}"
        ).format(**counts)
        + "\n"
    )
    shown = 0
    total = 0
    for issue in result.iter_issues():
        total += 1
        if shown < SHOWN_ISSUES:
            if shown == 0:
                out.write("\n" + _("Problems:") + "\n")
            out.write("  " + _problem_line(issue) + "\n")
            shown += 1
    if total > shown:
        more = ngettext(
            "… and {count} more (see --json or --errors-csv).",
            "… and {count} more (see --json or --errors-csv).",
            total - shown,
        )
        out.write("  " + more.format(count=total - shown) + "\n")
    if not table.n_rows:
        out.write(
            "\n" + _("The file has a header but no data rows: there is nothing to import.") + "\n"
        )


def _problem_line(issue: validation.Issue) -> str:
    """One issue as the readable summary lists it."""
    error = issue.severity is validation.Severity.ERROR
    if issue.column and error:
        line = _("row {row}, {column} (error): {message}")
    elif issue.column:
        line = _("row {row}, {column} (warning): {message}")
    elif error:
        line = _("row {row} (error): {message}")
    else:
        line = _("row {row} (warning): {message}")
    return line.format(row=issue.row_number, column=issue.column, message=issue.message)


def _problem_rows(
    result: validation.ValidationResult, rows: list[int], issues: dict[int, list[str]]
) -> Iterator[list[str]]:
    """Original cells, row number, status and messages of ``rows``, a chunk at a time."""
    table = result.table
    for start in range(0, len(rows), _CSV_CHUNK):
        chunk = rows[start : start + _CSV_CHUNK]
        part = table.take(chunk)
        columns = [part.column_texts(c) for c in range(part.n_cols)]
        for pos, row in enumerate(chunk):
            cells = ["" if col[pos] is None else str(col[pos]) for col in columns]
            yield [*cells, str(table.row_number(row)), result.status(row), " | ".join(issues[row])]


def write_errors_csv(result: validation.ValidationResult, path: Path) -> int:
    """Write the rows with errors or warnings: original cells, row number, status, messages.

    UTF-8 with BOM (Excel recognises it), every cell neutralised. Returns the rows written.
    """
    table = result.table
    issues: dict[int, list[str]] = {}
    for issue in result.iter_issues():
        issues.setdefault(issue.row_index, []).append(issue.message)
    rows = sorted(issues)
    header = [*table.columns, *importing.extra_headers(table.columns, EXTRA_HEADERS, " (check)")]
    importing.write_csv(path, header, _problem_rows(result, rows, issues))
    return len(rows)
