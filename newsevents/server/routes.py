"""The read-only routes: events, dyads and actors under /api, the dashboard and the docs page.

Handlers reach the store through `request.app.state.store` (server/store.py)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response

from newsevents.server import queries
from newsevents.server.params import MAX_LIMIT, DyadQuery, EventQuery, openapi_parameters, parse
from newsevents.store.analytics import period_label

try:
    import orjson
except ImportError:  # optional: the standard library's json gives the same document, slower
    orjson = None

STATIC = Path(__file__).parent / "static"
router = APIRouter()


def json_bytes(data: dict) -> bytes:
    if orjson is not None:
        return orjson.dumps(data)
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def json_response(data: dict) -> Response:
    """A JSON response from plain data (skips FastAPI's per-field encoder on the hot paths)."""
    return Response(json_bytes(data), media_type="application/json")


def _indexed_blocking(store, raw: bool, fn):
    with store.index(raw) as index:
        return fn(index)


async def indexed(request: Request, raw: bool, fn):
    """Run fn on the in-memory index inline (about a millisecond: cheaper than a thread hop), or in a
    worker thread while an ingest holds the store, so the event loop never waits on the lock."""
    store = request.app.state.store
    index = store.try_index(raw)
    if index is None:
        return await run_in_threadpool(_indexed_blocking, store, raw, fn)
    try:
        return fn(index)
    finally:
        store.release()


@router.get("/", include_in_schema=False)
def dashboard() -> FileResponse:
    return FileResponse(STATIC / "index.html")


@router.get("/docs", include_in_schema=False)
def docs() -> FileResponse:
    return FileResponse(STATIC / "docs.html")


@router.get("/api/events", tags=["events"], openapi_extra=openapi_parameters(EventQuery))
async def events(request: Request) -> Response:
    """Merged events (or raw reports), newest first, filtered and paged."""
    query = parse(EventQuery, request)
    f = query.filter()
    return json_response(await indexed(request, f.raw, lambda index: index.page(f, query.limit, query.offset)))


@router.get("/api/events/{event_id}", tags=["events"])
def event(event_id: str, request: Request) -> dict:
    """An event with its evidence sentences, offsets, `why`, articles and the reports merged into it."""
    if not event_id.isalnum() or len(event_id) > 64:
        raise HTTPException(404, "no such event")
    with request.app.state.store.cursor() as cur:
        found = queries.event_detail(cur, event_id)
    if found is None:
        raise HTTPException(404, "no such event")
    return found


@router.get("/api/dyads", tags=["dyads"])
def dyads(request: Request, limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)) -> dict:
    """Country pairs with the most merged events (either direction)."""
    with request.app.state.store.cursor() as cur:
        return queries.top_dyads(cur, limit, offset)


@router.get("/api/dyads/{a}/{b}", tags=["dyads"], openapi_extra=openapi_parameters(DyadQuery, ("a", "b")))
async def dyad(request: Request) -> Response:
    """Per period: counts per quad class and PLOVER type, Goldstein sum, cooperation-conflict index."""
    query = parse(DyadQuery, request)
    a, b = queries.actor_code(request.path_params["a"]), queries.actor_code(request.path_params["b"])

    def body(index) -> bytes:
        series, types = index.dyad(a, b, query.by, query.directed)
        labels = [_label(p["period"], query.by) for p in series]
        return json_bytes({"a": a, "b": b, "by": query.by, "directed": query.directed, "merged": not query.raw,
                           "series": series, "types": types, "labels": labels})

    # keyed by the index's serial number: an ingest builds a new index, so answers from before are not reused
    return Response(await indexed(request, query.raw, lambda index: request.app.state.dyad_cache.get(
        (index.serial, a, b, query.by, query.directed), lambda: body(index))), media_type="application/json")


@functools.lru_cache(maxsize=100_000)
def _label(period: str, by: str) -> str:
    """The label of a period ("2018-Q1"), each computed once."""
    return period_label(dt.date.fromisoformat(period), by)


@router.get("/api/actors", tags=["actors"])
def actors(request: Request,
           q: str = Query(..., min_length=1, max_length=100, description="Part of a name or code."),
           limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=1_000_000)) -> dict:
    """Actor codes whose code or mentions contain q."""
    with request.app.state.store.cursor() as cur:
        return queries.search_actors(cur, q, limit, offset)


@router.get("/api/actors/{code}", tags=["actors"])
def actor(code: str, request: Request, limit: int = Query(15, ge=1, le=100), raw: bool = False) -> dict:
    """An actor's partners and actions (as `newsevents top`)."""
    from newsevents.store.analytics import top_actions, top_partners

    code = queries.actor_code(code)
    with request.app.state.store.cursor() as cur:
        partners = top_partners(cur, code, limit, raw)
        actions = top_actions(cur, code, limit, raw)
    return {"code": code, "merged": not raw, "partners": queries.table_json(partners),
            "actions": queries.table_json(actions)}
