"""A bounded cache of response bodies (least recently used out first), for the dyad series: the
dashboard asks for the same few series again and again, and each costs a millisecond to compute."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class BodyCache:
    """Bodies by key, at most max_bytes together; thread-safe."""

    def __init__(self, max_bytes: int = 32_000_000) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = self.misses = 0
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The cached body for key, or make() stored under it."""
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return body
            self.misses += 1
        body = make()
        if len(body) <= self.max_bytes // 8:  # one huge series does not empty the cache
            with self._lock:
                if key not in self._items:
                    self._items[key] = body
                    self.size += len(body)
                while self.size > self.max_bytes:
                    self.size -= len(self._items.popitem(last=False)[1])
        return body
