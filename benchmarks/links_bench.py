"""Benchmark: the project's external link check against linkcheckmd alone, same run.

500 unique addresses on the loopback server, each answering after 100 ms,
spread over 100 Markdown pages (each address is linked from two pages, as
shared references are on a real site). Both checkers see the same pages and
the same server; the server counts the requests each one makes.

    .venv/bin/python benchmarks/links_bench.py          # prints a JSON dict
    .venv/bin/python -m benchmarks.links_bench --urls 100 --pages 20

Nothing leaves 127.0.0.1: the pages name hosts under links.test, which both
checkers are told to send to the loopback server.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from guide.links.external import Settings, check_external  # noqa: E402
from guide.links.extract import markdown_file_links  # noqa: E402
from links_server import HOST, LinkServer, linkcheckmd_sandbox, run_linkcheckmd  # noqa: E402

HOSTS = 20  # addresses are spread over this many host names


def write_pages(folder: Path, urls: int, pages: int, uses: int = 2) -> list[str]:
    """Pages whose links, together, name each address `uses` times."""
    addresses = [f"http://host{n % HOSTS:02}.{HOST}/bench/{n}" for n in range(urls)]
    links = [addresses[(i * 7) % urls] for i in range(urls * uses)]  # spread the repeats
    per_page = -(-len(links) // pages)
    for page in range(pages):
        chunk = links[page * per_page : (page + 1) * per_page]
        body = "".join(f"- [Reference {i}]({url})\n" for i, url in enumerate(chunk))
        (folder / f"page-{page:03}.md").write_text(f"# Page {page}\n\n{body}", encoding="utf-8")
    return addresses


def _guide(folder: Path, server: LinkServer) -> dict:
    links = [
        link for page in sorted(folder.glob("*.md")) for link in markdown_file_links(page, folder)
    ]
    server.reset()
    start = time.perf_counter()
    report = check_external(links, settings=Settings(resolve=server.resolve), rules=[])
    wall = time.perf_counter() - start
    return {
        "wall_s": round(wall, 3),
        "requests": server.total,
        "links": len(links),
        "reported_broken": report.count("broken"),
        "max_requests_in_flight_per_host": max(server.max_in_flight.values()),
    }


def _linkcheckmd(folder: Path, server: LinkServer) -> dict:
    server.reset()
    server.max_in_flight.clear()
    with linkcheckmd_sandbox(server.resolve, timeout=10.0):
        start = time.perf_counter()
        bad = run_linkcheckmd(folder)
        wall = time.perf_counter() - start
    return {
        "wall_s": round(wall, 3),
        "requests": server.total,
        "reported_broken": len(bad),
        "max_requests_in_flight_per_host": max(server.max_in_flight.values()),
    }


def run(urls: int = 500, pages: int = 100, latency: float = 0.1) -> dict:
    with tempfile.TemporaryDirectory(prefix="links-bench-") as scratch:
        folder = Path(scratch)
        write_pages(folder, urls, pages)
        with LinkServer(latency=latency) as server:
            guide = _guide(folder, server)
            server.max_in_flight.clear()
            linkcheckmd = _linkcheckmd(folder, server)
    return {
        "unique_urls": urls,
        "pages": pages,
        "hosts": HOSTS,
        "latency_s": latency,
        "guide_links_external": guide,
        "linkcheckmd": linkcheckmd,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=500)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per answer")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.urls, args.pages, args.latency), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
