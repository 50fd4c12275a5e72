"""Reader budgets: what a reader's browser downloads, and how quickly search answers.

The built site is served on 127.0.0.1 by a small threaded server that compresses
text with gzip (as GitHub Pages does) and sends ETag, Last-Modified and
`Cache-Control: no-cache`. That cache header makes the browser check every file
again on a repeat view, each check answered with a bare "304 Not Modified": the
most a repeat view can cost. (GitHub Pages lets browsers keep files for 10
minutes, so within that time a repeat view costs less still.)

The server counts every byte it sends, headers included, so "transferred" means
what went over the connection, from the page, its scripts and its workers alike.
Chromium (Debian's, through Playwright) loads each page until the network is
idle:

- first view: a fresh browser profile, so nothing is cached. Every page in the
  sitemap is measured; the budget applies to the largest. "Print the whole
  guide" (print/) is every page in one, and the search page (search/) downloads
  the search index, which is what it is for: both are reported but not held to
  the budget of a single page. No other page downloads the index.
- repeat view: the same page opened again in the same profile.
- search index: search_index.json compressed as the server sends it.
- search: on the search page, from the key press that completes a query to the
  first result on screen (median of several queries), and the first search,
  which includes downloading the index.

    .venv/bin/python benchmarks/reader_bench.py            # build the site, then measure
    .venv/bin/python benchmarks/reader_bench.py --site DIR # measure a site already built

`run()` returns the figures and `budgets`, each {target, value, limit, unit, met},
for benchmarks/run.py (make bench).
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import mimetypes
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
KB = 1000
BUDGETS = {"first_view_kb": 80, "repeat_view_kb": 8}
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml", "text/xml")  # fmt: skip
GZIP_LEVEL = 6
WHOLE_GUIDE = "print/"
SEARCH_PAGE = "search/"
QUERIES = ("webchat", "moderation", "hashtag", "consultation", "evaluation", "blog", "risk")


class Counter:
    """Bytes sent by the server, and to which paths, since the last reset."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.total = 0
            self.by_path: dict[str, int] = {}

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.total += size
            self.by_path[path] = self.by_path.get(path, 0) + size


def _handler(site: Path, counter: Counter):
    cache: dict[Path, tuple[bytes, bytes, str, str]] = {}  # file -> (raw, gzipped, etag, date)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _file(self) -> tuple[Path, int]:
            path = unquote(urlsplit(self.path).path)
            target = (site / path.lstrip("/")).resolve()
            if site not in target.parents and target != site:
                return site / "404.html", 404
            if target.is_dir():
                target = target / "index.html"
            return (target, 200) if target.is_file() else (site / "404.html", 404)

        def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            lines = [f"HTTP/1.1 {status} {self.responses[status][0]}"]
            lines += [f"{name}: {value}" for name, value in headers.items()]
            head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
            self.wfile.write(head + body)
            counter.add(urlsplit(self.path).path, len(head) + len(body))

        def do_GET(self) -> None:
            file, status = self._file()
            if file not in cache:
                raw = file.read_bytes()
                etag = '"' + hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:16] + '"'
                date = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
                cache[file] = (raw, gzip.compress(raw, GZIP_LEVEL, mtime=0), etag, date)
            raw, packed, etag, date = cache[file]
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            headers = {"Cache-Control": "no-cache", "ETag": etag, "Last-Modified": date}
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self._send(304, headers)
                return
            body = raw
            if kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = packed
                headers["Content-Encoding"] = "gzip"
                headers["Vary"] = "Accept-Encoding"
            headers.update({"Content-Type": kind, "Content-Length": str(len(body))})
            self._send(status, headers, body)

    return Handler


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, Counter]]:
    counter = Counter()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site.resolve(), counter))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()
        server.server_close()


def sitemap_paths(site: Path) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text or "" for loc in ET.parse(site / "sitemap.xml").findall(".//s:loc", namespace)]
    paths = [urlsplit(loc).path for loc in locs]
    root = min(paths, key=len)
    return [path[len(root) :] for path in paths]


