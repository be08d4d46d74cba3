"""The sandbox's ASGI app: PlanDocket's /api/v1 endpoints plus the /_sandbox admin endpoints."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Scope

from plandocket_desktop import __version__
from plandocket_desktop.sandbox import faults, records, stats, store

ALL_SCOPES = frozenset({"contacts", "participants", "events"})
MAX_BODY_BYTES = 10 * 1024 * 1024
# Beyond this a request body is no longer read to the end before answering 413.
_DRAIN_LIMIT = 64 * 1024 * 1024


@dataclass
class SandboxState:
    """What the app serves: the tenant's data, the keys with their scopes, the faults, and
    the counters of what it received."""

    store: store.Store
    keys: dict[str, frozenset[str]]
    injector: faults.FaultInjector
    demo: bool
    stats: stats.RequestStats = field(default_factory=stats.RequestStats)

    def reset(self) -> None:
        """Demo data back (or an empty tenant), faults off, counters at zero."""
        self.store.wipe()
        if self.demo:
            self.store.seed_demo()
        self.injector.configure({}, replace=True)
        self.stats.reset()


class ApiAnswerError(Exception):
    """An error answer: ``status`` with a JSON ``body`` (and optional headers)."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(body.get("error", ""))
        self.status = status
        self.body = body
        self.headers = dict(headers or {})


def _invalid(errors: dict[str, list[str]]) -> ApiAnswerError:
    return ApiAnswerError(422, {"error": "Validation failed", "errors": errors})


def _key_from(headers: Mapping[str, str], query: Mapping[str, list[str]]) -> str | None:
    auth = headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    if headers.get("x-api-key", "").strip():
        return headers["x-api-key"].strip()
    values = query.get("api_key")
    return values[0] if values else None


def _authorize(state: SandboxState, request: Request, scope_name: str) -> str:
    query = {k: request.query_params.getlist(k) for k in request.query_params}
    key = _key_from(request.headers, query)
    challenge = {"WWW-Authenticate": "Bearer"}
    if not key:
        raise ApiAnswerError(401, {"error": "Unauthenticated: no API key was sent."}, challenge)
    scopes = state.keys.get(key)
    if scopes is None:
        body = {"error": "Unauthenticated: the API key is not valid."}
        raise ApiAnswerError(401, body, challenge)
    if scope_name not in scopes:
        raise ApiAnswerError(
            403, {"error": f"Missing scope: {scope_name}", "missing_scope": scope_name}
        )
    return key


def known_key_of(state: SandboxState) -> Any:
    """For the fault middleware: the request's key when it is a valid one."""

    def key_of(scope: Scope) -> str | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        key = _key_from(headers, query)
        return key if key in state.keys else None

    return key_of


async def _json_body(request: Request) -> Any:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > _DRAIN_LIMIT:
        raise ApiAnswerError(413, {"error": "Request body too large (at most 10 MB)."})
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > _DRAIN_LIMIT:
            break
        if size <= MAX_BODY_BYTES:
            chunks.append(chunk)
    if size > MAX_BODY_BYTES:
        raise ApiAnswerError(413, {"error": "Request body too large (at most 10 MB)."})
    try:
        return json.loads(b"".join(chunks))
    except (ValueError, UnicodeDecodeError):
        raise _invalid({"body": ["The request body must be valid JSON."]}) from None


def _flag(
    params: Mapping[str, Any], name: str, default: bool, errors: dict[str, list[str]]
) -> bool:
    value = params.get(name)
    if value is None:
        return default
    parsed = records.parse_bool(value)
    if parsed is None:
        errors[name] = [f"The {name} field must be true or false."]
        return default
    return parsed


def _bulk_params(body: Any, participants: bool) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _invalid({"body": ["The request body must be a JSON object."]})
    errors: dict[str, list[str]] = {}
    items = body.get("records")
    if items is None:
        errors["records"] = ["The records field is required."]
    elif not isinstance(items, list):
        errors["records"] = ["The records field must be an array."]
    elif not items:
        errors["records"] = ["The records field must contain at least one record."]
    elif len(items) > records.MAX_RECORDS:
        errors["records"] = [f"At most 1,000 records per request ({len(items):,} sent)."]
    params: dict[str, Any] = {"items": items}
    for name, allowed in (("mode", records.MODES), ("match_field", records.MATCH_FIELDS)):
        value = body.get(name)
        if value is None:
            params[name] = allowed[0]
        elif value not in allowed:
            errors[name] = [f"The selected {name} is invalid (use {' or '.join(allowed)})."]
        else:
            params[name] = value
    params["skip_on_error"] = _flag(body, "skip_on_error", True, errors)
    mapping = body.get("field_mapping")
    if mapping is not None and not (
        isinstance(mapping, dict)
        and all(isinstance(v, str) and v.strip() for v in mapping.values())
    ):
        errors["field_mapping"] = ["The field_mapping field must map field names to field names."]
    params["field_mapping"] = mapping or None
    if participants:
        event_key = body.get("event_key")
        if event_key is None or (isinstance(event_key, str) and not event_key.strip()):
            errors["event_key"] = ["The event_key field is required."]
        elif not isinstance(event_key, str):
            errors["event_key"] = ["The event_key field must be text."]
        else:
            params["event_key"] = event_key.strip()
        params["create_contacts"] = _flag(body, "create_contacts", True, errors)
    if errors:
        raise _invalid(errors)
    return params


