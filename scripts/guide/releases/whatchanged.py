"""The "What changed in this version" page that each release's site carries.

It is written from `guide diff`'s comparison of the release with the one
before it: the text readers see, section by section, marked up as paragraphs
and lists with the words added and removed in <ins> and <del> (raw HTML
blocks, so nothing in them is read as Markdown again). Each changed page has
its own address on the page (`page_anchor`), which each page's history links to. The page is generated at deploy
time and handed to the build through an environment variable; it is never a
file in docs/, so ordinary builds and checks never see it.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from guide.addresses import page_url, slugify
from guide.releases.diff_report import (
    HEADINGS,
    SAME_WORDS,
    counts,
    escape,
    render_blocks,
    section_label,
)
from guide.releases.diffing import PAGE_SUFFIX, DocsDiff, PageChange, summary_lines

SRC_URI = "what-changed.md"
NAV_TITLE = "What changed in this version"
# Material for MkDocs styles <ins class="critic"> and <del class="critic"> already.
MARK_CLASS = "critic"
# Text for screen readers only (overrides/assets/stylesheets/guide.css).
HIDDEN_CLASS = "guide-visually-hidden"


def _md(text: str) -> str:
    """Text safe inside a Markdown heading or paragraph."""
    return re.sub(r"([\\`*_\[\]#])", r"\\\1", html.escape(text, quote=False))


def page_anchor(path: str) -> str:
    """The id of a page's entry on the What changed page: `page-start-checklist`."""
    stem = path.removesuffix(PAGE_SUFFIX)
    return "page-" + (slugify(stem) or "home")


def _link(href: str, text: str) -> str:
    # Raw HTML, not a Markdown link: a Markdown link to a page the build leaves
    # out (a draft, say) would fail the strict build and so the whole release.
    return f'<a href="{escape(href)}">{_md(text)}</a>'


def _where(page: PageChange, version: str, previous: str | None) -> str:
    """Links to the page in this version and as it was in the previous one."""
    links = []
    if page.status != "removed" and not page.path.startswith("_"):
        links.append(_link(f"../{page_url(page.path)}", f"{page.title} in version {version}"))
    old_path = page.old_path or page.path
    if page.status != "added" and previous and not old_path.startswith("_"):
        links.append(
            _link(f"../../{previous}/{page_url(old_path)}", f"as it was in version {previous}")
        )
    return "Read " + " or ".join(links) + "." if links else ""


def _page_markdown(page: PageChange, version: str, previous: str | None) -> list[str]:
    lines = [f"### {_md(page.title)} {{ #{page_anchor(page.path)} }}", ""]
    where = f"`{page.path}`"
    if page.status == "renamed":
        where = f"Moved from `{page.old_path}` to `{page.path}`"
        if page.similarity is not None:
            where += f" ({round(page.similarity * 100)}% of the words are the same)"
    if page.status in ("added", "removed"):
        outline = ", ".join(_md(h) for h in page.outline) or "no headings"
        lines.append(f"{where}: {page.words} words. Sections: {outline}.")
    else:
        detail = f"{counts(page.added, page.removed)}." if page.sections else SAME_WORDS
        lines.append(f"{where}: {detail}")
    lines.append("")
    links = _where(page, version, previous)
    if links:
        lines += [links, ""]
    for change in page.sections:
        lines += [f"#### {_md(section_label(change))}", ""]
        lines.append(
            '<div class="guide-diff">'  # styled in overrides/assets/stylesheets/guide.css
            f"{render_blocks(change.blocks, MARK_CLASS, HIDDEN_CLASS)}</div>"
        )
        lines.append("")
    return lines


def page_markdown(version: str, previous: str | None, released: date, diff: DocsDiff | None) -> str:
    """The page's Markdown; with no previous release it says this is the first."""
    description = (
        f"Every page added, removed, renamed or changed in version {version} since {previous}."
        if previous
        else f"Version {version} is the first release of the guide."
    )
    lines = [
        "---",
        f"title: {NAV_TITLE}",
        f"description: {description}",
        "---",
        "",
        f"# What changed in version {version}",
        "",
    ]
    if previous is None or diff is None:
        lines += [
            f"Version {version}, released on {released:%-d %B %Y}, is the first release of the "
            "guide, so there is no earlier version to compare it with.",
            "",
        ]
        return "\n".join(lines)
    lines += [
        f"This page lists every change to the guide's pages in version {version}, released on "
        f"{released:%-d %B %Y}, since version {previous}. It is made automatically from the "
        "guide's source files and shows each page's text as readers see it: links as their "
        "words, lists as lists, each page section by section.",
        "",
        f'Words added are marked <ins class="{MARK_CLASS}">like this</ins> and words removed '
        f'<del class="{MARK_CLASS}">like this</del>. […] marks unchanged text left out.',
        "",
        "## Summary",
        "",
        *[f"- {line}" for line in summary_lines(diff)],
        "",
    ]
    if diff.is_empty:
        lines += ["No page changed in this version.", ""]
    for status, heading in HEADINGS.items():
        pages = diff.with_status(status)  # type: ignore[arg-type]
        if pages:
            lines += [f"## {heading}", ""]
            for page in pages:
                lines += _page_markdown(page, version, previous)
    if diff.files:
        lines += ["## Other files", ""]
        for change in diff.files:
            moved = f" (was `{change.old_path}`)" if change.old_path else ""
            lines.append(f"- {change.status}: `{change.path}`{moved}")
        lines.append("")
    return "\n".join(lines)


def write_page(target: Path, markdown: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    return target
