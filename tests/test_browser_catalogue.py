"""Catalogue filters in a real browser, with and without JavaScript."""

from __future__ import annotations

import pytest

from browser_helpers import recorded_page

pytestmark = pytest.mark.browser


def _visible_titles(page) -> list[str]:
    return page.locator(".guide-case:not([hidden]) .guide-case__title").all_inner_texts()


def test_filtering_by_channel_shows_only_matches_and_keeps_the_url(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, record):
        page.goto(site_url + "case-studies/")
        everything = _visible_titles(page)
        assert len(everything) >= 2
        page.select_option("#guide-filter-channel", "webchats")
        assert _visible_titles(page) == ["Buy Better Together Challenge"]
        assert page.url.endswith("?channel=webchats")
        assert page.locator(".guide-case-count").inner_text() == "Showing 1 case study."
        page.reload()
        assert page.locator("#guide-filter-channel").input_value() == "webchats"
        assert _visible_titles(page) == ["Buy Better Together Challenge"]
        page.get_by_role("button", name="Clear filters").click()
        page.wait_for_function("() => !location.search")
        assert _visible_titles(page) == everything
        assert record.console_errors == [] and record.page_errors == []


def test_filters_combine_and_can_match_nothing(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, _):
        page.goto(site_url + "case-studies/?channel=blogs&theme=continuity")
        assert _visible_titles(page) == []
        assert page.locator(".guide-case-count").inner_text() == "Showing 0 case studies."


def test_facet_pages_work_without_javascript(browser, site_url: str) -> None:
    with recorded_page(browser, java_script_enabled=False) as (page, _):
        page.goto(site_url + "case-studies/")
        assert page.locator(".guide-filter").count() == 0
        page.get_by_role("link", name="Webchats (1)").click()
        assert page.url.endswith("case-studies/channel/webchats/")
        assert _visible_titles(page) == ["Buy Better Together Challenge"]
