"""The content-health page, generated at build time from the pages' own metadata.

Each chart is an SVG image with a text alternative (<title> and <desc>), and a
data table beside it with the same numbers, so nothing depends on seeing colour
or shape. Links to pages are Markdown, so the strict build checks every one.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date
from html import escape

from guide.content.dates import format_date
from guide.content.review import CURRENT, DUE_SOON, DUE_SOON_DAYS, OVERDUE, PageReview
from guide.content.vocabulary import CHANNELS
from guide.site import catalogue
from guide.site.escaping import markdown_text

SRC_URI = "about/content-health.md"
CASE_STUDIES_SECTION = "Case studies"
HOME_SECTION = "Home"

# Chart geometry, in SVG user units (the image scales to the column).
_WIDTH, _LABEL, _VALUE, _BAR, _GAP, _TOP = 640, 220, 44, 22, 10, 8


@dataclass(frozen=True)
class Series:
    key: str
    name: str


REVIEW_SERIES = (
    Series(CURRENT, "Up to date"),
    Series(DUE_SOON, f"Due within {DUE_SOON_DAYS} days"),
    Series(OVERDUE, "Overdue"),
)
COUNT_SERIES = (Series("count", "Case studies"),)


def nav_sections(nav: list | None) -> dict[str, str]:
    """src_uri -> the title of the top-level navigation entry it sits under."""
    found: dict[str, str] = {}

    def walk(items: list, section: str) -> None:
        for item in items:
            if isinstance(item, str):
                found.setdefault(item, section)
            elif isinstance(item, dict):
                for value in item.values():
                    if isinstance(value, list):
                        walk(value, section)
                    elif isinstance(value, str):
                        found.setdefault(value, section)

    for item in nav or []:
        if isinstance(item, str):
            found.setdefault(item, HOME_SECTION)
        elif isinstance(item, dict):
            for title, value in item.items():
                walk(value if isinstance(value, list) else [value], str(title))
    return found


def section_of(src_uri: str, sections: dict[str, str]) -> str:
    """A page's section: from the navigation, or else from a neighbour in the same folder."""
    if src_uri in sections:
        return sections[src_uri]
    folder = src_uri.split("/", 1)[0]
    for uri, section in sections.items():
        if "/" in uri and uri.split("/", 1)[0] == folder:
            return section
    return CASE_STUDIES_SECTION if folder == "case-studies" else HOME_SECTION


def status_by_section(
    reviews: list[PageReview], sections: dict[str, str], today: date
) -> list[tuple[str, dict[str, int]]]:
    """(section, {status: pages}) in navigation order."""
    order = list(dict.fromkeys([*sections.values(), CASE_STUDIES_SECTION, HOME_SECTION]))
    table: dict[str, dict[str, int]] = {}
    for review in reviews:
        row = table.setdefault(
            section_of(review.src_uri, sections), dict.fromkeys((s.key for s in REVIEW_SERIES), 0)
        )
        row[review.status(today)] += 1
    return sorted(
        table.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
    )


def studies_by_channel(studies: list[catalogue.CaseStudy]) -> list[tuple[str, dict[str, int]]]:
    """Every channel, with how many published case studies used it (0 shows a gap)."""
    used = {
        value: count for value, _, count in catalogue.facet_values(_published(studies), "channel")
    }
    return [(label, {"count": used.get(slug, 0)}) for slug, label in CHANNELS.items()]


def studies_by_year(studies: list[catalogue.CaseStudy]) -> list[tuple[str, dict[str, int]]]:
    """Every year from the first to the last case study; a study over two years counts in each."""
    counted = {int(v): n for v, _, n in catalogue.facet_values(_published(studies), "period")}
    if not counted:
        return []
    return [(str(y), {"count": counted.get(y, 0)}) for y in range(min(counted), max(counted) + 1)]


def _published(studies: list[catalogue.CaseStudy]) -> list[catalogue.CaseStudy]:
    return [s for s in studies if s.published]


def _describe(rows: list[tuple[str, dict[str, int]]], series: tuple[Series, ...]) -> str:
    parts = []
    for label, values in rows:
        if len(series) == 1:
            parts.append(f"{label}: {values[series[0].key]}")
        else:
            parts.append(
                f"{label}: " + ", ".join(f"{values[s.key]} {s.name.lower()}" for s in series)
            )
    return "; ".join(parts) + "."


