"""The case-study catalogue, its facet pages and "Related case studies" blocks.

Everything here is generated from case-study front matter at build time.
Nothing is hand-kept.

The pages themselves are Markdown (so MkDocs validates the facet links), but the
lists of case studies in them are HTML, put in place of a marker in the finished
page (`fill`). With thousands of case studies these lists are most of the site's
text, and Python-Markdown took several times longer over them than building
everything else; as HTML they cost almost nothing. Going in last also keeps them
out of the search index, where they would only repeat each case study's own page.
Their links come from MkDocs' own file list, so a missing page is still an error,
and short forms get the same <abbr> as the abbreviations snippet gives the rest
of the page. Each marker names its page, so the whole-guide print page, which
holds several, fills each one.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import TypeVar, cast

from mkdocs.utils import get_relative_url

from guide.addresses import slugify
from guide.content.pages import Page
from guide.content.schema import parse_year_period
from guide.content.vocabulary import CHANNELS, EVIDENCE, REGIONS, THEMES, channel_page
from guide.site.escaping import front_matter, markdown_text

_Result = TypeVar("_Result")

INDEX = "case-studies/index.md"
FACETS = {
    "channel": "By channel",
    "theme": "By theme",
    "organisation": "By organisation",
    "period": "By year",
    "evidence": "By strength of evidence",
    "region": "UK or international",
}


@dataclass(frozen=True)
class CaseStudy:
    src_uri: str  # e.g. case-studies/buy-better-together-challenge.md
    title: str
    summary: str
    organisations: tuple[str, ...]
    channels: tuple[str, ...]
    themes: tuple[str, ...]
    years: tuple[int, int]
    published: bool
    evidence: str = ""
    region: str = ""

    @property
    def period(self) -> str:
        start, end = self.years
        return str(start) if start == end else f"{start} to {end}"

    def values(self, facet: str) -> tuple[str, ...]:
        if facet == "channel":
            return self.channels
        if facet == "theme":
            return self.themes
        if facet == "organisation":
            return tuple(slugify(o) for o in self.organisations)
        if facet == "evidence":
            return (self.evidence,)
        if facet == "region":
            return (self.region,)
        return tuple(str(y) for y in range(self.years[0], self.years[1] + 1))


def _remember_last(
    func: Callable[[list[CaseStudy]], _Result],
) -> Callable[[Iterable[CaseStudy]], _Result]:
    """`make serve` rebuilds with the same case studies most times: compute once per change.

    Callers must not change what these functions return.
    """
    last: dict[str, object] = {}

    @functools.wraps(func)
    def wrapper(studies: Iterable[CaseStudy]) -> _Result:
        key = tuple(studies)
        if last.get("key") != key:
            last["key"], last["value"] = key, func(list(studies))
        return cast(_Result, last["value"])

    return wrapper


def from_page(page: Page, src_uri: str) -> CaseStudy:
    """Build from a page that has already passed `guide check`."""
    meta = page.meta
    return CaseStudy(
        src_uri=src_uri,
        title=meta["title"].strip(),
        summary=" ".join(meta["summary"].split()),
        organisations=tuple(meta["organisations"]),
        channels=tuple(meta["channels"]),
        themes=tuple(meta["themes"]),
        years=parse_year_period(meta["period"]) or (0, 0),
        published=meta["status"] == "published",
        evidence=meta["evidence"],
        region=meta["region"],
    )


def _label(facet: str, value: str, studies: list[CaseStudy]) -> str:
    if facet == "channel":
        return CHANNELS[value]
    if facet == "theme":
        return THEMES[value][0]
    if facet == "organisation":
        return next(o for s in studies for o in s.organisations if slugify(o) == value)
    if facet == "evidence":
        return EVIDENCE[value]
    if facet == "region":
        return REGIONS[value]
    return value


def phrase(facet: str, label: str) -> str:
    """What a filtered list holds, after 'N case studies': 'about webchats', 'from 2012'."""
    if facet in ("channel", "theme"):
        return f"about {label.lower()}"
    if facet == "organisation":
        return f"involving {label}"
    if facet == "period":
        return f"from {label}"
    if facet == "evidence":
        return f"with {label.lower()} evidence"
    return "from the UK" if label == REGIONS["uk"] else "from outside the UK"


def count_of(count: int) -> str:
    return f"{count} case {'study' if count == 1 else 'studies'}"


def facet_values(studies: list[CaseStudy], facet: str) -> list[tuple[str, str, int]]:
    """(value, label, count) for every value used by a published case study."""
    counts: dict[str, int] = defaultdict(int)
    for study in studies:
        for value in study.values(facet):
            counts[value] += 1
    keyed = [(v, _label(facet, v, studies), n) for v, n in counts.items()]
    return sorted(keyed, key=lambda item: item[0] if facet == "period" else item[1].lower())


def facet_uri(facet: str, value: str) -> str:
    return f"case-studies/{facet}/{value}.md"


def _rel(from_uri: str, to_uri: str) -> str:
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri))


# Where each generated list goes, and for which page; `fill` swaps it for the HTML.
_MARKER = re.compile(r"<!-- guide: (?P<kind>listing|related) of (?P<src>\S+) -->")


def _marker(kind: str, src_uri: str) -> str:
    return f"<!-- guide: {kind} of {src_uri} -->"


class Links:
    """Links from one page to others, by source path: relative, as MkDocs writes them, and
    in full, for the print style (see guide.site.printing)."""

    def __init__(
        self, url_of: Callable[[str], str | None], page_url: str, site_url: str = ""
    ) -> None:
        self._url_of, self._page_url, self._site_url = url_of, page_url, site_url
        self._folders: dict[str, str] = {}  # a target's folder -> relative path to it
        self._root = site_url.rstrip("/") + "/"

    def url(self, src_uri: str) -> str:
        url = self._url_of(src_uri)
        if url is None:
            raise ValueError(f"the catalogue links to {src_uri}, which is not a page of the site")
        return url

    def __call__(self, src_uri: str) -> str:
        url = self.url(src_uri)
        # Most targets share a folder (case-studies/): work out the way there once.
        folder, _, name = url.rstrip("/").rpartition("/")
        if not name or self._page_url.startswith(url):  # the home page, or this page's own folder
            return get_relative_url(url, self._page_url)
        if folder not in self._folders:
            way = get_relative_url(folder + "/" if folder else "", self._page_url)
            self._folders[folder] = "" if way in (".", "./") else way.rstrip("/") + "/"
        return self._folders[folder] + name + ("/" if url.endswith("/") else "")

    def tag(self, src_uri: str, text: str) -> str:
        """An <a> with its full address for print, as guide.site.printing.add_print_urls gives."""
        full = self._root + self.url(src_uri)  # page URLs are relative to the site's root
        return f'<a href="{self(src_uri)}" data-print-url="{full}">{text}</a>'


@functools.cache
def _data_attributes(study: CaseStudy) -> str:
    return " ".join(f'data-{facet}="{escape(" ".join(study.values(facet)))}"' for facet in FACETS)


def _entry(study: CaseStudy, link: Links, text: Callable[[str], str], level: int = 3) -> str:
    """One catalogue entry; data attributes let the script filter without a request.

    `level` is the heading level of its title: one below the heading above the listing.
    """
    data = _data_attributes(study)
    channels = ", ".join(link.tag(channel_page(c), text(CHANNELS[c])) for c in study.channels)
    themes = text(", ".join(THEMES[t][0] for t in study.themes))
    return (
        f'<article class="guide-case" {data}>\n'
        # A div with a heading role keeps hundreds of entries out of the table of contents.
        f'<div aria-level="{level}" class="guide-case__title" role="heading">'
        f"{link.tag(study.src_uri, text(study.title))}</div>\n"
        f"<p>{text(study.summary)}</p>\n<ul>\n"
        f"<li><strong>Organisations:</strong> {text(', '.join(study.organisations))}</li>\n"
        f"<li><strong>Channels:</strong> {channels}</li>\n"
        f"<li><strong>Themes:</strong> {themes}</li>\n"
        f"<li><strong>Period:</strong> {study.period}</li>\n</ul>\n</article>\n"
    )


def ordered(studies: list[CaseStudy]) -> list[CaseStudy]:
    """Newest first, then by title: the order of every listing."""
    return sorted(studies, key=lambda s: (-s.years[1], s.title.lower()))


def listing_html(
    studies: list[CaseStudy], link: Links, text: Callable[[str], str], level: int = 3
) -> str:
    entries = "".join(_entry(s, link, text, level) for s in ordered(studies))
    return f'<div class="guide-listing">\n{entries}</div>\n'


def related_html(studies: list[CaseStudy], link: Links, text: Callable[[str], str]) -> str:
    items = (
        f"<li>{link.tag(s.src_uri, text(s.title))}: {text(s.summary)}</li>\n"
        for s in sorted(studies, key=lambda s: s.title.lower())
    )
    return "<ul>\n" + "".join(items) + "</ul>\n"


@_remember_last
def listings(studies: list[CaseStudy]) -> dict[str, tuple[list[CaseStudy], int]]:
    """src_uri -> (case studies listed, heading level) for the index and every facet page."""
    published = [s for s in studies if s.published]
    found: dict[str, tuple[list[CaseStudy], int]] = {INDEX: (published, 3)}
    for study in published:
        for facet in FACETS:
            for value in dict.fromkeys(study.values(facet)):
                found.setdefault(facet_uri(facet, value), ([], 2))[0].append(study)
    return found


def fill(
    html: str, studies: list[CaseStudy], link: Links, text: Callable[[str], str], shift: int = 0
) -> str:
    """The finished page with its generated lists in place of their markers.

    `shift` lowers the entries' heading level, for pages whose headings are shifted.
    """

    def replace(match: re.Match[str]) -> str:
        src = match.group("src")
        if match.group("kind") == "related":
            return related_html(related_pages(studies).get(src, []), link, text)
        listed, level = listings(studies).get(src, ([], 3))
        return listing_html(listed, link, text, min(level + shift, 6))

    return _MARKER.sub(replace, html) if "<!-- guide: " in html else html


def _facet_links(studies: list[CaseStudy], from_uri: str) -> str:
    parts = ['<nav class="guide-facets" aria-label="Filter case studies" markdown>\n']
    for facet, heading in FACETS.items():
        parts.append(f'<div class="guide-facet" data-facet="{facet}" markdown>\n\n')
        parts.append(f"### {heading}\n\n")
        for value, label, count in facet_values(studies, facet):
            link = _rel(from_uri, facet_uri(facet, value))
            # The label is a contributor's words (an organisation): Markdown text, never markup.
            said = escape(phrase(facet, label), quote=True)
            parts.append(
                f"- [{markdown_text(label)} ({count})]({link})"
                f'{{ data-value="{value}" data-phrase="{said}" }}\n'
            )
        parts.append("\n</div>\n")
    parts.append("\n</nav>\n")
    return "".join(parts)


@_remember_last
def catalogue_markdown(studies: list[CaseStudy]) -> str:
    """The generated part of the case-study index page."""
    published = [s for s in studies if s.published]
    return (
        "\n\n## Filter the case studies\n\n"
        "Choose a channel, theme, organisation, year, strength of evidence or country to see "
        "only the case studies that match. The number after each choice says how many match.\n\n"
        + _facet_links(published, INDEX)
        + f'\n## All case studies\n\n<p class="guide-case-count" aria-live="polite">'
        f"Showing all {count_of(len(published))}, newest first.</p>\n\n{_marker('listing', INDEX)}\n"
    )


@_remember_last
def facet_pages(studies: list[CaseStudy]) -> dict[str, str]:
    """src_uri -> Markdown for every facet value's own page (the no-JavaScript filter)."""
    published = [s for s in studies if s.published]
    pages = {}
    for facet, heading in FACETS.items():
        for value, label, count in facet_values(published, facet):
            uri = facet_uri(facet, value)
            # Written as data (YAML) and as Markdown text, whatever the label holds.
            meta = {
                "title": f"Case studies: {label}",
                "description": f"Case studies filtered {heading.lower()}: {label}.",
                # Search finds each case study itself; these lists would only repeat it.
                "search": {"exclude": True},
            }
            pages[uri] = (
                front_matter(meta) + "\n"
                f"{count_of(count)} {markdown_text(phrase(facet, label))}, newest first.\n\n"
                # No heading between the page title and the entries: they are level 2.
                f"[Back to all case studies]({_rel(uri, INDEX)})\n\n{_marker('listing', uri)}\n"
            )
    return pages


