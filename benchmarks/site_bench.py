"""Build, preview and check benchmarks at 100, 500 and 2,000 synthetic case studies.

Each measurement runs in a fresh copy of the real site with synthetic case
studies added (see guide.content.synthetic), so nothing in the working tree changes.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from guide.content.synthetic import write_case_studies

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT_PARTS = ("mkdocs.yml", ".pymarkdown.yml", "docs", "overrides", "scripts")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Run:
    seconds: float
    peak_mb: float


def make_project(folder: Path, count: int) -> Path:
    """A copy of the real site plus `count` synthetic case studies."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, folder / part)
    write_case_studies(folder / "docs" / "case-studies", count)
    return folder


def read_config(project: Path) -> dict:
    """mkdocs.yml as data, with each !ENV tag taking its default."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    return yaml.load((project / "mkdocs.yml").read_text(), Loader=_Loader)


def bare_config(project: Path) -> Path:
    """Stock MkDocs + Material: same theme, extensions and nav; no hooks, overrides or validation."""
    config = read_config(project)
    for key in ("hooks", "validation", "strict", "extra_css", "extra_javascript", "not_in_nav"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["theme"]["language"] = "en"
    # Stock plugins only: the same search; nothing that needs the project's code.
    config["plugins"] = ["search"]
    path = project / "mkdocs-bare.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def timed(command: list[str], cwd: Path) -> Run:
    """Wall time and peak resident memory of one command (and its children)."""
    # Output goes to a file, not a pipe: a full pipe would stall the command being timed.
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            output.seek(0)
            said = output.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(command)} failed:\n{said[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def build(project: Path, config: str = "mkdocs.yml", repeats: int = 3) -> dict:
    """Cold builds (site folder removed each time); medians of `repeats`."""
    site = project / "site"
    runs = []
    for _ in range(repeats):
        shutil.rmtree(site, ignore_errors=True)
        strict = ["--strict"] if config == "mkdocs.yml" else []
        runs.append(
            timed(
                [str(BIN / "mkdocs"), "build", "-q", *strict, "-f", config, "-d", str(site)],
                project,
            )
        )
    index = site / "search" / "search_index.json"
    studies = sorted((site / "case-studies").glob("synthetic-case-study-*/index.html"))
    return {
        "seconds": round(statistics.median(r.seconds for r in runs), 2),
        "peak_mb": round(statistics.median(r.peak_mb for r in runs), 1),
        "output_mb": round(
            sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 2**20, 1
        ),
        "first_case_study_kb": round(studies[0].stat().st_size / 1024, 1) if studies else None,
        "largest_case_study_kb": round(max(f.stat().st_size for f in studies) / 1024, 1)
        if studies
        else None,
        "search_index_kb": round(index.stat().st_size / 1024, 1),
        "search_index_gzip_kb": round(len(gzip.compress(index.read_bytes(), 9)) / 1024, 1),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, text: str | None, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode()
            if text is None or text in body:
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {text!r} within {limit} s")


def preview(project: Path, extra: list[str], edits: int = 3) -> dict:
    """Seconds from saving a case study to the served page showing the edit."""
    port = _free_port()
    command = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", *extra]
    log = open(project / "serve.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(command, cwd=project, env=ENV, stdout=log, stderr=log)
    page = project / "docs" / "case-studies" / "synthetic-case-study-00007.md"
    original = page.read_text()
    try:
        mount = urlsplit(read_config(project)["site_url"]).path
        url = f"http://127.0.0.1:{port}{mount}case-studies/synthetic-case-study-00007/"
        first = _wait_for(url, None, 900)
        idle = _idle_rebuilds(project, project / "serve.log")
        times = []
        for number in range(edits):
            time.sleep(1.5)  # let the server settle, as a person would between saves
            marker = f"Edit number {number} at {time.time():.0f}"
            page.write_text(original.replace("## Context", f"{marker}\n\n## Context", 1))
            times.append(_wait_for(url, marker, 300))
        return {"first_build_s": round(first, 1), "idle_rebuilds": idle,
                "edit_shown_s": [round(t, 2) for t in times],
                "median_s": round(statistics.median(times), 2)}  # fmt: skip
    finally:
        page.write_text(original)
        server.terminate()
        server.wait(30)
        log.close()


def _idle_rebuilds(project: Path, log: Path, seconds: float = 10.0) -> int:
    """Rebuilds while nothing changes but every file in docs/ is read, as an editor,
    grep or `guide check` would (the target is none)."""
    time.sleep(2)
    before = log.read_text().count("Building documentation")
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for path in (project / "docs").rglob("*.md"):
            path.read_bytes()
        time.sleep(0.5)
    return log.read_text().count("Building documentation") - before


def command_time(command: list[str], cwd: Path, repeats: int = 3) -> float:
    return round(statistics.median(timed(command, cwd).seconds for _ in range(repeats)), 2)
