"""The routes that take a body: `POST /api/code` (coded, not stored) and `POST /api/ingest` (stored,
bearer token required)."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from newsevents.server.coding import Busy, TooSlow
from newsevents.server.dataset import READ_ONLY_MESSAGE
from newsevents.server.security import check_token

router = APIRouter()


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


def _coded(fn, *args):
    """Run a Coder call, its refusals as HTTP errors (429 busy, 503 too slow or no model)."""
    from newsevents.nlp.load import ModelMissing

    try:
        return fn(*args)
    except ModelMissing as e:
        raise HTTPException(503, str(e)) from None
    except Busy as e:
        raise HTTPException(429, str(e)) from None
    except TooSlow as e:
        raise HTTPException(503, str(e)) from None


@router.post("/api/code", tags=["coding"])
def code(body: CodeRequest, request: Request) -> dict:
    """Code posted text and return its events (nothing is stored)."""
    settings = request.app.state.settings
    if len(body.text.encode("utf-8", "surrogatepass")) > settings.code_max_bytes:
        raise HTTPException(413, f"text larger than {settings.code_max_bytes} bytes")
    try:
        records = _coded(request.app.state.coder.code, body.text, body.date, body.title, body.alternatives)
    except ValueError as e:  # text the pipeline cannot code
        raise HTTPException(422, str(e)) from None
    return {"events": records, "n": len(records)}


@router.post("/api/ingest", tags=["coding"])
def ingest(body: IngestRequest, request: Request):
    """Store posted articles (needs NEWSEVENTS_TOKEN on the server and `Authorization: Bearer TOKEN`)."""
    state = request.app.state
    refused = check_token(request, state.settings.token)
    if refused is not None:
        return refused
    if not state.store.accepts_ingest:
        raise HTTPException(409, READ_ONLY_MESSAGE)
    articles = [a.model_dump(exclude_none=True) for a in body.articles]
    for i, a in enumerate(articles):
        a.setdefault("id", f"api-{i}")
    return _coded(state.coder.ingest, state.store, articles)
