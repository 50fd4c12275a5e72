"""The site navigation, rendered once per folder for the pages outside it.

Material renders the whole navigation into every page, and that is about half the
time each page spends in its template. A page that is not in the navigation (every
case study and every filter page) shows exactly the same navigation as any other such
page in the same folder: nothing in it is marked as the current page or section, and
its links are relative to the folder. So it is rendered once per folder and reused.
Pages in the navigation render it in full, as each marks itself and its section.

overrides/partials/nav.html calls this with `{% call guide_nav_cache(page) %}`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any


class NavCache:
    def __init__(self) -> None:
        self._html: dict[str, str] = {}
        self._in_nav: set[int] = set()
        self._nav_urls: tuple[str, ...] = ()
        self.rendered = 0  # how many times the navigation was rendered in full, for tests

    def start(self, nav: Any) -> None:
        """A new build, with this navigation: forget every navigation rendered before."""
        self._html.clear()
        self._in_nav = {id(page) for page in nav.pages}
        self._nav_urls = tuple(page.url for page in nav.pages)
        self.rendered = 0

    def key(self, page: Any) -> str | None:
        """The folder whose pages share this page's navigation, or None to render it."""
        if page is None or id(page) in self._in_nav:
            return None
        url = page.url
        # A navigation link inside this page's own folder would be relative to the page.
        if url and any(target.startswith(url) for target in self._nav_urls):
            return None
        return posixpath.dirname(url.rstrip("/"))

    def __call__(self, page: Any, caller: Callable[[], str]) -> str:
        key = self.key(page)
        if key is None:
            self.rendered += 1
            return caller()
        if key not in self._html:
            self.rendered += 1
            self._html[key] = caller()
        return self._html[key]
