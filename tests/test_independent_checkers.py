"""Independent checkers over every built page: html-validate for valid HTML, and
HTML_CodeSniffer, the WCAG 2.2 AA checker that pa11y runs.

What either reports fails the test, except what comes from Material for MkDocs' own markup,
unchanged, listed below with why it stays. Each listed item must still be found, so the list
cannot outlive the problem it excuses.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from page_crawl import built_pages

CHECKERS = ROOT / ".ci" / "checkers"
NODE = Path(sys.executable).parent / "node"

# (rule, element) -> why it is not the project's to fix.
FROM_MATERIAL = {
    ("valid-autocomplete", "#__drawer"): "Material's base.html puts autocomplete=off on the "
    "hidden checkbox that opens the navigation drawer; the project does not override base.html.",
    ("valid-autocomplete", "#__search"): "Material's base.html puts autocomplete=off on the "
    "hidden checkbox that opens search.",
}
# (HTML_CodeSniffer message, start of the element) -> why it is a false alarm.
NO_SUBMIT = "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"
FALSE_ALARMS = {
    (NO_SUBMIT, '<form class="md-header__option" data-md-component="palette">'): "Material's "
    "light and dark switch is a form of radio buttons that applies the scheme as soon as one is "
    "chosen, so there is nothing to submit (tests/test_browser_keyboard.py switches it by keyboard).",
    (NO_SUBMIT, '<form class="md-search__form" name="search">'): "Material's own search form, on "
    "the search page alone, shows results as the reader types and Enter opens the first, so there "
    "is nothing to submit (tests/test_browser_search.py). Every other page's search box is a form "
    "with a submit button that goes to that page.",
    (NO_SUBMIT, '<form class="guide-filter" role="search"'): "the case-study filters apply as "
    "soon as a choice changes, narrowing the list in place and saying how many match, which is "
    "not a change of context (tests/test_browser_keyboard.py filters by keyboard). Without "
    "JavaScript, the links to each filter page do the same job.",
}


def _false_alarm(code: str, element: str) -> tuple[str, str] | None:
    return next(
        (key for key in FALSE_ALARMS if key[0] == code and element.startswith(key[1])), None
    )


def _installed() -> None:
    if not (CHECKERS / "node_modules" / "html-validate").is_dir():
        pytest.fail("the checkers are not installed: run 'make test' (npm ci in .ci/checkers)")


def test_every_page_is_valid_html(built_site: Path, tmp_path: Path) -> None:
    _installed()
    pages = sorted(str(p) for p in built_site.rglob("*.html"))
    output = tmp_path / "html-validate.json"  # a file: Node may cut long output to a pipe
    result = subprocess.run(
        [
            str(NODE),
            str(CHECKERS / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"),
            "--config",
            str(ROOT / ".htmlvalidate.json"),
            "--formatter",
            f"json={output}",
            *pages,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert output.is_file(), result.stderr
    found: set[tuple[str, str]] = set()
    ours = []
    for report in json.loads(output.read_text(encoding="utf-8")):
        for message in report["messages"]:
            key = (message["ruleId"], message.get("selector") or "")
            if key in FROM_MATERIAL:
                found.add(key)
            else:
                page = Path(report["filePath"]).relative_to(built_site)
                ours.append(f"{page}:{message['line']}: {key[0]}: {message['message']} ({key[1]})")
    assert ours == []
    assert found == set(FROM_MATERIAL), "a listed Material problem is gone: remove it from the list"


RUN_HTMLCS = """() => new Promise((done) => HTMLCS.process("WCAG2AA", document, () => done(
  HTMLCS.getMessages()
    .filter((m) => m.type === HTMLCS.ERROR)
    .map((m) => [m.code, m.element.outerHTML.slice(0, 120), m.msg])
)))"""


@pytest.mark.browser
def test_html_codesniffer_finds_no_errors_on_any_page(
    browser, site_url: str, built_site: Path
) -> None:
    _installed()
    script = CHECKERS / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
    # The site's policy allows only its own scripts; the checker is added by the test itself.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    errors, alarms = [], set()
    try:
        for path in built_pages(built_site):
            page.goto(site_url + path)
            page.add_script_tag(path=str(script))
            for code, element, message in page.evaluate(RUN_HTMLCS):
                alarm = _false_alarm(code, element)
                if alarm:
                    alarms.add(alarm)
                else:
                    errors.append(f"/{path}: {code}: {message} {element}")
    finally:
        context.close()
    assert errors == []
    assert alarms == set(FALSE_ALARMS), "a listed false alarm is gone: remove it from the list"
