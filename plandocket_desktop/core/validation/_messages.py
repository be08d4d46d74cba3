"""Every sentence validation shows a person, each one message with named placeholders.

The refusals of an unusable mapping are the mapping draft's (``mapping.mapping_problems``).

Module-level tables are marked with ``N_()`` and translated where a sentence is built, with
``_()``; field labels are passed in as display text (``field.label``), never cut or
lower-cased: a sentence that needs a field's name in running text has its own message per
field. Issue sentences are built only when an ``Issue`` is (``issue_message``).
"""

from __future__ import annotations

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core.validation import _typos as typos
from plandocket_desktop.core.validation._normalise import Code, email_problem
from plandocket_desktop.i18n import N_, _

SHOWN_VALUE_LENGTH = 60

# The match field is empty / repeats an earlier row: one sentence per match field.
_MISSING = {
    "email": N_("Email is empty; it is needed to find the record in PlanDocket."),
    "customer_number": N_(
        "Customer number is empty; it is needed to find the record in PlanDocket."
    ),
}
_MISSING_OTHER = N_("{field} is empty; it is needed to find the record in PlanDocket.")
_DUPLICATE = {
    "email": N_("Same email as row {row}; only the first is imported."),
    "customer_number": N_("Same customer number as row {row}; only the first is imported."),
}
_CONFLICT = {
    "customer_number": N_(
        "Customer number {value} is already used in row {row} with a different email; "
        "PlanDocket would refuse this row."
    ),
    "email": N_(
        "Email {value} is already used in row {row} with a different customer number; "
        "PlanDocket would refuse this row."
    ),
}
_DUPLICATE_OTHER = N_("{field}: same value as row {row}; only the first is imported.")
# Invalid values, by field (for sentences naming it in running text), then by type.
_INVALID_BY_KEY = {
    "rating": N_("Rating must be a whole number from 1 to 5; {value} is not."),
}
_INVALID_BY_TYPE = {
    fields.FieldType.RATING: N_("{field} must be a whole number from 1 to 5; {value} is not."),
    fields.FieldType.BOOLEAN: N_(
        "{field} must be yes or no (also ja/nein, true/false, 1/0, x); {value} is not."
    ),
}
_INVALID_OTHER = N_("{value} is not a valid value for {field}.")
_EMAIL_INVALID = N_("{value} is not a valid email address.")
# ``reason``: email-validator's own sentence (English; it has no catalogue of ours).
_EMAIL_INVALID_BECAUSE = N_("{value} is not a valid email address. {reason}")
_BY_CODE = {
    Code.COUNTRY_UNKNOWN: N_(
        "{value} is not a country PlanDocket knows; use a country name or a two-letter code "
        "such as DE."
    ),
    Code.SCHEME_ADDED: N_("{value} has no https:// in front; it will be sent as '{sent}'."),
    Code.URL_UNUSUAL: N_("{value} does not look like a web address; it is sent as written."),
    Code.EXCEL_ERROR: N_(
        "{value} is an Excel error value (a formula that failed), not real data; fix the "
        "formula or type the value."
    ),
    Code.SCIENTIFIC_MATCH: N_(
        "{value} is a number Excel turned into scientific notation; its last digits are lost. "
        "Format the column as text in the original file and copy the values again."
    ),
    Code.SCIENTIFIC: N_(
        "{value} is a number Excel turned into scientific notation; its last digits are lost. "
        "Format the column as text in the original file and copy the values again."
    ),
}
_EMAIL_TYPO = N_("{value} looks like a typo; did you mean '{suggestion}'?")
_POSTAL_ZERO_LOST = N_(
    "{value} has four digits; German postal codes have five, so the leading zero was probably "
    "lost ('{suggestion}')."
)


def shown(value: str) -> str:
    """A cell's text as quoted in a sentence: one line, at most 60 characters."""
    text = " ".join(value.split())
    if len(text) > SHOWN_VALUE_LENGTH:
        text = text[: SHOWN_VALUE_LENGTH - 1] + "…"
    return f"'{text}'"


def label(field: fields.Field) -> str:
    """The field's name as shown to a person (display text only; translated by the field)."""
    return field.label


def issue_message(field: fields.Field, code: Code, text: str, first_row: int | None) -> str:
    """The sentence about one problem; ``text`` is the trimmed value, ``first_row`` the row a
    duplicate repeats."""
    if code is Code.MISSING:
        missing = _MISSING.get(field.key)
        return _(missing) if missing else _(_MISSING_OTHER).format(field=label(field))
    if code is Code.DUPLICATE:
        duplicate = _DUPLICATE.get(field.key, _DUPLICATE_OTHER)
        return _(duplicate).format(field=label(field), row=first_row)
    if code is Code.CONFLICT:
        conflict = _CONFLICT.get(field.key)
        if conflict is not None:
            return _(conflict).format(value=shown(text), row=first_row)
    if code is Code.EMAIL_TYPO:
        return _(_EMAIL_TYPO).format(value=shown(text), suggestion=typos.fix_email(text) or "")
    if code is Code.POSTAL_ZERO_LOST:
        return _(_POSTAL_ZERO_LOST).format(value=shown(text), suggestion="0" + text)
    if code in _BY_CODE:
        return _(_BY_CODE[code]).format(value=shown(text), sent=f"https://{text}")
    if field.type is fields.FieldType.EMAIL:
        reason = email_problem(text)
        if reason:
            return _(_EMAIL_INVALID_BECAUSE).format(value=shown(text), reason=reason)
        return _(_EMAIL_INVALID).format(value=shown(text))
    message = _INVALID_BY_KEY.get(field.key) or _INVALID_BY_TYPE.get(field.type, _INVALID_OTHER)
    return _(message).format(field=label(field), value=shown(text))


def event_message(code: Code, text: str, column: str) -> str:
    """The sentence about a row whose event cannot be told (an empty or unknown value)."""
    if code is Code.EVENT_MISSING:
        return _(
            "The event column “{column}” is empty in this row; it is needed to know the event."
        ).format(column=column)
    return _(
        "{value} is not matched to an event yet; choose its event (or leave it out) on the "
        "Target page."
    ).format(value=shown(text))


def fixed_value_invalid(field: fields.Field, code: Code, text: str) -> str:
    return _("The fixed value for {field} is not valid: {problem}").format(
        field=label(field), problem=issue_message(field, code, text, None)
    )
