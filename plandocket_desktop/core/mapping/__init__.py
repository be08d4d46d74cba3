"""Which column goes to which PlanDocket field: suggestions, saved profiles, the user's choices.

Contract: ``suggest(table, target) -> list[Suggestion]``, ``as_mapping(suggestions)``;
``Profile`` and ``ProfileStore``; ``resolve(...) -> Choices`` (profile + flags + ``--map``).
"""

from plandocket_desktop.core.mapping._choices import Choices, resolve
from plandocket_desktop.core.mapping._profiles import Profile, ProfileStore
from plandocket_desktop.core.mapping._suggest import Suggestion, as_mapping, suggest

__all__ = ["Choices", "Profile", "ProfileStore", "Suggestion", "as_mapping", "resolve", "suggest"]
