"""Run every prose check over the guide's pages and report each finding at once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from guide.content.check import markdown_files
from guide.content.pages import load_page
from guide.content.schema import check_review
from guide.prose import lexicon as lexicon_module
from guide.prose import spelling, style
from guide.prose.findings import ERROR, WARNING, Finding
from guide.prose.lint import CONFIG_NAME, lint
from guide.prose.text import Document, read_document


@dataclass
class ProseReport:
    findings: list[Finding] = field(default_factory=list)
    grades: dict[Path, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # about the tools, not the pages
    checked: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(note.startswith("error:") for note in self.notes)


def _metadata(path: Path, shown: Path, today: date) -> list[Finding]:
    """The review fields every page needs (a hard rule, shared with `guide check`)."""
    page, problems = load_page(path, shown)
    if page is not None:
        problems = check_review(page, today)[1]
    return [
        Finding(p.path, p.line, "metadata", f"{p.field}: {p.message}", p.fix, ERROR)
        for p in problems
    ]


def _page_checks(doc: Document, words: lexicon_module.Lexicon) -> list[Finding]:
    findings = spelling.check_lists(doc, words)
    findings += style.vague_links(doc)
    findings += style.words_to_avoid(doc, words)
    findings += style.long_sentences(doc)
    findings += style.long_paragraphs(doc)
    findings += style.heading_case(doc, words)
    return findings


def check_prose(
    docs: Path,
    root: Path,
    paths: list[Path] | None = None,
    today: date | None = None,
    markdown_lint: bool = True,
    lint_config: Path | None = None,
) -> ProseReport:
    """Check the given pages (default: every page under docs) and their Markdown."""
    today = today or date.today()
    root = root.resolve()
    targets = [p.resolve() for p in paths] if paths else markdown_files(docs.resolve())
    words = lexicon_module.load(docs)
    report = ProseReport(checked=len(targets))
    documents = []
    for path in targets:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        doc = read_document(path, shown)
        documents.append(doc)
        report.findings += _metadata(path, shown, today)
        report.findings += _page_checks(doc, words)
        grade, findings = style.readability(doc, path)
        report.grades[shown] = grade
        report.findings += findings
    missing = spelling.hunspell_missing()
    if missing:
        # Locally the dictionary check is skipped with a loud note; CI must have it.
        level = "error" if os.environ.get("CI") == "true" else "warning"
        report.notes.append(f"{level}: {missing}; the en-GB dictionary check did not run")
    else:
        report.findings += spelling.check_dictionary(documents, words)
    if markdown_lint:
        report.findings += lint(targets, root, lint_config or docs.parent / CONFIG_NAME)
    report.findings.sort()
    return report


def format_prose_report(report: ProseReport, grades: bool = False) -> str:
    lines = [str(f) for f in report.findings]
    if grades:
        lines.append("\nReadability (Flesch–Kincaid grade):")
        lines += [f"  {path}: {grade:.1f}" for path, grade in sorted(report.grades.items())]
    lines += [f"\n{note}" for note in report.notes]
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "Failed: fix the errors." if report.failed else "Passed the hard rules."
    lines.append(
        f"\n{errors} error{'s' * (errors != 1)} and {warnings} warning{'s' * (warnings != 1)} "
        f"in {report.checked} page{'s' * (report.checked != 1)}. {verdict} Nothing was changed."
    )
    return "\n".join(lines).lstrip("\n")


def report_as_json(report: ProseReport) -> dict[str, object]:
    return {
        "checked": report.checked,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "failed": report.failed,
        "findings": [f.as_dict() for f in report.findings],
        "grades": {str(path): round(grade, 1) for path, grade in sorted(report.grades.items())},
        "notes": report.notes,
    }
