"""linkcheckmd alone on the same fixtures, and the quick check built on it.

The table of what linkcheckmd catches and misses in CONTRIBUTING.md is made by
this run: if linkcheckmd (or the fixtures) change, the test fails and prints
the new table to paste in.
"""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
import pytest

from conftest import ROOT
from guide.links.quick import check_with_linkcheckmd
from links_server import (
    FIXTURE,
    HOST,
    LinkServer,
    form_page,
    internal_table,
    linkcheckmd_local_verdicts,
    linkcheckmd_sandbox,
    linkcheckmd_verdicts,
    run_linkcheckmd,
    verdict_table,
    write_fixture_project,
)

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
TIMEOUT = 1.0  # the same timeout `guide links` is given in tests/test_links_external.py


def _documented(name: str) -> str:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}:start -->\n(.*?)\n<!-- {name}:end -->", text, re.DOTALL)
    assert match, f"CONTRIBUTING.md has no '<!-- {name}:start -->' ... ':end -->' block"
    return match.group(1).strip()


def test_external_table_in_contributing_matches_a_fresh_run(tmp_path: Path) -> None:
    with LinkServer(slow=3.0) as server:
        table = verdict_table(linkcheckmd_verdicts(server, tmp_path, TIMEOUT))
    assert _documented("linkcheckmd-external") == table, f"paste this table in:\n\n{table}\n"


def test_internal_table_in_contributing_matches_a_fresh_run() -> None:
    table = internal_table(linkcheckmd_local_verdicts(FIXTURE / "docs"))
    assert _documented("linkcheckmd-internal") == table, f"paste this table in:\n\n{table}\n"


def test_linkcheckmd_stops_on_a_redirect_loop(tmp_path: Path) -> None:
    project = write_fixture_project(tmp_path / "project")
    with (
        LinkServer() as server,
        linkcheckmd_sandbox(server.resolve, TIMEOUT),
        pytest.raises(aiohttp.TooManyRedirects),
    ):
        run_linkcheckmd(project / "docs" / "inline.md")


def test_quick_check_points_at_file_and_line(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text(
        "# Page\n\nIntro.\n\n"
        f"- [gone](http://{HOST}/gone)\n"
        f"- [fine](http://{HOST}/ok)\n"
        f'- [titled](http://{HOST}/missing "linkcheckmd does not see titled links")\n'
    )
    with LinkServer() as server, linkcheckmd_sandbox(server.resolve, TIMEOUT):
        report = check_with_linkcheckmd([page], tmp_path)
    lines = [str(f) for f in report.findings]
    assert lines == [
        f"docs/page.md:5: http://{HOST}/gone — linkcheckmd: 410 — "
        "confirm with `guide links --external`, then fix or remove the link"
    ]
    assert report.exit_code == 1


def test_quick_check_reports_a_crash_instead_of_hiding_it(tmp_path: Path) -> None:
    page = tmp_path / "loop.md"
    page.write_text(form_page("inline"))
    with LinkServer() as server, linkcheckmd_sandbox(server.resolve, TIMEOUT):
        report = check_with_linkcheckmd([page], tmp_path)
    (finding,) = report.findings
    assert finding.category == "check by hand" and "TooManyRedirects" in finding.status
