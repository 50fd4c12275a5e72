"""The catalogue, facet pages and related blocks list exactly the right case studies."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from mkdocs.utils import get_relative_url

from conftest import ROOT, copy_project, mkdocs_build
from guide.content.check import check_docs
from guide.site import catalogue
from guide.site.abbreviations import ShortForms
from test_check import GOOD, TODAY

STUDIES = {
    "alpha.md": GOOD.replace("A good case study", "Alpha").replace(
        "period: 2012", "period: 2010-2011"
    ),
    "beta.md": GOOD.replace("A good case study", "Beta")
    .replace("  - webchats", "  - blogs\n  - webchats")
    .replace("  - continuity", "  - guidelines"),
    "gamma.md": GOOD.replace("A good case study", "Gamma")
    .replace("  - webchats", "  - microsites")
    .replace("status: published", "status: draft"),
}


def _studies(tmp_path: Path) -> list[catalogue.CaseStudy]:
    docs = tmp_path / "docs"
    (docs / "case-studies").mkdir(parents=True)
    for name, text in STUDIES.items():
        (docs / "case-studies" / name).write_text(text)
    result = check_docs(docs, today=TODAY, root=tmp_path)
    assert result.problems == []
    return [
        catalogue.from_page(p, p.path.relative_to("docs").as_posix()) for p in result.case_studies
    ]


PAGES = {
    "case-studies/alpha.md": "case-studies/alpha/",
    "case-studies/beta.md": "case-studies/beta/",
    "channels/blogs.md": "channels/blogs/",
    "channels/webchats.md": "channels/webchats/",
    "channels/microsites.md": "channels/microsites/",
}
SHORT_FORMS = ShortForms({"BIS": "Department for Business, Innovation and Skills"})


def _filled(markdown: str, src_uri: str, studies: list[catalogue.CaseStudy]) -> str:
    """The page's Markdown with its lists filled in, as the build does after conversion."""
    page_url = src_uri.removesuffix(".md").removesuffix("index") + "/"
    links = catalogue.Links(PAGES.get, page_url.replace("//", "/"))
    return catalogue.fill(markdown, studies, links, SHORT_FORMS)