def _sort_and_order(
    request: Request, default: str, allowed: Sequence[str], documented: Sequence[str]
) -> tuple[str, str]:
    """A list's ``sort`` and ``order`` parameters, or a 422 naming what is allowed."""
    sort = request.query_params.get("sort") or default
    order = (request.query_params.get("order") or "ASC").upper()
    errors: dict[str, list[str]] = {}
    if sort not in allowed:
        errors["sort"] = [f"The sort must be one of: {', '.join(documented)}."]
    if order not in ("ASC", "DESC"):
        errors["order"] = ["The order must be ASC or DESC."]
    if errors:
        raise _invalid(errors)
    return sort, order


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    if not text.strip().isdigit() or not low <= int(text) <= high:
        raise _invalid({name: [f"The {name} must be a whole number from {low} to {high}."]})
    return int(text)


def _bool_param(request: Request, name: str) -> bool | None:
    text = request.query_params.get(name)
    if text is None or text == "":
        return None
    parsed = records.parse_bool(text)
    if parsed is None:
        raise _invalid({name: [f"The {name} parameter must be 1 or 0."]})
    return parsed


def _id_of(text: str) -> int:
    """A path's id; 404 for anything that cannot be one (as a missing record)."""
    if not text.isdigit() or len(text) > 18:
        raise ApiAnswerError(404, {"error": "Not found"})
    return int(text)


