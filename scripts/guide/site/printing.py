"""Print: link addresses on paper, and the whole guide on one page.

On screen a link shows only its text; on paper the reader also needs where it
goes. The print style sheet (guide.css) writes each link's address after its
text: an absolute address from href, and for a link to another page of the
guide, the full address that `add_print_urls` puts in `data-print-url` (href is
relative there). An empty `data-print-url` marks a link whose text already is
its address. Links within the page are left alone.

`whole_guide` joins every page in the navigation, in order, into the generated
page SRC_URI, for people who review the guide on paper. Each page becomes a
section with its title as a level 2 heading, its own headings one level lower,
every id prefixed with the page's slug (so footnotes, tabs and headings stay
unique), and its links rewritten: to the section when the target is in the
document, otherwise relative to this page. It is kept out of the search index,
where it would duplicate every result.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin, urlsplit

from guide.addresses import slugify

SRC_URI = "print.md"
MARKDOWN = """---
title: Print the whole guide
description: Every page of the guide on one page, in the order of the menu, to print or save as a PDF.
search:
  exclude: true
---

This page puts every page of the guide in one place, in the order of the menu, so that you can print it or save it as a PDF. Use your browser's print option.

When printed, the menus, search and buttons are left out, and each link's web address is shown after it in brackets. Each page of the guide starts on a new sheet. Case studies are listed on the case studies page, but their full text is not included here.
"""

_LINK = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<text>.*?)</a>", re.DOTALL)
_HREF = re.compile(r'(?<=\s)href="(?P<url>[^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_ARIA_LEVEL = re.compile(r'(?<=\s)aria-level="(\d)"')
_ID_ATTRS = re.compile(
    r'(?<=\s)(?P<name>id|for|name|aria-labelledby|aria-describedby|aria-controls)="(?P<value>[^"]*)"'
)
_URL_ATTRS = re.compile(r'(?<=\s)(?P<name>href|src)="(?P<url>[^"]*)"')
_ATTR_NAMES = {
    _ARIA_LEVEL: "aria-level",
    _ID_ATTRS: "id|for|name|aria-labelledby|aria-describedby|aria-controls",
    _URL_ATTRS: "href|src",
}


def _in_tags(html: str, pattern: re.Pattern[str], replace) -> str:
    """Apply `replace` to attributes inside start tags only, never to text such as code."""
    return _tags_for(pattern).sub(lambda tag: pattern.sub(replace, tag.group(0)), html)


@functools.cache
def _tags_for(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """Start tags that may hold `pattern`'s attribute: most tags have none, and are skipped."""
    names = _ATTR_NAMES[pattern]
    return re.compile(rf"<[a-zA-Z][^>]*\s(?:{names})=[^>]*>")


@dataclass(frozen=True)
class Section:
    """What `whole_guide` needs from one page of the guide."""

    url: str  # the page's URL relative to the site root, such as "plan/objectives/"
    title: str
    content: str | None  # the page's body as HTML; None when a dirty build skipped it


def _is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def add_print_urls(html: str, page_url: str, site_url: str) -> str:
    """Give each link in the content the full address it leads to, for the print style."""
    base = urljoin(site_url or "/", page_url)

    def replace(match: re.Match[str]) -> str:
        attrs, text = match.group("attrs"), match.group("text")
        href = _HREF.search(attrs)
        if not href or "data-print-url=" in attrs:
            return match.group(0)
        url = href.group("url")
        if not url or url.startswith("#"):
            return match.group(0)
        shown = _TAG.sub("", text).strip()
        if _is_absolute(url):
            # The print style writes out an absolute address from href itself; an empty
            # data-print-url tells it not to when the text already is the address.
            same = shown in (url, url.split("://", 1)[-1], url.removeprefix("mailto:"))
            return f'<a{attrs} data-print-url="">{text}</a>' if same else match.group(0)
        full = urljoin(base, url)
        if shown in (full, full.split("://", 1)[-1]):
            return f'<a{attrs} data-print-url="">{text}</a>'
        return f'<a{attrs} data-print-url="{full}">{text}</a>'

    return _LINK.sub(replace, html)


def slug(url: str) -> str:
    """A section id for a page URL: "plan/objectives/" -> "plan-objectives"."""
    return slugify(url) or "home"


def _shift_headings(html: str) -> str:
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)
    return _in_tags(html, _ARIA_LEVEL, lambda m: f'aria-level="{min(int(m.group(1)) + 1, 6)}"')


def _prefix_ids(html: str, prefix: str) -> str:
    def replace(match: re.Match[str]) -> str:
        values = " ".join(f"{prefix}--{v}" for v in match.group("value").split())
        return f'{match.group("name")}="{values}"'

    return _in_tags(html, _ID_ATTRS, replace)


def _rewrite_urls(html: str, section: Section, here: str, sections: dict[str, str]) -> str:
    """Point links at sections of this document, or at the site relative to `here`."""
    prefix = sections[section.url]

    def replace(match: re.Match[str]) -> str:
        name, url = match.group("name"), match.group("url")
        if url.startswith("#"):
            return f'{name}="#{prefix}--{url[1:]}"' if len(url) > 1 else match.group(0)
        if not url or _is_absolute(url) or url.startswith("/"):
            return match.group(0)
        target = urlsplit(urljoin("/" + section.url, url))
        path = target.path.lstrip("/")
        if name == "href" and path in sections:
            inner = f"{sections[path]}--{target.fragment}" if target.fragment else sections[path]
            return f'{name}="#{inner}"'
        relative = (
            posixpath.relpath("/" + path, "/" + here)
            if path
            else posixpath.relpath("/", "/" + here)
        )
        if path.endswith("/") or not path:
            relative += "/"
        query = f"?{target.query}" if target.query else ""
        fragment = f"#{target.fragment}" if target.fragment else ""
        return f'{name}="{relative}{query}{fragment}"'

    return _in_tags(html, _URL_ATTRS, replace)


def whole_guide(pages: Iterable[Section], here: str) -> tuple[str, list[tuple[str, str]]]:
    """The body of the whole-guide page at URL `here`, and its (title, id) contents list."""
    pages = [p for p in pages if p.content is not None]
    sections = {p.url: slug(p.url) for p in pages}
    parts, contents = [], []
    for page in pages:
        prefix = sections[page.url]
        body = _rewrite_urls(
            _prefix_ids(_shift_headings(page.content or ""), prefix), page, here, sections
        )
        title = escape(page.title)
        # The id goes on the heading, not the section: Material names each code block
        # after the closest element with an id, which must differ between code blocks.
        parts.append(
            f'<section class="guide-print__page">\n<h2 id="{prefix}">{title}</h2>\n{body}\n</section>'
        )
        contents.append((title, prefix))
    return "\n".join(parts), contents


def fill_whole_guide_page(page, nav) -> None:
    """Give the MkDocs page SRC_URI its body and contents list, from the navigation's pages.

    Called while pages are being written, when every page's content is ready.
    """
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    sections = [Section(p.url, p.title or "", p.content) for p in nav.pages]
    body, contents = whole_guide(sections, page.url)
    page.content = (page.content or "") + body
    page.toc = TableOfContents([AnchorLink(title, id, 2) for title, id in contents])
