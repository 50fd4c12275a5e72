"""The GOV.UK look: type, colour and focus in both schemes, page furniture in GOV.UK order,
phones, target sizes and feedback by email. Expected values: tests/govuk_style.py."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

import govuk_style as govuk
from browser_helpers import recorded_page
from conftest import copy_project, mkdocs_build
from page_crawl import context_options, tab_to

pytestmark = pytest.mark.browser

GUIDE_PAGE = "plan/objectives/"
STYLE = """(selector) => {
  const el = document.querySelector(selector);
  const s = getComputedStyle(el);
  return { size: s.fontSize, line: s.lineHeight, weight: s.fontWeight, colour: s.color,
           family: s.fontFamily, maxWidth: s.maxWidth };
}"""


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(x) / 255 for x in re.findall(r"\d+", colour)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_type_colour_and_focus_follow_govuk(browser, site_url: str, scheme: str, size: str) -> None:
    colours = govuk.COLOURS[scheme]
    context = browser.new_context(**context_options(scheme, size))
    try:
        page = context.new_page()
        page.goto(site_url + GUIDE_PAGE)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        for tag, (font_size, line_height) in govuk.TYPE[size].items():
            selector = "article > p" if tag == "p" else f"article {tag}"
            if not page.locator(selector).count():  # the catalogue has every level
                page.goto(site_url + "case-studies/")
            style = page.evaluate(STYLE, selector)
            assert (style["size"], style["line"]) == (font_size, line_height), tag
            assert style["colour"] == colours["text"], tag
            assert style["family"].startswith(govuk.FONT), tag
            if tag != "p":
                assert style["weight"] == "700", tag
        page.goto(site_url + GUIDE_PAGE)
        assert page.evaluate(STYLE, "article > p")["maxWidth"] == "684px"  # 36em of 19px
        assert _contrast(colours["text"], background) >= 4.5
        link = "article > p a[href^='http']"
        assert page.evaluate(STYLE, link)["colour"] == colours["link"]
        assert _contrast(colours["link"], background) >= 4.5
        visited = page.evaluate(
            "getComputedStyle(document.body).getPropertyValue('--govuk-link-visited')"
        )
        assert visited.strip() == colours["link-visited"]
        if size == "desktop":
            page.hover(link)
            page.wait_for_timeout(400)  # Material eases colours in over 125 ms
            assert page.evaluate(STYLE, link)["colour"] == colours["link-hover"]
            page.mouse.move(0, 0)
            # Keyboard focus on a link: GOV.UK's yellow with a thick black underline.
            tab_to(page, link, limit=200)
            page.wait_for_timeout(400)
            focused = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.backgroundColor, s.color, s.boxShadow]; }"
            )
            assert focused[0] == govuk.FOCUS and focused[1] == govuk.FOCUS_TEXT
            assert f"{govuk.FOCUS_TEXT} 0px 4px 0px 0px" in focused[2]
            assert (
                _contrast(govuk.FOCUS, background) >= 3
                or _contrast(govuk.FOCUS_TEXT, background) >= 3
            )
            # A button: a yellow and black ring.
            tab_to(
                page,
                "button, label.md-header__button, .md-search__input",
                limit=200,
                key="Shift+Tab",
            )
            ring = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
            assert govuk.FOCUS in ring or govuk.FOCUS_TEXT in ring
    finally:
        context.close()


def test_title_comes_first_then_the_review_line(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, _):
        for path, after in ((GUIDE_PAGE, "guide-review"), ("case-studies/", "guide-review")):
            page.goto(site_url + path)
            order = page.evaluate(
                "() => [...document.querySelector('article').children]"
                ".filter((e) => e.matches('h1, .guide-review, .guide-case-summary, h2, p'))"
                ".slice(0, 2).map((e) => e.tagName === 'H1' ? 'h1' : e.className.split(' ')[0])"
            )
            assert order == ["h1", after], path
        page.goto(site_url + "case-studies/buy-better-together-challenge/")
        order = page.evaluate(
            "() => [...document.querySelector('article').children]"
            ".filter((e) => e.matches('h1, section, h2')).slice(0, 2)"
            ".map((e) => e.tagName === 'H1' ? 'h1' : e.className)"
        )
        assert order == ["h1", "guide-case-summary"]


@pytest.mark.parametrize("width", [320, 390])
def test_phones_show_the_whole_name_and_nothing_scrolls_sideways(
    browser, site_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True)
    try:
        page = context.new_page()
        for path in (
            "",
            GUIDE_PAGE,
            "case-studies/",
            "case-studies/buy-better-together-challenge/",
            "toolkit/risk-log/",
        ):
            page.goto(site_url + path)
            title = page.evaluate(
                "() => { const el = document.querySelector('.md-header__topic .md-ellipsis');"
                " const header = document.querySelector('.md-header').getBoundingClientRect();"
                " const box = el.getBoundingClientRect();"
                " return { text: el.textContent.trim(), cut: el.scrollWidth > el.clientWidth + 1,"
                " inside: box.top >= header.top && box.bottom <= header.bottom }; }"
            )
            assert title == {"text": "Digital engagement guide", "cut": False, "inside": True}, path
            wide = page.evaluate("document.scrollingElement.scrollWidth")
            assert wide <= width, f"/{path} scrolls sideways at {width}px ({wide}px wide)"
    finally:
        context.close()


# Every control a reader can point at, except links inside a line of text (which WCAG 2.5.8
# exempts): its box, if it is shown.
TARGETS = """() => [...document.querySelectorAll('a[href], button, input, select, summary, label[for]')]
  .filter((el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
  .filter((el) => !el.closest('.md-typeset p, .md-typeset li, .md-typeset td, .md-typeset dd, .md-typeset th, .md-typeset h1, .md-typeset h2, .md-typeset h3, .md-typeset h4, .md-typeset [role=heading]'))
  .map((el) => { const r = el.getBoundingClientRect();
    return { what: el.outerHTML.slice(0, 90), width: r.width, height: r.height }; })
  .filter((t) => t.width > 0 && t.height > 0)"""


@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_every_control_is_at_least_24_pixels(browser, site_url: str, size: str) -> None:
    context = browser.new_context(**context_options("light", size))
    try:
        page = context.new_page()
        small = []
        for path in (
            "",
            GUIDE_PAGE,
            "case-studies/",
            "case-studies/buy-better-together-challenge/",
        ):
            page.goto(site_url + path)
            for target in page.evaluate(TARGETS):
                if min(target["width"], target["height"]) < govuk.TARGET - 0.5:
                    small.append(
                        f"/{path}: {target['width']:.0f}x{target['height']:.0f} {target['what']}"
                    )
        assert small == []
    finally:
        context.close()


def test_problems_can_be_reported_by_email_when_a_mailbox_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("FEEDBACK_EMAIL", "guide-team@example.org")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "plan" / "objectives" / "index.html").read_text("utf-8")
    href = re.search(r'<a href="(mailto:[^"]+)">Email the guide.s team about this page</a>', html)
    assert href, "no email link"
    address = urllib.parse.urlsplit(href.group(1).replace("&amp;", "&"))
    assert address.path == "guide-team@example.org"
    query = urllib.parse.parse_qs(address.query)
    assert query["subject"] == ["Problem with page: Set objectives"]
    assert query["body"][0].startswith("Page: ") and "/plan/objectives/" in query["body"][0]


def test_without_a_mailbox_only_the_github_form_is_offered(built_site: Path) -> None:
    html = (built_site / "plan" / "objectives" / "index.html").read_text("utf-8")
    assert "mailto:" not in html
    assert "Report a problem with this page" in html
