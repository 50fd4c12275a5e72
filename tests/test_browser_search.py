"""Search in Chromium: Material's own search, as shipped, on the search page.

Material downloads the whole search index as soon as a page with its search form loads. So
only the search page has that form; on every other page the box is a plain form that takes
the query there (overrides/partials/search.html), and the page's first view stays small.
"""

from __future__ import annotations

import pytest

from browser_helpers import recorded_page

pytestmark = pytest.mark.browser


def _result_paths(page) -> list[str]:
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
    return page.locator(".md-search-result__link").evaluate_all(
        "links => links.map((a) => new URL(a.href).pathname)"
    )


def test_the_search_box_takes_a_query_to_the_search_page(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, record):
        page.goto(site_url + "plan/objectives/", wait_until="networkidle")
        assert not [url for url in record.requests if "search" in url]
        page.locator("input.md-search__input").fill("moderation")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=moderation")
        assert page.locator("input.md-search__input").input_value() == "moderation"
        assert any(path.endswith("/run/moderation/") for path in _result_paths(page))


def test_the_submit_button_searches_too(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, _):
        page.goto(site_url + "channels/blogs/")
        page.locator("input.md-search__input").fill("webchat")
        page.get_by_role("button", name="Search", exact=True).click()
        page.wait_for_url("**/search/?q=webchat")
        assert any("webchat" in path for path in _result_paths(page))


def test_the_search_page_finds_a_page_as_the_reader_types(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, record):
        page.goto(site_url + "search/", wait_until="load")
        page.locator("input.md-search__input").click()
        page.keyboard.type("moderation")
        assert any(path.endswith("/run/moderation/") for path in _result_paths(page))
        assert any(url.endswith("/search/search_index.json") for url in record.requests)


def test_on_a_phone_the_header_button_opens_the_box(browser, site_url: str) -> None:
    phone = {"viewport": {"width": 375, "height": 700}, "is_mobile": True, "has_touch": True}
    with recorded_page(browser, **phone) as (page, _):
        page.goto(site_url + "plan/objectives/")
        page.locator("label.md-header__button[for='__search']").click()
        page.locator("input.md-search__input").fill("hashtag")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=hashtag")
        assert _result_paths(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_submit_button_stands_out_from_the_box_closed_and_open(
    browser, site_url: str, scheme: str
) -> None:
    from test_browser_govuk import _contrast

    with recorded_page(browser, color_scheme=scheme) as (page, _):
        page.goto(site_url + "plan/objectives/")
        # The button's colour, and the first background behind it that is not see-through.
        colours = """() => {
          const behind = (el) => {
            for (; el; el = el.parentElement) {
              const colour = getComputedStyle(el).backgroundColor;
              if (colour !== "transparent" && !/, 0\\)$/.test(colour)) return colour;
            }
            return "rgb(255, 255, 255)";
          };
          return [getComputedStyle(document.querySelector(".guide-search__submit")).color,
            behind(document.querySelector(".md-search__input")),
            getComputedStyle(document.querySelector(".md-header")).backgroundColor];
        }"""
        button, box, header = page.evaluate(colours)
        # Closed, the box is see-through over the header: judge the button against the header.
        assert _contrast(button, header) >= 3, (button, header)
        page.locator("input.md-search__input").focus()
        page.wait_for_timeout(400)  # Material eases the box open over 250 ms
        button, box, _ = page.evaluate(colours)
        assert "0." not in box, f"the open box is see-through ({box}): judge it another way"
        assert _contrast(button, box) >= 3, (button, box)
