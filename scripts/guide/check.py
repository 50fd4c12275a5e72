"""`guide check`: every page's metadata and markup, every case study's schema.

The same function runs from the command line and from the MkDocs hook, so a
contributor sees the same messages locally, in CI and in the build.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from guide.markup import check_markup
from guide.pages import Page, load_page
from guide.problems import Problem
from guide.schema import check_case_study_body, check_case_study_meta, check_guide_page

CASE_STUDY_DIR = "case-studies"
SNIPPETS_DIR = "_snippets"


@dataclass
class CheckResult:
    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0

    @property
    def case_studies(self) -> list[Page]:
        return [p for p in self.pages if is_case_study(p.path)]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_case_study(path: Path) -> bool:
    parts = path.parts
    return CASE_STUDY_DIR in parts and path.name != "index.md" and parts[-2] == CASE_STUDY_DIR


def markdown_files(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if SNIPPETS_DIR not in p.relative_to(docs).parts)


def _duplicates(case_studies: list[Page]) -> list[Problem]:
    problems = []
    by_slug: dict[str, list[Page]] = defaultdict(list)
    by_title: dict[str, list[Page]] = defaultdict(list)
    for page in case_studies:
        by_slug[slugify(page.path.stem)].append(page)
        title = page.meta.get("title")
        if isinstance(title, str) and title.strip():
            by_title[slugify(title)].append(page)
    for slug, pages in by_slug.items():
        for page in pages[1:]:
            problems.append(
                Problem(
                    page.path,
                    1,
                    "file name",
                    f"gives the same address '{slug}' as {pages[0].path}",
                    "rename one of the files",
                )
            )
    for pages in by_title.values():
        for page in pages[1:]:
            problems.append(
                Problem(
                    page.path,
                    page.line_of("title"),
                    "title",
                    f"'{page.meta['title']}' is already used by {pages[0].path}",
                    "give each case study its own title",
                )
            )
    return problems


def _file_name(page: Page) -> list[Problem]:
    stem = page.path.stem
    if slugify(stem) != stem:
        return [
            Problem(
                page.path,
                1,
                "file name",
                f"'{page.path.name}' should be lower case with hyphens",
                f"rename it to '{slugify(stem)}.md'",
            )
        ]
    return []


def _check_page(path: Path, shown: Path, today: date) -> tuple[Page | None, list[Problem]]:
    """Every rule that looks at one page alone."""
    page, problems = load_page(path, shown)
    if page is None:
        return None, problems
    if not page.has_front_matter:
        return page, [
            Problem(
                shown,
                1,
                "front matter",
                "the page has no front matter",
                "start the file with '---', the fields (title, description, owner, last_reviewed, review_in) and another '---'",
            )
        ]
    problems = check_markup(page)
    if is_case_study(path):
        problems += check_case_study_meta(page, today)
        problems += check_case_study_body(page)
        problems += _file_name(page)
    else:
        problems += check_guide_page(page, today)
    return page, problems


# path -> (file state, today, result): a preview rebuild re-checks only changed files.
_CHECKED: dict[Path, tuple[tuple[int, int, Path], date, tuple[Page | None, list[Problem]]]] = {}


def _check_page_cached(path: Path, shown: Path, today: date) -> tuple[Page | None, list[Problem]]:
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size, shown)
    cached = _CHECKED.get(path)
    if cached is not None and cached[0] == key and cached[1] == today:
        return cached[2]
    result = _check_page(path, shown, today)
    _CHECKED[path] = (key, today, result)
    return result


def check_docs(docs: Path, today: date | None = None, root: Path | None = None) -> CheckResult:
    """Check every Markdown page under docs; report every problem at once."""
    today = today or date.today()
    root = root or docs.parent
    result = CheckResult()
    paths = markdown_files(docs)
    for path in paths:
        result.checked += 1
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        page, problems = _check_page_cached(path, shown, today)
        result.problems += problems
        if page is not None:
            result.pages.append(page)
    result.problems += _duplicates(result.case_studies)
    return result