@_remember_last
def related_pages(studies: list[CaseStudy]) -> dict[str, list[CaseStudy]]:
    """Guide page src_uri -> the published case studies that used its channel or theme."""
    related: dict[str, list[CaseStudy]] = defaultdict(list)
    for study in studies:
        if not study.published:
            continue
        targets = [channel_page(c) for c in study.channels] + [THEMES[t][1] for t in study.themes]
        for target in dict.fromkeys(targets):
            related[target].append(study)
    return related


def related_markdown(src_uri: str) -> str:
    """The block for a guide page; `fill` lists the case studies in it."""
    return f"## Related case studies\n\n{_marker('related', src_uri)}\n"


def insert_related(markdown: str, block: str) -> str:
    """Put the block before "Further reading" (or at the end when there is none)."""
    marker = "\n## Further reading"
    at = markdown.find(marker)
    if at == -1:
        return markdown.rstrip() + "\n\n" + block
    return markdown[:at] + "\n\n" + block + markdown[at:]


def summary_panel(study: CaseStudy, contact: str, link: Callable[[str], str]) -> dict[str, object]:
    """What overrides/partials/case-study-summary.html shows under a case study's title.

    Values are plain text; the template escapes them. `link` makes a relative address
    from a source path, so the panel's links work in every version and preview.
    """
    return {
        "organisations": list(study.organisations),
        "channels": [(CHANNELS[c], link(channel_page(c))) for c in study.channels],
        "themes": [(THEMES[t][0], link(THEMES[t][1])) for t in study.themes],
        "period": study.period,
        "evidence": EVIDENCE[study.evidence],
        "evidence_help": link("contribute/index.md") + "#how-strong-is-the-evidence",
        "region": REGIONS[study.region],
        "contact": contact,
        "catalogue": link(INDEX),
    }
