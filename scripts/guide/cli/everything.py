"""`guide check`: every problem a contributor can meet, in one run, in one form.

Front matter and schema (guide.content.check), spelling, style and Markdown lint (the
prose checks), links and anchors (the internal link check, on a fresh build),
images and HTML: each reported as `path:line: field: what — fix`. Errors fail the
check; warnings (GOV.UK style, readability) are for a person to judge. A check
that could not run says so and why, and never counts as a pass.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from guide.content.check import check_docs
from guide.problems import Problem

CHECKED_ELSEWHERE = "GUIDE_CHECK_REPORTS_PROBLEMS"  # read by scripts/mkdocs_hooks.py
# Prose rules that `guide check` already reports itself, in its own words.
_SAME_AS_CHECK = {"metadata"}


@dataclass
class FullReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # checks that did not run, and why
    checked: int = 0
    could_not_run: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else (2 if self.could_not_run else 0)


def _front_matter_end(path: Path) -> int:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 0
    if not lines or lines[0].strip() != "---":
        return 0
    return next((n for n, line in enumerate(lines[1:], start=2) if line.strip() == "---"), 0)


def _told_already(report: FullReport, lint: Problem) -> bool:
    """Markdown lint on a line `guide check` already explains (an image without alt text),
    or inside front matter it could not read (lint reads broken YAML as Markdown)."""
    same_file = [p for p in report.errors if p.path == lint.path]
    if any(p.line == lint.line for p in same_file):
        return True
    if any(p.field == "front matter" for p in same_file):
        return lint.line <= _front_matter_end(Path(lint.path))
    return False


def _prose(report: FullReport, docs: Path, root: Path, today: date) -> None:
    from guide.prose.findings import ERROR
    from guide.prose.runner import check_prose

    prose = check_prose(docs, root=root, today=today)
    for finding in prose.findings:
        if finding.rule in _SAME_AS_CHECK:
            continue
        problem = Problem(
            finding.path, finding.line, finding.rule, finding.message, finding.suggestion
        )
        if finding.rule.startswith("markdown-") and _told_already(report, problem):
            continue
        (report.errors if finding.severity == ERROR else report.warnings).append(problem)
    for note in prose.notes:
        level, _, text = note.partition(": ")
        report.notes.append(f"spelling: {text}")
        report.could_not_run |= level == "error"


def _links(report: FullReport, root: Path) -> None:
    from guide.links.report import BROKEN
    from guide.links.run import Options, check_internal
    from guide.links.site import load_site_config

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        report.notes.append(f"links: not checked: there is no {config_file}")
        report.could_not_run = True
        return
    # The page problems are reported above; the build goes on past them to check links.
    before = os.environ.get(CHECKED_ELSEWHERE)
    os.environ[CHECKED_ELSEWHERE] = "1"
    try:
        with tempfile.TemporaryDirectory(prefix="guide-check-") as scratch:
            found = check_internal(
                Options(load_site_config(config_file), internal=True), Path(scratch)
            )
    finally:
        if before is None:
            os.environ.pop(CHECKED_ELSEWHERE, None)
        else:
            os.environ[CHECKED_ELSEWHERE] = before
    for finding in found.findings:
        if "(reported by guide check)" in finding.status:
            continue
        problem = Problem(
            Path(finding.path), finding.line, "link", f"'{finding.url}' {finding.status}",
            finding.action,
        )  # fmt: skip
        (report.errors if finding.category == BROKEN else report.warnings).append(problem)
    if found.errors:
        if report.errors:
            report.notes.append(
                "links in the built pages: not checked, because the site does not build with "
                "the problems above (links in the Markdown were checked): fix them, then run "
                "the check again"
            )
        else:
            report.notes += [f"links: not checked: {error}" for error in found.errors]
        report.could_not_run = True


def check_everything(
    docs: Path,
    root: Path,
    today: date | None = None,
    added: set[Path] | None = None,
    *,
    prose: bool = True,
    links: bool = True,
) -> FullReport:
    today = today or date.today()
    result = check_docs(docs, today=today, root=root, added=added)
    report = FullReport(errors=list(result.problems), checked=result.checked)
    if prose:
        _prose(report, docs, root, today)
    if links:
        _links(report, root)
    report.errors = sorted(set(report.errors))
    report.warnings = sorted(set(report.warnings))
    return report


def format_text(report: FullReport) -> str:
    lines = [str(p) for p in report.errors]
    if report.warnings:
        lines.append("\nWarnings, for you to judge (they do not fail the check):")
        lines += [str(p) for p in report.warnings]
    lines += [f"\nNot checked: {note}" for note in report.notes]
    files = len({p.path for p in report.errors})
    if report.errors:
        noun = "problem" if len(report.errors) == 1 else "problems"
        lines.append(
            f"\n{len(report.errors)} {noun} in {files} of {report.checked} files. "
            "Nothing was changed."
        )
    elif report.could_not_run:
        lines.append(f"\nNo problems found in {report.checked} files, but not every check ran.")
    else:
        lines.append(f"All {report.checked} files passed.")
    return "\n".join(lines).lstrip("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: FullReport) -> str:
    """GitHub workflow commands: one annotation per problem, on its file and line.

    Every value is escaped, so nothing from a page can end the command or start another.
    """
    lines = []
    for level, problems in (("error", report.errors), ("warning", report.warnings)):
        for p in problems:
            message = p.message + (f" — {p.fix}" if p.fix else "")
            title = _escape_property(p.field or "guide check")
            lines.append(
                f"::{level} file={_escape_property(str(p.path))},line={max(p.line, 1)},"
                f"title={title}::{_escape_data(message)}"
            )
    lines += [f"::warning title=Not checked::{_escape_data(note)}" for note in report.notes]
    return "\n".join(lines)


def _fenced(lines: list[str]) -> list[str]:
    """A code block no line can close: text from pages is shown, never rendered."""
    longest = max((len(run) for line in lines for run in re.findall(r"~+", line)), default=0)
    fence = "~" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


def format_summary(report: FullReport) -> str:
    """Markdown for the job summary."""
    if report.errors:
        head = (
            f"## guide check: {len(report.errors)} problem{'s' * (len(report.errors) != 1)} to fix"
        )
    else:
        head = "## guide check: no problems"
    out = [head, ""]
    if report.errors:
        out += [
            "Each line is `file:line: field: what is wrong — how to fix it`. "
            "Fix them all, then the checks run again.",
            "",
            *_fenced([str(p) for p in report.errors]),
            "",
        ]
    if report.warnings:
        out += ["### Warnings, for you to judge", "", *_fenced([str(p) for p in report.warnings])]
        out.append("")
    if report.notes:
        out += ["### Not checked", "", *_fenced(report.notes), ""]
    return "\n".join(out)
