"""Using the site with a keyboard alone, in Chromium, at a desktop and a phone size.

The skip link, search, the navigation (the sidebar, and the drawer on a phone),
the case-study filters, short forms that show their meaning on hover, and the
version selector of a published (mike) site: each reached and used with keys.
"""

from __future__ import annotations

import re

import pytest

from page_crawl import ACTIVE, FOCUS_CHECK, context_options, tab_to

pytestmark = pytest.mark.browser


def is_mobile(page) -> bool:
    return page.viewport_size["width"] < 600


def test_the_skip_link_leads_to_the_page_content(page, site_url: str) -> None:
    page.goto(site_url + "plan/objectives/")
    assert tab_to(page, "a.md-skip", limit=1) == 1
    assert page.locator("a.md-skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
    # The next Tab goes on from the start of the content, not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article.md-content__inner')")


def test_search_with_the_keyboard(page, site_url: str) -> None:
    page.goto(site_url + "plan/objectives/")
    tab_to(page, "input.md-search__input", limit=6)
    page.keyboard.type("webchat")
    page.keyboard.press("Enter")  # to the search page, with focus back in the box
    page.wait_for_url(re.compile(r"search/\?q=webchat"))
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("!!document.activeElement.closest('.md-search-result__item')")
    assert page.evaluate(FOCUS_CHECK, True) == []
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"webchat"))
    assert "webchat" in page.locator("h1").first.inner_text().lower()


def test_the_sidebar_with_the_keyboard_on_a_desktop(browser, site_url: str) -> None:
    context = browser.new_context(**context_options("light", "desktop"))
    try:
        page = context.new_page()
        page.goto(site_url + "start/")  # the home page has no sidebar
        tab_to(page, '.md-sidebar--primary a[href$="plan/objectives/"]')
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"plan/objectives/$"))
        assert page.locator("h1").first.inner_text() == "Set objectives"
    finally:
        context.close()


def test_the_menu_with_the_keyboard_on_a_phone(browser, site_url: str) -> None:
    context = browser.new_context(**context_options("light", "mobile"))
    try:
        page = context.new_page()
        page.goto(site_url + "plan/objectives/")
        menu = page.locator("button.guide-menu-button")
        assert tab_to(page, "button.guide-menu-button", limit=3) == 2  # after the skip link
        assert menu.get_attribute("aria-expanded") == "false"

        # Enter opens the drawer on this page's section and moves focus into it.
        page.keyboard.press("Enter")
        assert menu.get_attribute("aria-expanded") == "true"
        page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary')")
        assert page.evaluate(ACTIVE)["text"] == "Back from Plan"
        assert page.evaluate(FOCUS_CHECK, True) == []

        # Back to the list of sections, then on to another section.
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.activeElement.matches('a.md-nav__link') && "
            "document.activeElement.textContent.trim() === 'Plan'"
        )
        tab_to(page, '.md-sidebar--primary a[href$="channels/"]', limit=3)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/channels/$"))

        # Escape closes the drawer and puts focus back on the menu button.
        page.keyboard.press("Tab")
        tab_to(page, "button.guide-menu-button", limit=3)
        page.keyboard.press("Space")
        page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary')")
        page.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.matches('button.guide-menu-button')")
    finally:
        context.close()


def test_tabbing_out_of_the_open_drawer_closes_it(browser, site_url: str) -> None:
    context = browser.new_context(**context_options("light", "mobile"))
    try:
        page = context.new_page()
        page.goto(site_url + "start/")
        tab_to(page, "button.guide-menu-button", limit=3)
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary')")
        for _ in range(40):
            page.keyboard.press("Tab")
            if not page.evaluate(ACTIVE)["inDrawer"]:
                break
        assert page.locator("button.guide-menu-button").get_attribute("aria-expanded") == "false"
        assert page.evaluate(FOCUS_CHECK, True) == []
    finally:
        context.close()


def test_catalogue_filters_with_the_keyboard(page, site_url: str) -> None:
    page.goto(site_url + "case-studies/")
    cases = page.locator(".guide-case")
    total = cases.count()
    tab_to(page, "select#guide-filter-channel")
    page.keyboard.press("ArrowDown")  # the first channel
    page.wait_for_function("() => location.search.startsWith('?channel=')")
    shown = page.locator(".guide-case:not([hidden])").count()
    assert 0 < shown < total
    phrase = page.evaluate(
        "() => { const s = document.querySelector('#guide-filter-channel');"
        " return s.options[s.selectedIndex].dataset.phrase; }"
    )
    assert page.locator(".guide-case-count").inner_text() == (
        f"Showing {shown} case {'study' if shown == 1 else 'studies'} {phrase}, newest first."
    )
    tab_to(
        page, ".guide-filter button[type=reset]", limit=8
    )  # past the other filters and the sort order
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search === ''")
    assert page.locator(".guide-case:not([hidden])").count() == total


def test_short_forms_show_their_meaning_on_focus_not_only_on_hover(page, site_url: str) -> None:
    page.goto(site_url + "plan/objectives/")
    short_forms = page.evaluate(
        """() => {
          const all = [...document.querySelectorAll("article abbr[title]")];
          const focusable = new Set(all.filter((a) => a.tabIndex === 0).map((a) => a.textContent));
          return { all: [...new Set(all.map((a) => a.textContent))], focusable: [...focusable] };
        }"""
    )
    assert short_forms["all"], "the page has no short forms to test"
    assert sorted(short_forms["focusable"]) == sorted(short_forms["all"])
    first = page.locator("article abbr[tabindex='0']").first
    width_before = first.bounding_box()["width"]
    tab_to(page, "article abbr[title]")
    assert page.evaluate("document.activeElement") == first.evaluate("el => el")
    # The meaning is written out after the short form while it has focus.
    assert first.bounding_box()["width"] > width_before * 2
    assert page.evaluate(FOCUS_CHECK, True) == []


def test_headings_links_and_copy_buttons_appear_on_focus(page, site_url: str) -> None:
    """What Material reveals on hover (heading links, copy buttons) also appears on focus."""
    page.goto(site_url + "contribute/")
    tab_to(page, "a.headerlink")
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    tab_to(page, ".md-code__nav button, .md-clipboard")
    assert page.evaluate(FOCUS_CHECK, True) == []


def test_no_csp_violation_while_using_the_keyboard(page, site_url: str) -> None:
    page.goto(site_url + "case-studies/")
    tab_to(page, "select#guide-filter-channel")
    page.keyboard.press("ArrowDown")
    tab_to(page, "input.md-search__input", limit=200, key="Shift+Tab")
    page.keyboard.type("blog")
    assert page.evaluate("window.__cspViolations") == []
    page.keyboard.press("Enter")  # and on the search page, with its results showing
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
    assert page.evaluate("window.__cspViolations") == []


def test_the_colour_scheme_switch_works_from_the_keyboard(page, site_url: str) -> None:
    # HTML_CodeSniffer asks for a submit button on this form; the test shows none is needed.
    page.goto(site_url + "plan/objectives/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = page.evaluate(scheme)
    tab_to(page, "input.md-option", limit=10)
    page.keyboard.press("ArrowDown")  # radio buttons: the arrow keys choose
    page.wait_for_function(f"(before) => {scheme} !== before", arg=before)
    assert page.evaluate(FOCUS_CHECK, True) == []
