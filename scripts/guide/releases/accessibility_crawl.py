"""axe-core on every page of a built site, for the record of a release's checks.

The site is served from its folder on 127.0.0.1 and each page is opened in
Debian's Chromium through Playwright (the same browser and axe rules as the
browser tests, light scheme at desktop size). Playwright and axe come with the
guide's development tools; when they or the browser are missing, `missing()`
says what to install and the release records the check as not run.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@dataclass
class CrawlResult:
    pages: int = 0
    violations: list[str] = field(default_factory=list)  # 'page: rule: target — summary'


def missing() -> str:
    """What is missing for the crawl, or '' when it can run."""
    for module, package in (
        ("playwright", "playwright"),
        ("axe_playwright_python", "axe-playwright-python"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (make venv installs it from requirements.lock)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (install Debian's 'chromium' package: make browser)"
    return ""


def page_paths(site: Path) -> list[str]:
    """Every page of the site as a path from its root: '', 'plan/', 'plan/objectives/'."""
    found = []
    for index in sorted(site.rglob("index.html")):
        folder = index.parent.relative_to(site).as_posix()
        if folder.startswith(("assets/", "search/")):
            continue
        found.append("" if folder == "." else folder + "/")
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def crawl(site: Path, paths: list[str] | None = None) -> CrawlResult:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    result = CrawlResult()
    axe = Axe()
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            for path in page_paths(site) if paths is None else paths:
                page.goto(base + path, wait_until="load")
                found = axe.run(page, options=AXE_OPTIONS).response["violations"]
                result.pages += 1
                for violation in found:
                    for node in violation["nodes"]:
                        target = " ".join(map(str, node["target"]))
                        result.violations.append(
                            f"/{path}: {violation['id']}: {target} — {violation['help']}"
                        )
            context.close()
        finally:
            browser.close()
    return result
