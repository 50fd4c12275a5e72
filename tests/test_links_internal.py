"""`guide links --internal`: every broken internal link and anchor, at its page and line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from links_server import INTERNAL_CASES, line_of, write_fixture_project


def guide_links(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guide.cli", "links", "--internal", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GITHUB_ACTIONS": ""},
    )


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_project(tmp_path_factory.mktemp("links") / "project")


def _report(
    project: Path, *args: str, json_path: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], dict]:
    path = json_path or project / "internal.json"
    result = guide_links(project, "--json", str(path), *args)
    return result, json.loads(path.read_text()) if path.is_file() else {}


def _assert_every_case_reported(project: Path, report: dict) -> None:
    index = project / "docs" / "index.md"
    found = {(f["path"], f["line"], f["url"]) for f in report["findings"]}
    for name, needle, url in INTERNAL_CASES:
        assert ("docs/index.md", line_of(index, needle), url) in found, f"{name}: {sorted(found)}"


def test_fixture_broken_links_are_reported_with_page_and_line(fixture_project: Path) -> None:
    result, report = _report(fixture_project)
    assert result.returncode == 1, result.stdout + result.stderr
    _assert_every_case_reported(fixture_project, report)
    assert all(f["category"] == "broken" for f in report["findings"])
    # Links in code are not links; links that work are not reported.
    urls = {f["url"] for f in report["findings"]}
    assert not {u for u in urls if "code-target" in u or "fenced-target" in u}
    assert not {"other.md", "other.md#a-real-heading", "images/dot.svg", "other/"} & urls


def test_built_html_check_alone_catches_them_too(fixture_project: Path, tmp_path: Path) -> None:
    # With a site built elsewhere, lychee's check of the built HTML (offline, with
    # fragments) finds every broken link by itself.
    site = tmp_path / "site"
    mkdocs_build(fixture_project, site)
    result, report = _report(fixture_project, "--site", str(site))
    assert result.returncode == 1
    _assert_every_case_reported(fixture_project, report)


def test_broken_link_from_a_template_is_reported_on_the_built_page(fixture_project: Path) -> None:
    _, report = _report(fixture_project)
    template = [f for f in report["findings"] if "no-such-template-page" in f["url"]]
    assert len(template) == 1, template  # one line, however many pages use the template
    assert template[0]["path"].startswith("site/") and "template" in template[0]["action"]


def test_report_lines_read_path_line_url_status_action(fixture_project: Path) -> None:
    result, _ = _report(fixture_project)
    line = line_of(fixture_project / "docs" / "index.md", "(no-such-page.md)")
    assert (
        f"  docs/index.md:{line}: no-such-page.md — File not found. Check if file exists and path is correct — fix the link"
        in result.stdout
    )
    assert "Exit code 1 (broken links)" in result.stdout


def test_a_site_that_does_not_build_means_the_check_could_not_run(tmp_path: Path) -> None:
    project = write_fixture_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: no-such-theme"))
    result, report = _report(project)
    assert result.returncode == 2, result.stdout
    assert report["exit_code"] == 2 and "did not build" in report["errors"][0]


def test_real_site_template_and_anchor_breakage_is_caught(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    main = project / "overrides" / "main.html"
    main.write_text(
        main.read_text().replace(
            "{{ super() }}", '{{ super() }}<a href="{{ base_url }}/no-such-page/">x</a>', 1
        )
    )
    page = project / "docs" / "index.md"
    text = page.read_text()
    assert "(plan/index.md)" in text
    page.write_text(text.replace("(plan/index.md)", "(plan/index.md#no-such-heading)", 1))
    result, report = _report(project)
    assert result.returncode == 1, result.stdout
    urls = {(f["path"], f["url"]) for f in report["findings"]}
    assert ("docs/index.md", "plan/index.md#no-such-heading") in urls
    assert any(path.startswith("site/") and "no-such-page" in url for path, url in urls)
