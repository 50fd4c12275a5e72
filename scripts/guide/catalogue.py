"""The case-study catalogue, its facet pages and "Related case studies" blocks.

Everything here is generated from case-study front matter at build time, as
Markdown, so MkDocs validates every link it makes. Nothing is hand-kept.
"""

from __future__ import annotations

import functools
import posixpath
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from guide.check import slugify
from guide.pages import Page
from guide.schema import parse_year_period
from guide.vocabulary import CHANNELS, THEMES, channel_page

INDEX = "case-studies/index.md"
FACETS = {
    "channel": "By channel",
    "theme": "By theme",
    "organisation": "By organisation",
    "period": "By year",
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
        return tuple(str(y) for y in range(self.years[0], self.years[1] + 1))


def _remember_last(func):
    """`make serve` rebuilds with the same case studies most times: compute once per change.

    Callers must not change what these functions return.
    """
    last: dict[str, object] = {}

    @functools.wraps(func)
    def wrapper(studies):
        key = tuple(studies)
        if last.get("key") != key:
            last["key"], last["value"] = key, func(list(studies))
        return last["value"]

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
    )


def _label(facet: str, value: str, studies: list[CaseStudy]) -> str:
    if facet == "channel":
        return CHANNELS[value]
    if facet == "theme":
        return THEMES[value][0]
    if facet == "organisation":
        return next(o for s in studies for o in s.organisations if slugify(o) == value)
    return value


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


def _entry(study: CaseStudy, from_uri: str, level: int = 3) -> str:
    """One catalogue entry; data attributes let the script filter without a request.

    `level` is the heading level of its title: one below the heading above the listing.
    """
    data = " ".join(f'data-{facet}="{escape(" ".join(study.values(facet)))}"' for facet in FACETS)
    channels = ", ".join(
        f"[{CHANNELS[c]}]({_rel(from_uri, channel_page(c))})" for c in study.channels
    )
    themes = ", ".join(THEMES[t][0] for t in study.themes)
    return (
        f'<article class="guide-case" {data} markdown>\n\n'
        # A div with a heading role keeps hundreds of entries out of the table of contents.
        f'<div class="guide-case__title" role="heading" aria-level="{level}" markdown="span">'
        f"[{study.title}]({_rel(from_uri, study.src_uri)})</div>\n\n"
        f"{study.summary}\n\n"
        f"- **Organisations:** {', '.join(study.organisations)}\n"
        f"- **Channels:** {channels}\n"
        f"- **Themes:** {themes}\n"
        f"- **Period:** {study.period}\n\n"
        "</article>\n"
    )


def _listing(studies: list[CaseStudy], from_uri: str, level: int = 3) -> str:
    ordered = sorted(studies, key=lambda s: (-s.years[1], s.title.lower()))
    return "\n".join(_entry(s, from_uri, level) for s in ordered)


def _facet_links(studies: list[CaseStudy], from_uri: str) -> str:
    parts = ['<nav class="guide-facets" aria-label="Filter case studies" markdown>\n']
    for facet, heading in FACETS.items():
        parts.append(f'<div class="guide-facet" data-facet="{facet}" markdown>\n\n')
        parts.append(f"### {heading}\n\n")
        for value, label, count in facet_values(studies, facet):
            link = _rel(from_uri, facet_uri(facet, value))
            parts.append(f'- [{label} ({count})]({link}){{ data-value="{value}" }}\n')
        parts.append("\n</div>\n")
    parts.append("\n</nav>\n")
    return "".join(parts)


@_remember_last
def catalogue_markdown(studies: list[CaseStudy]) -> str:
    """The generated part of the case-study index page."""
    published = [s for s in studies if s.published]
    noun = "case study" if len(published) == 1 else "case studies"
    return (
        "\n\n## Filter the case studies\n\n"
        "Choose a channel, theme, organisation or year to see only the case studies that match.\n\n"
        + _facet_links(published, INDEX)
        + f'\n## All case studies\n\n<p class="guide-case-count" aria-live="polite">'
        f"Showing {len(published)} {noun}.</p>\n\n" + _listing(published, INDEX)
    )


@_remember_last
def facet_pages(studies: list[CaseStudy]) -> dict[str, str]:
    """src_uri -> Markdown for every facet value's own page (the no-JavaScript filter)."""
    published = [s for s in studies if s.published]
    pages = {}
    for facet, heading in FACETS.items():
        for value, label, count in facet_values(published, facet):
            uri = facet_uri(facet, value)
            matching = [s for s in published if value in s.values(facet)]
            noun = "case study" if count == 1 else "case studies"
            pages[uri] = (
                "---\n"
                f"title: 'Case studies: {label}'\n"
                f"description: 'Case studies filtered {heading.lower()}: {label}.'\n"
                "---\n\n"
                f"{count} {noun} {heading.lower().replace('by ', 'for this ')}: **{label}**.\n\n"
                # No heading between the page title and the entries: they are level 2.
                f"[Back to all case studies]({_rel(uri, INDEX)})\n\n"
                + _listing(matching, uri, level=2)
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


def related_markdown(studies: list[CaseStudy], from_uri: str) -> str:
    lines = ["## Related case studies", ""]
    for study in sorted(studies, key=lambda s: s.title.lower()):
        lines.append(f"- [{study.title}]({_rel(from_uri, study.src_uri)}): {study.summary}")
    return "\n".join(lines) + "\n"


def insert_related(markdown: str, block: str) -> str:
    """Put the block before "Further reading" (or at the end when there is none)."""
    marker = "\n## Further reading"
    at = markdown.find(marker)
    if at == -1:
        return markdown.rstrip() + "\n\n" + block
    return markdown[:at] + "\n\n" + block + markdown[at:]
