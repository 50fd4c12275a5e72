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
