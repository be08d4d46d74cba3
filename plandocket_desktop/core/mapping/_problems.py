"""What can be wrong with a mapping, and what a change to it did: codes, parameters, sentences.

Problems and notes are codes with parameters (field keys, headers, target values), so they can
be stored and compared; ``message`` renders them through ``plandocket_desktop.i18n``. This is
the one place these sentences are worded: the Columns page, the command line and validation
all show them from here. ``mapping_problems`` is the rule behind ``MappingDraft.problems()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core.types import MatchField, Target
from plandocket_desktop.i18n import N_, _


class Severity(StrEnum):
    ERROR = "error"  # the mapping cannot be used
    WARNING = "warning"  # it can, but the user should know


class ProblemCode(StrEnum):
    """What can be wrong with a mapping. Parameters are named in each comment."""

    MATCH_FIELD_MISSING = "match_field_missing"  # match_field
    FIELD_TWICE = "field_twice"  # field, columns (tuple of headers)
    NOT_A_FIELD = "not_a_field"  # column, field (the unknown key)
    NOT_FOR_TARGET = "not_for_target"  # column, field, target
    FIXED_NOT_FOR_TARGET = "fixed_not_for_target"  # field, target
    FIXED_HAS_COLUMN = "fixed_has_column"  # field, column


class NoteCode(StrEnum):
    """What the user should be told after a change to the mapping."""

    FIELD_MOVED = "field_moved"  # column (now not imported), field, source (the column it left for)
    PROFILE_OTHER_TARGET = "profile_other_target"  # profile, profile_target, target
    PROFILE_COLUMNS_DROPPED = "profile_columns_dropped"  # target, columns
    PROFILE_FIXED_DROPPED = "profile_fixed_dropped"  # target, fields (keys)
    PROFILE_COLUMNS_MISSING = "profile_columns_missing"  # profile, columns


_ERRORS = frozenset(
    {
        ProblemCode.MATCH_FIELD_MISSING,
        ProblemCode.FIELD_TWICE,
        ProblemCode.NOT_A_FIELD,
        ProblemCode.NOT_FOR_TARGET,
        ProblemCode.FIXED_NOT_FOR_TARGET,
    }
)

# One full sentence per case; where the wording depends on the match field or the target, one
# sentence each, so that a translation never builds a sentence from pieces.
_MATCH_FIELD_MISSING = {
    MatchField.EMAIL: N_(
        "No column is mapped to email. Choose the column that holds the email address: "
        "PlanDocket finds existing records by it."
    ),
    MatchField.CUSTOMER_NUMBER: N_(
        "No column is mapped to customer number. Choose the column that holds the customer "
        "number: PlanDocket finds existing records by it."
    ),
}
_NOT_FOR_TARGET = {
    Target.CONTACTS: N_("Column '{column}' goes to {field}, which contacts do not have."),
    Target.PARTICIPANTS: N_("Column '{column}' goes to {field}, which participants do not have."),
}
_FIXED_NOT_FOR_TARGET = {
    Target.CONTACTS: N_("There is a fixed value for '{field}', which contacts do not have."),
    Target.PARTICIPANTS: N_(
        "There is a fixed value for '{field}', which participants do not have."
    ),
}
_PROBLEMS = {
    ProblemCode.FIELD_TWICE: N_("{field} comes from several columns ({columns}); choose one."),
    ProblemCode.NOT_A_FIELD: N_("Column '{column}' goes to '{field}', which is not a field."),
    ProblemCode.FIXED_HAS_COLUMN: N_(
        "{field} comes from column '{column}' and has a fixed value too: the fixed value fills "
        "the column's empty cells."
    ),
}
_PROFILE_OTHER_TARGET = {
    (Target.CONTACTS, Target.PARTICIPANTS): N_(
        "Profile '{profile}' is for contacts; its mapping is used for participants."
    ),
    (Target.PARTICIPANTS, Target.CONTACTS): N_(
        "Profile '{profile}' is for participants; its mapping is used for contacts."
    ),
}
_DROPPED_COLUMNS = {
    Target.CONTACTS: N_("These columns are not imported, contacts have no such field: {columns}."),
    Target.PARTICIPANTS: N_(
        "These columns are not imported, participants have no such field: {columns}."
    ),
}
_DROPPED_FIXED = {
    Target.CONTACTS: N_("These fixed values are left out, contacts have no such field: {fields}."),
    Target.PARTICIPANTS: N_(
        "These fixed values are left out, participants have no such field: {fields}."
    ),
}
_NOTES = {
    NoteCode.FIELD_MOVED: N_(
        "Column '{column}' is not imported now: {field} comes from '{source}'."
    ),
    NoteCode.PROFILE_COLUMNS_MISSING: N_(
        "The file lacks columns of profile '{profile}': {columns}."
    ),
}


def listed(items: Iterable[str]) -> str:
    """Names for a sentence: ``'A', 'B'``."""
    return ", ".join(f"'{item}'" for item in items)


def _label(key: str) -> str:
    return fields.BY_KEY[key].label if key in fields.BY_KEY else key


def _render(code: StrEnum, params: Mapping[str, object]) -> str:
    """The sentence for a problem or note: the one place these messages are worded."""
    p = dict(params)
    if code is ProblemCode.MATCH_FIELD_MISSING:
        return _(_MATCH_FIELD_MISSING[MatchField(str(p["match_field"]))])
    if code is ProblemCode.NOT_FOR_TARGET:
        message = _NOT_FOR_TARGET[Target(str(p["target"]))]
        return _(message).format(column=p["column"], field=_label(str(p["field"])))
    if code is ProblemCode.FIXED_NOT_FOR_TARGET:
        return _(_FIXED_NOT_FOR_TARGET[Target(str(p["target"]))]).format(field=p["field"])
    if code is NoteCode.PROFILE_OTHER_TARGET:
        pair = (Target(str(p["profile_target"])), Target(str(p["target"])))
        return _(_PROFILE_OTHER_TARGET[pair]).format(profile=p["profile"])
    if code is NoteCode.PROFILE_COLUMNS_DROPPED:
        columns = listed(_strings(p["columns"]))
        return _(_DROPPED_COLUMNS[Target(str(p["target"]))]).format(columns=columns)
    if code is NoteCode.PROFILE_FIXED_DROPPED:
        keys = ", ".join(_strings(p["fields"]))
        return _(_DROPPED_FIXED[Target(str(p["target"]))]).format(fields=keys)
    values = {
        "column": p.get("column", ""),
        "source": p.get("source", ""),
        "profile": p.get("profile", ""),
        "columns": listed(_strings(p.get("columns", ()))),
    }
    if "field" in p:
        values["field"] = p["field"] if code is ProblemCode.NOT_A_FIELD else _label(str(p["field"]))
    message = _PROBLEMS[code] if isinstance(code, ProblemCode) else _NOTES[NoteCode(code)]
    return _(message).format(**values)


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, (tuple, list)) else (str(value),)


class _Worded:
    """A code with parameters, worded when shown (``message``)."""

    code: ProblemCode | NoteCode
    params: Mapping[str, object]

    @property
    def message(self) -> str:
        """The sentence for the user, in the chosen language."""
        return _render(self.code, self.params)


@dataclass(frozen=True)
class Problem(_Worded):
    """Something that stops a mapping from being used (ERROR) or that the user should know."""

    code: ProblemCode
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.code in _ERRORS else Severity.WARNING


@dataclass(frozen=True)
class Note(_Worded):
    """What a change to the mapping did that the user did not ask for directly."""

    code: NoteCode
    params: Mapping[str, object] = field(default_factory=dict)


def mapping_problems(
    mapping: Mapping[str, str | None],
    fixed_values: Mapping[str, str],
    target: Target,
    match_field: MatchField | str,
) -> list[Problem]:
    """``MappingDraft.problems()`` for choices held elsewhere (validation, a saved draft)."""
    problems: list[Problem] = []
    params: dict[str, object]
    allowed = {f.key for f in fields.fields_for(target)}
    columns_of: dict[str, list[str]] = {}
    for header, key in mapping.items():
        if not key:
            continue
        if key not in fields.BY_KEY:
            problems.append(Problem(ProblemCode.NOT_A_FIELD, {"column": header, "field": key}))
            continue
        if key not in allowed:
            params = {"column": header, "field": key, "target": target.value}
            problems.append(Problem(ProblemCode.NOT_FOR_TARGET, params))
            continue
        columns_of.setdefault(key, []).append(header)
    for key, headers in columns_of.items():
        if len(headers) > 1:
            params = {"field": key, "columns": tuple(headers)}
            problems.append(Problem(ProblemCode.FIELD_TWICE, params))
    for key, text in fixed_values.items():
        if text and key not in allowed:
            params = {"field": key, "target": target.value}
            problems.append(Problem(ProblemCode.FIXED_NOT_FOR_TARGET, params))
    match_key = MatchField(match_field).value
    if match_key not in columns_of and not fixed_values.get(match_key):
        problems.append(Problem(ProblemCode.MATCH_FIELD_MISSING, {"match_field": match_key}))
    for key, headers in columns_of.items():
        if fixed_values.get(key):
            params = {"field": key, "column": headers[0]}
            problems.append(Problem(ProblemCode.FIXED_HAS_COLUMN, params))
    return problems
