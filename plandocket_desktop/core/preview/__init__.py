"""What an import would do in PlanDocket, asked before sending: a prediction per row.

Contract: ``plan(client, validation) -> PreviewPlan`` (the cheaper way to ask and its cost in
requests, estimated from the first page; ``needs_confirmation`` under an hourly limit),
``run_preview(client, validation, plan) -> Preview`` (``rows`` of ``RowPreview`` with
``action`` create/update/skip/conflict/not_sent, ``changes`` field -> (old, new), ``kept``
fields; ``counts()``; ``as_json()``; ``row_at(index)``; ``action_codes(n)`` by ``ACTIONS``),
``Action``, ``reason_text``, ``CANCELLED``. Requests are retried like undo's lookups.
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

__all__ = [
    "ACTIONS",
    "CANCELLED",
    "SEARCH_LIMIT",
    "Action",
    "Preview",
    "PreviewPlan",
    "RowPreview",
    "plan",
    "reason_text",
    "run_preview",
]
