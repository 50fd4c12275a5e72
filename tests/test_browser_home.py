"""The home page in Debian's Chromium: loads, searches, stays local, passes axe."""

from __future__ import annotations

import pytest

from browser_helpers import axe_violations, recorded_page

pytestmark = pytest.mark.browser


def test_home_page_loads(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, _):
        response = page.goto(site_url)
        assert response is not None and response.ok
        assert page.title().startswith("Digital engagement guide")
        assert page.locator("h1").first.inner_text() == "Digital engagement guide"
        assert page.locator("html").get_attribute("lang") == "en-GB"


def test_search_shows_a_result(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, _):
        page.goto(site_url)
        page.locator("input.md-search__input").fill("webchat")
        page.keyboard.press("Enter")  # to the search page, which shows the results
        first = page.locator(".md-search-result__item").first
        first.wait_for(state="visible", timeout=10_000)
        assert "webchat" in first.inner_text().lower()


def test_no_console_errors_and_no_foreign_requests(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, record):
        page.goto(site_url, wait_until="networkidle")
        page.locator("input.md-search__input").fill("blog")
        page.keyboard.press("Enter")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
        page.goto(site_url + "channels/webchats/", wait_until="networkidle")
        assert record.console_errors == []
        assert record.page_errors == []
        assert record.foreign_requests(site_url.rstrip("/")) == []
        assert len(record.requests) > 3  # the recorder really saw the page's requests
        assert page.context.cookies() == []


@pytest.mark.parametrize(("scheme", "material"), [("light", "default"), ("dark", "slate")])
def test_home_page_has_no_axe_violations(
    browser, site_url: str, scheme: str, material: str
) -> None:
    with recorded_page(browser, color_scheme=scheme) as (page, _):
        page.goto(site_url, wait_until="networkidle")
        assert page.locator("body").get_attribute("data-md-color-scheme") == material
        violations = axe_violations(page)
        assert violations == [], f"{scheme} scheme:\n" + "\n".join(violations)