def bar_chart(
    chart_id: str, title: str, rows: list[tuple[str, dict[str, int]]], series: tuple[Series, ...]
) -> str:
    """A horizontal (stacked) bar chart as one line of inline SVG."""
    largest = max((sum(v.values()) for _, v in rows), default=0) or 1
    scale = (_WIDTH - _LABEL - _VALUE) / largest
    legend = 24 if len(series) > 1 else 0
    height = _TOP + legend + len(rows) * (_BAR + _GAP)
    parts = [
        f'<svg class="guide-chart__image" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {_WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(rows, series))}</desc>',
    ]
    if legend:
        x: float = _LABEL
        for item in series:
            parts.append(
                f'<rect class="guide-chart__bar guide-chart__bar--{item.key}" x="{x}" y="{_TOP}" width="14" height="14"/>'
                f'<text class="guide-chart__text" x="{x + 20}" y="{_TOP + 12}">{escape(item.name)}</text>'
            )
            x += 36 + 7 * len(item.name)
    for index, (label, values) in enumerate(rows):
        y = _TOP + legend + index * (_BAR + _GAP)
        parts.append(
            f'<text class="guide-chart__text" x="{_LABEL - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
        )
        x = float(_LABEL)
        for item in series:
            width = values[item.key] * scale
            if width:
                parts.append(
                    f'<rect class="guide-chart__bar guide-chart__bar--{item.key}" x="{x:.1f}" y="{y}" '
                    f'width="{width:.1f}" height="{_BAR}"/>'
                )
            x += width
        parts.append(
            f'<text class="guide-chart__text" x="{x + 6:.1f}" y="{y + 16}">{sum(values.values())}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def data_table(
    caption: str, first: str, rows: list[tuple[str, dict[str, int]]], series: tuple[Series, ...]
) -> str:
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in series)
    total = '<th scope="col">Total</th>' if len(series) > 1 else ""
    lines = [
        "<table>",
        f"<caption>{escape(caption)}</caption>",
        f'<thead><tr><th scope="col">{escape(first)}</th>{head}{total}</tr></thead>',
        "<tbody>",
    ]
    for label, values in rows:
        cells = "".join(f"<td>{values[s.key]}</td>" for s in series)
        if total:
            cells += f"<td>{sum(values.values())}</td>"
        lines.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def chart_block(
    chart_id: str,
    title: str,
    first: str,
    rows: list[tuple[str, dict[str, int]]],
    series: tuple[Series, ...],
) -> str:
    """The chart and its data table side by side; one raw HTML block with no blank lines."""
    if not rows:
        return "There is nothing to show yet.\n"
    return (
        f'<div class="guide-chart" id="{chart_id}">\n'
        f'<figure class="guide-chart__figure">{bar_chart(chart_id, title, rows, series)}'
        f"<figcaption>{escape(title)}. The table below gives the same numbers.</figcaption></figure>\n"
        f'<div class="guide-chart__table">\n{data_table(title, first, rows, series)}\n</div>\n'
        "</div>\n"
    )


def _link(review: PageReview) -> str:
    target = posixpath.relpath(review.src_uri, posixpath.dirname(SRC_URI))
    return f"[{markdown_text(review.title)}]({target})"


def _page_list(reviews: list[PageReview], today: date, status: str, empty: str) -> str:
    matching = sorted(
        (r for r in reviews if r.status(today) == status), key=lambda r: (r.due, r.title)
    )
    if not matching:
        return empty + "\n"
    lines = []
    for review in matching:
        days = review.days_left(today)
        when = (
            f"{-days} day{'s' * (days != -1)} overdue"
            if days < 0
            else f"in {days} day{'s' * (days != 1)}"
        )
        lines.append(
            f"- {_link(review)}: due by {format_date(review.due)} ({when}). Owner: {markdown_text(review.owner)}."
        )
    return "\n".join(lines) + "\n"


def page_markdown(
    reviews: list[PageReview], studies: list[catalogue.CaseStudy], nav: list | None, today: date
) -> str:
    """The whole content-health page."""
    sections = nav_sections(nav)
    published = len(_published(studies))
    return (
        "---\n"
        "title: Content health\n"
        "description: Which pages are due for review, who owns them, and how many case studies "
        "there are for each channel and year.\n"
        "---\n\n"
        "This page helps you see which parts of the guide need attention. It is made from each "
        "page's owner and review dates every time the site is built. This version was built on "
        f"{format_date(today)}.\n\n"
        f"The guide has {len(reviews)} pages with a review date, including "
        f"{sum(r.case_study for r in reviews)} case studies.\n\n"
        "## Pages overdue for review\n\n"
        + _page_list(reviews, today, OVERDUE, "No pages are overdue for review.")
        + f"\n## Pages due for review within {DUE_SOON_DAYS} days\n\n"
        + _page_list(reviews, today, DUE_SOON, f"No pages are due within {DUE_SOON_DAYS} days.")
        + "\n## Review status by section\n\n"
        + chart_block(
            "health-review",
            "Pages by review status in each section",
            "Section",
            status_by_section(reviews, sections, today),
            REVIEW_SERIES,
        )
        + "\n## Case studies by channel\n\n"
        f"The guide has {published} published case "
        f"{'study' if published == 1 else 'studies'}. A case study can use more than one "
        "channel, so the numbers can add up to more than that. A channel with none shows where "
        "a new case study would help most.\n\n"
        + chart_block(
            "health-channels",
            "Published case studies for each channel",
            "Channel",
            studies_by_channel(studies),
            COUNT_SERIES,
        )
        + "\n## Case studies by year\n\n"
        "A case study that ran over more than one year counts in each of them.\n\n"
        + chart_block(
            "health-years",
            "Published case studies for each year",
            "Year",
            studies_by_year(studies),
            COUNT_SERIES,
        )
    )
