"""Releases with mike in a throwaway repository: versions, aliases, safety and refusals."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from guide.releases import versions
from versioned_repo import (
    FIRST,
    SECOND,
    Published,
    add_unreleased_note,
    copy_repo,
    git,
    guide,
    mike,
    published,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published(tmp_path_factory)


@pytest.fixture
def spare(site: Published, tmp_path: Path) -> Path:
    """A copy of the published repository that a test may change or break."""
    return copy_repo(site.repo, tmp_path)


def deployed(repo: Path) -> dict[str, list[str]]:
    data = json.loads(git(repo, "show", "gh-pages:versions.json"))
    return {entry["version"]: sorted(entry["aliases"]) for entry in data}


def state(repo: Path) -> dict[str, str]:
    """Everything a refused or failed release must leave as it was."""
    return {
        "head": git(repo, "rev-parse", "HEAD"),
        "gh-pages": git(repo, "rev-parse", "gh-pages"),
        "tags": git(repo, "tag", "--list"),
        "status": git(repo, "status", "--porcelain"),
        "changelog": (repo / "CHANGELOG.md").read_text(),
    }


# Deployed versions ----------------------------------------------------------------------


def test_versions_json_lists_both_releases_and_dev_with_latest_on_the_newest(
    site: Published,
) -> None:
    assert deployed(site.repo) == {"dev": [], SECOND: ["latest"], FIRST: []}


def test_the_root_redirects_to_latest_which_redirects_to_the_newest_release(
    site: Published,
) -> None:
    root = git(site.repo, "show", "gh-pages:index.html")
    assert versions.parse_redirect(root) == "latest/"
    latest_home = git(site.repo, "show", "gh-pages:latest/index.html")
    assert versions.parse_redirect(latest_home) == f"../{SECOND}/"
    assert "<title>" in git(site.repo, "show", f"gh-pages:{SECOND}/index.html")
    deep = git(site.repo, "show", "gh-pages:latest/plan/objectives/index.html")
    assert versions.parse_redirect(deep) == f"../../../{SECOND}/plan/objectives/"


def test_gh_pages_has_no_symlinks(site: Published) -> None:
    listing = git(site.repo, "ls-tree", "-r", "gh-pages").splitlines()
    assert listing
    assert [line for line in listing if line.startswith("120000")] == []


def test_deploying_later_versions_leaves_the_earlier_release_byte_for_byte_unchanged(
    site: Published,
) -> None:
    assert site.first_tree_before == site.first_tree_after


def test_release_tags_and_commits(site: Published) -> None:
    assert git(site.repo, "tag", "--list").split() == [f"v{FIRST}", f"v{SECOND}"]
    assert git(site.repo, "log", "-1", "--format=%s", f"v{SECOND}") == f"Release {SECOND}"
    assert git(site.repo, "cat-file", "-t", f"v{SECOND}") == "tag"  # annotated


def test_release_prints_every_step(site: Published) -> None:
    out = site.second_release.stdout
    for expected in (
        "CHECKS SKIPPED",
        "Move the Unreleased notes",
        f"git tag -a v{SECOND}",
        f"mike deploy --update-aliases {SECOND} latest",
        "mike set-default latest",
        "git push --atomic origin",
    ):
        assert expected in out, out


def test_push_sends_the_branch_tag_and_gh_pages_to_the_remote(site: Published) -> None:
    remote = site.origin
    assert git(remote, "rev-parse", f"v{SECOND}^{{commit}}") == git(
        site.repo, "rev-parse", f"v{SECOND}^{{commit}}"
    )
    assert git(remote, "rev-parse", "main") == git(site.repo, "rev-parse", f"v{SECOND}^{{commit}}")
    assert SECOND in git(remote, "show", "gh-pages:versions.json")


def test_changelog_moves_unreleased_under_the_version_with_todays_date(site: Published) -> None:
    text = (site.repo / "CHANGELOG.md").read_text()
    # The day the release was tagged: a run that crosses midnight still agrees with itself.
    tagged = git(site.repo, "for-each-ref", "--format=%(creatordate:short)", f"refs/tags/v{SECOND}")
    heading = f"## [{SECOND}] - {tagged}"
    assert heading in text
    unreleased = text.split("## [Unreleased]", 1)[1].split("## [", 1)[0]
    assert unreleased.strip() == ""
    section = text.split(heading, 1)[1].split(f"## [{FIRST}]", 1)[0]
    assert "Event checklist: an 'After the event' section." in section
    assert f"{SECOND}/what-changed/" in section
    assert f"since {FIRST}" in section
    assert text.index(heading) < text.index(f"## [{FIRST}]")


def test_only_mike_builds_get_the_version_selector(site: Published) -> None:
    page = git(site.repo, "show", f"gh-pages:{FIRST}/plan/objectives/index.html")
    assert '"provider": "mike"' in page
    assert f"You are reading version <strong>{FIRST}</strong>" in page
    assert 'data-md-component="outdated"' in page
    # Canonical URLs point at latest.
    assert (
        'rel="canonical" href="https://digital-engagement-guide.github.io/guide/latest/plan/objectives/"'
        in page
    )


def test_plain_builds_have_no_version_selector_or_banner(built_site: Path) -> None:
    page = (built_site / "plan" / "objectives" / "index.html").read_text()
    assert '"version": null' in page
    assert 'data-md-component="outdated"' not in page
    assert not (built_site / "what-changed").exists()


# What changed ---------------------------------------------------------------------------


def test_each_release_has_a_what_changed_page_listed_in_its_navigation(site: Published) -> None:
    first = git(site.repo, "show", f"gh-pages:{FIRST}/what-changed/index.html")
    assert "first release of the guide" in first
    second = git(site.repo, "show", f"gh-pages:{SECOND}/what-changed/index.html")
    assert f"since version {FIRST}" in second
    for expected in (
        "start/new-advice.md",
        "start/retired-advice.md",
        "start/meeting-notes.md</code> to <code>start/notes-from-meetings.md",
        "start/checklist.md",
        '<span class="guide-visually-hidden">[added: </span>time.<span',
        '<span class="guide-visually-hidden">[removed: </span>date.<span',
        "Section added: After the event",
        "Section removed: Things we stopped doing",
    ):
        assert expected in second, expected
    about = git(site.repo, "show", f"gh-pages:{SECOND}/about/index.html")
    assert 'href="../what-changed/"' in about
    assert "what-changed" not in git(site.repo, "ls-tree", "--name-only", "gh-pages", "dev/")


# Refusals and failures ------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["26.1", "2026.01", "2026", "2026.1.0", "v2026.3", "latest"])
def test_release_refuses_a_malformed_version(spare: Path, bad: str) -> None:
    before = state(spare)
    result = guide(spare, "release", bad, "--skip-checks")
    assert result.returncode != 0
    assert "YYYY.N" in result.stderr + result.stdout  # says what the form should be
    assert state(spare) == before


def test_release_refuses_a_dirty_tree(spare: Path) -> None:
    add_unreleased_note(spare, "Something new.")
    before = state(spare)
    result = guide(spare, "release", "2026.3", "--skip-checks")
    assert result.returncode == 1
    assert "uncommitted changes (CHANGELOG.md)" in result.stdout
    assert "Nothing was changed." in result.stdout
    assert state(spare) == before


def test_release_refuses_an_existing_version(spare: Path) -> None:
    add_unreleased_note(spare, "Something new.")
    git(spare, "commit", "--quiet", "-am", "More")
    before = state(spare)
    result = guide(spare, "release", FIRST, "--skip-checks")
    assert result.returncode == 1
    assert f"{FIRST} already exists (tag v{FIRST}, a version on gh-pages" in result.stdout
    assert f"{FIRST} is older than the newest release {SECOND}" in result.stdout
    assert state(spare) == before


def test_release_refuses_when_nothing_is_unreleased(spare: Path) -> None:
    result = guide(spare, "release", "2026.3", "--skip-checks")
    assert result.returncode == 1
    assert "Unreleased section of CHANGELOG.md is empty" in result.stdout


def test_dry_run_prints_every_step_and_changes_nothing(spare: Path) -> None:
    add_unreleased_note(spare, "Something new.")
    git(spare, "commit", "--quiet", "-am", "More")
    before = state(spare)
    result = guide(spare, "release", "2026.3", "--dry-run", "--skip-checks", "--push")
    assert result.returncode == 0, result.stdout
    for expected in (
        "dry run",
        "git commit --quiet -m 'Release 2026.3' -- CHANGELOG.md",
        "git tag -a v2026.3",
        f"guide diff v{SECOND}..v2026.3",
        "mike deploy --update-aliases 2026.3 latest",
        "mike set-default latest",
        "git push --atomic origin HEAD:refs/heads/main refs/tags/v2026.3",
    ):
        assert expected in result.stdout, expected
    assert state(spare) == before


def test_dry_run_lists_the_full_checks_when_they_are_not_skipped(spare: Path) -> None:
    from guide.releases.publish import Runner
    from guide.releases.release import Options, Release

    lines: list[str] = []
    options = Options(version="2026.3", repo=spare, dry_run=True)
    release = Release(options, Runner(spare, dry_run=True, out=lines.append))
    release.checks()
    assert not release.workdir.exists() or not any(release.workdir.iterdir())
    release.workdir.rmdir()
    shown = "\n".join(lines)
    for command in (
        "guide check",
        "mkdocs build --strict",
        "guide links --internal",
        "guide links --external",
    ):
        assert command in shown


def test_a_failed_deploy_puts_the_tag_gh_pages_and_branch_back(spare: Path) -> None:
    # A link to a missing page: the strict build inside `mike deploy` fails.
    page = spare / "docs" / "start" / "checklist.md"
    page.write_text(page.read_text() + "\nSee [nowhere](missing-page.md).\n")
    add_unreleased_note(spare, "A broken link.")
    git(spare, "commit", "--quiet", "-am", "Break the build")
    before = state(spare)
    result = guide(spare, "release", "2026.3", "--skip-checks")
    assert result.returncode == 1
    assert "FAILED at step" in result.stdout and "mike deploy" in result.stdout
    assert "tag v2026.3 deleted" in result.stdout
    assert state(spare) == before
    assert "v2026.3" not in git(spare, "tag", "--list")


def test_push_first_brings_in_gh_pages_that_moved_on_since_the_last_fetch(
    site: Published, tmp_path: Path
) -> None:
    origin = Path(shutil.copytree(site.origin, tmp_path / "origin.git"))
    repo = copy_repo(site.repo, tmp_path)
    git(repo, "remote", "set-url", "origin", str(origin))
    # The deploy workflow pushed to gh-pages; this clone has not fetched since.
    known = git(repo, "rev-parse", "gh-pages")
    tree = git(repo, "rev-parse", "gh-pages^{tree}")
    theirs = git(repo, "commit-tree", "-p", known, "-m", "Deployed by CI", tree)
    git(repo, "push", "--quiet", "origin", f"{theirs}:refs/heads/gh-pages")
    git(repo, "update-ref", "refs/remotes/origin/gh-pages", known)
    add_unreleased_note(repo, "Something new.")
    git(repo, "commit", "--quiet", "-am", "More")
    result = guide(repo, "release", "2026.3", "--skip-checks", "--push")
    assert result.returncode == 0, result.stdout
    pushed = git(origin, "rev-parse", "gh-pages")
    assert git(repo, "merge-base", "--is-ancestor", theirs, pushed) == ""
    assert "2026.3" in git(origin, "show", "gh-pages:versions.json")


def test_force_publishes_an_existing_version_again(spare: Path) -> None:
    result = guide(spare, "release", SECOND, "--skip-checks", "--force")
    assert result.returncode == 0, result.stdout
    assert "already has a section for" in result.stdout
    assert deployed(spare)[SECOND] == ["latest"]


# Deleting versions ----------------------------------------------------------------------


@pytest.mark.parametrize("identifier", [SECOND, "latest"])
def test_delete_refuses_the_latest_version(spare: Path, identifier: str) -> None:
    before = state(spare)
    result = guide(spare, "versions", "delete", identifier)
    assert result.returncode == 1
    assert "refused" in result.stdout and "latest" in result.stdout
    assert state(spare) == before


def test_delete_refuses_the_default_version(spare: Path) -> None:
    mike(spare, "set-default", FIRST)
    before = state(spare)
    result = guide(spare, "versions", "delete", FIRST)
    assert result.returncode == 1
    assert "default version" in result.stdout
    assert state(spare) == before


def test_preview_is_hidden_and_can_be_deleted(spare: Path) -> None:
    result = guide(spare, "versions", "deploy", "pr-7", "--hidden")
    assert result.returncode == 0, result.stdout
    entry = next(e for e in versions.read_deployed(spare) if e.version == "pr-7")
    assert entry.properties == {"hidden": True}
    result = guide(spare, "versions", "delete", "pr-7")
    assert result.returncode == 0, result.stdout
    assert "pr-7" not in deployed(spare)
    assert git(spare, "ls-tree", "--name-only", "gh-pages", "pr-7") == ""


def test_deploying_a_tag_that_is_already_published_does_nothing_with_if_missing(
    spare: Path,
) -> None:
    git(spare, "checkout", "--quiet", f"v{SECOND}")
    before = git(spare, "rev-parse", "gh-pages")
    result = guide(spare, "versions", "deploy", SECOND, "--if-missing")
    assert result.returncode == 0
    assert "already deployed" in result.stdout
    assert git(spare, "rev-parse", "gh-pages") == before


def test_versions_list_and_next(site: Published) -> None:
    listing = guide(site.repo, "versions", "list")
    assert f"{SECOND}  (aliases: latest; default)" in listing.stdout
    upcoming = guide(site.repo, "versions", "next", "--today", "2026-06-01")
    assert upcoming.stdout.strip() == "2026.3"


def _start_release(repo: Path) -> subprocess.Popen[str]:
    from versioned_repo import environment

    home = repo.parent / "home"
    home.mkdir(exist_ok=True)
    (home / "gitconfig").touch()
    return subprocess.Popen(
        [sys.executable, "-m", "guide.cli", "release", "2026.3", "--skip-checks"],
        cwd=repo,
        env=environment(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_a_release_stopped_by_a_signal_rolls_back_and_stops_mike(spare: Path, stop) -> None:
    add_unreleased_note(spare, "Something new.")
    git(spare, "commit", "--quiet", "-am", "More")
    before = state(spare)
    process = _start_release(spare)
    seen = []
    assert process.stdout is not None
    for line in process.stdout:  # wait until the tag is made and mike is deploying
        seen.append(line)
        if "mike deploy" in line:
            break
    process.send_signal(stop)
    rest = process.stdout.read()
    assert process.wait(timeout=60) == 1, "".join(seen) + rest
    assert f"stopped by {stop.name}" in rest
    assert "tag v2026.3 deleted" in rest
    assert state(spare) == before
    # No mike left deploying after the release stopped.
    found = subprocess.run(
        ["pgrep", "-f", f"mike deploy.*2026.3.*{spare.name}"], capture_output=True
    )
    assert found.stdout == b""


def test_a_second_release_on_the_same_repository_refuses_at_once(spare: Path) -> None:
    from guide.releases.release import release_lock

    add_unreleased_note(spare, "Something new.")
    git(spare, "commit", "--quiet", "-am", "More")
    before = state(spare)
    with release_lock(spare) as held:
        assert held
        result = guide(spare, "release", "2026.3", "--skip-checks")
    assert result.returncode == 1
    assert "another release is running on this repository" in result.stdout
    assert "guide-release.lock is held" in result.stdout
    assert state(spare) == before
