"""The words about an import's result: one home for every summary the CLI and the wizard show.

Each sentence is one message with named placeholders (``plandocket_desktop.i18n``); plurals go
through ``ngettext``. Callers pass a ``Counts`` and a ``JobStatus``, never a dict.
"""

from __future__ import annotations

from plandocket_desktop.core.types import Counts, ImportOptions, JobStatus, Mode, Target
from plandocket_desktop.i18n import N_, _, fmt_int, ngettext

# How an import ended, as the list of earlier imports shows it (by ``JobStatus.ended``).
ENDED_LABELS = {
    "finished": N_("Finished"),
    "cancelled": N_("Stopped by you"),
    "stopped": N_("Stopped"),
}


def outcome_list(counts: Counts) -> str:
    """``"3 created, 0 updated, 1 skipped, 0 failed, 0 not sent."``: every outcome, briefly."""
    parts = [
        _("{count} created").format(count=fmt_int(counts.created)),
        _("{count} updated").format(count=fmt_int(counts.updated)),
        _("{count} skipped").format(count=fmt_int(counts.skipped)),
        _("{count} failed").format(count=fmt_int(counts.failed)),
    ]
    if counts.sent:
        parts.append(
            _("{count} sent (the server reported counts only)").format(count=fmt_int(counts.sent))
        )
    parts.append(_("{count} not sent").format(count=fmt_int(counts.not_sent)))
    if counts.ignored:
        parts.append(
            ngettext(
                "{count} empty row ignored", "{count} empty rows ignored", counts.ignored
            ).format(count=fmt_int(counts.ignored))
        )
    return _("{outcomes}.").format(outcomes=_(", ").join(parts))


def final_text(status: JobStatus, counts: Counts, stop_message: str | None) -> str:
    """What ``plandocket-import run``/``resume`` print at the end; the engine's last progress."""
    summary = outcome_list(counts)
    if status is JobStatus.CANCELLED:
        return _("Import cancelled: {summary}").format(summary=summary)
    if status is JobStatus.STOPPED:
        return _("Import stopped. {reason}\n{summary}").format(
            reason=stop_message or _("The import stopped."), summary=summary
        )
    return _("Import finished: {summary}").format(summary=summary)


def headline(status: JobStatus, counts: Counts, stop_message: str | None) -> str:
    """The Import page's headline when the import is over."""
    if status is JobStatus.CANCELLED:
        return _("Stopped. {summary}").format(summary=outcome_list(counts))
    if status is JobStatus.STOPPED:
        return stop_message or _("The import stopped.")
    return _("Done. {summary}").format(summary=outcome_list(counts))


def progress_counts(created: int, updated: int, skipped: int, failed: int) -> str:
    """The Import page's running tally."""
    return _(
        "So far: {created} created, {updated} updated, {skipped} skipped, {failed} failed."
    ).format(
        created=fmt_int(created),
        updated=fmt_int(updated),
        skipped=fmt_int(skipped),
        failed=fmt_int(failed),
    )


def time_left(seconds: float | None) -> str:
    """``125`` -> "about 2 minutes left"."""
    if seconds is None:
        return ""
    if seconds < 60:
        return _("less than a minute left")
    minutes = round(seconds / 60)
    if minutes < 60:
        return ngettext(
            "about {minutes} minute left", "about {minutes} minutes left", minutes
        ).format(minutes=fmt_int(minutes))
    hours, rest = divmod(minutes, 60)
    if not rest:
        return ngettext("about {hours} hour left", "about {hours} hours left", hours).format(
            hours=fmt_int(hours)
        )
    hours_text = ngettext("{hours} hour", "{hours} hours", hours).format(hours=fmt_int(hours))
    minutes_text = ngettext("{minutes} minute", "{minutes} minutes", rest).format(
        minutes=fmt_int(rest)
    )
    return _("about {hours} {minutes} left").format(hours=hours_text, minutes=minutes_text)


