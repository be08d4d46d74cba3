"""plandocket-import run: read, map, validate and import a file, with a journal for resuming."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from plandocket_desktop.cli import _options as choices
from plandocket_desktop.core import errors, mapping, paths
from plandocket_desktop.core.types import ExitCode, ImportDraft, Target
from plandocket_desktop.i18n import N_, _, fmt_decimal, fmt_int, fmt_time

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import ImportJob, ImportReport, ImportSession, Progress
    from plandocket_desktop.core.types import Table
    from plandocket_desktop.core.validation import Prepared

KEY_ENV = "PLANDOCKET_API_KEY"

EPILOG = N_(
    """\
exit codes:
  0  every row was imported (created, updated or skipped as the mode says)
  1  the import ran to the end, but some rows failed or were not sent (see the report)
  2  the import could not start, or was stopped (cancelled, key refused, network lost);
     an interrupted import can be continued with: plandocket-import resume

The API key is read from the OS keyring for the tenant (saved by the desktop app) or from
the environment variable PLANDOCKET_API_KEY; it is never given as an argument.
"""
)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help=_("import a file into PlanDocket"),
        description=_("Import a spreadsheet into PlanDocket as contacts or event participants."),
        epilog=_(EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_import_arguments(parser)
    parser.add_argument("--batch-size", type=int, default=None, metavar="N", help="1-1000")
    parser.add_argument(
        "--in-flight",
        type=int,
        choices=[1, 2],
        default=1,
        help=_("batches sent at the same time (2 hides network latency; default 1)"),
    )
    parser.add_argument("--report", type=Path, metavar="FILE", help=_("error report (.csv/.xlsx)"))
    parser.add_argument(
        "--all-rows", action="store_true", help=_("report every row, not only problems")
    )
    parser.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    parser.add_argument("--json", action="store_true", help=_("print the summary as JSON"))
    parser.set_defaults(func=run)


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """The file, tenant, target, mapping and option flags ``run`` and ``preview`` share."""
    parser.add_argument("file", type=Path, metavar="FILE", help=_("the spreadsheet to import"))
    parser.add_argument(
        "--tenant", required=True, help=_("e.g. acme or https://acme.plandocket.com")
    )
    parser.add_argument("--event", metavar="KEY", help=_("the event key (participants)"))
    parser.add_argument(
        "--skip-on-error",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_("go on past rows PlanDocket refuses (default: the profile's, else yes)"),
    )
    parser.add_argument(
        "--create-contacts",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_(
            "participants: create a contact for an unknown person "
            "(default: the profile's, else yes)"
        ),
    )
    choices.add_arguments(parser)


# --- shared with resume ----------------------------------------------------------------------


def api_key(tenant: str) -> str:
    """The key from the environment or the keyring; never from an argument."""
    key = os.environ.get(KEY_ENV, "").strip()
    if key:
        return key
    from plandocket_desktop.core import api

    try:
        key = api.CredentialStore().get(tenant) or ""
    except errors.PlandocketError:
        key = ""
    if not key:
        raise errors.ConfigurationError(
            _(
                "No API key is saved for {tenant}. Save it in the desktop app (Connect page) or "
                "set the environment variable {variable}."
            ).format(tenant=tenant, variable=KEY_ENV)
        )
    return key


def execute_as_asked(args: argparse.Namespace, session: ImportSession) -> int:
    """``execute`` with the options run and resume share (report, all rows, JSON, in flight)."""
    return execute(
        session,
        report_path=args.report,
        all_rows=args.all_rows,
        as_json=args.json,
        in_flight=args.in_flight,
    )


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def execute(
    session: ImportSession,
    *,
    report_path: Path | None,
    all_rows: bool,
    as_json: bool,
    in_flight: int = 1,
) -> int:
    """Run the session's job (progress on stderr, Ctrl+C cancels), write the report, summarise."""
    from plandocket_desktop.core import api, importing

    draft = session.draft
    key = api_key(draft.tenant)
    try:
        with api.PlandocketClient(draft.tenant, key) as client:
            result = _run_with_progress(session.job(client, in_flight=in_flight), quiet=as_json)
        path = report_path
        if path is None and result.problem_indices():
            name = f"{Path(draft.path or 'import').stem}-{result.job_id or 'report'}-problems.csv"
            path = paths.data_dir() / "reports" / name
            path.parent.mkdir(parents=True, exist_ok=True)
        if path is not None:
            importing.write_error_report(result, session.table, path, only_problems=not all_rows)
    except BaseException:
        session.close()
        raise
    session.finish(result, report_path=path)
    status, code = result.status, session.exit_code
    counts = result.counts()
    if as_json:
        summary = {
            "status": status.ended,
            "exit_code": int(code),
            "job_id": result.job_id,
            "file": str(draft.path),
            "tenant": draft.tenant,
            "target": draft.options.target.value,
            "mode": draft.options.mode.value,
            "event": draft.options.event_key,
            "rows": result.total_rows,
            "counts": counts.as_dict(),
            "server_counts": dict(result.server_counts),
            "report": str(path) if path else None,
            "message": result.stop_message,
            "resumable": result.resumable,
            "seconds": round(result.elapsed, 2),
        }
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(importing.summary.final_text(status, counts, result.stop_message), file=sys.stdout)
        if path is not None:
            print(_("Report: {path}").format(path=path))
        if result.resumable:
            print(_("To continue: plandocket-import resume {job}").format(job=result.job_id))
    return int(code)


