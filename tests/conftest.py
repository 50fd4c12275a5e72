"""Shared fixtures: the project root, a strict build, a local server, a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from page_crawl import CSP_RECORDER, context_options

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROJECT_PARTS = ("mkdocs.yml", ".pymarkdown.yml", "docs", "overrides", "scripts")


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def assert_material_partial_with(partial: str, marked: list[str | tuple[str, str]]) -> None:
    """overrides/partials/<partial> is Material's copy plus the `marked` changes only.

    A change is an insertion, or a pair (our line, Material's line) for a line we alter.
    Each must appear as often as it is listed; the file's own header comment is not compared.
    """
    import material

    ours = (ROOT / "overrides" / "partials" / partial).read_text(encoding="utf-8")
    theirs = (Path(material.__file__).parent / "templates" / "partials" / partial).read_text(
        encoding="utf-8"
    )
    for change in dict.fromkeys(marked):  # a change listed twice must appear twice
        insertion, original = change if isinstance(change, tuple) else (change, "")
        assert ours.count(insertion) == marked.count(change), insertion
        ours = ours.replace(insertion, original)
    body = lambda text: text.split("-#}\n", 1)[1].rstrip("\n")  # noqa: E731
    assert body(ours) == body(theirs), (
        f"Material's partials/{partial} changed: copy it again and re-apply the marked changes"
    )


def copy_project(target: Path) -> Path:
    """A throwaway copy of everything a build reads, for tests that break things."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # The types GitHub Pages sends for the toolkit's documents, whatever this machine's
    # /etc/mime.types holds.
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".odt": "application/vnd.oasis.opendocument.text",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 only, on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"no Chromium at {CHROMIUM}: install Debian's 'chromium' package (make browser)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(params=["desktop", "mobile"])
def page(request, browser) -> Iterator[object]:
    """A fresh page at a desktop and at a phone size (light scheme), recording CSP breaches."""
    context = browser.new_context(**context_options("light", request.param))
    context.add_init_script(script=CSP_RECORDER)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def collection() -> list:
    """The real published case studies, read from their front matter as the build reads it."""
    from guide.content.check import check_docs
    from guide.site import catalogue

    result = check_docs(ROOT / "docs", root=ROOT)
    assert result.problems == []
    studies = [
        catalogue.from_page(p, p.path.relative_to("docs").as_posix()) for p in result.case_studies
    ]
    return [s for s in studies if s.published]
