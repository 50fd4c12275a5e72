"""CHANGELOG.md (Keep a Changelog 1.1.0): move the Unreleased notes under a release."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_UNRELEASED = re.compile(r"^## \[?Unreleased\]?[ \t]*$", re.M | re.I)
_SECTION = re.compile(r"^## ", re.M)


class ChangelogError(ValueError):
    """The changelog cannot take the release as it stands."""


@dataclass(frozen=True)
class Unreleased:
    start: int  # offset of the '## [Unreleased]' heading
    body_start: int  # offset just after the heading line
    end: int  # offset of the next '## ' heading, or the end of the text
    notes: str  # the notes between, stripped


def find_unreleased(text: str) -> Unreleased:
    match = _UNRELEASED.search(text)
    if not match:
        raise ChangelogError(
            "CHANGELOG.md has no '## [Unreleased]' section — add one above the newest release"
        )
    body_start = match.end() + 1 if text[match.end() : match.end() + 1] == "\n" else match.end()
    following = _SECTION.search(text, body_start)
    end = following.start() if following else len(text)
    return Unreleased(match.start(), body_start, end, text[body_start:end].strip())


def has_release(text: str, version: str) -> bool:
    return bool(re.search(rf"^## \[?{re.escape(version)}\]?(\s|$)", text, re.M))


def release_heading(version: str, when: date) -> str:
    return f"## [{version}] - {when.isoformat()}"


def what_changed_line(url: str, previous: str | None) -> str:
    since = f" since {previous}" if previous else ""
    return (
        f"[What changed in this version]({url}): every page added, removed, renamed or "
        f"changed{since}, section by section."
    )


def move_unreleased(
    text: str, version: str, when: date, what_changed_url: str | None, previous: str | None
) -> str:
    """The changelog with Unreleased emptied and its notes under `## [version] - date`.

    Raises ChangelogError when there is nothing to release or the version is
    already there, and changes nothing in that case.
    """
    if has_release(text, version):
        raise ChangelogError(f"CHANGELOG.md already has a section for {version}")
    section = find_unreleased(text)
    if not section.notes:
        raise ChangelogError(
            "the Unreleased section of CHANGELOG.md is empty — list what changed before releasing"
        )
    parts = [release_heading(version, when), ""]
    if what_changed_url:
        parts += [what_changed_line(what_changed_url, previous), ""]
    parts.append(section.notes)
    head = text[: section.body_start]
    tail = text[section.end :]
    release = "\n".join(parts) + ("\n\n" if tail else "\n")
    return head + "\n" + release + tail


# Reading the released notes back (for the Releases page and each page's history) ------

_RELEASE = re.compile(
    r"^## \[?(?P<version>\d{4}\.[1-9]\d*)\]?(?:[ \t]+-[ \t]+(?P<date>\d{4}-\d{2}-\d{2}))?[ \t]*$",
    re.M,
)
# The line `guide release` adds to each release's notes; the Releases page links there itself.
_WHAT_CHANGED_LINE = re.compile(r"^\[What changed in this version\]\([^)]*\):.*$", re.M)


@dataclass(frozen=True)
class ReleaseNotes:
    version: str
    released: date | None
    notes: str  # the Markdown under the release's heading, without the What changed line

    def lines(self) -> list[str]:
        """Each note as one line of text: list items with their continuation lines joined."""
        found: list[str] = []
        for line in self.notes.splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped[:2] in ("- ", "* ", "+ ") or not found or not line[:1].isspace():
                found.append(stripped)
            else:
                found[-1] += " " + stripped
        return found


def released_notes(text: str) -> list[ReleaseNotes]:
    """Every release in the changelog, in the order written there (newest first)."""
    matches = list(_RELEASE.finditer(text))
    found = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        following = _SECTION.search(text, match.end())
        if following and following.start() < end:
            end = following.start()
        body = _WHAT_CHANGED_LINE.sub("", text[match.end() : end]).strip()
        when = date.fromisoformat(match["date"]) if match["date"] else None
        found.append(ReleaseNotes(match["version"], when, body))
    return found
