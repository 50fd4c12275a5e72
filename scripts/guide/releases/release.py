"""`guide release VERSION`: check, record, tag and publish one release, or change nothing.

The release is a list of named steps. Each prints what it does (in a dry run,
what it would do). If any step fails, everything already done locally is put
back: the tag is deleted (or moved back), gh-pages is reset to its previous
commit and the branch to the commit it was on, so a failed release can simply
be run again. Pushing, when asked for, is the last step and is all or nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import mkdocs.utils

from guide.cli import COMMAND_MODULES
from guide.gitrepo import GitError, current_branch, dirty_paths, git, rev
from guide.releases import changelog, release_checks, versions
from guide.releases.publish import (
    Runner,
    StepFailed,
    deploy_command,
    mike,
    pages_snapshot,
    push_refs,
    remote_exists,
    restore_pages,
    scratch_folder,
    sync_pages,
    what_changed_page,
)

CHANGELOG = "CHANGELOG.md"
SKIPPED_CHECKS_WARNING = (
    "!!! CHECKS SKIPPED (--skip-checks): guide check, the strict build and the link checks "
    "did NOT run. This release has not been checked. !!!"
)


@dataclass
class Options:
    version: str
    repo: Path
    dry_run: bool = False
    push: bool = False
    force: bool = False
    skip_checks: bool = False
    remote: str = "origin"
    today: date = field(default_factory=date.today)


@dataclass
class Step:
    title: str
    action: Callable[[], None]


@dataclass
class State:
    """What the repository looked like before the release, to put it back on failure."""

    head: str = ""
    branch: str = ""
    pages: str | None = None
    tag: str | None = None
    touched: bool = False  # set once a step has changed anything


class Release:
    def __init__(self, options: Options, runner: Runner | None = None) -> None:
        self.o = options
        self.run = runner or Runner(options.repo, dry_run=options.dry_run)
        self.version = versions.parse_calver(options.version)
        self.state = State()
        self._workdir: Path | None = None
        self.previous: versions.CalVer | None = None
        self.make_latest = True
        self.changelog_has_release = False
        self.checks_record: release_checks.Record | None = None

    @property
    def workdir(self) -> Path:
        """A scratch folder for the checked site and the What changed page, made when needed."""
        if self._workdir is None:
            self._workdir = scratch_folder(f"guide-release-{self.version}-")
        return self._workdir

    # Refusals ------------------------------------------------------------------------

    def refusals(self) -> list[str]:
        """Every reason the release cannot go ahead, all at once."""
        found: list[str] = []
        if self.o.push and remote_exists(self.o.repo, self.o.remote):
            found += self.fetch_remote()
        found += self._tree_problems()
        found += self._version_problems()
        found += self._changelog_problems()
        if self.o.push and not remote_exists(self.o.repo, self.o.remote):
            found.append(
                f"there is no git remote '{self.o.remote}' to push to — add it or drop --push"
            )
        if not self.o.skip_checks and not links_available():
            found.append(
                "guide links is not available, so the link checks cannot run — install a "
                "version of the guide tools that has it, or use --skip-checks"
            )
        return found

    def _tree_problems(self) -> list[str]:
        repo, found = self.o.repo, []
        if current_branch(repo) is None:
            found.append("HEAD is detached — check out the branch you release from (main)")
        dirty = dirty_paths(repo)
        if dirty:
            shown = ", ".join(dirty[:8]) + (" and more" if len(dirty) > 8 else "")
            found.append(
                f"the working tree has uncommitted changes ({shown}) — commit or stash them"
            )
        return found + identity_problems(repo)

    def _version_problems(self) -> list[str]:
        """Already released, or older than the newest release (both allowed by --force)."""
        repo, v, found = self.o.repo, self.version, []
        deployed = versions.read_deployed(repo)
        existing = [
            what
            for what, present in (
                (f"tag {v.tag}", rev(repo, f"refs/tags/{v.tag}") is not None),
                ("a version on gh-pages", versions.resolve(deployed, str(v)) is not None),
                (f"a section in {CHANGELOG}", self._changelog_has(str(v))),
            )
            if present
        ]
        if existing and not self.o.force:
            found.append(
                f"{v} already exists ({', '.join(existing)}) — choose the next number "
                f"(guide versions next) or use --force to publish it again"
            )
        newest = max(
            [*versions.release_tags(repo), *filter(None, [versions.newest_release(deployed)])],
            default=None,
        )
        if newest is not None and v < newest and not self.o.force:
            found.append(f"{v} is older than the newest release {newest} — use a later number")
        self.make_latest = newest is None or v >= newest
        return found

    def _changelog_has(self, version: str) -> bool:
        path = self.o.repo / CHANGELOG
        return path.is_file() and changelog.has_release(path.read_text(encoding="utf-8"), version)

    def _changelog_problems(self) -> list[str]:
        path = self.o.repo / CHANGELOG
        if not path.is_file():
            return [f"there is no {CHANGELOG} — create one with an '## [Unreleased]' section"]
        self.changelog_has_release = self._changelog_has(str(self.version))
        if self.changelog_has_release:
            return []  # only reachable with --force: the section stays as it is
        try:
            text = path.read_text(encoding="utf-8")
            changelog.move_unreleased(text, str(self.version), self.o.today, None, None)
        except changelog.ChangelogError as exc:
            return [str(exc)]
        return []

    def fetch_remote(self) -> list[str]:
        """With --push: see the remote's tags and gh-pages first, so the push cannot be
        refused for being behind (CI may have deployed `dev` since the last fetch)."""
        remote, pages = self.o.remote, versions.PAGES_BRANCH
        command = ["git", "fetch", "--quiet", "--tags", remote]
        if git(self.o.repo, "ls-remote", "--heads", remote, pages, check=False):
            command.append(f"+refs/heads/{pages}:refs/remotes/{remote}/{pages}")
        try:
            self.run.run(command)
            if not self.o.dry_run:
                note = sync_pages(self.o.repo, remote)
                if note:
                    self.run.say(note)
        except (StepFailed, GitError) as exc:
            return [f"could not bring in {remote}'s tags and gh-pages: {exc}"]
        return []

    # Steps ---------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        v = self.version
        steps = [
            Step(
                "Run the checks: guide check, strict build, internal and external links",
                self.checks,
            ),
            Step(
                f"Move the Unreleased notes in {CHANGELOG} under {v} ({self.o.today})",
                self.move_notes,
            ),
            Step(f"Commit {CHANGELOG} and the record of the checks: 'Release {v}'", self.commit),
            Step(f"Tag the release commit {v.tag}", self.tag),
            Step("Write the 'What changed in this version' page", self.write_what_changed),
        ]
        if self.make_latest:
            steps += [
                Step(f"Deploy {v} to gh-pages as 'latest' (mike deploy)", self.deploy),
                Step("Make 'latest' the default version (mike set-default)", self.set_default),
            ]
        else:
            steps.append(Step(f"Deploy {v} to gh-pages; 'latest' stays where it is", self.deploy))
        if self.o.push:
            steps.append(
                Step(f"Push the branch, {v.tag} and gh-pages to {self.o.remote}", self.push)
            )
        return steps

    def checks(self) -> None:
        # What was checked, with each check's counts, goes into the release (release_checks).
        head, today = rev(self.o.repo, "HEAD") or "", self.o.today
        if self.o.skip_checks:
            self.run.say(SKIPPED_CHECKS_WARNING)
            self.checks_record = release_checks.skipped_record(str(self.version), head, today)
            return
        self.checks_record = release_checks.run_checks(
            self.run, self.workdir, str(self.version), head, today
        )

    def move_notes(self) -> None:
        if self.changelog_has_release:
            self.run.say(f"{CHANGELOG} already has a section for {self.version}; left as it is")
            return
        self.previous = versions.previous_release(self.version, versions.release_tags(self.o.repo))
        url = what_changed_url(self.o.repo, str(self.version))
        self.run.say(f"notes dated {self.o.today}, linked to {url}")
        if self.o.dry_run:
            return
        path = self.o.repo / CHANGELOG
        text = path.read_text(encoding="utf-8")
        previous = str(self.previous) if self.previous else None
        self.state.touched = True
        path.write_text(
            changelog.move_unreleased(text, str(self.version), self.o.today, url, previous),
            encoding="utf-8",
        )

    def commit(self) -> None:
        record = release_checks.record_path(str(self.version))
        if not self.o.dry_run and self.checks_record is not None:
            self.state.touched = True
            release_checks.write_record(self.o.repo, self.checks_record)
            git(self.o.repo, "add", "--", record)  # staged, so a roll-back removes it
        if not self.o.dry_run and not dirty_paths(self.o.repo):
            self.run.say("nothing to commit")
            return
        self.run.run(
            ["git", "commit", "--quiet", "-m", f"Release {self.version}", "--", CHANGELOG, record]
        )

    def tag(self) -> None:
        force = ["--force"] if self.o.force else []
        self.state.touched = True
        self.run.run(
            ["git", "tag", *force, "-a", self.version.tag, "-m", f"Release {self.version}"]
        )

    def write_what_changed(self) -> None:
        previous = versions.previous_release(self.version, versions.release_tags(self.o.repo))
        compared = f"{previous.tag}..{self.version.tag}" if previous else "first release"
        self.run.say(
            f"$ guide diff {compared}" if previous else "first release: nothing to compare"
        )
        if self.o.dry_run:
            return
        page, _ = what_changed_page(
            self.o.repo, self.version, self.version.tag, self.o.today, self.workdir
        )
        self.run.env["GUIDE_WHAT_CHANGED"] = str(page)
        self.run.say(f"written to {page}")

    def deploy(self) -> None:
        self.state.touched = True
        aliases = [versions.LATEST] if self.make_latest else []
        self.run.run(deploy_command(str(self.version), aliases))

    def set_default(self) -> None:
        self.run.run(mike("set-default", versions.LATEST))

    def push(self) -> None:
        branch = self.state.branch or "HEAD"
        push_refs(
            self.run,
            self.o.remote,
            [
                f"HEAD:refs/heads/{branch}",
                f"refs/tags/{self.version.tag}",
                f"refs/heads/{versions.PAGES_BRANCH}:refs/heads/{versions.PAGES_BRANCH}",
            ],
        )

    # Running and putting things back ---------------------------------------------------

    def remember(self) -> None:
        repo = self.o.repo
        self.state = State(
            head=rev(repo, "HEAD") or "",
            branch=current_branch(repo) or "",
            pages=pages_snapshot(repo),
            tag=tag_target(repo, self.version.tag),
        )

    def roll_back(self) -> list[str]:
        """Undo every local change the release made; returns what was done."""
        repo, s, done = self.o.repo, self.state, []
        now = tag_target(repo, self.version.tag)
        if s.tag is None and now is not None:
            git(repo, "tag", "-d", self.version.tag)
            done.append(f"tag {self.version.tag} deleted")
        elif s.tag is not None and now != s.tag:
            git(repo, "update-ref", f"refs/tags/{self.version.tag}", s.tag)
            done.append(f"tag {self.version.tag} moved back to where it was")
        done.append(restore_pages(repo, s.pages))
        if rev(repo, "HEAD") != s.head or dirty_paths(repo):
            # Safe: the release refused to start unless the tree was clean.
            git(repo, "reset", "--quiet", "--hard", s.head)
            done.append(f"{s.branch or 'HEAD'} reset to {s.head[:12]} with {CHANGELOG} as it was")
        return done

    def execute(self) -> int:
        with release_lock(self.o.repo) as held:
            if not held:
                self.run.out(
                    f"guide release: another release is running on this repository "
                    f"({lock_path(self.o.repo)} is held). Wait for it to finish; nothing was changed."
                )
                return 1
            try:
                with stopped_by_signals():
                    return self._execute()
            except Stopped as stopped:  # before anything was changed
                self.run.out(f"guide release: {stopped}. Nothing was changed.")
                return 1
            finally:
                if self._workdir is not None:
                    shutil.rmtree(self._workdir, ignore_errors=True)

    def _execute(self) -> int:
        out = self.run.out
        mode = " (dry run: nothing will be changed)" if self.o.dry_run else ""
        out(f"guide release {self.version}{mode}")
        if self.o.skip_checks:
            out(SKIPPED_CHECKS_WARNING)
        out("[1] Check that the release can go ahead")
        problems = self.refusals()
        if problems:
            out(f"Cannot release {self.version}:")
            for problem in problems:
                out(f"  - {problem}")
            out("Nothing was changed.")
            return 1
        number, step = 1, Step("Check that the release can go ahead", lambda: None)
        try:
            # A signal can come at any moment from here on, not only inside a step.
            self.remember()
            for number, step in enumerate(self.steps(), start=2):
                out(f"[{number}] {step.title}")
                step.action()
        except (Exception, KeyboardInterrupt) as exc:
            return self.failed(number, step, exc)
        return self.finished()

    def failed(self, number: int, step: Step, exc: BaseException) -> int:
        out = self.run.out
        out(f"FAILED at step {number} ({step.title}):")
        for line in str(exc).splitlines():
            out(f"  {line}")
        if self.o.dry_run or not self.state.touched:
            out("Nothing had been changed.")
            return 1
        out("Putting everything back as it was:")
        with signals_ignored():  # a second Ctrl-C or SIGTERM must not cut the rollback short
            undone = self.roll_back()
        for line in undone:
            out(f"  - {line}")
        out(f"Release {self.version} was not made. Fix the problem and run the command again.")
        return 1

    def finished(self) -> int:
        out, v = self.run.out, self.version
        if self.o.dry_run:
            out(f"Dry run finished: {v} can be released. Run again without --dry-run to do it.")
            return 0
        out(f"Released {v}: commit, tag {v.tag} and gh-pages are ready.")
        if self.o.skip_checks:
            out(SKIPPED_CHECKS_WARNING)
        if not self.o.push:
            branch = self.state.branch or "HEAD"
            out(
                "Not pushed. To publish: git push --atomic "
                f"{self.o.remote} {branch} {v.tag} {versions.PAGES_BRANCH}  (or run with --push)"
            )
        return 0


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a cancelled CI job, `timeout`, a closed terminal): like Ctrl-C."""


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def stopped_by_signals():
    """SIGTERM and SIGHUP raise Stopped, so the release rolls back as it does for Ctrl-C.

    subprocess.run kills the child it waits for when an exception interrupts it, so a
    running mike or git stops with the release.
    """

    def stop(number, frame):
        raise Stopped(f"stopped by {signal.Signals(number).name}")

    previous = {s: signal.signal(s, stop) for s in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def signals_ignored():
    signals = (*_STOP_SIGNALS, signal.SIGINT)
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def lock_path(repo: Path) -> Path:
    git_dir = Path(git(repo, "rev-parse", "--git-common-dir", check=False) or ".git")
    return (git_dir if git_dir.is_absolute() else repo / git_dir) / "guide-release.lock"


@contextlib.contextmanager
def release_lock(repo: Path):
    """One release at a time per repository: yields False at once if another holds the lock.

    The lock is the operating system's (flock): it goes when its process ends, however
    that happens, so it is never left behind.
    """
    path = lock_path(repo)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def tag_target(repo: Path, tag: str) -> str | None:
    """What the tag ref holds (the tag object for an annotated tag), or None."""
    return git(repo, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}", check=False) or None


def identity_problems(repo: Path) -> list[str]:
    """mike commits to gh-pages with user.name and user.email (or GIT_COMMITTER_*)."""
    found = []
    for key, variable in (
        ("user.name", "GIT_COMMITTER_NAME"),
        ("user.email", "GIT_COMMITTER_EMAIL"),
    ):
        if not os.environ.get(variable) and not git(repo, "config", key, check=False):
            found.append(f"git has no {key} — set it with: git config {key} '...'")
    return found


def links_available() -> bool:
    """Whether `guide links` (the link checker) is one of the guide's commands."""
    return any(name.rsplit(".", 1)[-1] == "links" for name in COMMAND_MODULES)


def site_url(repo: Path) -> str:
    """site_url from mkdocs.yml (which reads SITE_URL when it is set), ending in '/'."""
    with open(repo / "mkdocs.yml", "rb") as handle:
        config = mkdocs.utils.yaml_load(handle)
    url = str(config.get("site_url") or "")
    return url if url.endswith("/") else url + "/"


def what_changed_url(repo: Path, version: str) -> str:
    return f"{site_url(repo)}{version}/what-changed/"


def release(options: Options) -> int:
    try:
        return Release(options).execute()
    except versions.VersionError as exc:
        print(f"guide release: {exc}", file=sys.stderr)
        return 2
