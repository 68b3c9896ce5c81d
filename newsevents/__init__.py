"""newsevents: code news text into who-did-what-to-whom political events.

    import newsevents
    events = newsevents.code_text(text, date="2019-07-20")   # list of newsevents.Event

The API (newsevents.api) and the record types (newsevents.record) are imported on first use, so that
`import newsevents` stays cheap (no spaCy until something is coded)."""

__version__ = "0.1.0"

_API = {"load", "code_text", "code_records", "code_frame", "events_to_frame", "CodingWarning"}
_RECORD = {"Event", "Actor", "Place", "Flags"}
__all__ = sorted(_API | _RECORD)


def __getattr__(name: str):
    if name in _API:
        from newsevents import api

        return getattr(api, name)
    if name in _RECORD:
        from newsevents import record

        return getattr(record, name)
    raise AttributeError(f"module 'newsevents' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
