"""The mapping being chosen for one file: columns to fields, fixed values, and what is wrong.

``MappingDraft`` is the one home of the mapping rules that the Columns page, the command
line's ``--profile``/``--map`` flags and validation share:

- a field comes from one column only: assigning it to a column takes it from any other;
- a profile brings its columns and fixed values, fitted to the file and the target;
- ``problems()`` says what stops the mapping from being used (the match field has no column,
  a field comes from two columns, a field the target does not have) and what the user should
  know (a fixed value for a field that also has a column); see ``_problems``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core.errors import ConfigurationError
from plandocket_desktop.core.mapping import _profiles, _suggest
from plandocket_desktop.core.mapping._problems import (
    Note,
    NoteCode,
    Problem,
    Severity,
    listed,
    mapping_problems,
)
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Target
from plandocket_desktop.i18n import _

if TYPE_CHECKING:
    from plandocket_desktop.core._table import Table


@dataclass(frozen=True)
class ProfileApplied:
    """What ``MappingDraft.apply_profile`` could not apply, and how the profile differs.

    ``other_mode``/``other_match_field`` are the profile's settings where they differ from the
    draft's options (the mapping is applied; those settings belong to the Target page).
    """

    notes: tuple[Note, ...] = ()
    missing_columns: tuple[str, ...] = ()
    other_target: Target | None = None
    other_mode: Mode | None = None
    other_match_field: MatchField | None = None


def _header_key(header: str) -> str:
    return " ".join(header.split()).casefold()


def find_column(columns: Sequence[str], header: str) -> str:
    """The column called ``header``: exactly, else with case and spacing ignored.

    ConfigurationError, listing the columns, when there is none or the name is ambiguous.
    """
    if header in columns:
        return header
    found = [c for c in columns if _header_key(c) == _header_key(header)]
    if len(found) == 1:
        return found[0]
    if found:
        raise ConfigurationError(
            _(
                "The file has several columns like '{header}': {columns}. "
                "Give the name exactly as in the file."
            ).format(header=header, columns=listed(found))
        )
    raise ConfigurationError(
        _("The file has no column '{header}'. Its columns: {columns}.").format(
            header=header, columns=listed(columns)
        )
    )


class MappingDraft:
    """Which field each column of one file goes into, and the fixed values, as being chosen.

    Build it with ``MappingDraft.suggested(table, options)`` (starts from ``suggest()``) or
    with ``MappingDraft(columns, options, mapping=..., fixed_values=...)`` for choices made
    already. ``mapping`` has every column (header -> field key or None).
    """

    def __init__(
        self,
        columns: Sequence[str],
        options: ImportOptions,
        *,
        mapping: Mapping[str, str | None] | None = None,
        fixed_values: Mapping[str, str] | None = None,
        suggestions: Sequence[_suggest.Suggestion] = (),
    ) -> None:
        self._columns = list(columns)
        self._options = options
        self._suggestions = {s.column: s for s in suggestions}
        given = dict(mapping or {})
        self._mapping: dict[str, str | None] = {c: given.get(c) for c in self._columns}
        self._fixed: dict[str, str] = dict(fixed_values or {})

    @classmethod
    def suggested(cls, table: Table, options: ImportOptions) -> MappingDraft:
        """A draft with the automatic suggestions for ``table``."""
        suggestions = _suggest.suggest(table, options.target)
        return cls(
            table.columns,
            options,
            mapping=_suggest.as_mapping(suggestions),
            suggestions=suggestions,
        )

    # --- what it holds ---------------------------------------------------------------------

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    @property
    def options(self) -> ImportOptions:
        return self._options

    @property
    def target(self) -> Target:
        return self._options.target

    @property
    def match_field(self) -> MatchField:
        return self._options.match_field

    @property
    def mapping(self) -> dict[str, str | None]:
        """Header -> field key or None ("Don't import"), for every column."""
        return dict(self._mapping)

    @property
    def fixed_values(self) -> dict[str, str]:
        """Field key -> the text every row gets."""
        return dict(self._fixed)

    def suggestion(self, column: str) -> _suggest.Suggestion | None:
        """The automatic suggestion for ``column`` (None when the draft was not suggested)."""
        return self._suggestions.get(column)

    def allowed_fields(self) -> list[fields.Field]:
        """The fields of the target, in catalog order."""
        return fields.fields_for(self.target)

    def mapped_fields(self) -> set[str]:
        """The field keys some column goes into."""
        return {k for k in self._mapping.values() if k}

    def is_mapped(self, key: str) -> bool:
        """Whether a column or a fixed value gives field ``key``."""
        return key in self.mapped_fields() or bool(self._fixed.get(key))

    # --- changes ---------------------------------------------------------------------------

    def set_options(self, options: ImportOptions) -> None:
        """Other options (e.g. the match field changed on the Target page); mapping kept."""
        self._options = options

    def use_suggestions(self) -> None:
        """Back to the automatic suggestions (no column when there are none)."""
        self._mapping = {
            c: (s.field if (s := self._suggestions.get(c)) is not None else None)
            for c in self._columns
        }

    def replace(self, mapping: Mapping[str, str | None]) -> None:
        """Use these choices (e.g. of an interrupted import); fields of another target go."""
        allowed = {f.key for f in self.allowed_fields()}
        self._mapping = {
            c: (k if (k := mapping.get(c)) in allowed else None) for c in self._columns
        }

    def assign(self, column: str, key: str | None) -> list[Note]:
        """Send ``column`` (found as in ``find_column``) into ``key`` (None: don't import).

        The field is taken away from any other column that had it; the notes say so.
        """
        found = find_column(self._columns, column)
        notes: list[Note] = []
        params: dict[str, object]
        if key is not None:
            for other, other_key in self._mapping.items():
                if other_key == key and other != found:
                    self._mapping[other] = None
                    params = {"column": other, "field": key, "source": found}
                    notes.append(Note(NoteCode.FIELD_MOVED, params))
        self._mapping[found] = key
        return notes

    def set_fixed(self, key: str, text: str) -> None:
        """Every row gets ``text`` (trimmed) for field ``key``; an empty text removes it."""
        value = text.strip()
        if value:
            self._fixed[key] = value
        else:
            self._fixed.pop(key, None)

    def remove_fixed(self, key: str) -> None:
        self._fixed.pop(key, None)

    def apply_profile(self, profile: _profiles.Profile) -> ProfileApplied:
        """Use the profile's columns and fixed values, fitted to this file and target."""
        chosen = profile.mapping_for(self._columns)
        fixed = dict(profile.fixed_values)
        notes: list[Note] = []
        params: dict[str, object]
        target = self.target
        if profile.target is not target:
            notes.append(
                Note(
                    NoteCode.PROFILE_OTHER_TARGET,
                    {
                        "profile": profile.name,
                        "profile_target": profile.target.value,
                        "target": target.value,
                    },
                )
            )
            allowed = {f.key for f in fields.fields_for(target)}
            dropped = tuple(c for c, k in chosen.items() if k is not None and k not in allowed)
            for column in dropped:
                chosen[column] = None
            if dropped:
                params = {"target": target.value, "columns": dropped}
                notes.append(Note(NoteCode.PROFILE_COLUMNS_DROPPED, params))
            left_out = tuple(k for k in fixed if k not in allowed)
            for key in left_out:
                del fixed[key]
            if left_out:
                params = {"target": target.value, "fields": left_out}
                notes.append(Note(NoteCode.PROFILE_FIXED_DROPPED, params))
        missing = tuple(_profiles.ProfileStore.missing_columns(profile, self._columns))
        if missing:
            params = {"profile": profile.name, "columns": missing}
            notes.append(Note(NoteCode.PROFILE_COLUMNS_MISSING, params))
        self._mapping = {c: chosen.get(c) for c in self._columns}
        self._fixed = fixed
        return ProfileApplied(
            notes=tuple(notes),
            missing_columns=missing,
            other_target=profile.target if profile.target is not target else None,
            other_mode=profile.mode if profile.mode is not self._options.mode else None,
            other_match_field=(
                profile.match_field if profile.match_field is not self.match_field else None
            ),
        )

    # --- what is wrong ---------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """What stops the mapping from being used (errors first), then warnings."""
        return mapping_problems(self._mapping, self._fixed, self.target, self.match_field)

    def errors(self) -> list[Problem]:
        """The problems that stop the mapping from being used."""
        return [p for p in self.problems() if p.severity is Severity.ERROR]

    def is_complete(self) -> bool:
        """Whether the mapping can be used: no errors."""
        return not self.errors()
