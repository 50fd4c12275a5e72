"""Helpers for browser tests: a page that records what it asks for and what it logs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@dataclass
class Recorder:
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_requests(self, origin: str) -> list[str]:
        local = (origin, "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(local)]


@contextmanager
def recorded_page(browser, **context_options) -> Iterator[tuple[object, Recorder]]:
    context = browser.new_context(**context_options)
    page = context.new_page()
    record = Recorder()
    page.on("request", lambda request: record.requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and record.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: record.page_errors.append(str(exc)))
    try:
        yield page, record
    finally:
        context.close()


def axe_violations(page) -> list[str]:
    """Each violation as 'rule: target — summary' so a failure names the element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            found.append(f"{violation['id']}: {target} — {violation['help']}")
    return found
