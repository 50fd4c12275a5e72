"""The few git operations the release tools need, run in one repository folder.

Everything goes through the `git` command so that the same environment
(identity, hooks, credentials) applies as when a person types the commands.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(RuntimeError):
    """A git command failed; the message holds the command and git's own words."""


def git(repo: Path, *args: str, check: bool = True, input: str | None = None) -> str:
    """Run `git ARGS` in repo and return its standard output, stripped."""
    result = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, input=input, check=False
    )
    if check and result.returncode != 0:
        said = (result.stderr or result.stdout).strip()
        raise GitError(f"git {' '.join(args)} failed: {said}")
    return result.stdout.strip()


def git_bytes(repo: Path, *args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


def rev(repo: Path, ref: str) -> str | None:
    """The commit a ref points at, or None when there is no such ref."""
    out = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return out or None


def current_branch(repo: Path) -> str | None:
    """The checked-out branch, or None on a detached HEAD."""
    out = git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    return out or None


def dirty_paths(repo: Path) -> list[str]:
    """Changed, staged and untracked (not ignored) files."""
    out = git_bytes(repo, "status", "--porcelain", "-z", "--untracked-files=normal")
    # Each entry is 'XY path'; the status columns may start with a space, so no strip().
    return [entry[3:] for entry in out.decode(errors="replace").split("\0") if len(entry) > 3]


def tags(repo: Path, pattern: str = "*") -> list[str]:
    return git(repo, "tag", "--list", pattern).split()


def git_text(repo: Path, *args: str) -> str | None:
    """`git ARGS`'s output as it is (UTF-8, bad bytes replaced), or None when git fails."""
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace")


def show_file(repo: Path, ref: str, path: str) -> str | None:
    """A file's text at a ref, or None when the ref or file is missing."""
    result = subprocess.run(
        ["git", "show", f"{ref}:{path}"], cwd=repo, capture_output=True, check=False
    )
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else None


def is_ancestor(repo: Path, older: str, newer: str) -> bool:
    """Whether `older` is newer's ancestor (or the same commit)."""
    result = subprocess.run(
        ["git", "merge-base", "--is-ancestor", older, newer], cwd=repo, capture_output=True
    )
    return result.returncode == 0


def added_paths(repo: Path, base: str | None = None) -> set[str]:
    """Files this change adds: new since `base` (committed), staged as new, or untracked.

    Paths are relative to the repository's top folder. Outside a repository, or when
    base is unknown, only what git can say is returned (possibly nothing).
    """
    found: set[str] = set()
    try:
        if base is not None:
            fork = git(repo, "merge-base", base, "HEAD")
            out = git_bytes(repo, "diff", "--name-only", "-z", "--diff-filter=A", fork, "HEAD")
            found.update(p for p in out.decode(errors="replace").split("\0") if p)
        out = git_bytes(repo, "status", "--porcelain", "-z", "--untracked-files=all")
    except (GitError, OSError):
        return found
    for entry in out.decode(errors="replace").split("\0"):
        if len(entry) > 3 and (entry[:2] == "??" or entry[0] == "A"):
            found.add(entry[3:])
    return found


def top_folder(repo: Path) -> Path | None:
    out = git(repo, "rev-parse", "--show-toplevel", check=False)
    return Path(out) if out else None
