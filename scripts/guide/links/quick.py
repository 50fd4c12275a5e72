"""A quick first look with linkcheckmd, its findings pointed at file and line.

linkcheckmd is fast and simple, and that is the role it has here: a quick
look at the external links in the Markdown a pull request changes. It sees
only inline `(https://...)` links without a port (not titled, reference-style,
autolink or HTML links), counts a timeout as a pass, reports every non-200
(so 429 and bot-blocking 403 look broken) and stops on a redirect loop.
`guide links --external` is the thorough check; CONTRIBUTING.md has the
measured table of what linkcheckmd catches and misses.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from guide.links.report import BROKEN, CHECK, Finding, Report

ACTION = "confirm with `guide links --external`, then fix or remove the link"


T = TypeVar("T")


def in_own_thread(function: Callable[[], T]) -> T:
    """Run function in a fresh thread: linkcheckmd calls asyncio.run, which fails in a
    thread that already runs an event loop (as a test process with a browser open does)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


_EXTERNAL = re.compile(r"https?://[^\s)\]>\"']+")


def _lines_for(path: Path, url: str) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, "") for number, line in enumerate(lines, 1) if url in line]


def check_with_linkcheckmd(files: list[Path], root: Path) -> Report:
    """Run linkcheckmd on each file; report what it flags at the file and line."""
    from linkcheckmd.base import check_remotes

    report = Report("linkcheckmd")
    for path in files:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
        report.links += len(_EXTERNAL.findall(path.read_text(encoding="utf-8")))
        chatter = io.StringIO()
        try:
            with contextlib.redirect_stdout(chatter):
                bad = in_own_thread(functools.partial(check_remotes, path, None, ext=".md")) or []
        except Exception as exc:  # linkcheckmd stops on redirect loops and more
            report.findings.append(
                Finding(
                    shown,
                    1,
                    "",
                    CHECK,
                    f"linkcheckmd stopped on this file: {type(exc).__name__}: {exc}",
                    "its results for this file are lost; `guide links --external` checks it fully",
                    "",
                    "linkcheckmd",
                )
            )
            continue
        for _, url, problem in bad:
            said = problem if isinstance(problem, int) else f"{type(problem).__name__}: {problem}"
            for line, form in _lines_for(path, url) or [(1, "")]:
                report.findings.append(
                    Finding(
                        shown,
                        line,
                        url,
                        BROKEN,
                        f"linkcheckmd: {said}",
                        ACTION,
                        form,
                        "linkcheckmd",
                    )
                )
    report.notes.append(
        "linkcheckmd sees only inline links without a port and passes timeouts: "
        "`guide links --external` is the thorough check."
    )
    return report
