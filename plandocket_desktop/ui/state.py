"""What the wizard's pages share: the draft and what the core produced from it so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from plandocket_desktop.core.types import ImportDraft

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Table


@dataclass
class WizardState:
    """One per wizard. Pages read it in ``initializePage()`` and write it in ``validatePage()``.

    Heavy core objects are typed loosely here so that importing the UI stays cheap; pages
    import the core modules they use lazily.
    """

    draft: ImportDraft = field(default_factory=ImportDraft)
    api_key: str | None = None  # in memory only; never written anywhere
    client: Any = None  # core.client.PlandocketClient, built on the Connect page
    sandbox: Any = None  # sandbox.server.SandboxServer in practice mode
    missing_scopes: tuple[str, ...] = ()  # scopes the key lacks, from the connection check
    table: Table | None = None  # set by the File page
    validation: Any = None  # core.validation.ValidationResult, set by the Review page
    report: Any = None  # core.job.ImportReport, set by the Import page
    resume_journal: Any = None  # core.journal entry offered for resuming at start
