"""Versions served by `mike serve` in Chromium: the selector, switching and the old-version banner."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from browser_helpers import axe_violations, recorded_page
from versioned_repo import FIRST, SECOND, mike_serve, published

pytestmark = pytest.mark.browser

PAGE = "plan/objectives/"
BANNER = "[data-md-component=outdated]"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = published(tmp_path_factory)
    with mike_serve(site.repo) as url:
        yield url


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_front_page_leads_to_the_latest_release(browser, served: str) -> None:
    with recorded_page(browser) as (page, _):
        page.goto(served)
        page.wait_for_url(f"{served}{SECOND}/")
        assert page.locator("h1").first.inner_text() == "Digital engagement guide"


def test_the_selector_lists_the_versions(browser, served: str) -> None:
    with recorded_page(browser) as (page, _):
        page.goto(f"{served}{SECOND}/{PAGE}")
        page.locator(".md-version").wait_for(state="attached")
        current = page.locator(".md-version__current")
        assert current.evaluate("b => b.firstChild.textContent") == SECOND
        assert current.locator(".md-version__alias").inner_text() == "latest"
        hrefs = page.locator(".md-version__link").evaluate_all("links => links.map(a => a.href)")
        assert hrefs == [f"{served}dev/", f"{served}{SECOND}/", f"{served}{FIRST}/"]


def test_switching_versions_keeps_the_page(browser, served: str) -> None:
    with recorded_page(browser) as (page, _):
        page.goto(f"{served}{FIRST}/{PAGE}")
        page.locator(".md-version").wait_for(state="attached")
        title = page.locator("h1").first.inner_text()
        # The list opens while the selector has focus, as it does for keyboard users.
        page.locator(".md-version__current").focus()
        page.locator(".md-version__link", has_text=SECOND).click()
        page.wait_for_url(f"{served}{SECOND}/{PAGE}")
        assert page.locator("h1").first.inner_text() == title


def test_the_old_version_banner_shows_on_the_old_version_only(browser, served: str) -> None:
    from playwright.sync_api import expect

    with recorded_page(browser) as (page, record):
        page.goto(f"{served}{FIRST}/{PAGE}", wait_until="networkidle")
        banner = page.locator(BANNER)
        expect(banner).to_be_visible()
        link = banner.locator("a[data-guide-latest]")
        expect(link).to_have_text(SECOND)
        assert _words(banner.inner_text()) == (
            f"You are reading version {FIRST}. The latest version is {SECOND}."
        )
        assert link.evaluate("a => a.href") == f"{served}latest/{PAGE}"
        assert record.console_errors == [] and record.page_errors == []
        link.click()
        page.wait_for_url(f"{served}{SECOND}/{PAGE}")
    with recorded_page(browser) as (page, _):
        page.goto(f"{served}{SECOND}/{PAGE}", wait_until="networkidle")
        page.locator(".md-version").wait_for(state="attached")
        expect(page.locator(BANNER)).to_be_hidden()


def test_the_banner_links_to_latest_home_for_a_page_latest_does_not_have(
    browser, served: str
) -> None:
    from playwright.sync_api import expect

    with recorded_page(browser) as (page, _):
        page.goto(f"{served}{FIRST}/start/retired-advice/", wait_until="networkidle")
        link = page.locator(BANNER).locator("a[data-guide-latest]")
        expect(link).to_have_text(SECOND)
        expect(link).to_have_attribute("href", re.compile(r"latest/$"))
        assert link.evaluate("a => a.href") == f"{served}latest/"


def test_an_old_version_page_with_its_banner_has_no_axe_violations(browser, served: str) -> None:
    from playwright.sync_api import expect

    with recorded_page(browser) as (page, _):
        page.goto(f"{served}{FIRST}/", wait_until="networkidle")
        expect(page.locator(BANNER)).to_be_visible()
        violations = axe_violations(page)
        assert violations == [], "\n".join(violations)


def test_the_what_changed_page_marks_words_and_has_no_axe_violations(browser, served: str) -> None:
    with recorded_page(browser) as (page, record):
        page.goto(f"{served}{SECOND}/what-changed/", wait_until="networkidle")
        heading = page.locator("h1").first.inner_text().rstrip("¶").strip()
        assert heading == f"What changed in version {SECOND}"
        assert page.locator("ins.critic").count() > 0 and page.locator("del.critic").count() > 0
        page.get_by_role("link", name=f"New advice in version {SECOND}").click()
        page.wait_for_url(f"{served}{SECOND}/start/new-advice/")
        page.go_back()
        violations = axe_violations(page)
        assert violations == [], "\n".join(violations)
        assert record.page_errors == []
