"""The Releases page (About section): every release's notes and the record of its checks.

docs/about/releases.md holds the page's introduction; the build adds the rest
from CHANGELOG.md and release-checks/ as they are in the commit being built,
so the page and the changelog never disagree, and each version published with
mike carries the releases up to its own.

Links to a version of the site (and to its "What changed" page) are made only
in mike builds and only to versions that are deployed, because only there do
they lead anywhere: a plain build (`make build`, the checks) has no versions.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from guide.releases.changelog import ReleaseNotes, find_unreleased, released_notes
from guide.releases.release_checks import Record

SRC_URI = "about/releases.md"
CHECKS_ANCHOR = "release-checks"


@dataclass
class Links:
    """Where each version of the site is, from the page being built."""

    to_root: str = ""  # from the page to the folder that holds every version ('../../../')
    deployed: set[str] = field(default_factory=set)  # versions that can be linked to

    def version(self, version: str, path: str = "") -> str | None:
        if version not in self.deployed:
            return None
        return f"{self.to_root}{version}/{path}"


def root_from(page_url: str, versioned: bool) -> str:
    """From a page's URL ('about/releases/') up to the folder holding every version."""
    depth = len([part for part in page_url.split("/") if part])
    return "../" * (depth + 1) if versioned else ""


def release_anchor(version: str) -> str:
    return "release-" + version.replace(".", "-")


def _a(href: str, text: str) -> str:
    # Raw HTML: MkDocs would try (and fail, in strict mode) to resolve a relative
    # Markdown link that leaves the version's own folder.
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


def _date(notes: ReleaseNotes) -> str:
    return f"{notes.released:%-d %B %Y}" if notes.released else "date not recorded"


def _release_markdown(notes: ReleaseNotes, record: Record | None, links: Links) -> list[str]:
    v = notes.version
    lines = [f"## Version {v} {{ #{release_anchor(v)} }}", ""]
    said = [f"Released on {_date(notes)}."]
    site = links.version(v)
    changed = links.version(v, "what-changed/")
    if site and changed:
        said.append(
            f"Read {_a(site, f'version {v} of the guide')} and "
            f"{_a(changed, f'what changed in version {v}')}."
        )
    lines += [" ".join(said), ""]
    if record is None:
        lines += ["No record of this release's checks was kept.", ""]
    elif record.skipped:
        lines += [
            f"**Checks skipped.** The checks were not run for this release (it was made with "
            f"`--skip-checks`). See [Release checks](#{CHECKS_ANCHOR}).",
            "",
        ]
    else:
        failed = [c.name for c in record.checks if not c.ran]
        summary = f"The checks ran on commit `{record.commit[:12]}`"
        summary += f"; not run: {', '.join(failed)}." if failed else "."
        lines += [f"{summary} See [Release checks](#{CHECKS_ANCHOR}).", ""]
    lines += [_demote(notes.notes) or "No notes were written for this release.", ""]
    return lines


def _demote(notes: str) -> str:
    """Headings in the notes sit under the release's own heading (level 2) on this page."""
    out = []
    for line in notes.splitlines():
        if line.startswith("#"):
            marks = len(line) - len(line.lstrip("#"))
            line = "#" * max(marks, 3) + line[marks:]
        out.append(line)
    return "\n".join(out).strip()


# The checks table ---------------------------------------------------------------------

# Each row of the comparison: (label, check name, count label).
ROWS = [
    ("Files checked (guide check)", "Pages and case studies", "files checked"),
    ("Problems found (guide check)", "Pages and case studies", "problems"),
    ("Pages built (strict build)", "Strict build", "pages built"),
    ("Internal links checked", "Internal links", "links checked"),
    ("Internal links broken", "Internal links", "broken"),
    ("External links checked", "External links", "links checked"),
    ("External links broken", "External links", "broken"),
    ("External links to check by hand", "External links", "to check by hand"),
    ("Pages crawled for accessibility", "Accessibility", "pages crawled"),
    ("Accessibility violations", "Accessibility", "violations"),
    ("Pages checked for prose", "Prose", "pages checked"),
    ("Prose errors", "Prose", "errors"),
    ("Prose warnings", "Prose", "warnings"),
]


