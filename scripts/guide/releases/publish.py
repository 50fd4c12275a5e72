"""Running mike (and the checks) as steps that print what they do.

mike builds by running `mkdocs` from PATH, so the environment's own bin folder
goes first on PATH: the build then uses the pinned MkDocs, never another one.
Nothing here pushes on its own; callers push once everything has worked, so a
failure never leaves half a release on the remote.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from guide.gitrepo import GitError, git, is_ancestor, rev
from guide.releases import diffing, versions, whatchanged

BIN = Path(sys.executable).parent
OUTPUT_TAIL = 25  # lines of a failed command's output shown with the failure


class StepFailed(RuntimeError):
    """A step could not finish; the message says what failed and what it printed."""


def tool(name: str) -> str:
    """A command from this environment's bin folder, else from PATH."""
    here = BIN / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def build_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra or {})
    return env


@dataclass
class Runner:
    """Prints each command, then runs it in the repository (or only prints, in a dry run)."""

    repo: Path
    dry_run: bool = False
    out: Callable[[str], None] = print
    env: dict[str, str] = field(default_factory=dict)

    def say(self, text: str) -> None:
        self.out(f"      {text}")

    def run(self, command: list[str], shown: str | None = None, echo: bool = False) -> str:
        self.say(f"$ {shown or shlex.join(_short(command))}")
        if self.dry_run:
            return ""
        result = subprocess.run(
            command,
            cwd=self.repo,
            env=build_env(self.env),
            capture_output=True,
            text=True,
            check=False,
        )
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            tail = "\n".join(output.splitlines()[-OUTPUT_TAIL:])
            raise StepFailed(
                f"{shown or shlex.join(_short(command))} failed (exit {result.returncode}):\n{tail}"
            )
        if echo and output:
            for line in output.splitlines()[-OUTPUT_TAIL:]:
                self.say(f"  {line}")
        return result.stdout


def _short(command: list[str]) -> list[str]:
    """Commands as a person would type them: `mike deploy`, not /path/.venv/bin/mike deploy."""
    if command[:3] == [sys.executable, "-m", "guide.cli"]:
        return ["guide", *command[3:]]
    if command[:2] == [sys.executable, "-m"]:
        return command[2:]
    if command and Path(command[0]).parent == BIN:
        return [Path(command[0]).name, *command[1:]]
    return command


# mike ----------------------------------------------------------------------------------


def mike(*args: str) -> list[str]:
    return [tool("mike"), *args]


def deploy_command(name: str, aliases: list[str], hidden: bool = False) -> list[str]:
    command = mike("deploy")
    if aliases:
        command.append("--update-aliases")
    command += [name, *aliases]
    if hidden:
        # Material leaves versions with `hidden: true` out of the selector.
        command += ["--prop-set", "hidden=true"]
    return command


def pages_snapshot(repo: Path) -> str | None:
    return rev(repo, f"refs/heads/{versions.PAGES_BRANCH}")


def restore_pages(repo: Path, commit: str | None) -> str:
    """Put gh-pages back where it was; returns what was done, for the report."""
    ref = f"refs/heads/{versions.PAGES_BRANCH}"
    if commit is None:
        if rev(repo, ref):
            git(repo, "update-ref", "-d", ref)
            return "gh-pages removed (it did not exist before)"
        return "gh-pages unchanged"
    if rev(repo, ref) != commit:
        git(repo, "update-ref", ref, commit)
        return f"gh-pages reset to {commit[:12]}"
    return "gh-pages unchanged"


# What changed ----------------------------------------------------------------------------


def what_changed_page(
    repo: Path, version: versions.CalVer, new_ref: str, released: date, workdir: Path
) -> tuple[Path, versions.CalVer | None]:
    """Write the release's What changed page, compared with the release before it."""
    previous = versions.previous_release(version, versions.release_tags(repo))
    diff = diffing.diff_refs(repo, previous.tag, new_ref) if previous else None
    markdown = whatchanged.page_markdown(
        str(version), str(previous) if previous else None, tag_date(repo, version) or released, diff
    )
    return whatchanged.write_page(workdir / whatchanged.SRC_URI, markdown), previous


def tag_date(repo: Path, version: versions.CalVer) -> date | None:
    """When the release was tagged, so a later redeploy says the same date."""
    out = git(
        repo,
        "for-each-ref",
        "--format=%(creatordate:short)",
        f"refs/tags/{version.tag}",
        check=False,
    )
    try:
        return date.fromisoformat(out) if out else None
    except ValueError:
        return None


def scratch_folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def push_refs(runner: Runner, remote: str, refspecs: list[str]) -> None:
    """All or nothing: with --atomic the remote takes every ref or none."""
    runner.run(["git", "push", "--atomic", remote, *refspecs])


def remote_exists(repo: Path, remote: str) -> bool:
    try:
        git(repo, "remote", "get-url", remote)
    except GitError:
        return False
    return True


# Deploying and deleting single versions (guide versions ...) ------------------------------


def sync_pages(repo: Path, remote: str) -> str | None:
    """Bring local gh-pages up to the remote's copy (fast-forward only), as mike does.

    Returns a note when something was done. A CI checkout has the remote's
    gh-pages only as a remote-tracking branch, and reading versions.json must
    see what is really deployed.
    """
    theirs = rev(repo, f"refs/remotes/{remote}/{versions.PAGES_BRANCH}")
    if theirs is None:
        return None
    ours = pages_snapshot(repo)
    if ours is not None and is_ancestor(repo, theirs, ours):
        return None  # the same, or ours is ahead: nothing to take
    if ours is not None and not is_ancestor(repo, ours, theirs):
        raise StepFailed(
            f"local gh-pages has diverged from {remote}/gh-pages — look at both before deploying"
        )
    git(repo, "update-ref", f"refs/heads/{versions.PAGES_BRANCH}", theirs)
    return f"gh-pages brought up to {remote}/gh-pages ({theirs[:12]})"


