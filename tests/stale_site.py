"""A copy of the project whose "Set objectives" page was last reviewed long ago, built."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import copy_project, mkdocs_build

STALE_PAGE = "plan/objectives.md"
STALE_REVIEWED = "2025-01-01"
STALE_DUE = "2025-07-01"  # six months later: overdue on any day this test can run


def build_stale_site(folder: Path) -> Path:
    project = copy_project(folder / "project")
    page = project / "docs" / STALE_PAGE
    text = page.read_text(encoding="utf-8")
    text, found = re.subn(
        r"(?m)^last_reviewed: .*$", f"last_reviewed: {STALE_REVIEWED}", text, count=1
    )
    assert found == 1 and "review_in: 6 months" in text, "the page's review dates changed"
    page.write_text(text, encoding="utf-8")
    site = folder / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site
