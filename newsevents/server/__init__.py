"""`newsevents serve`: a read-only HTTP API over the event store and an offline dashboard."""

from newsevents.server.app import Settings, create_app

__all__ = ["Settings", "create_app"]
