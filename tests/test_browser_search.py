"""Search in Chromium with the slimmer index, loaded only when the reader opens search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser_helpers import recorded_page

pytestmark = pytest.mark.browser


def test_search_loads_only_when_opened(browser, site_url: str) -> None:
    with recorded_page(browser) as (page, record):
        page.goto(site_url + "plan/objectives/", wait_until="networkidle")
        search = [
            u for u in record.requests if u.endswith("/search_index.json") or "/workers/" in u
        ]
        assert search == [], "search was downloaded before the reader opened it"
        page.locator("input.md-search__input").click()
        page.keyboard.type("moderation")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
        assert any(url.endswith("/search/search_index.json") for url in record.requests)
        assert any("/workers/search." in url for url in record.requests)


def test_a_word_deep_in_a_page_still_finds_the_page(
    browser, site_url: str, built_site: Path
) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    page_entry = next(
        d
        for d in index["docs"]
        if "#" not in d["location"] and "<p hidden>" in d["text"] and d["location"]
    )
    hidden = page_entry["text"].split("<p hidden>")[1].split("</p>")[0].split()
    word = max(hidden, key=len)  # a long word: likely on few pages
    with recorded_page(browser) as (page, _):
        page.goto(site_url, wait_until="load")
        page.locator("input.md-search__input").click()
        page.keyboard.type(word)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
        links = page.locator(".md-search-result__link").evaluate_all(
            "links => links.map((a) => new URL(a.href).pathname)"
        )
        assert any(path.endswith("/" + page_entry["location"]) for path in links), (word, links)
        # Previews are prose: the hidden word list never shows.
        assert page.locator(".md-search-result__teaser p[hidden]").evaluate_all(
            "ps => ps.every((p) => p.getClientRects().length === 0)"
        )
