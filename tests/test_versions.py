"""Release numbers, versions.json, safe deletion and the changelog move (no git needed)."""

from __future__ import annotations

from datetime import date

import pytest

from guide.releases import changelog, versions
from guide.releases.versions import CalVer, Deployed


@pytest.mark.parametrize(
    ("text", "expected"), [("2026.1", CalVer(2026, 1)), ("2026.12", CalVer(2026, 12))]
)
def test_calver_parses(text: str, expected: CalVer) -> None:
    assert versions.parse_calver(text) == expected
    assert str(expected) == text
    assert expected.tag == f"v{text}"


@pytest.mark.parametrize("bad", ["2026", "26.1", "2026.0", "2026.01", "2026.1.1", "v2026.1", "dev"])
def test_calver_refuses_other_forms(bad: str) -> None:
    with pytest.raises(versions.VersionError, match=r"YYYY\.N"):
        versions.parse_calver(bad)


def test_calver_orders_numerically() -> None:
    assert CalVer(2026, 9) < CalVer(2026, 10) < CalVer(2027, 1)


def test_next_version_counts_within_the_year() -> None:
    known = [CalVer(2026, 1), CalVer(2026, 2), CalVer(2025, 7)]
    assert versions.next_version(known, date(2026, 5, 1)) == CalVer(2026, 3)
    assert versions.next_version(known, date(2027, 1, 2)) == CalVer(2027, 1)
    assert versions.next_version([], date(2026, 5, 1)) == CalVer(2026, 1)


def test_previous_release() -> None:
    known = [CalVer(2026, 1), CalVer(2026, 2), CalVer(2026, 3)]
    assert versions.previous_release(CalVer(2026, 3), known) == CalVer(2026, 2)
    assert versions.previous_release(CalVer(2026, 1), known) is None


DEPLOYED = versions.parse_versions_json(
    '[{"version": "dev", "title": "dev", "aliases": []},'
    ' {"version": "2026.2", "title": "2026.2", "aliases": ["latest"]},'
    ' {"version": "2026.1", "title": "2026.1", "aliases": ["old"]}]'
)


def test_versions_json_is_read() -> None:
    assert DEPLOYED[1] == Deployed("2026.2", "2026.2", ["latest"], None)
    assert versions.latest(DEPLOYED).version == "2026.2"
    assert versions.newest_release(DEPLOYED) == CalVer(2026, 2)


@pytest.mark.parametrize("identifier", ["2026.2", "latest"])
def test_delete_refuses_latest(identifier: str) -> None:
    assert "latest" in versions.delete_refusal(DEPLOYED, "latest", identifier)


@pytest.mark.parametrize("identifier", ["2026.1", "old"])
def test_delete_refuses_the_default(identifier: str) -> None:
    # The front page redirects to the alias 'old': neither it nor its version may go.
    assert "default" in versions.delete_refusal(DEPLOYED, "old", identifier)


def test_delete_allows_others_and_names_what_is_missing() -> None:
    assert versions.delete_refusal(DEPLOYED, "2026.1", "old") is None  # only an alias goes
    assert versions.delete_refusal(DEPLOYED, "latest", "2026.1") is None
    assert versions.delete_refusal(DEPLOYED, "latest", "dev") is None
    assert "not deployed" in versions.delete_refusal(DEPLOYED, "latest", "pr-3")


def test_redirect_target_is_read_from_mikes_page() -> None:
    page = '<meta http-equiv="refresh" content="1; url=latest/" />\n<a href="latest/">latest/</a>'
    assert versions.parse_redirect(page) == "latest/"


CHANGELOG = """# Changelog

Intro.

## [Unreleased]

### Added

- A new page.

## [2026.1] - 2026-01-10

### Added

- The site.
"""


def test_changelog_moves_unreleased_under_the_release() -> None:
    moved = changelog.move_unreleased(
        CHANGELOG,
        "2026.2",
        date(2026, 3, 4),
        "https://example.invalid/2026.2/what-changed/",
        "2026.1",
    )
    assert moved == (
        "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [2026.2] - 2026-03-04\n\n"
        "[What changed in this version](https://example.invalid/2026.2/what-changed/): every "
        "page added, removed, renamed or changed since 2026.1, section by section.\n\n"
        "### Added\n\n- A new page.\n\n## [2026.1] - 2026-01-10\n\n### Added\n\n- The site.\n"
    )


def test_changelog_refuses_an_empty_unreleased_section_or_a_repeat() -> None:
    moved = changelog.move_unreleased(CHANGELOG, "2026.2", date(2026, 3, 4), None, None)
    with pytest.raises(changelog.ChangelogError, match="empty"):
        changelog.move_unreleased(moved, "2026.3", date(2026, 3, 4), None, None)
    with pytest.raises(changelog.ChangelogError, match="already has a section"):
        changelog.move_unreleased(CHANGELOG, "2026.1", date(2026, 3, 4), None, None)


def test_changelog_without_unreleased_says_how_to_fix_it() -> None:
    with pytest.raises(changelog.ChangelogError, match="no '## \\[Unreleased\\]'"):
        changelog.find_unreleased("# Changelog\n")
