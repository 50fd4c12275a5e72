"""The lines a change adds, from git, so a pull request checks the links it adds."""

from __future__ import annotations

import re
from pathlib import Path

from guide.gitrepo import git

_FILE = re.compile(r"^\+\+\+ b/(?P<path>.+)$")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")


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
    fork = git(root, "merge-base", base, "HEAD")
    diff = git(root, "diff", "--unified=0", "--no-color", "--no-ext-diff", fork, "--")
    return parse_added_lines(diff)
