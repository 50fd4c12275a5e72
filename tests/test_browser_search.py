"""Search in Chromium: Material's own search, as shipped, finds the guide's pages."""

from __future__ import annotations

import pytest

from browser_helpers import recorded_page

pytestmark = pytest.mark.browser


def test_search_finds_a_page_by_a_word_in_its_text(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, _):
        page.goto(site_url, wait_until="load")
        page.locator("input.md-search__input").click()
        page.keyboard.type("moderation")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
        links = page.locator(".md-search-result__link").evaluate_all(
            "links => links.map((a) => new URL(a.href).pathname)"
        )
        assert any(path.endswith("/run/moderation/") for path in links), links