def _run_with_progress(engine: ImportJob, *, quiet: bool) -> ImportReport:
    """Run on a worker thread so Ctrl+C can cancel cleanly (the batch in flight finishes)."""
    cancel = threading.Event()
    outcome: dict[str, Any] = {}
    display = _Display(engine.rows_total, len(engine.batches), quiet=quiet)

    done = threading.Event()

    def work() -> None:
        try:
            outcome["report"] = engine.run(progress=display.update, cancel=cancel)
        except BaseException as exc:  # handed to the main thread
            outcome["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=work, name="plandocket-import", daemon=True)
    with display:
        worker.start()
        # Event.wait, not Thread.join: a join interrupted by Ctrl+C can leave is_alive() wrong.
        while not done.is_set():
            try:
                done.wait(0.2)
            except KeyboardInterrupt:
                if cancel.is_set():
                    raise
                cancel.set()
                display.note("Cancelling: the batch on its way is finished first…")
    if "error" in outcome:
        raise outcome["error"]
    result: ImportReport = outcome["report"]
    return result


class _Display:
    """A rich progress bar on a terminal, plain lines otherwise (both on stderr)."""

    def __init__(self, rows: int, batches: int, *, quiet: bool) -> None:
        self.rows = rows
        self.batches = batches
        self.quiet = quiet
        self.fancy = is_tty(sys.stderr) and not quiet
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Display:
        if self.fancy:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("rows"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[info]}"),
                console=Console(stderr=True),
            )
            self._bar.start()
            self._task = self._bar.add_task(_("Importing"), total=self.rows, info="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def note(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(text)
        else:
            print(text, file=sys.stderr, flush=True)

    def update(self, p: Progress) -> None:
        info = _("batch {index}/{count}").format(
            index=fmt_int(p.batch_index), count=fmt_int(p.batch_count)
        )
        counts = _(
            "created {created}, updated {updated}, skipped {skipped}, failed {failed}"
        ).format(
            created=fmt_int(p.created),
            updated=fmt_int(p.updated),
            skipped=fmt_int(p.skipped),
            failed=fmt_int(p.failed),
        )
        if self._bar is not None:
            if p.event == "waiting":
                self._bar.console.print(p.message)
            self._bar.update(self._task, completed=p.rows_done, info=f"{info} · {counts}")
            return
        if self.quiet:
            if p.event in ("waiting", "paused"):
                print(p.message, file=sys.stderr, flush=True)
            return
        if p.event == "batch_finished":
            rate = (
                _(", {rate} rows/s").format(rate=fmt_decimal(p.rows_per_second, 0))
                if p.rows_per_second
                else ""
            )
            secs = p.seconds_left or 0.0
            left = (
                _(", about {duration} left").format(duration=_duration(secs)) if secs >= 1 else ""
            )
            print(
                _("{time} {batch}: {done}/{total} rows ({counts}){rate}{left}").format(
                    time=fmt_time(datetime.now(), seconds=True),
                    batch=info,
                    done=fmt_int(p.rows_done),
                    total=fmt_int(p.rows_total),
                    counts=counts,
                    rate=rate,
                    left=left,
                ),
                file=sys.stderr,
                flush=True,
            )
        elif p.event in ("waiting", "paused"):
            print(
                f"{fmt_time(datetime.now(), seconds=True)} {p.message}", file=sys.stderr, flush=True
            )


def _duration(seconds: float) -> str:
    if seconds < 90:
        return _("{count} s").format(count=fmt_decimal(seconds, 0))
    if seconds < 5400:
        return _("{count} min").format(count=fmt_decimal(seconds / 60, 0))
    return _("{count} h").format(count=fmt_decimal(seconds / 3600, 1))


# --- run -----------------------------------------------------------------------------------


def build_draft(args: argparse.Namespace, table: Table) -> ImportDraft:
    """Options and mapping from the profile (if any), the flags and --map; notes on stderr."""
    chosen = choices.resolve(
        args,
        table,
        skip_on_error=args.skip_on_error,
        create_contacts=args.create_contacts,
        event_key=args.event,
    )
    choices.print_notes(chosen.notes)
    options = chosen.options
    routing = None
    if choices.event_column(args) is not None:
        tenant_events, listed = tenant_events_of(args.tenant)
        routing = choices.resolve_events(
            args, table, options.target, tenant_events, events_listed=listed
        )
        assert routing is not None
        choices.print_notes(routing.notes)
    elif args.event_map:
        raise errors.ConfigurationError(_("--event-map needs --event-column HEADER."))
    if options.target is Target.PARTICIPANTS and not options.event_key and routing is None:
        raise errors.ConfigurationError(
            _(
                "Participants need an event: add --event KEY, or --event-column HEADER when a "
                "column names each row's event."
            )
        )
    batch_size = args.batch_size if args.batch_size is not None else 1000
    if not 1 <= batch_size <= 1000:
        raise errors.ConfigurationError(_("--batch-size must be between 1 and 1000."))
    match = options.match_field.value
    problems = mapping.mapping_problems(
        chosen.mapping, chosen.fixed_values, options.target, options.match_field
    )
    missing = [p for p in problems if p.code is mapping.ProblemCode.MATCH_FIELD_MISSING]
    if missing:
        hint = _('Add --map "HEADER={field}".').format(field=match)
        raise errors.ConfigurationError(f"{missing[0].message} {hint}")
    return ImportDraft(
        tenant=args.tenant,
        path=Path(args.file),
        sheet=args.sheet,
        header_row=table.source.header_row,
        options=options,
        mapping=chosen.mapping,
        fixed_values=chosen.fixed_values,
        batch_size=batch_size,
        profile_name=args.profile,
        event_column=routing.column if routing else None,
        event_routes=routing.routes if routing else {},
    )


def tenant_events_of(tenant: str) -> tuple[list[Any], bool]:
    """The tenant's events, and False when the key may not list them (no ``events`` scope)."""
    from plandocket_desktop.core import api

    with api.PlandocketClient(tenant, api_key(tenant)) as client:
        try:
            return client.list_events(), True
        except errors.AuthenticationError as exc:
            if exc.status_code != 403:  # the key itself is refused: say so
                raise
            return [], False


def confirm(draft: ImportDraft, prepared: Prepared, *, yes: bool) -> bool:
    counts = prepared.validation.counts
    sendable = counts["ready"] + counts["warnings"]
    if draft.options.event_key:
        question = _(
            "Import them into {tenant} as participants of event {event} (mode {mode}, "
            "matched by {match})?"
        )
    elif draft.event_column:
        question = _(
            "Import them into {tenant} as participants of the events in column {column} "
            "(mode {mode}, matched by {match})?"
        )
    else:
        question = _("Import them into {tenant} as contacts (mode {mode}, matched by {match})?")
    text = (
        _(
            "{file}: {ready} rows ready to send ({warnings} with warnings), {errors} with errors "
            "will not be sent, {excluded} excluded, {ignored} empty rows ignored."
        ).format(
            file=Path(draft.path or "").name,
            ready=fmt_int(sendable),
            warnings=fmt_int(counts["warnings"]),
            errors=fmt_int(counts["errors"]),
            excluded=fmt_int(counts["excluded"]),
            ignored=fmt_int(counts["ignored"]),
        )
        + "\n"
        + question.format(
            tenant=draft.tenant,
            event=draft.options.event_key,
            column=draft.event_column,
            mode=draft.options.mode.value,
            match=draft.options.match_field.value,
        )
    )
    if yes:
        return True
    if not (is_tty(sys.stdin) and is_tty(sys.stdout)):
        raise errors.ConfigurationError(
            _("Not started: add --yes to confirm the import when not running in a terminal.")
        )
    print(text)
    answer = input(_("Type y to start: ")).strip().lower()
    return answer in ("y", "yes", "j", "ja")


def run(args: argparse.Namespace) -> int:
    from plandocket_desktop.core import importing, reading, validation

    if not Path(args.file).is_file():
        raise errors.SourceError(
            _("There is no file {path}.").format(path=args.file), kind="not_found"
        )
    file_fingerprint = importing.fingerprint(args.file)  # of the very bytes that are read
    table = reading.read_table(args.file, sheet=args.sheet, header_row=args.header_row)
    if table.n_rows == 0:
        raise errors.SourceError(
            _("{file} has no rows to import.").format(file=args.file.name), kind="empty"
        )
    draft = build_draft(args, table)
    api_key(draft.tenant)  # fail before asking, when there is no key
    prepared = validation.prepare(draft, table)
    if not confirm(draft, prepared, yes=args.yes):
        print(_("Not started."), file=sys.stderr)
        return ExitCode.STOPPED
    session = importing.ImportSession.start(
        draft,
        table=prepared.table,
        validation=prepared.validation,
        file_fingerprint=file_fingerprint,
    )
    return execute_as_asked(args, session)
