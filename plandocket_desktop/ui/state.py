"""What the wizard's pages share: the draft and what the core produced from it so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plandocket_desktop.core.types import ImportDraft

if TYPE_CHECKING:
    from plandocket_desktop.core.api import PlandocketClient
    from plandocket_desktop.core.importing import ImportReport, JournalEntry
    from plandocket_desktop.core.types import Table
    from plandocket_desktop.core.validation import ValidationResult
    from plandocket_desktop.sandbox.server import SandboxServer


@dataclass
class WizardState:
    """One per wizard. Pages read it in ``initializePage()`` and write it in ``validatePage()``.

    The core's types are imported for type checking only, so that importing the UI stays
    cheap; pages import the core packages they use lazily.
    """

    draft: ImportDraft = field(default_factory=ImportDraft)
    api_key: str | None = None  # in memory only; never written anywhere
    client: PlandocketClient | None = None  # built on the Connect page
    sandbox: SandboxServer | None = None  # in practice mode
    missing_scopes: tuple[str, ...] = ()  # scopes the key lacks, from the connection check
    table: Table | None = None  # set by the File page
    validation: ValidationResult | None = None  # set by the Review page
    report: ImportReport | None = None  # set by the Import page
    resume_journal: JournalEntry | None = None  # an interrupted import offered at start
