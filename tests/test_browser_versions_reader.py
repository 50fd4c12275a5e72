"""The published site (versions deployed by mike) for readers: keyboard, policy and privacy.

The version selector and the old-version banner exist only in mike's builds,
so these use the throwaway published repository of tests/versioned_repo.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from page_crawl import FOCUS_CHECK, tab_to
from versioned_repo import FIRST, SECOND, mike_serve, published

pytestmark = pytest.mark.browser

PAGE = "plan/objectives/"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = published(tmp_path_factory)
    with mike_serve(site.repo) as url:
        yield url


def test_the_version_selector_with_the_keyboard(page, served: str) -> None:
    page.goto(f"{served}{FIRST}/{PAGE}", wait_until="networkidle")
    page.locator(".md-version").wait_for(state="attached")
    tab_to(page, ".md-version__current", limit=40)
    assert page.evaluate(FOCUS_CHECK, True) == []
    # The list opens while the selector has focus; Tab moves into it.
    tab_to(page, f'.md-version__link[href$="/{SECOND}/"]', limit=5)
    assert page.evaluate(FOCUS_CHECK, True) == []
    page.keyboard.press("Enter")
    page.wait_for_url(f"{served}{SECOND}/{PAGE}")


def test_an_old_version_keeps_its_policy_and_stores_only_what_the_notice_says(
    page, served: str
) -> None:
    page.goto(f"{served}{FIRST}/{PAGE}", wait_until="networkidle")
    banner = page.locator("[data-md-component=outdated]")
    banner.locator("a[data-guide-latest]").wait_for(state="visible")
    # The banner's own script ran (it found the latest version) and nothing was refused.
    assert banner.locator("a[data-guide-latest]").inner_text() == SECOND
    assert page.evaluate("window.__cspViolations") == []
    storage = page.evaluate(
        "() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage)})"
    )
    # Keys are named for the site's path, such as "/.__palette" (see the privacy notice).
    assert {key.rsplit(".", 1)[-1] for key in storage["local"]} == {"__palette"}
    assert {key.rsplit(".", 1)[-1] for key in storage["session"]} <= {"__outdated"}
    assert page.context.cookies() == []


def test_an_alias_redirects_under_its_own_policy(browser, served: str) -> None:
    """mike's redirect pages (for `latest` and the site's root) run their script under a policy."""
    context = browser.new_context()
    refused: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
        redirect = page.request.get(f"{served}latest/{PAGE}").text()
        assert '<meta http-equiv="Content-Security-Policy"' in redirect
        page.goto(f"{served}latest/{PAGE}?q=x#top")
        page.wait_for_url(f"{served}{SECOND}/{PAGE}?q=x#top")
        page.goto(served)
        page.wait_for_url(f"{served}{SECOND}/")
        assert refused == []
    finally:
        context.close()
