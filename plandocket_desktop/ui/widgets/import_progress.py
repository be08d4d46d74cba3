"""The Import page's progress: the headline while sending, the bar, the batch, the rate, the
running tally and waits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from plandocket_desktop.core import importing
from plandocket_desktop.core.types import Target
from plandocket_desktop.i18n import _, fmt_int, ngettext
from plandocket_desktop.ui import accessibility, style

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import Progress
    from plandocket_desktop.core.types import ImportOptions


def sending_headline(options: ImportOptions, rows: int | None, *, resuming: bool) -> str:
    """The headline while the rows go out."""
    participants = options.target is Target.PARTICIPANTS
    event = options.event_key or ""
    if resuming:
        if participants:
            return _(
                "Carrying on with the interrupted import as participants of the event “{event}”…"
            ).format(event=event)
        return _("Carrying on with the interrupted import as contacts…")
    if rows is None:
        if participants:
            return _(
                "Checking the rows, then sending them as participants of the event “{event}”…"
            ).format(event=event)
        return _("Checking the rows, then sending them as contacts…")
    if participants:
        return ngettext(
            "Sending {count} row as participants of the event “{event}”…",
            "Sending {count} rows as participants of the event “{event}”…",
            rows,
        ).format(count=fmt_int(rows), event=event)
    return ngettext(
        "Sending {count} row as contacts…", "Sending {count} rows as contacts…", rows
    ).format(count=fmt_int(rows))


class ImportProgressView(QWidget):
    """Shows one ``importing.Progress`` after another (no signals)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progressBar")
        self.bar.setFormat(_("%v of %m rows"))
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.batch_label = QLabel(self)
        self.batch_label.setObjectName("importBatchLabel")
        self.rate_label = QLabel(self)
        self.rate_label.setObjectName("importRateLabel")
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("importCountsLabel")
        self.wait_label = accessibility.StatusLabel(self)  # "waiting until 14:05" is announced
        self.wait_label.setObjectName("importWaitLabel")
        self.wait_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACING)  # the lines stand apart as on every page
        layout.addWidget(self.bar)
        layout.addWidget(self.batch_label)
        layout.addWidget(self.rate_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.wait_label)

    def reset(self, rows: int | None) -> None:
        """Before the first batch; ``rows`` to send, when known."""
        self.bar.setRange(0, max(rows or 0, 1))
        self.bar.setValue(0)
        self.batch_label.setText(_("Starting…"))
        self.rate_label.clear()
        self.counts_label.clear()
        self.wait_label.clear()

    def show_progress(self, progress: Progress) -> None:
        total = max(int(progress.rows_total), 1)
        self.bar.setRange(0, total)
        self.bar.setValue(min(int(progress.rows_done), total))
        if progress.batch_count:
            self.batch_label.setText(
                _("Batch {number} of {count}").format(
                    number=fmt_int(min(max(progress.batch_index, 1), progress.batch_count)),
                    count=fmt_int(progress.batch_count),
                )
            )
        rate = progress.rows_per_second
        if rate:
            left = importing.summary.time_left(progress.seconds_left)
            speed = fmt_int(round(rate))
            if left:
                text = _("{rate} rows per second · {left}").format(rate=speed, left=left)
            else:
                text = _("{rate} rows per second").format(rate=speed)
            self.rate_label.setText(text)
        self.counts_label.setText(
            importing.summary.progress_counts(
                progress.created, progress.updated, progress.skipped, progress.failed
            )
        )
        if progress.event in ("waiting", "paused"):
            self.wait_label.setText(progress.message)
        else:
            self.wait_label.clear()

    def note(self, text: str) -> None:
        """A line under the counts (pausing, stopping); ``clear_note()`` removes it."""
        self.wait_label.setText(text)

    def clear_note(self) -> None:
        self.wait_label.clear()
