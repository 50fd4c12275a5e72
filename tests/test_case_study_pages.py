"""Every built case-study page shows its facts under its title and leads back to the
catalogue; the catalogue's counts equal the metadata."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, assert_material_partial_with
from guide.content.vocabulary import CASE_STUDY_HEADINGS, CHANNELS, EVIDENCE, REGIONS, THEMES
from guide.site import catalogue


class _Article(HTMLParser):
    """The article's top-level sequence of tags, the summary panel's rows and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.order: list[str] = []  # h1, panel, h2 ids, in document order
        self.rows: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}
        self.active_sections: list[str] = []
        self._in_panel = False
        self._field = ""
        self._text: list[str] = []
        self._tag = ""
        self._active_li = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        if tag == "h1":
            self.order.append("h1")
        elif tag == "section" and "guide-case-summary" in classes:
            self.order.append("panel")
            self._in_panel = True
        elif tag == "h2" and attr.get("id") and not self._in_panel:
            self.order.append(str(attr["id"]))
        elif tag == "li" and "md-nav__item--section" in classes:
            self._active_li = 1 if "md-nav__item--active" in classes else 0
        if self._in_panel and tag in ("dt", "dd"):
            self._tag, self._text = tag, []
        if self._in_panel and tag == "a":
            self.links.setdefault(self._field or "back", []).append(str(attr.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._in_panel = False
        if self._in_panel and tag == self._tag == "dt":
            self._field = " ".join("".join(self._text).split())
        elif self._in_panel and tag == self._tag == "dd":
            self.rows[self._field] = " ".join("".join(self._text).split())
            self._field = ""
        if tag in ("dt", "dd"):
            self._tag = ""

    def handle_data(self, data: str) -> None:
        if self._tag:
            self._text.append(data)
        if self._active_li == 1 and data.strip():
            self.active_sections.append(data.strip())
            self._active_li = 0


def _read(built_site: Path, study: catalogue.CaseStudy) -> _Article:
    path = built_site / study.src_uri.removesuffix(".md") / "index.html"
    parser = _Article()
    parser.feed(path.read_text("utf-8"))
    return parser


def _target(page_dir: Path, href: str) -> Path:
    return (page_dir / href.split("#")[0]).resolve() / "index.html"


def test_each_case_study_shows_its_facts_under_its_title(built_site: Path, collection) -> None:
    assert collection, "no published case studies"
    for study in collection:
        page = _read(built_site, study)
        where = study.src_uri
        # Title, then the panel, then the standard sections in order.
        assert page.order[:2] == ["h1", "panel"], where
        sections = [catalogue.slugify(h) for h in CASE_STUDY_HEADINGS]
        assert [h for h in page.order[2:] if h in sections] == sections, where
        assert page.rows["Organisations"] == "; ".join(study.organisations), where
        assert page.rows["Channels"] == ", ".join(CHANNELS[c] for c in study.channels), where
        assert page.rows["Themes"] == ", ".join(THEMES[t][0] for t in study.themes), where
        assert page.rows["Period"] == study.period, where
        assert page.rows["Where"] == REGIONS[study.region], where
        assert page.rows["Evidence"].startswith(EVIDENCE[study.evidence]), where
        assert page.rows["Contact"], where
        assert re.match(r"Last reviewed on \d+ \w+ \d{4}\.", page.rows["Last reviewed"]), where
        # Channel links lead to the channel pages, and the back link to the catalogue.
        page_dir = built_site / study.src_uri.removesuffix(".md")
        for channel, href in zip(study.channels, page.links["Channels"], strict=True):
            assert _target(page_dir, href) == (built_site / "channels" / channel / "index.html")
        assert _target(page_dir, page.links["back"][-1]) == (
            built_site / "case-studies" / "index.html"
        )
        # "Case studies" is the current section of the navigation.
        assert page.active_sections[:1] == ["Case studies"], where


def test_catalogue_counts_equal_the_metadata(built_site: Path, collection) -> None:
    html = (built_site / "case-studies" / "index.html").read_text("utf-8")
    for facet in catalogue.FACETS:
        for value, _label, count in catalogue.facet_values(collection, facet):
            expected = sum(value in s.values(facet) for s in collection)
            assert count == expected
            link = re.search(rf'data-value="{re.escape(value)}"', html)
            assert link, (facet, value)
            facet_page = built_site / "case-studies" / facet / value / "index.html"
            listed = facet_page.read_text("utf-8").count('class="guide-case"')
            assert listed == expected, (facet, value)
    assert html.count('class="guide-case"') == len(collection)


def test_content_partial_is_materials_plus_the_marked_changes() -> None:
    assert_material_partial_with(
        "content.html",
        [
            (
                "<h1>{{ page.title | d(config.site_name, true) | e }}</h1>{#- guide: escaped -#}",
                "<h1>{{ page.title | d(config.site_name, true)}}</h1>",
            ),
            '{% if guide_case_study %}{% include "partials/case-study-summary.html" %}'
            '{% else %}{% include "partials/review-banner.html" %}{% endif %}'
            "{#- guide: furniture -#}\n",
        ],
    )


def test_the_library_holds_every_sourced_case_with_its_standard_headings(collection) -> None:
    from guide.content.markdown_doc import headings

    # 2 from the first blog post, 18 recommended and 8 reserve cases from the sources.
    assert len(collection) >= 28
    assert {s.region for s in collection} == {"uk", "international"}
    for study in collection:
        text = (ROOT / "docs" / study.src_uri).read_text(encoding="utf-8")
        found = [h.text for h in headings(text) if h.level == 2]
        assert found == list(CASE_STUDY_HEADINGS), study.src_uri
