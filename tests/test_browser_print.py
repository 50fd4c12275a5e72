"""Printing, in Chromium: a page, and the whole guide on one page.

Pages are printed to PDF with Chromium's print-to-PDF (Playwright's page.pdf),
read back with pypdf, and a printed sheet is rendered with pdftoppm (Debian's
poppler-utils, installed by scripts/ensure-poppler.sh) to look at the paper.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from page_crawl import context_options

pytestmark = pytest.mark.browser

PAGE = "plan/objectives/"
EXTERNAL = "https://www.devon.gov.uk/haveyoursay/adult-social-care-and-health-engagement/government-consultation-principles-updated-2018/"
SCREEN_ONLY = [
    "Search the guide",
    "Skip to content",
    "Report a problem with this page",
    "Back to top",
]


@pytest.fixture
def dark_page(browser) -> Iterator[object]:
    """A reader in the dark scheme: paper must still come out black on white."""
    context = browser.new_context(**context_options("dark", "desktop"))
    try:
        yield context.new_page()
    finally:
        context.close()


def _text(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if not found:
        message = "no pdftoppm: install Debian's 'poppler-utils' (make browser)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return found


def _grey_pixels(pdf: Path, sheet: int, folder: Path) -> bytes:
    """One printed sheet as 8-bit grey pixels, rendered by pdftoppm (PGM format)."""
    prefix = folder / "sheet"
    subprocess.run(
        [
            _pdftoppm(),
            "-gray",
            "-r",
            "40",
            "-f",
            str(sheet),
            "-l",
            str(sheet),
            str(pdf),
            str(prefix),
        ],
        check=True,
        capture_output=True,
    )
    data = next(folder.glob("sheet*.pgm")).read_bytes()
    # Header: "P5", width, height, maximum value, each followed by whitespace.
    fields, at = [], 0
    while len(fields) < 4:
        while data[at : at + 1].isspace():
            at += 1
        end = at
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    assert fields[0] == b"P5"
    width, height = int(fields[1]), int(fields[2])
    return data[at + 1 : at + 1 + width * height]


def _printed(page, url: str, tmp_path: Path) -> Path:
    """The page at `url`, printed to A4 paper as Chromium prints it."""
    page.goto(url, wait_until="networkidle")
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    return pdf


def test_a_printed_page_has_its_content_and_link_addresses_only(
    dark_page, site_url: str, tmp_path: Path
) -> None:
    pdf = _printed(dark_page, site_url + PAGE, tmp_path)
    text = " ".join(_text(pdf))
    assert "Set objectives" in text
    # The address after the link text (line breaks in the PDF may split the address).
    assert "Consultation principles: guidance (https://www.gov.uk/" in text
    assert "publications/consultation-principles-guidance)" in text.replace(" ", "")
    # A link to another page of the guide shows its full address on the site.
    assert "(https://digital-engagement-guide.github.io/guide/channels/blogs/)" in text.replace(
        "- ", "-"
    ).replace(" ", "")
    for words in SCREEN_ONLY:
        assert words not in text


def test_a_printed_page_is_dark_text_on_white_paper(
    dark_page, site_url: str, tmp_path: Path
) -> None:
    pdf = _printed(dark_page, site_url + PAGE, tmp_path)
    pixels = _grey_pixels(pdf, 1, tmp_path)
    white = sum(1 for p in pixels if p > 230) / len(pixels)
    dark = sum(1 for p in pixels if p < 100) / len(pixels)
    assert white > 0.8, f"only {white:.0%} of the sheet is white paper"
    assert dark > 0.005, f"only {dark:.1%} of the sheet is dark text"


def test_print_hides_navigation_and_search_and_keeps_admonitions_readable(
    dark_page, site_url: str
) -> None:
    dark_page.goto(site_url + "plan/", wait_until="networkidle")
    dark_page.emulate_media(media="print")
    shown = dark_page.evaluate(
        """() => {
          const visible = (s) => [...document.querySelectorAll(s)].some((el) => el.getClientRects().length);
          const admonition = getComputedStyle(document.querySelector(".admonition"));
          const title = document.querySelector(".admonition-title");
          return {
            header: visible(".md-header"), search: visible(".md-search"),
            navigation: visible(".md-sidebar"), footer: visible(".md-footer"),
            actions: visible(".guide-page-actions"), content: visible("article h1"),
            border: parseFloat(admonition.borderLeftWidth), borderStyle: admonition.borderTopStyle,
            titleText: getComputedStyle(title).color, titleWeight: getComputedStyle(title).fontWeight,
            body: getComputedStyle(document.querySelector("article p")).color,
          };
        }"""
    )
    assert not any(shown[k] for k in ("header", "search", "navigation", "footer", "actions"))
    assert shown["content"]
    assert shown["border"] >= 4 and shown["borderStyle"] == "solid"
    assert shown["titleWeight"] == "700"
    # Text is dark on paper, even though the reader's screen is in the dark scheme.
    for colour in (shown["body"], shown["titleText"]):
        red, green, blue = (int(c) for c in re.findall(r"\d+", colour)[:3])
        assert max(red, green, blue) < 100, colour


def test_a_closed_details_block_prints_open(dark_page, site_url: str) -> None:
    dark_page.goto(site_url + PAGE, wait_until="load")
    dark_page.evaluate(
        """() => document.querySelector("article").insertAdjacentHTML("beforeend",
          '<details><summary>More</summary><p id="inside">Folded text</p></details>')"""
    )
    assert dark_page.locator("#inside").is_visible() is False
    dark_page.emulate_media(media="print")
    assert dark_page.locator("#inside").bounding_box()["height"] > 0


def test_the_whole_guide_is_one_page_in_menu_order(browser, site_url: str, tmp_path: Path) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + "print/", wait_until="load")  # the whole document parsed
        page.wait_for_load_state("networkidle")
        found = page.evaluate(
            """() => {
              const sections = [...document.querySelectorAll("section.guide-print__page > h2")];
              const nav = [...document.querySelectorAll(".md-sidebar--primary a.md-nav__link[href]")]
                .map((a) => new URL(a.href).pathname).filter((p) => !p.startsWith("/print/"));
              const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
              const targets = [...document.querySelectorAll('article a[href^="#"]')]
                .map((a) => decodeURIComponent(a.hash.slice(1))).filter(Boolean);
              return {
                sections: sections.map((h) => h.id), titles: sections.map((h) => h.textContent.trim()),
                nav: [...new Set(nav)], duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
                missing: targets.filter((id) => !document.getElementById(id)),
              };
            }"""
        )
        slug = lambda path: path.strip("/").replace("/", "-").lower() or "home"  # noqa: E731
        assert found["sections"] == [slug(p) for p in found["nav"]]
        assert found["duplicateIds"] == []
        assert found["missing"] == []

        pdf = tmp_path / "guide.pdf"
        page.pdf(path=str(pdf), format="A4")
        sheets = _text(pdf)
        assert len(sheets) > len(found["sections"])
        # Each page of the guide starts on a new sheet.
        starts = [s for s in sheets if any(s.startswith(t) for t in found["titles"][1:])]
        assert len(starts) >= len(found["titles"]) - 1
    finally:
        context.close()


def test_the_whole_guide_page_is_not_in_search(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    assert index["docs"], "the search index is empty"
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("print/")]
