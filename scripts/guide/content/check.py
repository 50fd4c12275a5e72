"""`guide check`: every page's metadata and markup, every case study's schema.

The same function runs from the command line and from the MkDocs hook, so a
contributor sees the same messages locally, in CI and in the build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from guide.addresses import slugify
from guide.content import files, render
from guide.content.markup import check_markup
from guide.content.pages import Page, load_page
from guide.content.schema import (
    check_case_study_body,
    check_case_study_meta,
    check_guide_page,
    check_review,
)
from guide.problems import Problem

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


def is_case_study(path: Path) -> bool:
    parts = path.parts
    return CASE_STUDY_DIR in parts and path.name != "index.md" and parts[-2] == CASE_STUDY_DIR


def markdown_files(docs: Path) -> list[Path]:
    """Every page (not snippets), found without following symbolic links."""
    return sorted(
        p
        for p in files.walk(docs)
        if p.suffix == ".md"
        and not p.is_symlink()
        and p.is_file()
        and SNIPPETS_DIR not in p.relative_to(docs).parts
    )


def snippet_files(docs: Path) -> list[Path]:
    folder = docs / SNIPPETS_DIR
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(p for p in files.walk(folder) if p.suffix == ".md" and not p.is_symlink())


def _blamed(pages: list[Page], added: AbstractSet[Path]) -> tuple[Page, list[Page]]:
    """(the page that was there first, the ones to blame): a new file is blamed, never an
    existing published one."""
    kept = next((p for p in pages if p.path not in added), pages[0])
    return kept, [p for p in pages if p is not kept]


def _duplicates(case_studies: list[Page], added: AbstractSet[Path] = frozenset()) -> list[Problem]:
    problems = []
    by_slug: dict[str, list[Page]] = defaultdict(list)
    by_title: dict[str, list[Page]] = defaultdict(list)
    for page in case_studies:
        by_slug[slugify(page.path.stem)].append(page)
        title = page.meta.get("title")
        if isinstance(title, str) and title.strip():
            by_title[slugify(title)].append(page)
    problems += _organisation_addresses(case_studies)
    for slug, pages in by_slug.items():
        first, others = _blamed(pages, added)
        for page in others:
            problems.append(
                Problem(
                    page.path,
                    1,
                    "file name",
                    f"gives the same address '{slug}' as {first.path}",
                    "rename one of the files",
                )
            )
    for pages in by_title.values():
        first, others = _blamed(pages, added)
        for page in others:
            problems.append(
                Problem(
                    page.path,
                    page.line_of("title"),
                    "title",
                    f"'{page.meta['title']}' is already used by {first.path}",
                    "give each case study its own title",
                )
            )
    return problems


def _organisation_addresses(case_studies: list[Page]) -> list[Problem]:
    """Each organisation gets a filter page at case-studies/organisation/<slug>/: two names
    with one address would put one's case studies on the other's page."""
    problems = []
    first: dict[str, tuple[str, Page]] = {}
    for page in case_studies:
        names = page.meta.get("organisations")
        for index, name in enumerate(names if isinstance(names, list) else []):
            if not isinstance(name, str):
                continue
            slug = slugify(name)
            line = page.line_of("organisations", index)
            if not slug:
                problems.append(
                    Problem(
                        page.path,
                        line,
                        "organisations",
                        f"'{name}' has no letters or digits to make its filter page's address from",
                        "write the organisation's name in words",
                    )
                )
            elif slug in first and first[slug][0] != name:
                other, where = first[slug]
                problems.append(
                    Problem(
                        page.path,
                        line,
                        "organisations",
                        f"'{name}' and '{other}' ({where.path}) would share the filter page "
                        f"'case-studies/organisation/{slug}/'",
                        f"spell the organisation exactly as '{other}' if it is the same one, "
                        "or give its name in full",
                    )
                )
            else:
                first.setdefault(slug, (name, page))
    return problems


def _overdue_on_arrival(page: Page, today: date) -> list[Problem]:
    """A page this change adds must not go live already marked overdue."""
    if is_case_study(page.path) and page.meta.get("status") != "published":
        return []
    review, problems = check_review(page, today)
    if review is None or problems or review.due >= today:
        return []
    return [
        Problem(
            page.path,
            page.line_of("last_reviewed"),
            "last_reviewed",
            f"{review.last_reviewed} means the review was due on {review.due}, so the new page "
            "would go live marked overdue",
            f"check the facts, then set 'last_reviewed: {today}'",
        )
    ]


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


def _check_page(
    path: Path, shown: Path, today: date, snippets: Path, converter
) -> tuple[Page | None, list[Problem]]:
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
    problems = check_markup(page, snippets, converter)
    if is_case_study(path):
        problems += check_case_study_meta(page, today)
        problems += check_case_study_body(page)
        problems += _file_name(page)
    else:
        problems += check_guide_page(page, today)
    return page, problems


def _check_snippet(path: Path, shown: Path, snippets: Path, converter) -> list[Problem]:
    """A snippet is checked like a page's body: it becomes part of every page that includes it."""
    page, problems = load_page(path, shown)
    if page is None:
        return problems
    return check_markup(Page(shown, {}, page.body, page.body_line), snippets, converter)


# path -> (file state, today, rendered?, result): a preview rebuild re-checks only changed
# files. Kept in memory only: nothing read back from disk is ever trusted or run.
_CHECKED: dict[
    Path, tuple[tuple[int, int, Path], date, bool, tuple[Page | None, list[Problem]]]
] = {}


def _check_page_cached(
    path: Path, shown: Path, today: date, snippets: Path, converter
) -> tuple[Page | None, list[Problem]]:
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size, shown)
    rendered = converter is not None
    cached = _CHECKED.get(path)
    if cached is not None and cached[:3] == (key, today, rendered):
        return cached[3]
    result = _check_page(path, shown, today, snippets, converter)
    _CHECKED[path] = (key, today, rendered, result)
    return result


def check_docs(
    docs: Path,
    today: date | None = None,
    root: Path | None = None,
    *,
    keep: bool = True,
    render_pages: bool = True,
    added: set[Path] | None = None,
) -> CheckResult:
    """Check every file under docs (and links in overrides/); report every problem at once.

    `render_pages`: render each page and judge its HTML (guide.content.policy). The build passes
    False: it judges the HTML MkDocs renders instead, before writing anything.
    `keep` is accepted for callers of the old on-disk cache, which is gone.
    `added`: the files this change adds, as shown in messages (relative to root): a new page
    may not arrive overdue, and a duplicate is blamed on the new file.
    """
    del keep
    today = today or date.today()
    root = root or docs.parent
    result = CheckResult()
    snippets = docs / SNIPPETS_DIR
    converter = render.markdown_renderer(root, docs) if render_pages else None
    # Links anywhere in docs/ and overrides/, and files that are not pages or pictures.
    result.problems += files.symlinks(docs, root)
    result.problems += files.symlinks(root / "overrides", root)
    result.problems += files.docs_files(docs, root)
    for path in markdown_files(docs):
        result.checked += 1
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        page, problems = _check_page_cached(path, shown, today, snippets, converter)
        result.problems += problems
        if page is not None:
            result.pages.append(page)
            if added and shown in added and not problems:
                result.problems += _overdue_on_arrival(page, today)
    for path in snippet_files(docs):
        result.checked += 1
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        result.problems += _check_snippet(path, shown, snippets, converter)
    result.problems += _duplicates(result.case_studies, added or set())
    return result
