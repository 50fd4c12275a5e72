"""Toolkit templates as ODT and Word files: made from the page, accessible, linked, small."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import html as lxml_html
from odf import opendocument
from odf.namespaces import DCNS, FORMNS, TABLENS, TEXTNS

from conftest import ROOT, copy_project, mkdocs_build
from guide.site import documents

TOOLKIT = sorted(p.stem for p in (ROOT / "docs" / "toolkit").glob("*.md") if p.stem != "index")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def _page(built_site: Path, name: str):
    path = built_site / "toolkit" / name / "index.html"
    return lxml_html.fromstring(path.read_text("utf-8")).find(".//article")


def _words(element) -> str:
    for link in element.findall(".//a[@class='headerlink']"):
        link.drop_tree()
    return " ".join(element.text_content().split())


def _expected(built_site: Path, name: str) -> tuple[str, list[str], list[str], int]:
    """Title, headings (in order), checklist items (in order) and number of tables."""
    article = _page(built_site, name)
    title = _words(article.find(".//h1"))
    content = "[not(ancestor::aside)]"
    headings = [_words(h) for h in article.xpath(f".//h2{content}|.//h3{content}|.//h4{content}")]
    ticks = [_words(li) for li in article.xpath(".//li[contains(@class, 'task-list-item')]")]
    return title, headings, ticks, len(article.findall(".//table"))


@pytest.mark.parametrize("name", TOOLKIT)
def test_word_file_says_what_the_page_says(built_site: Path, name: str) -> None:
    path = built_site / "toolkit" / name / f"{name}.docx"
    assert path.stat().st_size < 50 * 1024
    title, headings, ticks, tables = _expected(built_site, name)
    document = Document(str(path))
    assert document.core_properties.title == title
    assert document.core_properties.language == "en-GB"
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    found = [text for style, text in styled if style.startswith("Heading")]
    assert found == [title, *headings]  # real headings, in order, the title first
    levels = [int(style.split()[-1]) for style, _ in styled if style.startswith("Heading")]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    body = document.element.body
    boxes = [p for p in body.iter(f"{W}p") if next(p.iter(f"{W14}checkbox"), None) is not None]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in boxes]
    assert [t.lstrip("\u2610\u2612 ") for t in texts] == ticks
    assert len(document.tables) == tables
    for table in body.iter(f"{W}tbl"):
        assert next(table.iter(f"{W}tblHeader"), None) is not None


@pytest.mark.parametrize("name", TOOLKIT)
def test_opendocument_file_says_what_the_page_says(built_site: Path, name: str) -> None:
    path = built_site / "toolkit" / name / f"{name}.odt"
    assert path.stat().st_size < 50 * 1024
    assert zipfile.ZipFile(path).read("mimetype") == b"application/vnd.oasis.opendocument.text"
    title, headings, ticks, tables = _expected(built_site, name)
    document = opendocument.load(str(path))
    meta = {e.qname: str(e) for e in document.meta.childNodes}
    assert meta[(DCNS, "title")] == title and meta[(DCNS, "language")] == "en-GB"
    found = [str(h) for h in document.text.getElementsByType(_odt("text", "h"))]
    assert found == [title, *headings]
    boxes = document.text.getElementsByType(_odt("form", "checkbox"))
    assert [b.getAttrNS(FORMNS, "label") for b in boxes] == ticks
    grids = document.text.getElementsByType(_odt("table", "table"))
    assert len(grids) == tables
    for grid in grids:
        assert grid.getElementsByType(_odt("table", "table-header-rows"))


def _odt(prefix: str, name: str):
    """odfpy's element class for a qualified name, to search by."""
    from odf import element

    namespace = {"text": TEXTNS, "form": FORMNS, "table": TABLENS}[prefix]

    class Match(element.Element):
        qname = (namespace, name)

    return Match


@pytest.mark.parametrize("name", TOOLKIT)
def test_the_page_offers_both_files_with_format_and_size(built_site: Path, name: str) -> None:
    article = _page(built_site, name)
    links = article.xpath(".//ul[@class='guide-downloads']//a")
    assert [link.get("href") for link in links] == [f"{name}.odt", f"{name}.docx"]
    for link, (kind, short) in zip(links, documents.FORMATS.values(), strict=True):
        size = (built_site / "toolkit" / name / link.get("href")).stat().st_size
        assert _words(link) == (
            f"Download this template as {kind} ({short}, {documents.size_label(size)})"
        )


def test_a_table_without_a_header_row_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "toolkit" / "risk-log.md"
    page.write_text(page.read_text() + "\n<table><tr><td>no header</td></tr></table>\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(
        r"toolkit/risk-log\.md: the template cannot be made into a document: a table has no "
        r"header row",
        result.stderr,
    )
    assert not (tmp_path / "site" / "toolkit" / "risk-log" / "risk-log.odt").exists()
