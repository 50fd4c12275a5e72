"""The lines a change adds, from git, so a pull request checks the links it adds."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_FILE = re.compile(r"^\+\+\+ b/(?P<path>.+)$")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def parse_added_lines(diff: str) -> dict[str, set[int]]:
    """From `git diff --unified=0`: file -> the line numbers added or changed."""
    added: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            match = _FILE.match(line)
            current = match.group("path") if match else None
            continue
        hunk = _HUNK.match(line)
        if hunk and current is not None:
            start = int(hunk.group("start"))
            count = int(hunk.group("count")) if hunk.group("count") is not None else 1
            added.setdefault(current, set()).update(range(start, start + count))
    return added


def added_lines(root: Path, base: str) -> dict[str, set[int]]:
    """Lines added since the point where this branch left base (committed or not)."""
    fork = _git(root, "merge-base", base, "HEAD").strip()
    diff = _git(root, "diff", "--unified=0", "--no-color", "--no-ext-diff", fork, "--")
    return parse_added_lines(diff)
