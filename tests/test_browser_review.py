"""The review banner in a real browser: the build's state, the switch when the date passes,
without JavaScript, and axe on both schemes; the content-health page passes axe too."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
import yaml

from browser_helpers import axe_violations, recorded_page
from conftest import ROOT
from guide.content.dates import add_period, format_date, parse_period
from stale_site import STALE_PAGE, build_stale_site

pytestmark = pytest.mark.browser

PAGE = "plan/objectives/"
CURRENT = ".guide-review__current"
OVERDUE = ".guide-review__overdue"


def _dates(src: str = "plan/objectives.md") -> tuple[date, date, str]:
    text = (ROOT / "docs" / src).read_text()
    meta = yaml.load(text.split("---\n", 2)[1], Loader=yaml.BaseLoader)
    reviewed = date.fromisoformat(meta["last_reviewed"])
    period = parse_period(meta["review_in"])
    assert period is not None
    return reviewed, add_period(reviewed, *period), meta["owner"]


def _at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12)


def test_banner_shows_owner_and_review_dates(browser, site_url: str) -> None:
    reviewed, due, owner = _dates()
    with recorded_page(browser) as (page, record):
        page.goto(site_url + PAGE)
        assert page.locator(CURRENT).inner_text() == (
            f"Last reviewed on {format_date(reviewed)}. Next review due by {format_date(due)}. "
            f"Owner: {owner}."
        )
        assert page.locator(OVERDUE).is_hidden()
        # The page title comes first, then the review line, as on GOV.UK guidance.
        assert page.locator("article h1 + .guide-review").count() == 1
        assert page.locator(".guide-review + h1, .guide-review ~ h1").count() == 0
        assert record.console_errors == [] and record.page_errors == []


@pytest.mark.parametrize(("days_after_due", "overdue"), [(0, False), (1, True), (400, True)])
def test_banner_switches_to_a_warning_once_the_due_date_passes(
    browser, site_url: str, days_after_due: int, overdue: bool
) -> None:
    _, due, _ = _dates()
    with recorded_page(browser) as (page, record):
        page.clock.set_fixed_time(_at_noon(due + timedelta(days=days_after_due)))
        page.goto(site_url + PAGE)
        assert page.locator(OVERDUE).is_visible() is overdue
        assert page.locator(CURRENT).is_visible() is not overdue
        if overdue:
            warning = page.locator(OVERDUE).inner_text()
            assert warning.startswith("Warning: this page is overdue for review.")
            assert f"due by {format_date(due)}" in warning
        assert record.console_errors == [] and record.page_errors == []


def test_without_javascript_the_page_keeps_its_build_time_state(browser, site_url: str) -> None:
    with recorded_page(browser, java_script_enabled=False) as (page, _):
        page.goto(site_url + PAGE)
        assert page.locator(CURRENT).is_visible()
        assert page.locator(OVERDUE).is_hidden()


@pytest.fixture(scope="module")
def stale_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_stale_site(tmp_path_factory.mktemp("stale"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_page_overdue_when_built_warns_without_javascript(browser, stale_url: str) -> None:
    with recorded_page(browser, java_script_enabled=False) as (page, _):
        page.goto(stale_url + STALE_PAGE.removesuffix(".md") + "/")
        assert page.locator(OVERDUE).is_visible()
        assert page.locator(CURRENT).is_hidden()
        assert "due by 1 July 2025" in page.locator(OVERDUE).inner_text()


@pytest.mark.parametrize(("scheme", "material"), [("light", "default"), ("dark", "slate")])
def test_overdue_banner_and_content_health_page_pass_axe(
    browser, site_url: str, scheme: str, material: str
) -> None:
    # The About page has no checklist: task-list checkboxes have axe findings of their own.
    _, due, _ = _dates("about/index.md")
    with recorded_page(browser, color_scheme=scheme) as (page, record):
        page.clock.set_fixed_time(_at_noon(due + timedelta(days=1)))
        page.goto(site_url + "about/", wait_until="networkidle")
        assert page.locator("body").get_attribute("data-md-color-scheme") == material
        assert page.locator(OVERDUE).is_visible()
        violations = axe_violations(page)
        assert violations == [], f"{scheme} scheme, overdue banner:\n" + "\n".join(violations)
        page.goto(site_url + "about/content-health/", wait_until="networkidle")
        assert page.locator("svg.guide-chart__image").count() == 3
        violations = axe_violations(page)
        assert violations == [], f"{scheme} scheme, content health:\n" + "\n".join(violations)
        assert record.foreign_requests(site_url.rstrip("/")) == []
