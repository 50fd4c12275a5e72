"""Release numbers (CalVer `YYYY.N`) and the versions deployed on the gh-pages branch.

mike keeps the list of deployed versions in `versions.json` at the root of
gh-pages, and `mike set-default` writes a root `index.html` that redirects to
the default. Both are read straight from git, so nothing needs checking out.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import total_ordering
from pathlib import Path

from guide.gitrepo import show_file, tags

PAGES_BRANCH = "gh-pages"
LATEST = "latest"
DEV = "dev"
TAG_PREFIX = "v"
_CALVER = re.compile(r"(?P<year>\d{4})\.(?P<number>[1-9]\d*)")
_PREVIEW = re.compile(r"pr-[1-9]\d*")


@total_ordering
@dataclass(frozen=True)
class CalVer:
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}.{self.number}"

    def __lt__(self, other: CalVer) -> bool:
        return (self.year, self.number) < (other.year, other.number)

    @property
    def tag(self) -> str:
        return f"{TAG_PREFIX}{self}"


class VersionError(ValueError):
    """A version number that does not have the form YYYY.N."""


def parse_calver(text: str) -> CalVer:
    """`2026.1` → CalVer(2026, 1); anything else raises VersionError saying why."""
    value = text.strip()
    if value.startswith(TAG_PREFIX) and _CALVER.fullmatch(value[1:]):
        raise VersionError(
            f"'{text}' is a tag name: give the version (YYYY.N) without the 'v', {value[1:]}"
        )
    match = _CALVER.fullmatch(value)
    if not match:
        raise VersionError(
            f"'{text}' is not a release number: use YYYY.N, the year and then the count of "
            "releases in that year with no leading zero, for example 2026.1"
        )
    year = int(match["year"])
    if not 2000 <= year <= 2999:
        raise VersionError(
            f"'{text}' has an unlikely year {year}: use this year, for example 2026.1"
        )
    return CalVer(year, int(match["number"]))


def is_calver(text: str) -> bool:
    try:
        parse_calver(text)
    except VersionError:
        return False
    return True


def is_preview(name: str) -> bool:
    """Pull-request previews are deployed as `pr-N`."""
    return bool(_PREVIEW.fullmatch(name))


def next_version(existing: Iterable[CalVer], today: date) -> CalVer:
    """The next number this year: 2026.3 after 2026.2, or 2027.1 in a new year."""
    this_year = [v.number for v in existing if v.year == today.year]
    return CalVer(today.year, max(this_year, default=0) + 1)


def release_tags(repo: Path) -> list[CalVer]:
    """Every `vYYYY.N` tag in the repository, oldest first."""
    found = []
    for name in tags(repo, f"{TAG_PREFIX}*"):
        if is_calver(name[len(TAG_PREFIX) :]):
            found.append(parse_calver(name[len(TAG_PREFIX) :]))
    return sorted(found)


def previous_release(version: CalVer, releases: Iterable[CalVer]) -> CalVer | None:
    """The newest release older than version, or None for the first release."""
    older = [v for v in releases if v < version]
    return max(older, default=None)


@dataclass
class Deployed:
    """One entry of mike's versions.json."""

    version: str
    title: str
    aliases: list[str] = field(default_factory=list)
    properties: dict | None = None


def parse_versions_json(text: str) -> list[Deployed]:
    return [
        Deployed(
            version=str(item["version"]),
            title=str(item.get("title", item["version"])),
            aliases=list(item.get("aliases", [])),
            properties=item.get("properties"),
        )
        for item in json.loads(text)
    ]


def read_deployed(repo: Path, branch: str = PAGES_BRANCH) -> list[Deployed]:
    """The deployed versions, newest first as mike lists them; [] before the first deploy."""
    text = show_file(repo, branch, "versions.json")
    return parse_versions_json(text) if text else []


def parse_redirect(page: str) -> str | None:
    """The target of mike's redirect page (`index.html` written by set-default)."""
    match = re.search(r'<a href="([^"]*)"', page) or re.search(r"url=([^\"'>\s]+)", page)
    return html.unescape(match.group(1)) if match else None


def read_default(repo: Path, branch: str = PAGES_BRANCH) -> str | None:
    """The version or alias the site's root redirects to, without the trailing slash."""
    page = show_file(repo, branch, "index.html")
    target = parse_redirect(page) if page else None
    return target.strip("/").split("/")[0] if target else None


def resolve(deployed: list[Deployed], identifier: str) -> Deployed | None:
    """The deployed version that a version name or an alias refers to."""
    for entry in deployed:
        if identifier == entry.version or identifier in entry.aliases:
            return entry
    return None


def latest(deployed: list[Deployed]) -> Deployed | None:
    return resolve(deployed, LATEST)


def newest_release(deployed: list[Deployed]) -> CalVer | None:
    releases = [parse_calver(d.version) for d in deployed if is_calver(d.version)]
    return max(releases, default=None)


def delete_refusal(deployed: list[Deployed], default: str | None, identifier: str) -> str | None:
    """Why deleting identifier would break the site, or None when it is safe.

    Deleting the version behind `latest`, or the one the root redirects to,
    would leave every link to the site's front door pointing at nothing.
    """
    entry = resolve(deployed, identifier)
    if entry is None:
        known = ", ".join(d.version for d in deployed) or "none"
        return f"'{identifier}' is not deployed (deployed versions: {known})"
    if LATEST in entry.aliases and identifier in (entry.version, LATEST):
        return (
            f"'{identifier}' is the latest version ({entry.version}): publish a newer release "
            "first, so that 'latest' moves to it, then delete this one"
        )
    default_entry = resolve(deployed, default) if default else None
    if default_entry is not None and identifier in (default_entry.version, default):
        return (
            f"'{identifier}' is the default version the site's front page redirects to: "
            "set another default first (mike set-default)"
        )
    return None
