"""What an import would do in PlanDocket, asked before sending: a prediction per row.

Contract: ``plan(client, validation) -> PreviewPlan`` (the cheaper way to ask and its cost in
requests, estimated from the first page; ``needs_confirmation`` under an hourly limit),
``run_preview(client, validation, plan) -> Preview`` (``rows`` of ``RowPreview`` with
``action`` create/update/skip/conflict/not_sent, ``changes`` field -> (old, new), ``kept``
fields; ``counts()``; ``as_json()``; ``row_at(index)``; ``action_codes(n)`` by ``ACTIONS``),
``Action``, ``reason_text``, ``CANCELLED``. Requests are retried like undo's lookups.
Words for people (wizard and command line): ``ACTION_LABELS``, ``field_label``,
``value_text``, ``change_text``, ``changes_text``, ``row_line``.
"""

from plandocket_desktop.core.preview._preview import (
    ACTIONS,
    CANCELLED,
    SEARCH_LIMIT,
    Action,
    Preview,
    PreviewPlan,
    RowPreview,
    plan,
    reason_text,
    run_preview,
)
from plandocket_desktop.core.preview._texts import (
    ACTION_LABELS,
    change_text,
    changes_text,
    field_label,
    row_line,
    value_text,
)

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "CANCELLED",
    "SEARCH_LIMIT",
    "Action",
    "Preview",
    "PreviewPlan",
    "RowPreview",
    "change_text",
    "changes_text",
    "field_label",
    "plan",
    "reason_text",
    "row_line",
    "run_preview",
    "value_text",
]