def _cell(record: Record | None, check_name: str, count: str) -> str:
    if record is None:
        return "no record"
    if record.skipped:
        return "skipped"
    check = next((c for c in record.checks if c.name == check_name), None)
    if check is None:
        return "not run"
    if not check.ran:
        return "not run"
    value = check.counts.get(count)
    return "—" if value is None else f"{value:,}"


def checks_markdown(releases: list[ReleaseNotes], records: dict[str, Record]) -> list[str]:
    lines = [f"## Release checks {{ #{CHECKS_ANCHOR} }}", ""]
    if not releases:
        return [*lines, "No release has been made yet.", ""]
    lines += [
        "Before each release, `guide release` runs the checks and records what each one "
        "found. The table puts the releases side by side, newest first, so you can compare "
        "them. “Skipped” means the release was made without running the checks.",
        "",
    ]
    versions = [r.version for r in releases]
    lines.append("| Check | " + " | ".join(versions) + " |")
    lines.append("| --- |" + " --- |" * len(versions))
    status = []
    for version in versions:
        record = records.get(version)
        status.append(
            "no record"
            if record is None
            else "skipped"
            if record.skipped
            else f"ran on {record.checked_on}"
        )
    lines.append("| Checks | " + " | ".join(status) + " |")
    commits = [
        f"`{records[v].commit[:12]}`" if v in records and records[v].commit else "—"
        for v in versions
    ]
    lines.append("| Commit checked | " + " | ".join(commits) + " |")
    for label, check_name, count in ROWS:
        cells = [_cell(records.get(v), check_name, count) for v in versions]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    notes = [
        f"- {v}: {records[v].note or 'checks skipped'}"
        for v in versions
        if v in records and records[v].skipped
    ]
    not_run = [
        f"- {v}: {c.name}: {c.note}"
        for v in versions
        if v in records
        for c in records[v].checks
        if not c.ran and c.note
    ]
    if notes or not_run:
        lines += [*notes, *not_run, ""]
    return lines


def page_markdown(changelog: str, records: dict[str, Record], links: Links) -> str:
    """The generated part of the Releases page, added after its introduction."""
    releases = released_notes(changelog)
    lines: list[str] = []
    try:
        unreleased = find_unreleased(changelog).notes
    except ValueError:
        unreleased = ""
    if unreleased:
        lines += [
            "## Not released yet { #unreleased }",
            "",
            "These changes are in this copy of the guide but not yet in a release.",
            "",
            _demote(unreleased),
            "",
        ]
    if not releases:
        lines += ["There has been no release yet.", ""]
    for notes in releases:
        lines += _release_markdown(notes, records.get(notes.version), links)
    lines += checks_markdown(releases, records)
    return "\n".join(lines)


# In the build ----------------------------------------------------------------------------


class SiteReleases:
    """What the build needs for the Releases page and each page's history, read once."""

    def __init__(self) -> None:
        from guide.releases.page_history import Histories

        self.changelog = ""
        self.records: dict[str, Record] = {}
        self.histories = Histories()
        self.versioned = False
        self.deployed: set[str] = set()

    def start(self, root: Path, built_version: str | None) -> None:
        from guide.releases import page_history, versions
        from guide.releases.release_checks import read_records

        path = root / "CHANGELOG.md"
        self.changelog = path.read_text(encoding="utf-8") if path.is_file() else ""
        self.records = read_records(root)
        self.histories = page_history.load(root, self.changelog)
        self.versioned = built_version is not None
        self.deployed = set()
        if built_version:
            # Only versions on gh-pages (and this one) can be linked to.
            self.deployed = {d.version for d in versions.read_deployed(root)} | {built_version}

    def links(self, page_url: str) -> Links:
        return Links(root_from(page_url, self.versioned), self.deployed)

    def page_markdown(self, page_url: str) -> str:
        return page_markdown(self.changelog, self.records, self.links(page_url))

    def history(self, src_uri: str, title: str, page_url: str) -> str:
        from guide.releases.page_history import history_html

        entries = self.histories.for_page(src_uri, title)
        links = self.links(page_url)
        link_to = {e.version: url for e in entries if (url := links.version(e.version)) is not None}
        return history_html(entries, link_to, bool(self.histories.releases))
