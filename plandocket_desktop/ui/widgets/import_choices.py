"""The Target page's choices: what the rows become, how existing people are treated and
recognised, with the explanation of the three together in plain words."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Target
from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui import style

TARGETS = (
    (Target.CONTACTS, N_("Contacts — people and companies in your address book")),
    (Target.PARTICIPANTS, N_("Participants — people taking part in one event")),
)
MODES = (
    (Mode.CREATE, N_("Add new people only")),
    (Mode.UPSERT, N_("Add new people and update the ones already there")),
    (Mode.UPDATE, N_("Only update people already there")),
)
MATCH_FIELDS = (
    (MatchField.EMAIL, N_("Email address")),
    (MatchField.CUSTOMER_NUMBER, N_("Customer number")),
)
# The match fields as named inside a sentence (the Columns page's profile bar uses them).
MATCH_WORDS = {
    MatchField.EMAIL: N_("email address"),
    MatchField.CUSTOMER_NUMBER: N_("customer number"),
}
# One whole sentence for every combination, so that each reads naturally when translated.
MODE_EXPLANATIONS: dict[tuple[Target, Mode, MatchField], str] = {
    (Target.CONTACTS, Mode.CREATE, MatchField.EMAIL): N_(
        "Only new people are added. Rows whose email address is already in PlanDocket will be "
        "skipped, so nobody is added twice."
    ),
    (Target.CONTACTS, Mode.CREATE, MatchField.CUSTOMER_NUMBER): N_(
        "Only new people are added. Rows whose customer number is already in PlanDocket will be"
        " skipped, so nobody is added twice."
    ),
    (Target.CONTACTS, Mode.UPDATE, MatchField.EMAIL): N_(
        "Nobody new is added. Rows whose email address is already in PlanDocket update that "
        "person with the values from your file (empty cells change nothing). Rows whose email "
        "address is not in PlanDocket will be skipped."
    ),
    (Target.CONTACTS, Mode.UPDATE, MatchField.CUSTOMER_NUMBER): N_(
        "Nobody new is added. Rows whose customer number is already in PlanDocket update that "
        "person with the values from your file (empty cells change nothing). Rows whose "
        "customer number is not in PlanDocket will be skipped."
    ),
    (Target.CONTACTS, Mode.UPSERT, MatchField.EMAIL): N_(
        "Rows whose email address is already in PlanDocket update that person (empty cells "
        "change nothing); all other rows are added as new people."
    ),
    (Target.CONTACTS, Mode.UPSERT, MatchField.CUSTOMER_NUMBER): N_(
        "Rows whose customer number is already in PlanDocket update that person (empty cells "
        "change nothing); all other rows are added as new people."
    ),
    (Target.PARTICIPANTS, Mode.CREATE, MatchField.EMAIL): N_(
        "Only new people are added. Rows whose email address is already registered for the "
        "event will be skipped, so nobody is added twice."
    ),
    (Target.PARTICIPANTS, Mode.CREATE, MatchField.CUSTOMER_NUMBER): N_(
        "Only new people are added. Rows whose customer number is already registered for the "
        "event will be skipped, so nobody is added twice."
    ),
    (Target.PARTICIPANTS, Mode.UPDATE, MatchField.EMAIL): N_(
        "Nobody new is added. Rows whose email address is already registered for the event "
        "update that person with the values from your file (empty cells change nothing). Rows "
        "whose email address is not registered for the event will be skipped."
    ),
    (Target.PARTICIPANTS, Mode.UPDATE, MatchField.CUSTOMER_NUMBER): N_(
        "Nobody new is added. Rows whose customer number is already registered for the event "
        "update that person with the values from your file (empty cells change nothing). Rows "
        "whose customer number is not registered for the event will be skipped."
    ),
    (Target.PARTICIPANTS, Mode.UPSERT, MatchField.EMAIL): N_(
        "Rows whose email address is already registered for the event update that person (empty"
        " cells change nothing); all other rows are added as new people."
    ),
    (Target.PARTICIPANTS, Mode.UPSERT, MatchField.CUSTOMER_NUMBER): N_(
        "Rows whose customer number is already registered for the event update that person "
        "(empty cells change nothing); all other rows are added as new people."
    ),
}


def explain_mode(target: Target, mode: Mode, match: MatchField) -> str:
    """The sentence under the choices, e.g. "Rows whose email address is already in ..."."""
    return _(MODE_EXPLANATIONS[target, mode, match])


class ImportChoices(QWidget):
    """Target, mode and match field, and the sentence explaining them (no signals: the page
    connects to the combo boxes' ``currentIndexChanged``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("targetCombo")
        self.target_combo.setToolTip(_("Contacts, or the participants of one event"))
        for value, label in TARGETS:
            self.target_combo.addItem(_(label), value.value)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("modeCombo")
        self.mode_combo.setToolTip(_("What happens to people who are in PlanDocket already"))
        for mode, label in MODES:
            self.mode_combo.addItem(_(label), mode.value)
        self.match_field_combo = QComboBox(self)
        self.match_field_combo.setObjectName("matchFieldCombo")
        self.match_field_combo.setToolTip(
            _("How PlanDocket recognises a person it knows already. Your file needs this column.")
        )
        for match_field, label in MATCH_FIELDS:
            self.match_field_combo.addItem(_(label), match_field.value)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.addRow(self._label(_("&Import as:"), self.target_combo), self.target_combo)
        form.addRow(self._label(_("People already &there:"), self.mode_combo), self.mode_combo)
        form.addRow(
            self._label(_("&Recognise people by:"), self.match_field_combo),
            self.match_field_combo,
        )
        self.target_combo.setAccessibleName(_("Import as"))
        self.mode_combo.setAccessibleName(_("People already there"))
        self.match_field_combo.setAccessibleName(_("Recognise people by"))
        self.mode_hint = style.hint("", self)
        self.mode_hint.setObjectName("modeExplanation")
        self.mode_hint.setForegroundRole(QPalette.ColorRole.WindowText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACING)
        layout.addLayout(form)
        layout.addWidget(self.mode_hint)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    @property
    def target(self) -> Target:
        return Target(self.target_combo.currentData())

    @property
    def mode(self) -> Mode:
        return Mode(self.mode_combo.currentData())

    @property
    def match_field(self) -> MatchField:
        return MatchField(self.match_field_combo.currentData())

    def set_choices(self, options: ImportOptions) -> None:
        """Show the target, mode and match field of ``options``."""
        self.target_combo.setCurrentIndex(self.target_combo.findData(options.target.value))
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(options.mode.value))
        self.match_field_combo.setCurrentIndex(
            self.match_field_combo.findData(options.match_field.value)
        )

    def explain(self) -> None:
        """Put the sentence for the current choices under them."""
        self.mode_hint.setText(explain_mode(self.target, self.mode, self.match_field))
