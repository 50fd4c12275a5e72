"""The catalogue, facet pages and related blocks list exactly the right case studies."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, copy_project, mkdocs_build
from guide import catalogue
from guide.check import check_docs
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


def _titles(markdown: str) -> list[str]:
    return re.findall(r'role="heading" aria-level="\d" markdown="span">\[([^\]]+)\]', markdown)


def test_catalogue_lists_published_case_studies_only(tmp_path: Path) -> None:
    studies = _studies(tmp_path)
    assert sorted(_titles(catalogue.catalogue_markdown(studies))) == ["Alpha", "Beta"]
    assert "Showing 2 case studies." in catalogue.catalogue_markdown(studies)


def test_each_facet_page_lists_exactly_its_matches(tmp_path: Path) -> None:
    pages = catalogue.facet_pages(_studies(tmp_path))
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
    # Drafts are not listed anywhere, so no facet exists only for them.
    assert "case-studies/channel/microsites.md" not in pages


def test_related_blocks_follow_channels_and_themes(tmp_path: Path) -> None:
    related = catalogue.related_pages(_studies(tmp_path))
    assert sorted(s.title for s in related["channels/webchats.md"]) == ["Alpha", "Beta"]
    assert [s.title for s in related["capability/social-media-guidelines.md"]] == ["Beta"]
    assert "channels/microsites.md" not in related
    block = catalogue.related_markdown(related["channels/blogs.md"], "channels/blogs.md")
    assert "[Beta](../case-studies/beta.md)" in block


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
    assert len([p for p in problems if "has no text yet" in p.message]) == 7