def results_sentence(
    status: JobStatus,
    counts: Counts,
    options: ImportOptions,
    *,
    stop_message: str | None,
    retryable: int,
) -> str:
    """What happened, in plain words, and what to do about rows that did not go in.

    ``retryable``: how many rows "Retry failed rows" would send again.
    """
    c = counts
    parts: list[str] = []
    if status is JobStatus.CANCELLED:
        parts.append(_("You stopped the import."))
    elif status is JobStatus.STOPPED:
        parts.append(stop_message or _("The import stopped."))
    ran_to_end = status in (JobStatus.FINISHED, JobStatus.FINISHED_WITH_PROBLEMS)
    if ran_to_end and not c.problems and not c.sent:
        total = c.went_in + c.skipped
        parts.append(
            ngettext("All {count} row is done.", "All {count} rows are done.", total).format(
                count=fmt_int(total)
            )
        )
    parts.append(
        ngettext(
            "{count} row went into PlanDocket ({created} created, {updated} updated).",
            "{count} rows went into PlanDocket ({created} created, {updated} updated).",
            c.went_in,
        ).format(count=fmt_int(c.went_in), created=fmt_int(c.created), updated=fmt_int(c.updated))
    )
    if c.skipped:
        parts.append(_skipped(c.skipped, options))
    if c.sent:
        parts.append(
            ngettext(
                "{count} row was sent, but PlanDocket only reported counts for them.",
                "{count} rows were sent, but PlanDocket only reported counts for them.",
                c.sent,
            ).format(count=fmt_int(c.sent))
        )
    if c.failed:
        parts.append(
            ngettext(
                "{count} row failed at PlanDocket.", "{count} rows failed at PlanDocket.", c.failed
            ).format(count=fmt_int(c.failed))
        )
    if c.not_sent:
        parts.append(
            ngettext("{count} row was not sent.", "{count} rows were not sent.", c.not_sent).format(
                count=fmt_int(c.not_sent)
            )
        )
    if c.ignored:
        parts.append(
            ngettext(
                "{count} empty row was ignored.", "{count} empty rows were ignored.", c.ignored
            ).format(count=fmt_int(c.ignored))
        )
    if c.problems:
        parts.append(_advice(c.problems, retryable))
    return " ".join(parts)


def _skipped(n: int, options: ImportOptions) -> str:
    count = fmt_int(n)
    if options.target is Target.PARTICIPANTS and not options.create_contacts:
        if options.mode is Mode.CREATE:
            return ngettext(
                "{count} row was skipped (they were already there, or they are not contacts "
                "in PlanDocket yet).",
                "{count} rows were skipped (they were already there, or they are not contacts "
                "in PlanDocket yet).",
                n,
            ).format(count=count)
        return ngettext(
            "{count} row was skipped (there was nothing to update, or they are not contacts "
            "in PlanDocket yet).",
            "{count} rows were skipped (there was nothing to update, or they are not contacts "
            "in PlanDocket yet).",
            n,
        ).format(count=count)
    if options.mode is Mode.CREATE:
        return ngettext(
            "{count} row was skipped (they were already there).",
            "{count} rows were skipped (they were already there).",
            n,
        ).format(count=count)
    return ngettext(
        "{count} row was skipped (there was nothing to update).",
        "{count} rows were skipped (there was nothing to update).",
        n,
    ).format(count=count)


def _advice(problems: int, retryable: int) -> str:
    """What to do next: retry what can go again, fix in the file what cannot."""
    if problems <= retryable:
        return _(
            "Press “Retry failed rows” to send them again, or save the error report to see why."
        )
    if not retryable:
        return _(
            "Rows with a problem in the file (listed below) need fixing there; then import "
            "those rows again. “Save error report…” writes them out with the reason."
        )
    return ngettext(
        "Press “Retry failed rows” to send the {count} row that can go again. Rows with a "
        "problem in the file (listed below) need fixing there; then import those rows again. "
        "“Save error report…” writes them out with the reason.",
        "Press “Retry failed rows” to send the {count} rows that can go again. Rows with a "
        "problem in the file (listed below) need fixing there; then import those rows again. "
        "“Save error report…” writes them out with the reason.",
        retryable,
    ).format(count=fmt_int(retryable))


def ended_label(status: str) -> str:
    """How an earlier import ended, for the list of imports (``status``: the stored word)."""
    label = ENDED_LABELS.get(status)
    return _(label) if label is not None else status
