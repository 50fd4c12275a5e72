"""Each page's history: the releases in which it changed, from git and the release tags.

Worked out once per build: the release tags reachable from HEAD (so a version
rebuilt from its tag knows nothing of later ones), then one `git diff
--name-status` between each release and the one before it, which is a handful
of quick git commands however many pages there are. Renames are followed, so
a moved page keeps its history. A page's entry for a release carries the
release's date, the lines of its notes in CHANGELOG.md that mention the page
(by title or by path) and the address of the page's section on that release's
"What changed" page (`guide.releases.whatchanged.page_anchor`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from guide.gitrepo import git_text
from guide.releases.changelog import released_notes
from guide.releases.versions import TAG_PREFIX, CalVer, is_calver, parse_calver
from guide.releases.whatchanged import page_anchor

HEADING_ID = "guide-page-history"


@dataclass(frozen=True)
class Entry:
    version: str
    released: date | None
    status: str  # "first published", "added", "changed", "moved"
    path: str  # the page's path in docs/ at that release (its address on What changed)
    notes: tuple[str, ...] = ()
    old_path: str | None = None
    first: bool = False  # the first release (its What changed page has no per-page sections)


@dataclass
class Histories:
    releases: list[str] = field(default_factory=list)  # oldest first
    dates: dict[str, date | None] = field(default_factory=dict)
    # per release: {path in docs/ at that release: (status, old path)}
    changes: dict[str, dict[str, tuple[str, str | None]]] = field(default_factory=dict)
    # renames since the newest release: {current path: path at the newest release}
    since_newest: dict[str, str | None] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)  # version -> note lines

    def for_page(self, src_path: str, title: str) -> list[Entry]:
        """The releases in which the page changed, newest first."""
        if not self.releases:
            return []
        path: str | None = self.since_newest.get(src_path, src_path)
        found = []
        for index in range(len(self.releases) - 1, -1, -1):
            if path is None:
                break
            version = self.releases[index]
            change = self.changes[version].get(path)
            if change is None:
                continue
            status, old_path = change
            found.append(
                Entry(
                    version,
                    self.dates.get(version),
                    status,
                    path,
                    tuple(_mentions(self.notes.get(version, []), title, path)),
                    old_path,
                    first=index == 0,
                )
            )
            if status in ("added", "first published"):
                path = None
            elif old_path:
                path = old_path
        return found


def _mentions(lines: list[str], title: str, path: str) -> list[str]:
    """The note lines that name the page, by its title or its path in docs/."""
    needles = [path.lower(), ("docs/" + path).lower()]
    if len(title) >= 4:
        needles.append(title.lower())
    return [
        line.lstrip("-*+ ").strip() for line in lines if any(n in line.lower() for n in needles)
    ]


def _name_status(out: str, folder: str) -> dict[str, tuple[str, str | None]]:
    """`git diff --name-status -z` output as {new path: (status, old path)} inside folder."""
    parts = out.split("\0")
    prefix = folder.rstrip("/") + "/"
    found: dict[str, tuple[str, str | None]] = {}
    index = 0
    while index < len(parts) and parts[index]:
        code = parts[index]
        if code[0] in "RC":
            old, new = parts[index + 1], parts[index + 2]
            index += 3
        else:
            old = new = parts[index + 1]
            index += 2
        if not new.startswith(prefix):
            continue
        new_rel, old_rel = new.removeprefix(prefix), old.removeprefix(prefix)
        if code[0] == "A":
            found[new_rel] = ("added", None)
        elif code[0] == "R":
            found[new_rel] = ("moved", old_rel)
        elif code[0] in "MT":
            found[new_rel] = ("changed", None)
        elif code[0] == "C":
            found[new_rel] = ("added", None)
    return found


def load(repo: Path, changelog_text: str = "", folder: str = "docs") -> Histories:
    """Every page's history from the release tags reachable from HEAD (none outside git)."""
    histories = Histories()
    listing = git_text(
        repo,
        "for-each-ref",
        "--merged=HEAD",
        "--format=%(refname:short) %(creatordate:short)",
        f"refs/tags/{TAG_PREFIX}*",
    )
    if not listing:
        return histories
    tagged: list[tuple[CalVer, date | None]] = []
    for line in listing.splitlines():
        name, _, when = line.partition(" ")
        if is_calver(name[len(TAG_PREFIX) :]):
            try:
                released = date.fromisoformat(when) if when else None
            except ValueError:
                released = None
            tagged.append((parse_calver(name[len(TAG_PREFIX) :]), released))
    tagged.sort()
    notes = {n.version: n for n in released_notes(changelog_text)}
    previous: CalVer | None = None
    for version, released in tagged:
        name = str(version)
        histories.releases.append(name)
        # The changelog's date is the one readers were told; the tag's is the fallback.
        histories.dates[name] = notes[name].released if name in notes else released
        histories.notes[name] = notes[name].lines() if name in notes else []
        if previous is None:
            out = (
                git_text(repo, "ls-tree", "-r", "-z", "--name-only", version.tag, "--", folder)
                or ""
            )
            prefix = folder.rstrip("/") + "/"
            histories.changes[name] = {
                p.removeprefix(prefix): ("first published", None) for p in out.split("\0") if p
            }
        else:
            changed = git_text(
                repo, "diff", "--name-status", "-z", "-M", previous.tag, version.tag, "--", folder
            )
            histories.changes[name] = _name_status(changed or "", folder)
        previous = version
    if previous is not None:
        # Pages moved since the newest release (committed or not) keep their history.
        out = git_text(repo, "diff", "--name-status", "-z", "-M", previous.tag, "--", folder) or ""
        for path, (status, old) in _name_status(out, folder).items():
            if status == "moved":
                histories.since_newest[path] = old
            elif status == "added":
                histories.since_newest[path] = None
    return histories


# On the page ----------------------------------------------------------------------------

_SAID = {
    "first published": "First published in this release",
    "added": "Added in this release",
    "changed": "Changed in this release",
    "moved": "Moved in this release",
}


def history_html(entries: list[Entry], link_to: dict[str, str], any_release: bool) -> str:
    """The "Page history" block at the foot of a page.

    link_to maps a version to the address of its folder from this page (only for
    versions that can be linked to); its What changed page is under it.
    """
    if not any_release:
        return ""
    out = [
        f'<section class="guide-page-history" aria-labelledby="{HEADING_ID}">',
        f'<h2 id="{HEADING_ID}">Page history</h2>',
    ]
    if not entries:
        out.append("<p>This page has not changed in any release: it is new since the last one.</p>")
        out.append("</section>")
        return "".join(out)
    out.append("<p>The releases in which this page changed, newest first.</p><ul>")
    for entry in entries:
        when = f" ({entry.released:%-d %B %Y})" if entry.released else ""
        said = _SAID.get(entry.status, entry.status)
        if entry.status == "moved" and entry.old_path:
            said += f" (from <code>{html.escape(entry.old_path)}</code>)"
        item = [f"<strong>Version {html.escape(entry.version)}</strong>{when}: {said}."]
        root = link_to.get(entry.version)
        if root is not None:
            address = f"{root}what-changed/"
            if not entry.first:
                address += f"#{page_anchor(entry.path)}"
            item.append(
                f' <a href="{html.escape(address)}">What changed in version '
                f"{html.escape(entry.version)}</a>"
            )
        if entry.notes:
            item.append(
                "<ul>" + "".join(f"<li>{html.escape(note)}</li>" for note in entry.notes) + "</ul>"
            )
        out.append("<li>" + "".join(item) + "</li>")
    out.append("</ul></section>")
    return "".join(out)
