"""Query parameters of the hot endpoints as one Pydantic model each, validated in one call.

FastAPI's per-parameter resolution costs more than half a millisecond per request for the 18
parameters of `/api/events`, as much as the search itself; these routes take the `Request`,
validate its query string with the model (the same rules, the same 422 answer) and describe the
parameters in the OpenAPI document from the same model."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal, Optional

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsevents.server.queries import EventFilter
from newsevents.store.analytics import Period

MAX_LIMIT = 500
FlagName = Literal["future", "hypothetical", "negated", "historical"]
PeriodName = Literal[tuple(p.value for p in Period)]


class EventQuery(BaseModel):
    """The parameters of GET /api/events."""

    model_config = ConfigDict(extra="ignore")
    actor: Optional[str] = Field(None, description="Country (CHN) or actor code (CHNGOV), either side.")
    source: Optional[str] = Field(None, description="Country or actor code as source.")
    target: Optional[str] = Field(None, description="Country or actor code as target.")
    dyad: Optional[str] = Field(None, description="Two codes, e.g. CHN,RUS.")
    directed: bool = Field(False, description="dyad: only the first acting on the second.")
    plover: Optional[str] = Field(None, max_length=40, description="PLOVER type, e.g. CONSULT.")
    cameo_root: Optional[str] = Field(None, description="CAMEO root, two digits, e.g. 04.")
    quad: Optional[int] = Field(None, ge=1, le=4, description="Quad class 1-4.")
    date_from: Optional[dt.date] = None
    date_to: Optional[dt.date] = Field(None, description="Inclusive.")
    min_confidence: Optional[float] = Field(None, ge=0, le=1)
    exclude: list[FlagName] = Field([], description="Leave out events with these flags (repeatable).")
    q: Optional[str] = Field(None, max_length=200, description="Words in the evidence sentence.")
    located: bool = Field(False, description="Only events with coordinates.")
    period: Optional[PeriodName] = Field(None, description="Only events dated precisely enough to count in a "
                                         "period this long, as /api/dyads counts them (a year-only date is not "
                                         "counted in a month).")
    raw: bool = Field(False, description="Every report instead of merged events.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)

    def filter(self) -> EventFilter:
        return EventFilter(self.actor, self.source, self.target, self.dyad, self.directed, self.plover,
                           self.cameo_root, self.quad, self.date_from, self.date_to, self.min_confidence,
                           list(self.exclude), self.q, self.raw, self.located, self.period)


class DyadQuery(BaseModel):
    """The query parameters of GET /api/dyads/{a}/{b}."""

    model_config = ConfigDict(extra="ignore")
    by: PeriodName = Field("month", description="The period to count by.")
    directed: bool = Field(False, description="Only a acting on b.")
    raw: bool = Field(False, description="Count every report instead of merged events.")


def parse(model: type[BaseModel], request: Request) -> BaseModel:
    """The request's query string as `model` (a repeated list parameter gives a list; for any other the
    last value counts, as in FastAPI); 422 through RequestValidationError when a value is invalid."""
    qp = request.query_params
    lists = _list_fields(model)
    data = {k: (qp.getlist(k) if k in lists else v) for k, v in qp.items()}
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise RequestValidationError([{**err, "loc": ("query", *err["loc"])} for err in e.errors()]) from None


@functools.cache
def _list_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, f in model.model_fields.items() if getattr(f.annotation, "__origin__", None)
                     is list)


def openapi_parameters(model: type[BaseModel], path: tuple[str, ...] = ()) -> dict:
    """`openapi_extra` for a route: the model's fields as query parameters (and `path` names as required
    string path parameters)."""
    schema = model.model_json_schema()
    params = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in path]
    for name, prop in schema["properties"].items():
        param = {"name": name, "in": "query", "required": False, "schema": prop}
        if "description" in prop:
            param["description"] = prop["description"]
        params.append(param)
    return {"parameters": params}