def _titles(html: str) -> list[str]:
    return re.findall(r'role="heading"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def test_catalogue_lists_published_case_studies_only(tmp_path: Path) -> None:
    studies = _studies(tmp_path)
    page = _filled(catalogue.catalogue_markdown(studies), catalogue.INDEX, studies)
    assert sorted(_titles(page)) == ["Alpha", "Beta"]
    assert "Showing all 2 case studies, newest first." in page
    # Links as MkDocs writes them, with the full address for print.
    assert '<a href="alpha/" data-print-url="/case-studies/alpha/">Alpha</a>' in page
    assert (
        '<a href="../channels/webchats/" data-print-url="/channels/webchats/">Webchats</a>' in page
    )


def test_each_facet_page_lists_exactly_its_matches(tmp_path: Path) -> None:
    studies = _studies(tmp_path)
    pages = {
        uri: _filled(text, uri, studies) for uri, text in catalogue.facet_pages(studies).items()
    }
    assert sorted(_titles(pages["case-studies/channel/webchats.md"])) == ["Alpha", "Beta"]
    assert _titles(pages["case-studies/channel/blogs.md"]) == ["Beta"]
    assert _titles(pages["case-studies/theme/guidelines.md"]) == ["Beta"]
    assert sorted(_titles(pages["case-studies/theme/continuity.md"])) == ["Alpha"]
    assert _titles(pages["case-studies/period/2010.md"]) == ["Alpha"]
    assert sorted(_titles(pages["case-studies/period/2011.md"])) == ["Alpha"]
    assert sorted(_titles(pages["case-studies/period/2012.md"])) == ["Beta"]
    assert sorted(_titles(pages["case-studies/organisation/example-department.md"])) == [
        "Alpha",
        "Beta",
    ]
    assert _titles(pages["case-studies/evidence/adequate.md"]) == ["Beta", "Alpha"]  # newest first
    assert _titles(pages["case-studies/region/uk.md"]) == ["Beta", "Alpha"]
    # Drafts are not listed anywhere, so no facet exists only for them.
    assert "case-studies/channel/microsites.md" not in pages
    # Each filter page says what it shows.
    assert (
        "2 case studies about webchats, newest first." in pages["case-studies/channel/webchats.md"]
    )
    assert "1 case study from 2010, newest first." in pages["case-studies/period/2010.md"]
    assert "2 case studies from the UK" in pages["case-studies/region/uk.md"]
    assert "2 case studies with adequate evidence" in pages["case-studies/evidence/adequate.md"]


def test_related_blocks_follow_channels_and_themes(tmp_path: Path) -> None:
    studies = _studies(tmp_path)
    related = catalogue.related_pages(studies)
    assert sorted(s.title for s in related["channels/webchats.md"]) == ["Alpha", "Beta"]
    assert [s.title for s in related["capability/social-media-guidelines.md"]] == ["Beta"]
    assert "channels/microsites.md" not in related
    block = _filled(catalogue.related_markdown("channels/blogs.md"), "channels/blogs.md", studies)
    assert (
        '<li><a href="../../case-studies/beta/" data-print-url="/case-studies/beta/">Beta</a>:'
        in block
    )


def test_lists_wrap_short_forms_and_escape_text(tmp_path: Path) -> None:
    studies = _studies(tmp_path)
    beta = next(s for s in studies if s.title == "Beta")
    odd = replace(beta, title="BIS & <friends>", summary="Run by BIS, not BISON.")
    html = _filled(catalogue.related_markdown("channels/blogs.md"), "channels/blogs.md", [odd])
    assert "BIS</abbr> &amp; &lt;friends&gt;</a>" in html
    assert (
        'Run by <abbr title="Department for Business, Innovation and Skills">BIS</abbr>, not BISON.'
        in html
    )


def test_a_link_to_a_missing_page_is_an_error(tmp_path: Path) -> None:
    studies = _studies(tmp_path)
    links = catalogue.Links({}.get, "case-studies/")
    with pytest.raises(ValueError, match=r"links to \S+\.md, which is not a page of the site"):
        catalogue.fill(catalogue.catalogue_markdown(studies), studies, links, SHORT_FORMS)


def test_each_marker_is_filled_for_its_own_page(tmp_path: Path) -> None:
    """The whole-guide print page holds several pages' lists, its headings one lower."""
    studies = _studies(tmp_path)
    page = "\n".join(
        [
            catalogue.catalogue_markdown(studies),
            catalogue.related_markdown("channels/blogs.md"),
            catalogue.related_markdown("channels/webchats.md"),
        ]
    )
    html = catalogue.fill(page, studies, catalogue.Links(PAGES.get, "print/"), SHORT_FORMS, shift=1)
    assert "<!-- guide:" not in html
    assert html.count('role="heading"') == 2 and 'aria-level="4"' in html
    blogs, webchats = html.split("## Related case studies")[1:]
    assert ">Beta</a>" in blogs and ">Alpha</a>" not in blogs
    assert ">Alpha</a>" in webchats and ">Beta</a>" in webchats


def test_related_block_goes_before_further_reading() -> None:
    page = "Intro.\n\n## Checklist\n\n- [ ] x\n\n## Further reading\n\n- a\n"
    out = catalogue.insert_related(page, "## Related case studies\n")
    assert out.index("## Related case studies") < out.index("## Further reading")


def _published_titles() -> set[str]:
    result = check_docs(ROOT / "docs", root=ROOT)
    return {p.meta["title"] for p in result.case_studies if p.meta["status"] == "published"}


def test_built_catalogue_matches_the_metadata(built_site: Path) -> None:
    html = (built_site / "case-studies" / "index.html").read_text()
    listed = set(re.findall(r'class="guide-case__title"[^>]*><a href="[^"]+"[^>]*>(.*?)</a>', html))
    listed = {re.sub(r"<[^>]+>", "", t) for t in listed}
    assert listed == _published_titles()
    webchats = (built_site / "case-studies" / "channel" / "webchats" / "index.html").read_text()
    assert "Buy Better Together Challenge" in webchats
    assert "GSS social media guidelines" not in webchats
    channel_page = (built_site / "channels" / "webchats" / "index.html").read_text()
    assert 'id="related-case-studies"' in channel_page
    # Search finds each case study itself, not the facet pages that repeat it.
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert any(loc.startswith("case-studies/buy-better-together-challenge/") for loc in locations)
    assert not any(
        loc.startswith(("case-studies/channel/", "case-studies/theme/")) for loc in locations
    )


def test_draft_is_built_but_not_listed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    draft = GOOD.replace("A good case study", "Draft study").replace(
        "status: published", "status: draft"
    )
    (project / "docs" / "case-studies" / "draft-study.md").write_text(draft)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "case-studies" / "draft-study" / "index.html").is_file()
    assert "Draft study" not in (tmp_path / "site" / "case-studies" / "index.html").read_text()


def test_contributor_template_passes_as_draft_and_needs_text_when_published(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "contribute" / "index.md").read_text()
    template = re.search(r"```markdown\n(---\n.*?)```", page, re.S).group(1)
    docs = tmp_path / "docs" / "case-studies"
    docs.mkdir(parents=True)
    (docs / "template.md").write_text(template)
    assert check_docs(tmp_path / "docs", today=TODAY, root=tmp_path).problems == []
    (docs / "template.md").write_text(template.replace("status: draft", "status: published"))
    problems = check_docs(tmp_path / "docs", today=TODAY, root=tmp_path).problems
    assert len([p for p in problems if "has no text yet" in p.message]) == 8


def test_links_match_the_relative_urls_mkdocs_writes() -> None:
    urls = {"a.md": "", "b.md": "glossary/", "c.md": "case-studies/", "d.md": "case-studies/x/"}
    urls |= {
        "e.md": "case-studies/channel/blogs/",
        "f.md": "plan/objectives/",
        "g.md": "print.html",
    }
    for page_url in [
        "",
        "glossary/",
        "case-studies/",
        "case-studies/x/",
        "case-studies/channel/blogs/",
    ]:
        links = catalogue.Links(urls.get, page_url)
        for uri, url in urls.items():
            assert links(uri) == get_relative_url(url, page_url), (page_url, url)
