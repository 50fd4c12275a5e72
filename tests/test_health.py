"""The content-health page: its numbers match the pages' own metadata."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT
from guide.content.dates import add_period, parse_period
from guide.content.review import PageReview
from guide.content.vocabulary import CHANNELS
from guide.site import health

DOCS = ROOT / "docs"


class _Tables(HTMLParser):
    """Each <table> as {caption: [[cell, ...], ...]}, and each SVG's title and desc."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.svgs: list[dict[str, str]] = []
        self._rows: list[list[str]] | None = None
        self._text: list[str] | None = None
        self._caption = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th", "caption", "title", "desc"):
            self._text = []
        elif tag == "svg":
            self.svgs.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        text = "".join(self._text or []).strip()
        if tag in ("td", "th") and self._rows:
            self._rows[-1].append(text)
        elif tag == "caption":
            self._caption = text
        elif tag in ("title", "desc") and self.svgs:
            self.svgs[-1][tag] = text
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption] = self._rows
            self._rows = None
        if tag in ("td", "th", "caption", "title", "desc"):
            self._text = None


def _page(built_site: Path) -> _Tables:
    parser = _Tables()
    parser.feed((built_site / "about" / "content-health" / "index.html").read_text())
    return parser


def _meta(path: Path) -> dict:
    return yaml.load(path.read_text().split("---\n", 2)[1], Loader=yaml.BaseLoader)


def _nav_folders() -> dict[str, str]:
    """Top-level folder (or file) -> navigation section, read straight from mkdocs.yml."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)["nav"]
    folders = {}
    for item in nav:
        if isinstance(item, str):
            folders[item] = "Home"
            continue
        [(title, value)] = item.items()
        for uri in value if isinstance(value, list) else [value]:
            uri = next(iter(uri.values())) if isinstance(uri, dict) else uri
            folders.setdefault(uri.split("/")[0] if "/" in uri else uri, title)
    return folders


def _review_due(meta: dict) -> date:
    reviewed = date.fromisoformat(meta["last_reviewed"])
    if "review_by" in meta:
        return date.fromisoformat(meta["review_by"])
    period = parse_period(meta["review_in"])
    assert period is not None
    return add_period(reviewed, *period)


def _rows(table: list[list[str]]) -> dict[str, list[int]]:
    return {row[0]: [int(cell) for cell in row[1:]] for row in table[1:]}


def test_review_status_by_section_matches_the_front_matter(built_site: Path) -> None:
    today = date.today()  # the built site was built today
    folders = _nav_folders()
    expected: dict[str, Counter] = {}
    for path in DOCS.rglob("*.md"):
        if "_snippets" in path.parts:
            continue
        uri = path.relative_to(DOCS).as_posix()
        # A top-level page outside the navigation (the search page) counts under Home.
        section = folders[uri.split("/")[0]] if "/" in uri else folders.get(uri, "Home")
        days = (_review_due(_meta(path)) - today).days
        status = "Overdue" if days < 0 else "Due soon" if days <= 30 else "Up to date"
        expected.setdefault(section, Counter())[status] += 1
    table = _page(built_site).tables["Pages by review status in each section"]
    assert table[0] == ["Section", "Up to date", "Due within 30 days", "Overdue", "Total"]
    shown = _rows(table)
    assert set(shown) == set(expected)
    for section, counts in expected.items():
        assert shown[section] == [
            counts["Up to date"],
            counts["Due soon"],
            counts["Overdue"],
            sum(counts.values()),
        ], section


def _published_case_studies() -> list[dict]:
    studies = [_meta(p) for p in (DOCS / "case-studies").glob("*.md") if p.name != "index.md"]
    return [m for m in studies if m["status"] == "published"]


def test_case_studies_by_channel_and_year_match_the_front_matter(built_site: Path) -> None:
    studies = _published_case_studies()
    assert studies, "the guide has published case studies"
    channels = Counter(c for m in studies for c in m["channels"])
    years: Counter = Counter()
    for meta in studies:
        first, _, last = meta["period"].replace("–", "-").partition("-")
        years.update(range(int(first), int(last or first) + 1))
    page = _page(built_site)
    by_channel = _rows(page.tables["Published case studies for each channel"])
    assert by_channel == {label: [channels[slug]] for slug, label in CHANNELS.items()}
    by_year = _rows(page.tables["Published case studies for each year"])
    span = range(min(years), max(years) + 1)
    assert by_year == {str(year): [years[year]] for year in span}


def test_each_chart_is_an_accessible_image_with_the_same_numbers(built_site: Path) -> None:
    page = _page(built_site)
    charts = [svg for svg in page.svgs if svg.get("class") == "guide-chart__image"]
    assert len(charts) == 3
    for svg in charts:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert title_id.endswith("-title") and desc_id.endswith("-desc")
        table = page.tables[svg["title"]]  # the table beside it has the chart's title
        for row in _rows(table).items():
            label, values = row
            assert f"{label}: {values[0]}" in svg["desc"], (label, svg["desc"])


def test_pages_overdue_are_listed_with_links(tmp_path: Path) -> None:
    today = date(2026, 11, 23)
    reviews = [
        PageReview(
            "plan/objectives.md",
            Path("docs/plan/objectives.md"),
            "Set objectives",
            "Guide editors",
            date(2025, 1, 1),
            date(2025, 7, 1),
            False,
        ),
        PageReview(
            "case-studies/example.md",
            Path("docs/case-studies/example.md"),
            "An example",
            "Policy team",
            date(2026, 6, 1),
            date(2026, 12, 1),
            True,
        ),
    ]
    markdown = health.page_markdown(reviews, [], [{"Plan": ["plan/index.md"]}], today)
    overdue = markdown.split("## Pages overdue for review", 1)[1].split("\n## ", 1)[0]
    assert (
        "- [Set objectives](../plan/objectives.md): due by 1 July 2025 (510 days overdue). "
        "Owner: Guide editors." in overdue
    )
    soon = markdown.split("## Pages due for review within 30 days", 1)[1].split("\n## ", 1)[0]
    assert "[An example](../case-studies/example.md): due by 1 December 2026 (in 8 days)" in soon
    table = re.search(r'<tr><th scope="row">Plan</th>(.*?)</tr>', markdown)
    assert table and table.group(1) == "<td>0</td><td>0</td><td>1</td><td>1</td>"
    assert '<tr><th scope="row">Case studies</th><td>0</td><td>1</td><td>0</td><td>1</td>' in (
        markdown
    )


def test_an_overdue_page_is_listed_and_counted_at_build_time(tmp_path: Path) -> None:
    import json

    from stale_site import STALE_DUE, STALE_PAGE, build_stale_site

    site = build_stale_site(tmp_path)
    html = (site / "about" / "content-health" / "index.html").read_text()
    overdue = html.split('id="pages-overdue-for-review"', 1)[1].split("<h2", 1)[0]
    assert 'href="../../plan/objectives/"' in overdue
    assert "Set objectives</a>: due by 1 July 2025" in overdue
    parser = _Tables()
    parser.feed(html)
    plan = _rows(parser.tables["Pages by review status in each section"])["Plan"]
    assert plan[2] == 1, "one overdue page in Plan"
    pages = json.loads((site / "pages.json").read_text())["pages"]
    [record] = [p for p in pages if p["path"] == f"docs/{STALE_PAGE}"]
    assert (record["review_due"], record["status"]) == (STALE_DUE, "overdue")
