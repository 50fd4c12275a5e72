"""One report for every link check: for people, for machines and for GitHub.

Every line reads `path:line: URL — status — what to do`, grouped by the page
the link is on. Links that were not checked are listed too, with the reason,
so nothing passes silently.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

OK = "ok"
BROKEN = "broken"
CHECK = "check by hand"
MOVED = "moved"
SKIPPED = "not checked"
# Order of the sections and of the summary.
CATEGORIES = (BROKEN, CHECK, MOVED, SKIPPED, OK)
PROJECT_REPOSITORY = "skipped: project repository"

EXIT_OK, EXIT_BROKEN, EXIT_COULD_NOT_RUN = 0, 1, 2


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    url: str
    category: str
    status: str
    action: str = ""
    form: str = ""
    check: str = ""  # internal, external or linkcheckmd

    def __str__(self) -> str:
        action = f" — {self.action}" if self.action else ""
        return f"{self.path}:{self.line}: {self.url} — {self.status}{action}"


@dataclass
class Report:
    check: str
    findings: list[Finding] = field(default_factory=list)
    links: int = 0  # links found, counting every use
    urls: int = 0  # distinct addresses checked
    requests: int = 0  # HTTP requests made (external checks)
    errors: list[str] = field(default_factory=list)  # why the check could not run
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_COULD_NOT_RUN
        return EXIT_BROKEN if self.count(BROKEN) else EXIT_OK

    def count(self, category: str) -> int:
        return sum(1 for f in self.findings if f.category == category)

    def merge(self, other: Report) -> Report:
        return Report(
            f"{self.check} + {other.check}",
            self.findings + other.findings,
            self.links + other.links,
            self.urls + other.urls,
            self.requests + other.requests,
            self.errors + other.errors,
            self.notes + other.notes,
        )


def _summary(report: Report) -> str:
    parts = [f"{report.count(c)} {c}" for c in CATEGORIES if report.count(c)]
    counted = ", ".join(parts) if parts else f"no problems in {report.links} links"
    meaning = {
        EXIT_OK: "all good",
        EXIT_BROKEN: "broken links",
        EXIT_COULD_NOT_RUN: "the check could not run",
    }[report.exit_code]
    return f"Result: {counted}. Exit code {report.exit_code} ({meaning})."


def _is_project_repository(finding: Finding) -> bool:
    return finding.category == SKIPPED and finding.status == PROJECT_REPOSITORY


def to_text(report: Report) -> str:
    """The report for people: problems grouped by page, then what was not checked."""
    out = [f"guide links: {report.check} check of {report.links} links ({report.urls} distinct)"]
    out += [f"Could not run: {error}" for error in report.errors]
    by_page: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.category not in (OK,) and not _is_project_repository(finding):
            by_page[finding.path].append(finding)
    for page in sorted(by_page):
        findings = sorted(by_page[page])
        counts = ", ".join(
            f"{n} {c}" for c in CATEGORIES if (n := sum(f.category == c for f in findings))
        )
        out += ["", f"{page} ({counts})"]
        out += [f"  {f}" for f in findings]
    repository = [f for f in report.findings if _is_project_repository(f)]
    if repository:
        urls = sorted({f.url for f in repository})
        out += [
            "",
            f"Not checked: {len(repository)} links to the project's own repository "
            f"({len(urls)} addresses, e.g. {urls[0]}) — {PROJECT_REPOSITORY} — "
            "nothing to do: they work once the repository is published",
        ]
    out += ["", *report.notes] if report.notes else []
    out += ["", _summary(report)]
    return "\n".join(out)


def to_json(report: Report) -> str:
    data = {
        "check": report.check,
        "exit_code": report.exit_code,
        "summary": {c: report.count(c) for c in CATEGORIES},
        "links": report.links,
        "urls": report.urls,
        "requests": report.requests,
        "errors": report.errors,
        "notes": report.notes,
        "findings": [asdict(f) for f in sorted(report.findings)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report, limit: int = 60000) -> str:
    """For a GitHub issue or job summary: one table per kind of problem."""
    out = [f"## Link check: {report.check}", "", _summary(report), ""]
    if report.errors:
        out += [*(f"- Could not run: {_cell(e)}" for e in report.errors), ""]
    titles = {
        BROKEN: "Broken links: fix these",
        CHECK: "Check by hand: the site refused or rate-limited the checker",
        MOVED: "Moved permanently: update these",
        SKIPPED: "Not checked, with the reason",
    }
    for category, title in titles.items():
        rows = [f for f in sorted(report.findings) if f.category == category]
        if category == SKIPPED:
            rows = [f for f in rows if not _is_project_repository(f)]
        if not rows:
            continue
        out += [f"### {title} ({len(rows)})", "", "| Where | URL | Status | What to do |"]
        out += ["| --- | --- | --- | --- |"]
        out += [
            f"| `{f.path}:{f.line}` | {_cell(f.url)} | {_cell(f.status)} | {_cell(f.action)} |"
            for f in rows
        ]
        out.append("")
    text = "\n".join(out)
    if len(text) > limit:
        cut = text.rfind("\n", 0, limit - 200)
        text = text[:cut] + "\n\n(The report is too long to show in full: see the JSON report.)\n"
    return text


def github_annotations(report: Report, root: Path) -> list[str]:
    """GitHub workflow commands that mark each problem on its file and line."""
    level = {BROKEN: "error", CHECK: "warning", MOVED: "notice"}
    lines = []
    for f in sorted(report.findings):
        if f.category not in level or not (root / f.path).is_file():
            continue
        message = f"{f.url} — {f.status} — {f.action}".replace("%", "%25").replace("\n", "%0A")
        lines.append(
            f"::{level[f.category]} file={f.path},line={f.line},title=Link {f.category}::{message}"
        )
    return lines


def write_json(report: Report, path: Path) -> None:
    """Write through a temporary file, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(to_json(report), encoding="utf-8")
    partial.replace(path)