def push_pages(runner: Runner, remote: str) -> None:
    ref = f"refs/heads/{versions.PAGES_BRANCH}"
    runner.run(["git", "push", remote, f"{ref}:{ref}"])


@dataclass
class DeployOptions:
    name: str
    push: bool = False
    hidden: bool = False
    if_missing: bool = False
    remote: str = "origin"
    today: date = field(default_factory=date.today)


def deploy_version(repo: Path, options: DeployOptions, runner: Runner | None = None) -> int:
    """Deploy a release (`2026.1`, from its checked-out tag), `dev` or a preview `pr-N`."""
    runner = runner or Runner(repo)
    name = options.name
    if not (versions.is_calver(name) or name == versions.DEV or versions.is_preview(name)):
        runner.out(
            f"guide versions deploy: '{name}' is not a version to deploy — use a release "
            "number (2026.1), 'dev' or a pull-request preview 'pr-N'"
        )
        return 2
    note = sync_pages(repo, options.remote) if remote_exists(repo, options.remote) else None
    if note:
        runner.say(note)
    deployed = versions.read_deployed(repo)
    if options.if_missing and versions.resolve(deployed, name):
        runner.out(f"{name} is already deployed; nothing to do (--if-missing).")
        return 0
    before = pages_snapshot(repo)
    workdir = scratch_folder(f"guide-deploy-{name}-")
    try:
        if versions.is_calver(name):
            _deploy_release(repo, versions.parse_calver(name), deployed, options, runner, workdir)
        else:
            _deploy_other(repo, name, deployed, options, runner)
        if options.push:
            runner.out(f"Push gh-pages to {options.remote}")
            push_pages(runner, options.remote)
    except (StepFailed, GitError) as exc:
        runner.out(f"FAILED: {exc}")
        runner.out(f"Putting gh-pages back: {restore_pages(repo, before)}.")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    runner.out(f"Deployed {name}.")
    return 0


def _deploy_release(
    repo: Path,
    version: versions.CalVer,
    deployed: list[versions.Deployed],
    options: DeployOptions,
    runner: Runner,
    workdir: Path,
) -> None:
    tagged = rev(repo, f"refs/tags/{version.tag}")
    if tagged is None:
        raise StepFailed(f"there is no tag {version.tag} — releases are made with guide release")
    if rev(repo, "HEAD") != tagged:
        raise StepFailed(f"HEAD is not at {version.tag} — check out the tag, then deploy it")
    newest = max(
        [*versions.release_tags(repo), *filter(None, [versions.newest_release(deployed)])],
        default=None,
    )
    make_latest = newest is None or version >= newest
    runner.out(f"Write the 'What changed in this version' page for {version}")
    page, previous = what_changed_page(repo, version, version.tag, options.today, workdir)
    runner.say(f"compared with {previous.tag if previous else 'nothing: first release'}")
    runner.env["GUIDE_WHAT_CHANGED"] = str(page)
    aliases = [versions.LATEST] if make_latest else []
    runner.out(f"Deploy {version}" + (" as 'latest'" if make_latest else ""))
    runner.run(deploy_command(str(version), aliases))
    if make_latest:
        runner.out("Make 'latest' the default version")
        runner.run(mike("set-default", versions.LATEST))


def _deploy_other(
    repo: Path,
    name: str,
    deployed: list[versions.Deployed],
    options: DeployOptions,
    runner: Runner,
) -> None:
    runner.out(f"Deploy {name}" + (" (hidden from the version selector)" if options.hidden else ""))
    runner.run(deploy_command(name, [], hidden=options.hidden))
    if versions.read_default(repo) is None and not versions.is_preview(name):
        # Before the first release the site's front door leads to dev.
        runner.out(f"No default version yet: make {name} the default until the first release")
        runner.run(mike("set-default", name))


def delete_version(
    repo: Path,
    identifier: str,
    push: bool = False,
    missing_ok: bool = False,
    remote: str = "origin",
    runner: Runner | None = None,
) -> int:
    """`mike delete`, refused for the version behind `latest` and for the default."""
    runner = runner or Runner(repo)
    try:
        note = sync_pages(repo, remote) if remote_exists(repo, remote) else None
    except StepFailed as exc:
        runner.out(f"guide versions delete: {exc}")
        return 1
    if note:
        runner.say(note)
    deployed = versions.read_deployed(repo)
    if missing_ok and versions.resolve(deployed, identifier) is None:
        runner.out(f"{identifier} is not deployed; nothing to delete (--missing-ok).")
        return 0
    refusal = versions.delete_refusal(deployed, versions.read_default(repo), identifier)
    if refusal:
        runner.out(f"guide versions delete: refused: {refusal}. Nothing was changed.")
        return 1
    before = pages_snapshot(repo)
    try:
        runner.out(f"Delete {identifier} from gh-pages")
        runner.run(mike("delete", identifier))
        if push:
            runner.out(f"Push gh-pages to {remote}")
            push_pages(runner, remote)
    except (StepFailed, GitError) as exc:
        runner.out(f"FAILED: {exc}")
        runner.out(f"Putting gh-pages back: {restore_pages(repo, before)}.")
        return 1
    runner.out(f"Deleted {identifier}.")
    return 0
