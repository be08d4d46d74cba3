"""The Connect page's form: the PlanDocket address, the API key with its show toggle, remember."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import style


class ConnectionForm(QWidget):
    """The address and key fields (no signals: the page connects to the fields it reads).

    ``show_key_button`` switches the key between dots and plain text; ``show_no_password_store``
    turns the remember check into the sentence that the key is kept for this session only.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tenant_edit = QLineEdit(self)
        self.tenant_edit.setObjectName("tenantEdit")
        self.tenant_edit.setPlaceholderText(_("acme   or   https://acme.plandocket.com"))
        self.tenant_edit.setToolTip(
            _("Your company's name in PlanDocket, or the address you open in the browser.")
        )
        self.tenant_edit.setClearButtonEnabled(True)

        self.api_key_edit = QLineEdit(self)
        self.api_key_edit.setObjectName("apiKeyEdit")
        self.api_key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key_edit.setPlaceholderText(_("Paste the key here"))
        self.api_key_edit.setToolTip(_("The API key from PlanDocket, Settings > API."))
        self.show_key_button = QToolButton(self)
        self.show_key_button.setObjectName("showKeyButton")
        self.show_key_button.setText(_("S&how"))
        self.show_key_button.setCheckable(True)
        self.show_key_button.setToolTip(_("Show or hide the key while you type it"))
        key_row = QHBoxLayout()
        key_row.setSpacing(6)
        key_row.addWidget(self.api_key_edit, 1)
        key_row.addWidget(self.show_key_button)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(14)
        form.setHorizontalSpacing(14)
        tenant_label = QLabel(_("PlanDocket &address:"), self)
        tenant_label.setBuddy(self.tenant_edit)
        form.addRow(
            tenant_label,
            style.with_hint(
                self.tenant_edit,
                _(
                    "Your company's name in PlanDocket (for example acme), or the address you "
                    "open in your browser (https://acme.plandocket.com)."
                ),
                self,
            ),
        )
        key_label = QLabel(_("API &key:"), self)
        key_label.setBuddy(self.api_key_edit)
        form.addRow(
            key_label,
            style.with_hint(
                key_row,
                _(
                    "The key lets this app add people to PlanDocket for you. An administrator "
                    "creates it in PlanDocket under Settings > API, with the permissions "
                    "“contacts”, “participants” and “events”."
                ),
                self,
            ),
        )
        self.remember_key_check = QCheckBox(
            _("&Remember the key on this computer (kept in the system's password store)"), self
        )
        self.remember_key_check.setObjectName("rememberKeyCheck")
        self.remember_key_check.setChecked(True)
        form.addRow("", self.remember_key_check)

        self.show_key_button.toggled.connect(self._on_show_key_button_toggled)

    def set_editable(self, editable: bool, *, remember: bool) -> None:
        """Enable the fields (not while busy or in practice); ``remember``: a keyring exists."""
        for widget in (self.tenant_edit, self.api_key_edit, self.show_key_button):
            widget.setEnabled(editable)
        self.remember_key_check.setEnabled(editable and remember)

    def show_no_password_store(self) -> None:
        """There is no keyring: the key cannot be remembered, and the check says so."""
        self.remember_key_check.setChecked(False)
        self.remember_key_check.setText(
            _(
                "This computer has no password store, so the key is kept only until you "
                "close the app; you will need to enter it again next time."
            )
        )

    @Slot(bool)
    def _on_show_key_button_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.api_key_edit.setEchoMode(mode)
        self.show_key_button.setText(_("&Hide") if shown else _("S&how"))
