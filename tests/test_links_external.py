"""`guide links --external` against the loopback server: nothing broken passes silently.

The fixture pages (tests/links_server.py) link to every endpoint in every link
form. One run of the command is shared by most tests here; the server counts
every request it receives. No request leaves 127.0.0.1: `--resolve` sends the
fixture host names to the loopback server and refuses every other host.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from links_server import CASES, FORMS, HOST, REDIRECT_TARGETS, LinkServer, write_fixture_project

TIMEOUT = "1"  # seconds; the slow endpoint answers after 3


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
            "--timeout",
            TIMEOUT,
            "--no-cache",
            "--json",
            str(report),
            *server.resolve_args(),
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
        line = _expected_line(run, form, case.name, case.url)
        found = run.findings(path=f"docs/{form}.md", line=line, url=case.url)
        assert len(found) == 1, f"{case.name} ({form}, line {line}): {found}"
        assert found[0]["category"] == case.expect, f"{case.name} ({form}): {found[0]}"


def test_nothing_broken_passes(run: Run) -> None:
    broken = {case.url for case in CASES if case.expect == "broken"}
    for finding in run.report["findings"]:
        if finding["url"] in broken:
            assert finding["category"] == "broken", finding
    reported = {f["url"] for f in run.findings(category="broken")}
    assert broken <= reported
    # Every broken case, in all six forms, plus the template's broken link.
    assert run.report["summary"]["broken"] == len(broken) * len(FORMS) + 1


def test_each_address_is_requested_once_however_many_pages_use_it(run: Run) -> None:
    expected = Counter({urlpath(c.url): c.requests for c in CASES if c.requests})
    expected.update(REDIRECT_TARGETS)
    expected["/template-missing"] = 1
    # Only retries ask twice or more: a 500 and a timeout once more, 429 and 503
    # twice more (honouring Retry-After); everything else exactly once.
    assert run.counts == expected


def urlpath(url: str) -> str:
    return "/" + url.split("/", 3)[3].split("#")[0]


def test_requests_to_one_host_are_bounded(run: Run) -> None:
    assert 1 <= run.max_in_flight[HOST] <= 4  # the default --per-host


def test_retry_after_is_honoured(run: Run) -> None:
    # The server said "Retry-After: 1": no second request came sooner.
    for path in ("/busy", "/rate-limited", "/unavailable"):
        times = run.times[path]
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        assert gaps and min(gaps) >= 0.95, (path, gaps)
    (busy,) = {f["status"] for f in run.findings(url=f"http://{HOST}/busy")}
    assert busy.startswith("200")


def test_timeout_is_a_failure_after_one_retry(run: Run) -> None:
    found = run.findings(url=f"http://{HOST}/slow")
    assert len(found) == len(FORMS)
    for finding in found:
        assert finding["category"] == "broken"
        assert "timed out" in finding["status"] and "tried 2 times" in finding["status"]


def test_bot_protection_is_reported_apart_from_broken_links(run: Run) -> None:
    for finding in run.findings(url=f"http://{HOST}/blocked"):
        assert finding["category"] == "check by hand"
        assert finding["status"].startswith("blocked — check by hand: 403")
        assert "Cloudflare" in finding["status"]


def test_redirect_loop_is_reported_not_fatal(run: Run) -> None:
    for finding in run.findings(url=f"http://{HOST}/loop"):
        assert finding["category"] == "broken" and "redirect loop" in finding["status"]


def test_links_from_templates_are_checked(run: Run) -> None:
    found = run.findings(url=f"http://{HOST}/template-missing")
    assert len(found) == 1
    assert found[0]["path"].startswith("site/") and found[0]["category"] == "broken"
    assert "template" in found[0]["action"]
    assert found[0]["form"] == "template"


def test_ignored_and_project_links_are_listed_never_requested(run: Run) -> None:
    index = run.project / "docs" / "index.md"
    ignored = run.findings(url=f"http://{HOST}/ignored/page")
    assert len(ignored) == 1 and ignored[0]["category"] == "not checked"
    assert ignored[0]["status"].startswith("ignored: The fixture's example")
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
    pattern = rf"^  docs/inline\.md:{line}: http://{HOST}/missing — broken: 404 Not Found — .+$"
    assert re.search(pattern, out, re.MULTILINE), out
    assert "Exit code 1 (broken links)" in out


def _ok_only_project(tmp_path: Path) -> Path:
    project = write_fixture_project(tmp_path / "project")
    page = project / "docs" / "good.md"
    page.write_text(f"# Good\n\n- [ok](http://{HOST}/ok)\n- [moved](http://{HOST}/moved)\n")
    return project


def test_cache_of_good_results_spares_repeated_runs(tmp_path: Path) -> None:
    project = _ok_only_project(tmp_path)
    cache = tmp_path / "cache.json"
    args = ["--external", "--no-site", "--files", "docs/good.md", "--cache", str(cache)]
    with LinkServer() as server:
        first = guide_links(project, *args, *server.resolve_args())
        after_first = server.total
        second = guide_links(project, *args, *server.resolve_args())
        after_second = server.total
        expired = guide_links(project, *args, "--cache-ttl", "0", *server.resolve_args())
    assert (first.returncode, second.returncode, expired.returncode) == (0, 0, 0), first.stdout
    assert after_first == 2  # /ok once (shared with the redirect), /moved once
    assert after_second == after_first, "the second run asked again despite the cache"
    assert "(cached)" in second.stdout or "from the cache" in second.stdout
    assert server.total == after_first * 2, "an expired cache entry was trusted"


def test_ignore_entry_without_reason_stops_the_check(tmp_path: Path) -> None:
    project = _ok_only_project(tmp_path)
    (project / "links-ignore.yml").write_text("- pattern: http://links.test/x\n")
    with LinkServer() as server:
        result = guide_links(
            project, "--external", "--no-site", "--no-cache", *server.resolve_args()
        )
        assert server.total == 0
    assert result.returncode == 2
    assert (
        "links-ignore.yml:1: links-ignore: the entry for 'http://links.test/x' has no reason"
        in result.stdout
    )


def test_ignore_file_pattern_skips_matching_links(tmp_path: Path) -> None:
    project = write_fixture_project(tmp_path / "project")
    (project / "links-ignore.yml").write_text(
        "- pattern: http://links.test*\n  reason: the whole fixture host, for this test\n"
        "- pattern: http://closed.test/\n  reason: the closed port, for this test\n"
        "- pattern: http://go.links.test/*\n  reason: the short host name, for this test\n"
    )
    with LinkServer() as server:
        result = guide_links(
            project,
            "--external",
            "--no-site",
            "--no-cache",
            "--json",
            str(tmp_path / "r.json"),
            *server.resolve_args(),
        )
        assert server.total == 0
    report = json.loads((tmp_path / "r.json").read_text())
    assert result.returncode == 0, result.stdout
    assert {f["category"] for f in report["findings"]} == {"not checked"}


def test_no_answer_from_any_host_means_the_check_could_not_run(tmp_path: Path) -> None:
    project = write_fixture_project(tmp_path / "project")
    page = project / "docs" / "elsewhere.md"
    page.write_text("".join(f"- [x](https://host{n}.example/)\n" for n in range(3)))
    with LinkServer() as server:
        result = guide_links(
            project,
            "--external",
            "--files",
            "docs/elsewhere.md",
            "--no-cache",
            "--timeout",
            TIMEOUT,
            *server.resolve_args(),
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
            "--no-cache",
            "--json",
            str(tmp_path / "r.json"),
            *server.resolve_args(),
        )
        counts = dict(server.counts)
    assert result.returncode == 1, result.stdout + result.stderr
    assert counts == {"/gone": 1}, "only the added link should be checked"
    assert "docs/good.md:5: http://links.test/gone — broken: 410 Gone" in result.stdout
