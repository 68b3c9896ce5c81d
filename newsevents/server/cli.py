"""Start the server for `newsevents serve`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def run_server(db: Path, host: str, port: int, token: str | None, origins: list[str],
               err: Callable[[str], None], data: Path | None = None) -> int:
    """Run uvicorn until interrupted; returns an exit code (a store that cannot be opened gives one line)."""
    import uvicorn

    from newsevents.server.app import Settings, create_app
    from newsevents.store import StoreError

    try:
        hosts = ["127.0.0.1", "localhost", "::1", "[::1]"] if host in LOOPBACK else None
        app = create_app(Settings(db=db, data=data, token=token, cors_origins=list(origins), allowed_hosts=hosts))
    except StoreError as e:
        err(str(e))
        return 2
    if host not in LOOPBACK:
        err(f"listening on {host}: other machines can reach this server")
    err(f"serving {data or db} on http://{'[' + host + ']' if ':' in host else host}:{port}/ (API docs at /docs; "
        f"ingest {'enabled, bearer token required' if token and data is None else 'disabled'})")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)
    except OSError as e:  # e.g. the port is taken
        err(f"cannot listen on {host}:{port} ({e.strerror or e})")
        return 1
    return 0