def build_site(target: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return target


def _kb(size: float) -> float:
    return round(size / KB, 1)


def _views(browser, url: str, counter: Counter, paths: list[str]) -> dict[str, dict]:
    """First and repeat view of each page, each in a fresh browser profile."""
    found = {}
    for path in paths:
        context = browser.new_context()
        page = context.new_page()
        counter.reset()
        page.goto(url + path, wait_until="networkidle")
        first, parts = counter.total, dict(counter.by_path)
        page.goto("about:blank")
        counter.reset()
        page.goto(url + path, wait_until="networkidle")
        found[path] = {"first": first, "repeat": counter.total, "parts": parts}
        context.close()
    return found


_TIMER = """(query) => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  window.__searchTime = new Promise((done) => {
    let start = null;
    input.addEventListener("keydown", () => { start = performance.now(); }, { once: true, capture: true });
    const observer = new MutationObserver(() => {
      if (start !== null && list.querySelector(".md-search-result__item")) {
        observer.disconnect();
        requestAnimationFrame(() => done(performance.now() - start));
      }
    });
    observer.observe(list, { childList: true, subtree: true });
  });
  input.value = query;
}"""


def _time_query(page, query: str) -> float:
    page.evaluate(_TIMER, query)
    page.keyboard.press("End")  # the key press that completes the query
    return page.evaluate("window.__searchTime")


def _clear(page) -> None:
    page.evaluate("() => { document.querySelector('input.md-search__input').value = ''; }")
    page.keyboard.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")


def _search(browser, url: str, counter: Counter) -> dict:
    context = browser.new_context()
    page = context.new_page()
    counter.reset()
    page.goto(url + SEARCH_PAGE, wait_until="load")
    page.locator("input.md-search__input").focus()
    first = _time_query(page, QUERIES[0])  # includes downloading and indexing
    loaded = dict(counter.by_path)
    times = []
    for query in QUERIES[1:]:
        _clear(page)
        times.append(_time_query(page, query))
    context.close()
    return {
        "first_search_ms": round(first),
        "query_ms": [round(t) for t in times],
        "query_ms_median": round(statistics.median(times)),
        "downloaded_on_opening_kb": {path: _kb(size) for path, size in sorted(loaded.items())},
    }


def _budget(target: str, value: float, limit: float, unit: str) -> dict:
    return {"target": target, "value": value, "limit": limit, "unit": unit, "met": value <= limit}


def measure(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    paths = sitemap_paths(site)
    index = (site / "search" / "search_index.json").read_bytes()
    with serve(site) as (url, counter), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            views = _views(browser, url, counter, paths)
            search = _search(browser, url, counter)
        finally:
            browser.close()
    guide = {p: v for p, v in views.items() if p not in (WHOLE_GUIDE, SEARCH_PAGE)}
    heaviest = max(guide, key=lambda p: guide[p]["first"])
    repeat_heaviest = max(guide, key=lambda p: guide[p]["repeat"])
    first_kb, repeat_kb = _kb(guide[heaviest]["first"]), _kb(guide[repeat_heaviest]["repeat"])
    index_kb = _kb(len(gzip.compress(index, GZIP_LEVEL, mtime=0)))
    return {
        "server": "127.0.0.1, gzip level 6 for text, ETag and Last-Modified, Cache-Control: no-cache",
        "pages": len(guide),
        "first_view": {
            "max_kb": first_kb,
            "max_page": "/" + heaviest,
            "median_kb": _kb(statistics.median(v["first"] for v in guide.values())),
            "max_page_parts_kb": {
                path: _kb(size)
                for path, size in sorted(guide[heaviest]["parts"].items(), key=lambda i: -i[1])
            },
            "whole_guide_print_page_kb": _kb(views[WHOLE_GUIDE]["first"])
            if WHOLE_GUIDE in views
            else None,
            "search_page_kb": _kb(views[SEARCH_PAGE]["first"]) if SEARCH_PAGE in views else None,
            "pages_that_download_the_search_index": sorted(
                "/" + p for p, v in guide.items() if "/search/search_index.json" in v["parts"]
            ),
        },
        "repeat_view": {
            "max_kb": repeat_kb,
            "max_page": "/" + repeat_heaviest,
            "median_kb": _kb(statistics.median(v["repeat"] for v in guide.values())),
        },
        "search": {"index_kb_gzip": index_kb, "index_kb_raw": _kb(len(index)), **search},
        "budgets": [
            _budget(
                "reader: first view of any guide page", first_kb, BUDGETS["first_view_kb"], "KB"
            ),
            _budget(
                "reader: repeat view of any guide page", repeat_kb, BUDGETS["repeat_view_kb"], "KB"
            ),
        ],
    }


def run(site: Path | None = None) -> dict:
    """Measure `site`, or build the project's site first (strict) into a temporary folder."""
    if site is not None:
        return measure(Path(site))
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as work:
        return measure(build_site(Path(work) / "site"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Reader budgets, measured in Chromium.")
    parser.add_argument("--site", type=Path, help="a site already built (default: build one)")
    result = run(parser.parse_args(argv).site)
    print(json.dumps(result, indent=2))
    return 0 if all(b["met"] for b in result["budgets"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
