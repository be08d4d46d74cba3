"""The Review page's "Check against PlanDocket" card: the button, progress, counts, a filter.

It only shows: the page starts the check (``PreviewRunner``) and hands the result here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from plandocket_desktop.i18n import N_, _, fmt_int
from plandocket_desktop.ui import style
from plandocket_desktop.ui.models import PREVIEW_LABELS

if TYPE_CHECKING:
    from plandocket_desktop.core.preview import Preview

INTRO = N_(
    "See before sending what the import will do in PlanDocket: who is new, who will be "
    "updated (and how), who is skipped. Nothing is changed by checking."
)
STALE = N_("Rows were changed after the check: check again to see what the import would do now.")
ALL_ROWS = N_("Every outcome")


class PreviewPanel(style.Card):
    """Button ``previewCheckButton``, ``previewCancelButton``, a progress bar, the counts
    (``previewCountsLabel``), the "prediction at HH:MM" sentence and the outcome filter
    (``previewFilterCombo``: item data is a position in ``core.preview.ACTIONS``, -1 all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPanel")
        self.check_button = QPushButton(_("Check against &PlanDocket"), self)
        self.check_button.setObjectName("previewCheckButton")
        fixed = QSizePolicy.Policy.Fixed
        self.check_button.setSizePolicy(QSizePolicy.Policy.Maximum, fixed)
        self.check_button.setToolTip(
            _("Ask PlanDocket which of these people it knows already. Nothing is sent.")
        )
        self.cancel_button = QPushButton(_("Cancel check"), self)
        self.cancel_button.setObjectName("previewCancelButton")
        self.cancel_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("previewProgress")
        self.progress.setTextVisible(True)
        self.progress.hide()

        self.counts = QLabel(self)
        self.counts.setObjectName("previewCountsLabel")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        font = self.counts.font()
        font.setBold(True)
        self.counts.setFont(font)
        self.counts.hide()

        self.filter = QComboBox(self)
        self.filter.setObjectName("previewFilterCombo")
        self.filter.addItem(_(ALL_ROWS), -1)
        from plandocket_desktop.core import preview

        for position, action in enumerate(preview.ACTIONS):
            self.filter.addItem(_(PREVIEW_LABELS[action.value]), position)
        self.filter.setToolTip(_("Show only the rows the import would treat one way"))
        self._filter_label = QLabel(_("O&utcome:"), self)
        self._filter_label.setBuddy(self.filter)
        self.filter.hide()
        self._filter_label.hide()

        self.note = style.hint(_(INTRO), self)
        self.note.setObjectName("previewNoteLabel")
        self.message = style.MessageBar(self)
        self.message.setObjectName("previewMessage")
        self._shown: Preview | None = None  # the prediction the table shows

        top = QHBoxLayout()
        top.addWidget(self.check_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress, 1)
        top.addWidget(self.counts, 1)
        top.addStretch(0)
        top.addWidget(self._filter_label)
        top.addWidget(self.filter)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.note)
        self.layout_.addWidget(self.message)

    def show_running(self, sentence: str) -> None:
        self.message.clear()
        self.check_button.setEnabled(False)
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.counts.hide()
        self.progress.setRange(0, 0)
        self.progress.setFormat(_("Checking…"))
        self.progress.show()
        self.note.setText(sentence)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(
            _("{done} of about {total} requests").format(done=fmt_int(done), total=fmt_int(total))
        )

    def show_result(self, result: Preview) -> None:
        self._shown = result
        self._idle()
        counts = result.counts()
        self.counts.setText(
            _(
                "New: {create} · Update: {update} · Skip: {skip} · Conflict: {conflict} · "
                "Not sent: {not_sent}"
            ).format(**{name: fmt_int(n) for name, n in counts.items()})
        )
        self.counts.show()
        self.filter.show()
        self._filter_label.show()
        self.check_button.setText(_("Check &again"))
        self.note.setText(result.taken_text())

    def show_stale(self) -> None:
        self.message.show_message("info", _(STALE))

    def show_failed(self, message: str) -> None:
        self._idle()
        self.message.show_message("error", message)

    def show_cancelled(self) -> None:
        self._idle()
        self.message.show_message("info", _("The check was cancelled; nothing was changed."))

    def reset(self) -> None:
        """Back to the start: no prediction shown (new rows were checked)."""
        self._shown = None
        self._idle()
        self.message.clear()
        self.counts.hide()
        self.filter.setCurrentIndex(0)
        self.filter.hide()
        self._filter_label.hide()
        self.check_button.setText(_("Check against &PlanDocket"))
        self.note.setText(_(INTRO))

    def _idle(self) -> None:
        self.check_button.setEnabled(True)
        self.cancel_button.hide()
        self.progress.hide()
        if self._shown is not None:  # a check that failed leaves the earlier one in view
            self.counts.show()
            self.note.setText(self._shown.taken_text())
