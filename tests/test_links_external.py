"""`guide links --external` against the loopback server: nothing broken passes silently.

The fixture pages (tests/links_server.py) link to every endpoint in every link
form. One run of the command is shared by most tests here; the server counts
every request it receives. No request leaves 127.0.0.1: `--resolve` sends the
fixture host names to the loopback server and refuses every other host.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from links_server import CASES, FORMS, HOST, LinkServer, write_fixture_project

TIMEOUT = "1"  # seconds; the slow endpoint answers after 3
# lychee follows a permanent redirect to a working page, and says so only as a hint.
LYCHEE = {"301-to-200": "ok"}


def guide_links(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "guide.cli", "links", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@dataclass
class Run:
    project: Path
    result: subprocess.CompletedProcess[str]
    report: dict
    counts: Counter[str]
    times: dict[str, list[float]]
    max_in_flight: Counter[str]

    def findings(self, **match: object) -> list[dict]:
        return [
            f
            for f in self.report["findings"]
            if all(f[key] == value for key, value in match.items())
        ]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    project = write_fixture_project(tmp_path_factory.mktemp("links") / "project")
    report = project / "report.json"
    with LinkServer(slow=3.0) as server:
        result = guide_links(
            project,
            "--external",
            "--no-site",
            "--timeout",
            TIMEOUT,
            "--json",
            str(report),
            *server.proxy_args(),
        )
    data = json.loads(report.read_text()) if report.is_file() else {}
    return Run(project, result, data, server.counts, server.times, server.max_in_flight)


def _line(page: Path, text: str) -> int:
    lines = page.read_text().splitlines()
    assert lines.count(text) == 1, f"{text!r} is not exactly once in {page}"
    return lines.index(text) + 1


def _expected_line(run: Run, form: str, case_name: str, url: str) -> int:
    page = run.project / "docs" / f"{form}.md"
    if form == "reference":
        return _line(page, f"[{case_name}]: {url}")
    return _line(page, FORMS[form].format(name=case_name, url=url))


def test_exit_code_says_broken_links(run: Run) -> None:
    assert run.result.returncode == 1, run.result.stdout + run.result.stderr
    assert run.report["exit_code"] == 1


@pytest.mark.parametrize("form", FORMS)
def test_every_case_is_reported_at_its_page_and_line(run: Run, form: str) -> None:
    for case in CASES:
        found = run.findings(path=f"docs/{form}.md", url=case.url)
        if form != "reference":  # lychee gives a reference link the line that uses it
            found = [
                f for f in found if f["line"] == _expected_line(run, form, case.name, case.url)
            ]
        assert len(found) == 1, f"{case.name} ({form}): {found}"
        expect = LYCHEE.get(case.name, case.expect)
        assert found[0]["category"] == expect, f"{case.name} ({form}): {found[0]}"


def test_nothing_broken_passes(run: Run) -> None:
    broken = {case.url for case in CASES if case.expect == "broken"}
    for finding in run.report["findings"]:
        if finding["url"] in broken:
            assert finding["category"] == "broken", finding
    reported = {f["url"] for f in run.findings(category="broken")}
    assert broken <= reported
    # Every broken case, in all six forms.
    assert run.report["summary"]["broken"] == len(broken) * len(FORMS)


def urlpath(url: str) -> str:
    return "/" + url.split("/", 3)[3].split("#")[0]


def test_timeout_is_a_failure_after_one_retry(run: Run) -> None:
    found = run.findings(url=f"http://{HOST}/slow")
    assert len(found) == len(FORMS)
    for finding in found:
        assert finding["category"] == "broken"
        assert "timed out" in finding["status"] and "never a pass" in finding["status"]


def test_bot_protection_is_reported_apart_from_broken_links(run: Run) -> None:
    for finding in run.findings(url=f"http://{HOST}/blocked"):
        assert finding["category"] == "check by hand"
        assert finding["status"].startswith("403: the site refused")


def test_redirect_loop_is_reported_not_fatal(run: Run) -> None:
    for finding in run.findings(url=f"http://{HOST}/loop"):
        assert finding["category"] == "broken" and "301" in finding["status"]


def test_ignored_and_project_links_are_listed_never_requested(run: Run) -> None:
    index = run.project / "docs" / "index.md"
    ignored = run.findings(url=f"http://{HOST}/ignored/page")
    assert len(ignored) == 1 and ignored[0]["category"] == "not checked"
    assert ignored[0]["status"].startswith("skipped: The fixture's example")
    assert ignored[0]["line"] == _line(
        index, f"- [An address in the ignore file](http://{HOST}/ignored/page)"
    )
    project = run.findings(url=f"http://{HOST}/repo/issues")
    assert project and all(f["status"] == "skipped: project repository" for f in project)
    assert not [path for path in run.counts if path.startswith(("/ignored", "/repo"))]


def test_report_for_people_is_grouped_by_page(run: Run) -> None:
    out = run.result.stdout
    assert "\ndocs/inline.md (" in out
    line = _expected_line(run, "inline", "404", f"http://{HOST}/missing")
    pattern = rf"^  docs/inline\.md:{line}: http://{HOST}/missing — .*404 Not Found — .+$"
    assert re.search(pattern, out, re.MULTILINE), out
    assert "Exit code 1 (broken links)" in out


def _ok_only_project(tmp_path: Path) -> Path:
    project = write_fixture_project(tmp_path / "project")
    page = project / "docs" / "good.md"
    page.write_text(f"# Good\n\n- [ok](http://{HOST}/ok)\n- [moved](http://{HOST}/moved)\n")
    return project


def test_ignore_entry_without_reason_stops_the_check(tmp_path: Path) -> None:
    project = _ok_only_project(tmp_path)
    (project / "links-ignore.yml").write_text("- pattern: http://links.fixture/x\n")
    with LinkServer() as server:
        result = guide_links(project, "--external", "--no-site", *server.proxy_args())
        assert server.total == 0
    assert result.returncode == 2
    assert (
        "links-ignore.yml:1: links-ignore: the entry for 'http://links.fixture/x' has no reason"
        in result.stdout
    )


def test_ignore_file_pattern_skips_matching_links(tmp_path: Path) -> None:
    project = write_fixture_project(tmp_path / "project")
    (project / "links-ignore.yml").write_text(
        "- pattern: http://links.fixture*\n  reason: the whole fixture host, for this test\n"
        "- pattern: http://closed.fixture/\n  reason: the closed port, for this test\n"
        "- pattern: http://go.links.fixture/*\n  reason: the short host name, for this test\n"
    )
    with LinkServer() as server:
        result = guide_links(
            project,
            "--external",
            "--no-site",
            "--json",
            str(tmp_path / "r.json"),
            *server.proxy_args(),
        )
        assert server.total == 0
    report = json.loads((tmp_path / "r.json").read_text())
    assert result.returncode == 0, result.stdout
    assert {f["category"] for f in report["findings"]} == {"not checked"}


def test_no_answer_from_any_host_means_the_check_could_not_run(tmp_path: Path) -> None:
    project = write_fixture_project(tmp_path / "project")
    page = project / "docs" / "elsewhere.md"
    page.write_text("".join(f"- [x](http://host{n}.fixture/)\n" for n in range(3)))
    if True:  # no proxy: the names resolve nowhere
        result = guide_links(
            project,
            "--external",
            "--files",
            "docs/elsewhere.md",
            "--timeout",
            TIMEOUT,
        )
    assert result.returncode == 2, result.stdout
    assert "no site answered at all" in result.stdout


def _git(project: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)


def test_pull_request_mode_checks_only_the_links_a_change_adds(tmp_path: Path) -> None:
    project = _ok_only_project(tmp_path)
    _git(project, "init", "--quiet", "--initial-branch=main")
    _git(project, "add", ".")
    _git(project, "commit", "--quiet", "-m", "base")
    page = project / "docs" / "good.md"
    page.write_text(page.read_text() + f"- [new and broken](http://{HOST}/gone)\n")
    with LinkServer() as server:
        result = guide_links(
            project,
            "--external",
            "--changed-since",
            "main",
            "--json",
            str(tmp_path / "r.json"),
            *server.proxy_args(),
        )
        counts = dict(server.counts)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "/gone" in counts
    report = json.loads((tmp_path / "r.json").read_text())
    assert {f["url"] for f in report["findings"]} == {f"http://{HOST}/gone"}, "only added lines"
    assert (
        "docs/good.md:5: http://links.fixture/gone — Rejected status code: 410 Gone"
        in result.stdout
    )
