"""Catalogue filters and sorting in a real browser, with and without JavaScript, over the
real collection: every expectation is worked out from the case studies' front matter."""

from __future__ import annotations

from collections import Counter

import pytest

from browser_helpers import recorded_page
from guide.site import catalogue

pytestmark = pytest.mark.browser


def _visible_titles(page) -> list[str]:
    return page.locator(".guide-case:not([hidden]) .guide-case__title").all_inner_texts()


def _titles(studies) -> list[str]:
    return [s.title for s in catalogue.ordered(studies)]


def _busiest_channel(collection) -> str:
    return Counter(c for s in collection for c in s.channels).most_common(1)[0][0]


def test_filtering_by_channel_shows_only_matches_and_keeps_the_url(
    browser, site_url: str, collection
) -> None:
    channel = _busiest_channel(collection)
    matches = [s for s in collection if channel in s.channels]
    label = catalogue.CHANNELS[channel]
    with recorded_page(browser) as (page, record):
        page.goto(site_url + "case-studies/")
        everything = _visible_titles(page)
        assert everything == _titles(collection)
        assert page.locator(".guide-case-count").inner_text() == (
            f"Showing all {catalogue.count_of(len(collection))}, newest first."
        )
        page.select_option("#guide-filter-channel", channel)
        assert _visible_titles(page) == _titles(matches)
        assert page.url.endswith(f"?channel={channel}")
        assert page.locator(".guide-case-count").inner_text() == (
            f"Showing {catalogue.count_of(len(matches))} about {label.lower()}, newest first."
        )
        page.reload()
        assert page.locator("#guide-filter-channel").input_value() == channel
        assert _visible_titles(page) == _titles(matches)
        page.get_by_role("button", name="Clear filters").click()
        page.wait_for_function("() => !location.search")
        assert _visible_titles(page) == everything
        assert record.console_errors == [] and record.page_errors == []


def test_every_filter_option_shows_its_count(browser, site_url: str, collection) -> None:
    with recorded_page(browser) as (page, _):
        page.goto(site_url + "case-studies/")
        for facet in catalogue.FACETS:
            expected = [
                f"{label} ({count})"
                for _, label, count in catalogue.facet_values(collection, facet)
            ]
            options = page.locator(f"#guide-filter-{facet} option").all_inner_texts()
            assert options == ["Any", *expected], facet


def test_sorting_a_to_z_and_back(browser, site_url: str, collection) -> None:
    by_title = sorted((s.title for s in collection), key=str.lower)
    with recorded_page(browser) as (page, record):
        page.goto(site_url + "case-studies/")
        page.select_option("#guide-sort", "title")
        assert _visible_titles(page) == by_title
        assert page.url.endswith("?sort=title")
        assert page.locator(".guide-case-count").inner_text().endswith(", A to Z.")
        page.reload()
        assert _visible_titles(page) == by_title
        page.select_option("#guide-sort", "")
        assert _visible_titles(page) == _titles(collection)
        assert record.console_errors == [] and record.page_errors == []


def test_filters_combine_and_can_match_nothing(browser, site_url: str, collection) -> None:
    # A channel and a theme that each have case studies, but never together.
    channel, theme = next(
        (c, t)
        for c in catalogue.CHANNELS
        for t in catalogue.THEMES
        if any(c in s.channels for s in collection)
        and any(t in s.themes for s in collection)
        and not any(c in s.channels and t in s.themes for s in collection)
    )
    with recorded_page(browser) as (page, _):
        page.goto(site_url + f"case-studies/?channel={channel}&theme={theme}")
        assert _visible_titles(page) == []
        assert page.locator(".guide-case-count").inner_text() == (
            f"Showing 0 case studies about {catalogue.CHANNELS[channel].lower()}, "
            f"about {catalogue.THEMES[theme][0].lower()}, newest first."
        )


def test_facet_pages_work_without_javascript(browser, site_url: str, collection) -> None:
    channel = _busiest_channel(collection)
    matches = [s for s in collection if channel in s.channels]
    label = catalogue.CHANNELS[channel]
    with recorded_page(browser, java_script_enabled=False) as (page, _):
        page.goto(site_url + "case-studies/")
        assert page.locator(".guide-filter").count() == 0
        assert _visible_titles(page) == _titles(collection)
        page.get_by_role("link", name=f"{label} ({len(matches)})").click()
        assert page.url.endswith(f"case-studies/channel/{channel}/")
        assert _visible_titles(page) == _titles(matches)
        assert page.get_by_text(
            f"{catalogue.count_of(len(matches))} about {label.lower()}, newest first."
        ).is_visible()
