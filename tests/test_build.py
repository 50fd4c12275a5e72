"""The site builds strictly, and a broken internal link or anchor fails the build."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, mkdocs_build


def test_site_builds_strictly(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "sitemap.xml").is_file()
    assert (built_site / "search" / "search_index.json").is_file()


def test_no_third_party_assets_in_built_pages(built_site: Path) -> None:
    html = (built_site / "index.html").read_text()
    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html
    # The repository link must not ask the GitHub API for facts from every page.
    assert 'data-md-component="source"' not in html


def _break(tmp_path: Path, page: str, find: str, replace: str) -> tuple[int, str]:
    project = copy_project(tmp_path / "project")
    path = project / "docs" / page
    text = path.read_text()
    assert find in text
    path.write_text(text.replace(find, replace, 1))
    result = mkdocs_build(project, tmp_path / "site")
    return result.returncode, result.stderr


def test_broken_internal_link_fails_build(tmp_path: Path) -> None:
    code, log = _break(tmp_path, "index.md", "(plan/index.md)", "(plan/no-such-page.md)")
    assert code != 0
    assert "index.md" in log and "plan/no-such-page.md" in log


def test_broken_anchor_fails_build(tmp_path: Path) -> None:
    code, log = _break(tmp_path, "index.md", "(plan/index.md)", "(plan/index.md#no-such-heading)")
    assert code != 0
    assert "index.md" in log and "no-such-heading" in log
