"""Fast and correct previews for `make serve` (MkDocs dirty builds).

A dirty build re-renders only files whose source is newer than their output.
On its own that leaves the site wrong: the catalogue, facet pages and "Related
case studies" blocks miss metadata edits, pages it skips have no titles (so the
navigation of the pages it does render is wrong), and the search index holds
only the pages rendered this time. This module remembers what the last build
saw, in memory for the life of one `mkdocs serve`, and

- re-renders everything when the navigation could have changed (mkdocs.yml,
  overrides, a page added, removed or retitled);
- re-renders the pages that depend on case-study metadata when it changed;
- gives skipped pages their titles, so the navigation stays right;
- merges the search index with the entries of pages it did not re-render.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from guide import catalogue, search_index

_DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class _State:
    dirty: bool = False
    built: bool = False
    fingerprint: tuple[Any, ...] = ()
    studies: tuple[catalogue.CaseStudy, ...] = ()
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # src_uri -> front matter
    forced: set[str] = field(default_factory=set)  # src_uris re-rendered this build
    full: bool = True
    search: dict[str, str] = field(default_factory=dict)  # page url -> its entries as JSON


STATE = _State()


class _MemoryClient:
    """A dict with the get/set interface Jinja's bytecode cache expects."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._data.get(key)

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self._data[key] = value


# MkDocs makes a new Jinja environment for every build; keep compiled templates.
_TEMPLATES = jinja2.MemcachedBytecodeCache(_MemoryClient())


class _DropDirtyWarning(logging.Filter):
    """The dirty-build warning is about stale pages; this module keeps them right."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def start(dirty: bool) -> None:
    """Called once when `mkdocs serve` starts: forget any earlier serve's state."""
    global STATE
    STATE = _State(dirty=dirty)
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())


def _mtime_tree(folder: Path) -> float:
    latest = 0.0
    for root, _, names in os.walk(folder):
        for name in names:
            latest = max(latest, os.stat(os.path.join(root, name)).st_mtime)
    return latest


def plan(
    config: Any, files: Any, studies: list[catalogue.CaseStudy], meta: dict[str, dict]
) -> None:
    """Decide which files a dirty build must re-render, and mark them."""
    if not STATE.dirty:
        return
    config_path = Path(config.config_file_path or "mkdocs.yml")
    overrides = config_path.parent / "overrides"
    docs = frozenset(f.src_uri for f in files.documentation_pages())
    titles = tuple(sorted((uri, str(m.get("title"))) for uri, m in meta.items()))
    fingerprint = (
        config_path.stat().st_mtime,
        _mtime_tree(overrides) if overrides.is_dir() else 0,
        docs,
        titles,
    )
    STATE.full = not STATE.built or fingerprint != STATE.fingerprint
    dependents: set[str] = set()
    if tuple(studies) != STATE.studies:
        dependents = {catalogue.INDEX} | set(catalogue.facet_pages(studies))
        for source in (studies, STATE.studies):
            dependents |= set(catalogue.related_pages(list(source)))
    STATE.forced = set()
    for file in files.documentation_pages():
        generated = getattr(file, "_content", None) is not None
        if STATE.full or file.src_uri in dependents:
            STATE.forced.add(file.src_uri)
            file.is_modified = lambda: True  # type: ignore[method-assign]
        elif generated:
            file.is_modified = lambda: False  # type: ignore[method-assign]
    STATE.fingerprint, STATE.studies, STATE.meta = fingerprint, tuple(studies), meta


def reuse_templates(env: jinja2.Environment) -> None:
    if STATE.dirty:
        env.bytecode_cache = _TEMPLATES


def give_titles(nav: Any) -> None:
    """Skipped pages are never read, so give them their front matter for titles."""
    if not STATE.dirty:
        return
    for page in nav.pages:
        if page.markdown is None and not page.file.is_modified():
            page.meta = dict(STATE.meta.get(page.file.src_uri, {}))
            page.markdown = ""


def merge_search_index(site_dir: str) -> None:
    """Keep entries of pages this dirty build did not render."""
    if not STATE.dirty:
        return
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    fresh = search_index.by_page(index.get("docs", []))
    encoded = {
        url: ",".join(json.dumps(d, separators=(",", ":")) for d in docs)
        for url, docs in fresh.items()
    }
    if STATE.full:
        STATE.search = encoded
    else:
        STATE.search.update(encoded)
    # Only this build's entries are encoded; the rest are joined as they were.
    head = json.dumps({k: v for k, v in index.items() if k != "docs"}, separators=(",", ":"))
    docs = ",".join(entry for entry in STATE.search.values() if entry)
    path.write_text(f'{head[:-1]},"docs":[{docs}]}}', encoding="utf-8")
    STATE.built = True


def watch_with_inotify(server: Any) -> Any:
    """MkDocs polls for changes every 0.5 s; on Linux, ask the kernel instead.

    The watches MkDocs set up are moved to an inotify observer before it starts.
    Anything unexpected leaves MkDocs' own polling observer in place.
    """
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:
        return server
    old = server.observer
    handlers = getattr(old, "_handlers", None)
    if not STATE.dirty or old.is_alive() or handlers is None:
        return server
    new = InotifyObserver()
    for watch, watch_handlers in handlers.items():
        for handler in watch_handlers:
            new.schedule(handler, watch.path, recursive=watch.is_recursive)
    server.observer = new
    return server
