"""A cache of recent good results, so repeated runs do not ask the same sites again.

Only links that worked (or moved but work) are cached, and only for a while
(the TTL): a broken or doubtful link is always checked again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_PATH = Path(".cache") / "links.json"
DEFAULT_TTL_HOURS = 24.0
VERSION = 1


class Cache:
    def __init__(
        self, path: Path | None, ttl_seconds: float, now: Callable[[], float] = time.time
    ) -> None:
        self.path = path
        self.ttl = ttl_seconds
        self.now = now
        self.entries: dict[str, dict] = {}
        self.hits = 0
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}  # a damaged cache only costs a fresh check
            if isinstance(data, dict) and data.get("version") == VERSION:
                self.entries = dict(data.get("entries", {}))

    def get(self, url: str) -> dict | None:
        entry = self.entries.get(url)
        if not entry or self.now() - float(entry.get("checked_at", 0)) > self.ttl:
            return None
        self.hits += 1
        return entry

    def put(self, url: str, entry: dict) -> None:
        self.entries[url] = {**entry, "checked_at": self.now()}

    def forget(self, url: str) -> None:
        self.entries.pop(url, None)

    def save(self) -> None:
        if self.path is None:
            return
        fresh = {
            url: entry
            for url, entry in self.entries.items()
            if self.now() - float(entry.get("checked_at", 0)) <= self.ttl
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(
            json.dumps({"version": VERSION, "entries": fresh}, indent=1, sort_keys=True),
            encoding="utf-8",
        )
        partial.replace(self.path)
