"""HTTP hardening: security headers with a strict Content-Security-Policy, request body limits,
bearer-token checks, and JSON errors without tracebacks."""

from __future__ import annotations

import hmac
import logging

from fastapi import Request
from fastapi.responses import JSONResponse

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
           (b"cross-origin-opener-policy", b"same-origin"), (b"cross-origin-resource-policy", b"same-origin")]
log = logging.getLogger("newsevents.server")


class Hardening:
    """ASGI middleware: adds the security headers to every response and refuses bodies over the limit
    for their path (413), whether or not the client sent Content-Length."""

    def __init__(self, app, limits: dict[str, int], default_limit: int) -> None:
        self.app = app
        self.limits = limits
        self.default_limit = default_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limits.get(scope["path"], self.default_limit)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in have]
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _too_large(limit, send_with_headers)
        if length is None and scope["method"] in ("POST", "PUT", "PATCH"):
            # no Content-Length (chunked): read the body here, up to the limit, then replay it
            chunks, size = [], 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > limit:
                    return await _too_large(limit, send_with_headers)
                if not message.get("more_body"):
                    break
            body, sent = b"".join(chunks), False

            async def replay():
                nonlocal sent
                if sent:
                    return await receive()
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            return await self.app(scope, replay, send_with_headers)
        await self.app(scope, receive, send_with_headers)


async def _too_large(limit: int, send) -> None:
    resp = JSONResponse({"detail": f"request body larger than {limit} bytes"}, status_code=413)
    await resp({"type": "http"}, None, send)


def check_token(request: Request, token: str | None) -> JSONResponse | None:
    """None when the request may write; else the 401/403 answer."""
    if not token:
        return JSONResponse({"detail": "ingest is disabled: start the server with NEWSEVENTS_TOKEN set"},
                            status_code=403)
    auth = request.headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not given:
        return JSONResponse({"detail": "bearer token required"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        return JSONResponse({"detail": "invalid token"}, status_code=403)
    return None


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("%s %s failed: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    return JSONResponse({"detail": "internal error"}, status_code=500)
