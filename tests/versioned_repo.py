"""A throwaway git repository with two releases and `dev` deployed by mike, for the tests.

Everything happens in a temporary folder: the project is copied there, a
repository is made with its own identity (set through the environment, never
global git config), and a bare repository stands in for the remote. Nothing
touches the real repository's branches, tags or gh-pages.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent
FIRST, SECOND = "2026.1", "2026.2"
COPIED = ("mkdocs.yml", "docs", "overrides", "scripts", "CHANGELOG.md", ".gitignore")


def environment(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_AUTHOR_NAME": "Release Test",
        "GIT_AUTHOR_EMAIL": "release-test@example.invalid",
        "GIT_COMMITTER_NAME": "Release Test",
        "GIT_COMMITTER_EMAIL": "release-test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
        "HOME": str(home),
    }
    for name in ("SITE_URL", "REPO_URL", "MIKE_DOCS_VERSION", "GUIDE_WHAT_CHANGED"):
        env.pop(name, None)
    return env


def run(repo: Path, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    home = repo.parent / "home"
    home.mkdir(exist_ok=True)
    (home / "gitconfig").touch()
    result = subprocess.run(
        list(command), cwd=repo, env=environment(home), capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return result


def git(repo: Path, *args: str) -> str:
    return run(repo, "git", *args).stdout.strip()


def guide(repo: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return run(repo, sys.executable, "-m", "guide.cli", *args, check=check)


def mike(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(repo, str(BIN / "mike"), *args)


# Test pages: plain, valid pages whose changes between the releases are known.


def _page(title: str, body: str) -> str:
    today = date.today().isoformat()
    return (
        f"---\ntitle: {title}\ndescription: A page used by the release tests.\n"
        f"owner: Guide editors\nlast_reviewed: {today}\nreview_in: 6 months\n---\n\n{body}"
    )


CHECKLIST_1 = _page(
    "Event checklist",
    "Use this list to get ready for an online event.\n\n"
    "## Before you start\n\nBook the room and tell your press office the date.\n\n"
    "- Get the panel\n- Read [data protection](../plan/data-protection.md)\n\n"
    "## Things we stopped doing\n\nPrint every reply and file it in a folder.\n",
)
CHECKLIST_2 = _page(
    "Event checklist",
    "Use this list to get ready for an online event.\n\n"
    "## Before you start\n\nBook the room and tell your press office the time.\n\n"
    "- Get the panel\n- Read [data protection guidance](../plan/data-protection.md)\n\n"
    "## After the event\n\nThank the people who took part and say what happens next.\n",
)
NOTES_1 = _page(
    "Meeting notes",
    "Keep short notes of each meeting with your team. Write down what you agreed, who will "
    "do each task and when you will meet again. Share the notes on the same day so that "
    "nobody has to wait for them.\n",
)
NOTES_2 = NOTES_1.replace("on the same day", "within a day")
RETIRED = _page("Retired advice", "This advice no longer applies, so it is leaving the guide.\n")
ADDED = _page("New advice", "This page is new in the second release.\n")

NAV_ANCHOR = "      - start/principles.md\n"
PAGES_1 = {
    "start/checklist.md": CHECKLIST_1,
    "start/meeting-notes.md": NOTES_1,
    "start/retired-advice.md": RETIRED,
}
PAGES_2 = {
    "start/checklist.md": CHECKLIST_2,
    "start/notes-from-meetings.md": NOTES_2,
    "start/new-advice.md": ADDED,
}


def set_test_pages(repo: Path, pages: dict[str, str], previous: dict[str, str]) -> None:
    for path in previous:
        (repo / "docs" / path).unlink(missing_ok=True)
    for path, text in pages.items():
        (repo / "docs" / path).write_text(text, encoding="utf-8")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for path in previous:
        text = text.replace(f"      - {path}\n", "")
    listed = "".join(f"      - {path}\n" for path in pages)
    config.write_text(text.replace(NAV_ANCHOR, NAV_ANCHOR + listed, 1), encoding="utf-8")


def add_unreleased_note(repo: Path, note: str) -> None:
    path = repo / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    marker = "## [Unreleased]\n"
    assert marker in text
    path.write_text(text.replace(marker, f"{marker}\n### Changed\n\n- {note}\n", 1), "utf-8")


def make_project(target: Path) -> Path:
    """A copy of the project in a new repository, with one commit on main."""
    repo = target / "repo"
    repo.mkdir(parents=True)
    for part in COPIED:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, repo / part)
    set_test_pages(repo, PAGES_1, {})
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "The guide, before its first release")
    return repo


def copy_repo(repo: Path, target: Path) -> Path:
    """An independent copy (working tree, branches, tags, gh-pages) to change freely."""
    copy = target / "repo"
    shutil.copytree(repo, copy, symlinks=True)
    return copy


@dataclass
class Published:
    repo: Path
    origin: Path
    first_release: subprocess.CompletedProcess[str]
    second_release: subprocess.CompletedProcess[str]
    dev_deploy: subprocess.CompletedProcess[str]
    first_tree_before: str  # gh-pages tree of 2026.1 right after it was deployed
    first_tree_after: str  # ... after 2026.2 and dev were deployed


_cache: dict[str, Published] = {}


def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Release 2026.1, change the pages, release 2026.2 with --push, deploy dev (once per run)."""
    if "published" in _cache:
        return _cache["published"]
    base = tmp_path_factory.mktemp("issue6-published")
    repo = make_project(base)
    first = guide(repo, "release", FIRST, "--skip-checks")
    assert first.returncode == 0, first.stdout + first.stderr
    tree_before = git(repo, "rev-parse", f"gh-pages:{FIRST}")

    set_test_pages(repo, PAGES_2, PAGES_1)
    add_unreleased_note(repo, "Event checklist: an 'After the event' section.")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "Changes for the second release")
    origin = base / "origin.git"
    git(base, "init", "--quiet", "--bare", str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    second = guide(repo, "release", SECOND, "--skip-checks", "--push")
    assert second.returncode == 0, second.stdout + second.stderr

    dev = guide(repo, "versions", "deploy", "dev")
    assert dev.returncode == 0, dev.stdout + dev.stderr
    tree_after = git(repo, "rev-parse", f"gh-pages:{FIRST}")
    _cache["published"] = Published(repo, origin, first, second, dev, tree_before, tree_after)
    return _cache["published"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def mike_serve(repo: Path) -> Iterator[str]:
    """`mike serve` on 127.0.0.1 and a free port, stopped (by its own pid) afterwards."""
    port = free_port()
    home = repo.parent / "home"
    process = subprocess.Popen(
        [str(BIN / "mike"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo,
        env=environment(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    # Start-up wait only, not a timing assertion: fail only if it never starts.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mike serve stopped: {process.stderr.read() if process.stderr else ''}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail("mike serve did not start listening within 60 seconds")
