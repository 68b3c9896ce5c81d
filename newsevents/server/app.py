"""The FastAPI application: JSON API under /api, the dashboard at /, API docs at /docs."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from newsevents.server import queries
from newsevents.server.coding import Busy, Coder, TooSlow
from newsevents.server.security import Hardening, check_token, internal_error
from newsevents.server.store import Store
from newsevents.store.analytics import Period, period_label

STATIC = Path(__file__).parent / "static"
MAX_LIMIT = 500


@dataclass
class Settings:
    db: Path
    token: Optional[str] = None  # NEWSEVENTS_TOKEN: enables POST /api/ingest
    code_max_bytes: int = 200_000  # text posted to /api/code
    ingest_max_bytes: int = 5_000_000  # body of /api/ingest
    body_max_bytes: int = 64_000  # any other request body
    code_concurrency: int = 2
    code_timeout_s: float = 20.0
    cors_origins: list[str] = field(default_factory=list)  # empty: CORS off
    allowed_hosts: Optional[list[str]] = None  # Host headers accepted (None: any); see server/cli.py


class Flag(StrEnum):
    future = "future"
    hypothetical = "hypothetical"
    negated = "negated"
    historical = "historical"


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, description="The article text (at most 200 KB).")
    date: Optional[str] = Field(None, max_length=40, description="Publication date, e.g. 2024-03-13.")
    title: Optional[str] = Field(None, max_length=1000)
    alternatives: bool = Field(False, description="Also return low-confidence alternative dyads.")


class ArticleIn(BaseModel):
    id: Optional[str] = Field(None, max_length=200)
    text: str = Field(min_length=1)
    date: Optional[str] = Field(None, max_length=40)
    title: Optional[str] = Field(None, max_length=1000)
    url: Optional[str] = Field(None, max_length=2000)
    source: Optional[str] = Field(None, max_length=200)


class IngestRequest(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)


def _json(data: dict) -> Response:
    """A JSON response from plain data (skips FastAPI's per-field encoder on the hot paths)."""
    return Response(json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")),
                     media_type="application/json")


def create_app(settings: Settings) -> FastAPI:
    """The app over the store at settings.db (opened read-only now: a missing store raises StoreError)."""
    store = Store(settings.db)
    coder = Coder(settings.code_concurrency, settings.code_timeout_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        coder.close()
        store.close()

    app = FastAPI(lifespan=lifespan, title="newsevents",
                  summary="Political events coded from news: a read-only API over the store.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.store, app.state.coder, app.state.settings = store, coder, settings
    app.add_exception_handler(Exception, internal_error)

    @app.exception_handler(queries.BadRequest)
    async def bad_request(request: Request, exc: queries.BadRequest) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    def indexed_blocking(raw: bool, fn):
        with store.index(raw) as index:
            return fn(index)

    async def indexed(raw: bool, fn):
        """Run fn on the in-memory index inline (a few milliseconds: cheaper than a thread hop), or in a
        worker thread while an ingest holds the store, so the event loop never waits on the lock."""
        index = store.try_index(raw)
        if index is None:
            return await run_in_threadpool(indexed_blocking, raw, fn)
        try:
            return fn(index)
        finally:
            store.release()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/api/events", tags=["events"])
    async def events(
        actor: Optional[str] = Query(None, description="Country (CHN) or actor code (CHNGOV), either side."),
        source: Optional[str] = Query(None, description="Country or actor code as source."),
        target: Optional[str] = Query(None, description="Country or actor code as target."),
        dyad: Optional[str] = Query(None, description="Two codes, e.g. CHN,RUS."),
        directed: bool = Query(False, description="dyad: only the first acting on the second."),
        plover: Optional[str] = Query(None, max_length=40, description="PLOVER type, e.g. CONSULT."),
        cameo_root: Optional[str] = Query(None, description="CAMEO root, two digits, e.g. 04."),
        quad: Optional[int] = Query(None, ge=1, le=4, description="Quad class 1-4."),
        date_from: Optional[dt.date] = Query(None),
        date_to: Optional[dt.date] = Query(None, description="Inclusive."),
        min_confidence: Optional[float] = Query(None, ge=0, le=1),
        exclude: list[Flag] = Query([], description="Leave out events with these flags."),
        q: Optional[str] = Query(None, max_length=200, description="Words in the evidence sentence."),
        located: bool = Query(False, description="Only events with coordinates."),
        period: Optional[Period] = Query(None, description="Only events dated precisely enough to count in a "
                                         "period this long, as /api/dyads counts them (a year-only date is "
                                         "not counted in a month)."),
        raw: bool = Query(False, description="Every report instead of merged events."),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=10_000_000),
    ) -> Response:
        """Merged events (or raw reports), newest first, filtered and paged."""
        f = queries.EventFilter(actor, source, target, dyad, directed, plover, cameo_root, quad, date_from,
                                date_to, min_confidence, [x.value for x in exclude], q, raw, located,
                                period.value if period else None)
        return _json(await indexed(raw, lambda index: index.page(f, limit, offset)))

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: str) -> dict:
        """An event with its evidence sentences, offsets, `why`, articles and the reports merged into it."""
        if not event_id.isalnum() or len(event_id) > 64:
            raise HTTPException(404, "no such event")
        with store.cursor() as cur:
            found = queries.event_detail(cur, event_id)
        if found is None:
            raise HTTPException(404, "no such event")
        return found

    @app.get("/api/dyads", tags=["dyads"])
    def dyads(limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)) -> dict:
        """Country pairs with the most merged events (either direction)."""
        with store.cursor() as cur:
            return queries.top_dyads(cur, limit, offset)

    @app.get("/api/dyads/{a}/{b}", tags=["dyads"])
    async def dyad(a: str, b: str, by: Period = Period.month, directed: bool = False, raw: bool = False) -> Response:
        """Per period: counts per quad class and PLOVER type, Goldstein sum, cooperation-conflict index."""
        a, b = queries.actor_code(a), queries.actor_code(b)
        series, types = await indexed(raw, lambda index: index.dyad(a, b, by.value, directed))
        labels = [period_label(dt.date.fromisoformat(p["period"]), by.value) for p in series]
        return _json({"a": a, "b": b, "by": by.value, "directed": directed, "merged": not raw, "series": series,
                      "types": types, "labels": labels})

    @app.get("/api/actors", tags=["actors"])
    def actors(q: str = Query(..., min_length=1, max_length=100, description="Part of a name or code."),
               limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=1_000_000)) -> dict:
        """Actor codes whose code or mentions contain q."""
        with store.cursor() as cur:
            return queries.search_actors(cur, q, limit, offset)

    @app.get("/api/actors/{code}", tags=["actors"])
    def actor(code: str, limit: int = Query(15, ge=1, le=100), raw: bool = False) -> dict:
        """An actor's partners and actions (as `newsevents top`)."""
        from newsevents.store.analytics import top_actions, top_partners

        code = queries.actor_code(code)
        with store.cursor() as cur:
            partners = top_partners(cur, code, limit, raw)
            actions = top_actions(cur, code, limit, raw)
        return {"code": code, "merged": not raw, "partners": queries.table_json(partners),
                "actions": queries.table_json(actions)}

    @app.post("/api/code", tags=["coding"])
    def code(body: CodeRequest) -> dict:
        """Code posted text and return its events (nothing is stored)."""
        if len(body.text.encode("utf-8", "surrogatepass")) > settings.code_max_bytes:
            raise HTTPException(413, f"text larger than {settings.code_max_bytes} bytes")
        from newsevents.nlp.load import ModelMissing

        try:
            records = coder.code(body.text, body.date, body.title, body.alternatives)
        except ModelMissing as e:
            raise HTTPException(503, str(e)) from None
        except Busy as e:
            raise HTTPException(429, str(e)) from None
        except TooSlow as e:
            raise HTTPException(503, str(e)) from None
        except ValueError as e:
            raise HTTPException(422, str(e)) from None
        return {"events": records, "n": len(records)}

    @app.post("/api/ingest", tags=["coding"])
    def ingest(body: IngestRequest, request: Request):
        """Store posted articles (needs NEWSEVENTS_TOKEN on the server and `Authorization: Bearer TOKEN`)."""
        refused = check_token(request, settings.token)
        if refused is not None:
            return refused
        articles = [a.model_dump(exclude_none=True) for a in body.articles]
        for i, a in enumerate(articles):
            a.setdefault("id", f"api-{i}")
        try:
            return coder.ingest(store, articles)
        except Busy as e:
            raise HTTPException(429, str(e)) from None
        except TooSlow as e:
            raise HTTPException(503, str(e)) from None

    @app.api_route("/api/{rest:path}", methods=["GET", "POST"], include_in_schema=False)
    def not_found(rest: str) -> None:
        raise HTTPException(404, "no such endpoint")

    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    if settings.allowed_hosts:  # a web page cannot reach a loopback server through a rebound DNS name
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(Hardening, limits={"/api/code": settings.code_max_bytes + 8_000,
                                          "/api/ingest": settings.ingest_max_bytes},
                       default_limit=settings.body_max_bytes)

    return app
