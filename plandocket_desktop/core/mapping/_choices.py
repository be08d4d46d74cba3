"""From a profile, explicit options and column assignments to what one import uses.

``resolve`` is the one place that decides the import options, the mapping (header -> field
key) and the fixed values for a file: an explicit choice beats the profile, the profile beats
the defaults, and without a profile the columns are mapped automatically. Explicit column
assignments come last; a field assigned to a column is taken away from any other column, so
a field never comes from two columns. What the user should know (a profile for another
target, columns the profile expects but the file lacks, a field moved away from a column)
comes back as plain sentences in ``Choices.notes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import ConfigurationError
from plandocket_desktop.core.mapping import _profiles as profiles
from plandocket_desktop.core.mapping import _suggest as mapping
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Target


@dataclass
class Choices:
    """What one import of one file uses, and what the user should be told about it."""

    options: ImportOptions
    mapping: dict[str, str | None]  # every column of the file -> field key or None
    fixed_values: dict[str, str] = field(default_factory=dict)  # field key -> raw text
    notes: list[str] = field(default_factory=list)  # plain sentences, warnings


def _header_key(header: str) -> str:
    return " ".join(header.split()).casefold()


def _listed(items: Iterable[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


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
            f"The file has several columns like '{header}': {_listed(found)}. "
            "Give the name exactly as in the file."
        )
    raise ConfigurationError(f"The file has no column '{header}'. Its columns: {_listed(columns)}.")


def field_key(text: str, target: Target) -> str | None:
    """The field key ``text`` names for ``target`` (case and spacing ignored); None if empty.

    ConfigurationError, listing the fields of ``target``, when it is not one of them.
    """
    key = text.strip().lower()
    if not key:
        return None
    known = [f.key for f in fields.fields_for(target)]
    if key in fields.BY_KEY and key not in known:
        raise ConfigurationError(
            f"{fields.get(key).label_en} cannot be imported for {target.value}. "
            f"Fields: {', '.join(known)}."
        )
    if key not in known:
        raise ConfigurationError(
            f"'{text.strip()}' is not a PlanDocket field. Fields: {', '.join(known)}."
        )
    return key


def assign(
    chosen: dict[str, str | None], header: str, key: str | None, *, columns: Sequence[str]
) -> list[str]:
    """Map column ``header`` (found as in ``find_column``) to ``key`` (None: don't import).

    The field is taken away from any other column that had it. Returns notes about that.
    """
    column = find_column(columns, header)
    notes: list[str] = []
    if key is not None:
        for other, other_key in chosen.items():
            if other_key == key and other != column:
                chosen[other] = None
                notes.append(
                    f"Column '{other}' is not imported now: {fields.get(key).label_en} "
                    f"comes from '{column}'."
                )
    chosen[column] = key
    return notes


def resolve(
    table: Table,
    *,
    profile: profiles.Profile | None = None,
    target: Target | None = None,
    mode: Mode | None = None,
    match_field: MatchField | None = None,
    skip_on_error: bool | None = None,
    create_contacts: bool | None = None,
    event_key: str | None = None,
    assignments: Sequence[tuple[str, str]] = (),
) -> Choices:
    """Options, mapping, fixed values and notes for ``table``.

    Args:
        profile: a saved profile; its options fill what is not given, its mapping is used
            instead of the automatic one.
        target, mode, match_field, skip_on_error, create_contacts: explicit choices; None
            takes the profile's, else the default (contacts, create, email, yes, yes).
        assignments: (header, field text) pairs applied last, in order; an empty field
            text means "don't import" (see ``assign`` and ``field_key``).
    """
    notes: list[str] = []
    base = profile.options() if profile is not None else ImportOptions()
    chosen_target = target or base.target
    options = ImportOptions(
        target=chosen_target,
        mode=mode or base.mode,
        match_field=match_field or base.match_field,
        skip_on_error=base.skip_on_error if skip_on_error is None else skip_on_error,
        event_key=event_key,
        create_contacts=base.create_contacts if create_contacts is None else create_contacts,
    )
    if profile is None:
        chosen = mapping.as_mapping(mapping.suggest(table, chosen_target))
        fixed: dict[str, str] = {}
    else:
        chosen, fixed = _from_profile(profile, table.columns, chosen_target, notes)
    for header, text in assignments:
        key = field_key(text, chosen_target)
        notes.extend(assign(chosen, header, key, columns=table.columns))
    return Choices(options=options, mapping=chosen, fixed_values=fixed, notes=notes)


def _from_profile(
    profile: profiles.Profile, columns: Sequence[str], target: Target, notes: list[str]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """The profile's mapping and fixed values for ``columns``, fitted to ``target``."""
    chosen = profile.mapping_for(columns)
    fixed = dict(profile.fixed_values)
    if profile.target is not target:
        notes.append(
            f"Profile '{profile.name}' is for {profile.target.value}; "
            f"its mapping is used for {target.value}."
        )
        allowed = {f.key for f in fields.fields_for(target)}
        dropped = [c for c, k in chosen.items() if k is not None and k not in allowed]
        for column in dropped:
            chosen[column] = None
        if dropped:
            notes.append(
                f"These columns are not imported, {target.value} have no such field: "
                f"{_listed(dropped)}."
            )
        left_out = [k for k in fixed if k not in allowed]
        for key in left_out:
            del fixed[key]
        if left_out:
            notes.append(
                f"These fixed values are left out, {target.value} have no such field: "
                f"{', '.join(left_out)}."
            )
    missing = profiles.ProfileStore.missing_columns(profile, columns)
    if missing:
        notes.append(f"The file lacks columns of profile '{profile.name}': {_listed(missing)}.")
    return chosen, fixed
