"""Every page in the built site's sitemap, in Chromium.

- axe-core (WCAG 2.0, 2.1 and 2.2 A and AA, and best practice) in the light and
  dark schemes, at a desktop and a mobile size: no violations, nothing left needing
  review, and every colour contrast it could not decide worked out by hand.
- Keyboard: the skip link is the first Tab stop, and everything that can take
  focus shows it, visibly and on screen, in all four combinations.
- Privacy: no request to any other host, no cookies, and only the storage the
  privacy notice describes.
- Content Security Policy: every page carries one, and nothing breaks it.

A failure names the page, the rule or problem, and the element.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from page_crawl import (
    COMBINATIONS,
    CSP_RECORDER,
    FOCUS_CHECK,
    axe_result,
    axe_script,
    built_pages,
    four_pages,
    sitemap_paths,
    start_axe,
)

pytestmark = pytest.mark.browser

STORAGE_CHECK = """() => ({
  local: Object.keys(localStorage),
  session: Object.keys(sessionStorage),
  cookie: document.cookie,
})"""


@pytest.fixture(scope="module")
def paths(built_site: Path) -> list[str]:
    return sitemap_paths(built_site)


def test_the_sitemap_lists_every_built_page(built_site: Path, paths: list[str]) -> None:
    assert len(paths) > 50
    assert sorted(paths) == built_pages(built_site)


@pytest.fixture(scope="module")
def four_views(browser, site_url: str, paths: list[str]) -> dict:
    """axe violations and focus problems for every page, in each scheme and size."""

    def setup(context) -> None:
        context.add_init_script(script=axe_script())

    found: dict = defaultdict(dict)
    with four_pages(browser, setup) as pages:
        for path in paths:
            for page in pages.values():
                page.goto(site_url + path, wait_until="load")
                start_axe(page)
            for combination, page in pages.items():
                axe = axe_result(page)
                page.keyboard.press("Tab")  # the reader is using a keyboard
                found[combination][path] = {**axe, "focus": page.evaluate(FOCUS_CHECK)}
    return found


def _failures(found: dict, key: str) -> list[str]:
    return [
        f"{scheme} scheme, {size}, /{path}: {problem}"
        for (scheme, size), by_path in found.items()
        for path, results in by_path.items()
        for problem in results[key]
    ]


def test_every_page_was_checked_four_ways(four_views: dict, paths: list[str]) -> None:
    assert sorted(four_views) == sorted(COMBINATIONS)
    for by_path in four_views.values():
        assert list(by_path) == paths


def test_every_page_has_no_axe_violations(four_views: dict) -> None:
    failures = _failures(four_views, "violations")
    assert failures == [], f"{len(failures)} axe violations:\n" + "\n".join(failures)


def test_contrast_axe_could_not_decide_passes_when_worked_out_by_hand(four_views: dict) -> None:
    # axe leaves navigation scrolled out of view, chart labels and admonition titles
    # "needing review"; page_crawl.CONTRAST_BY_HAND shows each one is a false alarm.
    failures = _failures(four_views, "contrast")
    assert failures == [], f"{len(failures)} contrast problems:\n" + "\n".join(failures)


def test_axe_leaves_nothing_else_needing_review(four_views: dict) -> None:
    failures = _failures(four_views, "undecided")
    assert failures == [], f"{len(failures)} results needing review:\n" + "\n".join(failures)


def test_everything_that_takes_focus_shows_it(four_views: dict) -> None:
    failures = _failures(four_views, "focus")
    assert failures == [], f"{len(failures)} focus problems:\n" + "\n".join(failures)


@pytest.fixture(scope="module")
def visits(browser, site_url: str, paths: list[str]) -> dict:
    """What each page asked for, stored, logged and blocked, and its first Tab stop."""
    context = browser.new_context()
    context.add_init_script(script=CSP_RECORDER)
    page = context.new_page()
    current = {"path": ""}
    found: dict = {path: defaultdict(list) for path in paths}
    page.on("request", lambda r: found[current["path"]]["requests"].append(r.url))
    page.on("pageerror", lambda e: found[current["path"]]["errors"].append(str(e)))
    page.on(
        "console",
        lambda m: (
            m.type in ("error", "warning") and found[current["path"]]["console"].append(m.text)
        ),
    )
    try:
        for path in paths:
            current["path"] = path
            page.goto(site_url + path, wait_until="networkidle")
            record = found[path]
            record["csp"] = page.evaluate("window.__cspViolations")
            record["policy"] = page.evaluate(
                """() => [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')]
                   .map((m) => m.content)"""
            )
            record["storage"] = page.evaluate(STORAGE_CHECK)
            page.keyboard.press("Tab")
            record["first tab stop"] = page.evaluate(
                """() => {
                  const el = document.activeElement;
                  const target = el.hash && document.getElementById(decodeURIComponent(el.hash.slice(1)));
                  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
                  return { skip: el.matches("a.md-skip"), text: el.textContent.trim(),
                           target: !!target && !!target.closest("main article"),
                           duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i) };
                }"""
            )
        found["cookies"] = context.cookies()
    finally:
        context.close()
    return found


def test_the_skip_link_is_the_first_tab_stop_on_every_page(visits: dict, paths: list[str]) -> None:
    wrong = [
        f"/{path}: first Tab stop is '{visits[path]['first tab stop']['text']}'"
        for path in paths
        if not visits[path]["first tab stop"]["skip"]
    ]
    assert wrong == []
    broken = [path for path in paths if not visits[path]["first tab stop"]["target"]]
    assert broken == [], f"skip links that lead nowhere in the main content: {broken}"


def test_no_page_repeats_an_id(visits: dict, paths: list[str]) -> None:
    """Repeated ids break skip links, labels and heading links (axe no longer checks this)."""
    repeated = {path: visits[path]["first tab stop"]["duplicateIds"] for path in paths}
    assert {path: ids for path, ids in repeated.items() if ids} == {}


def test_no_page_asks_another_host_for_anything(
    visits: dict, site_url: str, paths: list[str]
) -> None:
    local = (site_url, "data:", "blob:", "about:")
    foreign = [
        f"/{path}: {url}"
        for path in paths
        for url in visits[path]["requests"]
        if not url.startswith(local)
    ]
    assert foreign == []
    # The recorder really saw every page's own requests: the page, styles, scripts, search.
    assert all(len(visits[path]["requests"]) >= 5 for path in paths)


def test_no_page_sets_a_cookie_or_stores_more_than_the_privacy_notice_says(
    visits: dict, paths: list[str]
) -> None:
    assert visits["cookies"] == []
    for path in paths:
        storage = visits[path]["storage"]
        assert storage["cookie"] == "", path
        # Material's colour scheme, under a key named for the site's path ("/.__palette").
        assert [key.rsplit(".", 1)[-1] for key in storage["local"]] == ["__palette"], path
        assert storage["session"] == [], path


def test_every_page_carries_a_content_security_policy(visits: dict, paths: list[str]) -> None:
    for path in paths:
        policies = visits[path]["policy"]
        assert len(policies) == 1, f"/{path} has {len(policies)} policies"
        directives = dict(d.strip().split(" ", 1) for d in policies[0].split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"].startswith("'self' 'sha256-"), path
        assert "unsafe" not in policies[0], path


def test_no_page_breaks_its_content_security_policy(visits: dict, paths: list[str]) -> None:
    broken = [f"/{path}: {v}" for path in paths for v in visits[path]["csp"]]
    refused = [
        f"/{path}: {m}"
        for path in paths
        for m in visits[path]["console"]
        if "Content Security Policy" in m
    ]
    assert broken == [] and refused == [], "\n".join(broken + refused)


def test_no_page_logs_an_error(visits: dict, paths: list[str]) -> None:
    errors = [f"/{path}: {e}" for path in paths for e in visits[path]["errors"]]
    console = [f"/{path}: {m}" for path in paths for m in visits[path]["console"]]
    assert errors == [] and console == [], "\n".join(errors + console)


def test_the_policy_stops_a_script_it_does_not_know(browser, site_url: str) -> None:
    """The recorder and the policy work: an injected inline script is refused and reported."""
    context = browser.new_context()
    context.add_init_script(script=CSP_RECORDER)
    page = context.new_page()
    try:
        page.goto(site_url + "plan/objectives/", wait_until="load")
        ran = page.evaluate(
            """() => new Promise((done) => {
              window.__ran = false;
              const script = document.createElement("script");
              script.textContent = "window.__ran = true;";
              document.head.append(script);
              setTimeout(() => done(window.__ran), 100);
            })"""
        )
        assert ran is False
        assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
    finally:
        context.close()
