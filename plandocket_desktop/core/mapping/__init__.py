"""Which column goes to which PlanDocket field: suggestions, saved profiles, the user's choices.

Contract: ``suggest(table, target) -> list[Suggestion]``, ``as_mapping(suggestions)``,
``prepare(table)`` (samples the values ``suggest`` looks at, ahead, on the reading thread);
``MappingDraft`` (assign a column, apply a profile, fixed values, ``problems()``) with its
``Problem``/``Note``/``ProfileApplied`` results and ``mapping_problems(...)`` for choices held
elsewhere; ``Profile`` and ``ProfileStore``; ``resolve(...) -> Choices`` (profile + flags +
``--map``).
"""

from plandocket_desktop.core.mapping._choices import Choices, resolve
from plandocket_desktop.core.mapping._draft import MappingDraft, ProfileApplied
from plandocket_desktop.core.mapping._problems import (
    Note,
    NoteCode,
    Problem,
    ProblemCode,
    Severity,
    mapping_problems,
)
from plandocket_desktop.core.mapping._profiles import Profile, ProfileStore
from plandocket_desktop.core.mapping._suggest import Suggestion, as_mapping, prepare, suggest

__all__ = [
    "Choices",
    "MappingDraft",
    "Note",
    "NoteCode",
    "Problem",
    "ProblemCode",
    "Profile",
    "ProfileApplied",
    "ProfileStore",
    "Severity",
    "Suggestion",
    "as_mapping",
    "mapping_problems",
    "prepare",
    "resolve",
    "suggest",
]
