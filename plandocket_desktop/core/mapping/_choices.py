"""From a profile, explicit options and column assignments to what one import uses.

``resolve`` is the one place that decides the import options, the mapping (header -> field
key) and the fixed values for a file from the command line's flags: an explicit choice beats
the profile, the profile beats the defaults, and without a profile the columns are mapped
automatically. The mapping rules themselves (a field comes from one column only, fitting a
profile to the file) are ``MappingDraft``'s; what the user should know comes back as plain
sentences in ``Choices.notes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import ConfigurationError
from plandocket_desktop.core.mapping import _profiles as profiles
from plandocket_desktop.core.mapping._draft import MappingDraft, find_column
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Target
from plandocket_desktop.i18n import N_, _

__all__ = ["Choices", "field_key", "find_column", "resolve"]

_OTHER_TARGET = {
    Target.CONTACTS: N_("{field} cannot be imported for contacts. Fields: {fields}."),
    Target.PARTICIPANTS: N_("{field} cannot be imported for participants. Fields: {fields}."),
}


@dataclass
class Choices:
    """What one import of one file uses, and what the user should be told about it."""

    options: ImportOptions
    mapping: dict[str, str | None]  # every column of the file -> field key or None
    fixed_values: dict[str, str] = field(default_factory=dict)  # field key -> raw text
    notes: list[str] = field(default_factory=list)  # plain sentences, warnings


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
            _(_OTHER_TARGET[target]).format(field=fields.get(key).label, fields=", ".join(known))
        )
    if key not in known:
        raise ConfigurationError(
            _("'{text}' is not a PlanDocket field. Fields: {fields}.").format(
                text=text.strip(), fields=", ".join(known)
            )
        )
    return key


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
            text means "don't import" (see ``MappingDraft.assign`` and ``field_key``).
    """
    base = profile.options() if profile is not None else ImportOptions()
    options = ImportOptions(
        target=target or base.target,
        mode=mode or base.mode,
        match_field=match_field or base.match_field,
        skip_on_error=base.skip_on_error if skip_on_error is None else skip_on_error,
        event_key=event_key,
        create_contacts=base.create_contacts if create_contacts is None else create_contacts,
    )
    notes: list[str] = []
    if profile is None:
        draft = MappingDraft.suggested(table, options)
    else:
        draft = MappingDraft(table.columns, options)
        notes.extend(note.message for note in draft.apply_profile(profile).notes)
    for header, text in assignments:
        key = field_key(text, options.target)
        notes.extend(note.message for note in draft.assign(header, key))
    return Choices(
        options=options, mapping=draft.mapping, fixed_values=draft.fixed_values, notes=notes
    )
