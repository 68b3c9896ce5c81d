"""The FastAPI application: JSON API under /api, the dashboard at /, API docs at /docs."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from newsevents.server import post_routes, queries, routes
from newsevents.server.cache import BodyCache
from newsevents.server.coding import Coder
from newsevents.server.security import Hardening, internal_error
from newsevents.server.store import Store

STATIC = routes.STATIC
MAX_LIMIT = routes.MAX_LIMIT


@dataclass
class Settings:
    db: Optional[Path] = None  # the DuckDB store
    token: Optional[str] = None  # NEWSEVENTS_TOKEN: enables POST /api/ingest
    code_max_bytes: int = 200_000  # text posted to /api/code
    ingest_max_bytes: int = 5_000_000  # body of /api/ingest
    body_max_bytes: int = 64_000  # any other request body
    code_concurrency: int = 2
    code_timeout_s: float = 20.0
    cors_origins: list[str] = field(default_factory=list)  # empty: CORS off
    allowed_hosts: Optional[list[str]] = None  # Host headers accepted (None: any); see server/cli.py
    data: Optional[Path] = None  # a Parquet dataset (`ingest --data`) served instead of db


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.coder.close()
    app.state.store.close()


async def _bad_request(request: Request, exc: queries.BadRequest) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=422)


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
    return JSONResponse({"detail": errors}, status_code=422)


def _not_found(rest: str) -> None:
    raise HTTPException(404, "no such endpoint")


def _open_store(settings: Settings) -> Store:
    if settings.data is not None:
        from newsevents.server.dataset import DatasetStore

        return DatasetStore(settings.data)
    if settings.db is None:
        raise ValueError("Settings need db or data")
    return Store(settings.db)


def create_app(settings: Settings) -> FastAPI:
    """The app over the store at settings.db or the dataset at settings.data (opened now: a missing one
    raises StoreError)."""
    app = FastAPI(lifespan=_lifespan, title="newsevents",
                  summary="Political events coded from news: a read-only API over the store.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.store = _open_store(settings)
    app.state.coder = Coder(settings.code_concurrency, settings.code_timeout_s)
    app.state.settings = settings
    app.state.dyad_cache = BodyCache()
    app.add_exception_handler(Exception, internal_error)
    app.add_exception_handler(queries.BadRequest, _bad_request)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.include_router(routes.router)
    app.include_router(post_routes.router)
    app.add_api_route("/api/{rest:path}", _not_found, methods=["GET", "POST"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
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