def _paginated(request: Request, total: int, page: int, per_page: int) -> dict[str, Any]:
    """Laravel-style ``meta`` and ``links`` for one page of a list."""
    last_page = max(1, -(-total // per_page))

    def link(number: int) -> str:
        return str(request.url.include_query_params(page=number, per_page=per_page))

    meta = {
        "current_page": page,
        "page": page,
        "per_page": per_page,
        "last_page": last_page,
        "total": total,
    }
    links = {
        "first": link(1),
        "last": link(last_page),
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < last_page else None,
    }
    return {"meta": meta, "links": links}


def create_app(state: SandboxState) -> ASGIApp:
    """The FastAPI app for ``state``, wrapped in the fault middleware, wrapped in the counting."""
    api = FastAPI(
        title="PlanDocket sandbox",
        version=__version__,
        description="A practice copy of PlanDocket's REST API (bulk import, contacts, events).",
    )

    @api.exception_handler(ApiAnswerError)
    async def _problem(_request: Request, exc: ApiAnswerError) -> JSONResponse:
        return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)

    @api.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "Not found", 405: "Method not allowed"}
        message = messages.get(exc.status_code, str(exc.detail))
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)

    @api.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors: dict[str, list[str]] = {}
        for item in exc.errors():
            errors.setdefault(str(item.get("loc", ["body"])[-1]), []).append(str(item.get("msg")))
        return JSONResponse({"error": "Validation failed", "errors": errors}, status_code=422)

    @api.get("/", include_in_schema=False)
    async def index() -> dict[str, Any]:
        return {"name": "PlanDocket sandbox", "api": "/api/v1", "docs": "/docs"}

    @api.get("/api/v1/events")
    async def list_events(request: Request) -> dict[str, Any]:
        _authorize(state, request, "events")
        sort, order = _sort_and_order(request, "date_from", store.EVENT_SORTS, store.EVENT_SORTS)
        data = state.store.events(
            search=request.query_params.get("search") or None,
            visible=_bool_param(request, "visible"),
            upcoming=bool(_bool_param(request, "upcoming")),
            sort=sort,
            order=order,
        )
        return {"data": data}

    @api.get("/api/v1/contacts")
    async def list_contacts(request: Request) -> dict[str, Any]:
        _authorize(state, request, "contacts")
        page = _int_param(request, "page", 1, 1, 1_000_000)
        per_page = _int_param(request, "per_page", 25, 1, 100)
        # "id" is accepted too (the default) but not among the documented choices.
        sort, order = _sort_and_order(request, "id", store.CONTACT_SORTS, store.CONTACT_SORTS[1:])
        filters = {
            name: request.query_params.get(name) or None
            for name in ("search", "event_key", "customer_number", "category_key")
        }
        total = state.store.count_contacts(**filters)
        data = state.store.contacts(**filters, sort=sort, order=order, page=page, per_page=per_page)
        return {"data": data, **_paginated(request, total, page, per_page)}

    @api.post("/api/v1/contacts", status_code=201)
    async def create_contact(request: Request) -> dict[str, Any]:
        _authorize(state, request, "contacts")
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise _invalid({"body": ["The request body must be a JSON object."]})
        try:
            contact = state.store.create_contact(body)
        except records.RecordError as exc:
            raise _invalid({"record": [str(exc)]}) from None
        stats.note_applied(request.scope)
        return {"data": contact}

    @api.get("/api/v1/contacts/{contact_id}")
    async def get_contact(request: Request, contact_id: str) -> dict[str, Any]:
        _authorize(state, request, "contacts")
        contact = state.store.contact(_id_of(contact_id))
        if contact is None:
            raise ApiAnswerError(404, {"error": "Contact not found"})
        return {"data": contact}

    async def change_contact(request: Request, contact_id: str, replace: bool) -> dict[str, Any]:
        _authorize(state, request, "contacts")
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise _invalid({"body": ["The request body must be a JSON object."]})
        try:
            contact = state.store.update_contact(_id_of(contact_id), body, replace=replace)
        except records.RecordError as exc:
            raise _invalid({"record": [str(exc)]}) from None
        if contact is None:
            raise ApiAnswerError(404, {"error": "Contact not found"})
        stats.note_applied(request.scope)
        return {"data": contact}

    @api.put("/api/v1/contacts/{contact_id}")
    async def put_contact(request: Request, contact_id: str) -> dict[str, Any]:
        return await change_contact(request, contact_id, True)

    @api.patch("/api/v1/contacts/{contact_id}")
    async def patch_contact(request: Request, contact_id: str) -> dict[str, Any]:
        return await change_contact(request, contact_id, False)

    @api.delete("/api/v1/contacts/{contact_id}", status_code=204)
    async def delete_contact(request: Request, contact_id: str) -> Response:
        _authorize(state, request, "contacts")
        if not state.store.delete_contact(_id_of(contact_id)):
            raise ApiAnswerError(404, {"error": "Contact not found"})
        stats.note_applied(request.scope)
        return Response(status_code=204)

    @api.get("/api/v1/participants")
    async def list_participants(request: Request) -> dict[str, Any]:
        _authorize(state, request, "participants")
        event_key = (request.query_params.get("event_key") or "").strip()
        if not event_key:
            raise _invalid({"event_key": ["The event_key field is required."]})
        if state.store.event_id(event_key) is None:
            raise ApiAnswerError(404, {"error": "Event not found"})
        page = _int_param(request, "page", 1, 1, 1_000_000)
        per_page = _int_param(request, "per_page", 25, 1, 100)
        total = state.store.count_participants(event_key)
        data = state.store.participants(event_key, page=page, per_page=per_page)
        return {"data": data, **_paginated(request, total, page, per_page)}

    @api.get("/api/v1/participants/{participant_id}")
    async def get_participant(request: Request, participant_id: str) -> dict[str, Any]:
        _authorize(state, request, "participants")
        found = state.store.participant(_id_of(participant_id))
        if found is None:
            raise ApiAnswerError(404, {"error": "Participant not found"})
        return {"data": found}

    @api.delete("/api/v1/participants/{participant_id}", status_code=204)
    async def delete_participant(request: Request, participant_id: str) -> Response:
        _authorize(state, request, "participants")
        if not state.store.delete_participant(_id_of(participant_id)):
            raise ApiAnswerError(404, {"error": "Participant not found"})
        stats.note_applied(request.scope)
        return Response(status_code=204)

    async def bulk(request: Request, target: str) -> JSONResponse:
        _authorize(state, request, target)
        params = _bulk_params(await _json_body(request), target == "participants")
        try:
            outcome = state.store.bulk_import(target, params.pop("items"), **params)
        except store.EventNotFoundError:
            raise ApiAnswerError(404, {"error": "Event not found"}) from None
        body = outcome.as_response()
        if outcome.rolled_back:
            failed = len(outcome.errors)
            body = {
                "error": "Validation failed",
                "message": f"{failed} of {outcome.total} records failed; nothing was imported.",
                **body,
            }
            return JSONResponse(body, status_code=422)
        stats.note_applied(request.scope)
        return JSONResponse(body)

    @api.post("/api/v1/bulk-import/contacts")
    async def bulk_contacts(request: Request) -> JSONResponse:
        return await bulk(request, "contacts")

    @api.post("/api/v1/bulk-import/participants")
    async def bulk_participants(request: Request) -> JSONResponse:
        return await bulk(request, "participants")

    @api.get("/_sandbox/faults")
    async def get_faults() -> dict[str, Any]:
        return state.injector.settings.as_dict()

    @api.post("/_sandbox/faults")
    async def set_faults(request: Request) -> dict[str, Any]:
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise _invalid({"body": ["The request body must be a JSON object."]})
        try:
            return state.injector.configure(body).as_dict()
        except faults.FaultSettingsError as exc:
            raise _invalid(exc.problems) from None

    @api.delete("/_sandbox/faults")
    async def clear_faults() -> dict[str, Any]:
        return state.injector.configure({}, replace=True).as_dict()

    @api.get("/_sandbox/stats")
    async def get_stats() -> dict[str, Any]:
        return state.stats.snapshot()

    @api.delete("/_sandbox/stats")
    async def clear_stats() -> dict[str, Any]:
        state.stats.reset()
        return state.stats.snapshot()

    @api.post("/_sandbox/reset")
    async def reset() -> dict[str, Any]:
        state.reset()
        return {"reset": True}

    injected = faults.FaultMiddleware(api, state.injector, known_key_of(state))
    return stats.StatsMiddleware(injected, state.stats, MAX_BODY_BYTES)
