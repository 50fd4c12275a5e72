"""Review metadata, `guide review` with a fixed --today, and pages.json."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from guide.content.check import check_docs
from guide.content.dates import add_period, parse_period
from guide.content.review import DUE_SOON, OVERDUE, collect, format_text

TODAY = date(2026, 11, 23)
PAGE = """\
---
title: {title}
description: A page with review dates.
owner: {owner}
last_reviewed: {reviewed}
{due_line}
---

This page helps you.
"""


def _page(
    title: str = "A page",
    owner: str = "Guide editors",
    reviewed: str = "2026-05-01",
    due_line: str = "review_in: 6 months",
) -> str:
    return PAGE.format(title=title, owner=owner, reviewed=reviewed, due_line=due_line)


def _docs(tmp_path: Path, pages: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    for name, text in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs


# name: (page text, "path:line: field:" prefix, words in the message)
METADATA_ERRORS = {
    "owner missing": (_page().replace("owner: Guide editors\n", ""), ":1: owner:", "is missing"),
    "owner not text": (_page(owner="[a, b]"), ":4: owner:", "must be text"),
    "owner empty": (_page(owner="''"), ":4: owner:", "must be text"),
    "last_reviewed missing": (
        _page().replace("last_reviewed: 2026-05-01\n", ""),
        ":1: last_reviewed:",
        "is missing",
    ),
    "last_reviewed not a date": (_page(reviewed="May 2026"), ":5: last_reviewed:", "not a date"),
    "last_reviewed impossible": (_page(reviewed="2026-02-30"), ":5: last_reviewed:", "not a date"),
    "last_reviewed in the future": (
        _page(reviewed="2027-01-01"),
        ":5: last_reviewed:",
        "in the future",
    ),
    "no review_in or review_by": (_page(due_line=""), ":1: review_in:", "is missing"),
    "review_in not a period": (
        _page(due_line="review_in: half a year"),
        ":6: review_in:",
        "not a review period",
    ),
    "review_in zero": (_page(due_line="review_in: 0 months"), ":6: review_in:", "not a review"),
    "review_by not a date": (
        _page(due_line="review_by: next spring"),
        ":6: review_by:",
        "not a date",
    ),
    "review_by before last_reviewed": (
        _page(due_line="review_by: 2026-04-01"),
        ":6: review_by:",
        "is not after last_reviewed",
    ),
    "both review_in and review_by": (
        _page(due_line="review_in: 6 months\nreview_by: 2027-01-01"),
        ":7: review_by:",
        "set together with review_in",
    ),
}


@pytest.mark.parametrize("name", METADATA_ERRORS)
def test_each_metadata_error_names_the_page_and_line(tmp_path: Path, name: str) -> None:
    text, where, words = METADATA_ERRORS[name]
    result = check_docs(_docs(tmp_path, {"plan/page.md": text}), today=TODAY, root=tmp_path)
    messages = [str(p) for p in result.problems]
    matching = [m for m in messages if m.startswith("docs/plan/page.md" + where)]
    assert matching, f"expected docs/plan/page.md{where}, got:\n" + "\n".join(messages)
    assert any(words in m for m in matching), matching
    assert all(" — " in m for m in matching)


def test_case_studies_need_review_metadata_too(tmp_path: Path) -> None:
    from test_check import GOOD

    text = GOOD.replace("owner: Guide editors\n", "").replace("review_in: 6 months\n", "")
    result = check_docs(_docs(tmp_path, {"case-studies/study.md": text}), today=TODAY)
    messages = [str(p) for p in result.problems]
    assert any(m.startswith("docs/case-studies/study.md:1: owner: is missing") for m in messages)
    assert any(
        m.startswith("docs/case-studies/study.md:1: review_in: is missing") for m in messages
    )


def test_a_bad_review_date_fails_the_build(tmp_path: Path) -> None:
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "plan" / "objectives.md"
    page.write_text(page.read_text().replace("review_in: 6 months", "review_in: soon", 1))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/plan/objectives.md:6: review_in: 'soon' is not a review period" in result.stderr


FIXED = {
    "plan/overdue.md": _page(
        "Overdue page", reviewed="2026-01-10", due_line="review_by: 2026-11-01"
    ),
    "plan/soon.md": _page("Soon page", reviewed="2026-06-01", due_line="review_by: 2026-12-10"),
    "plan/today.md": _page("Due today", reviewed="2026-05-23", due_line="review_in: 6 months"),
    "plan/fine.md": _page("Fine page", reviewed="2026-11-01", due_line="review_in: 1 year"),
    "about/theirs.md": _page(
        "Press page", owner="Press office", reviewed="2025-10-01", due_line="review_in: 12 months"
    ),
    "case-studies/broken.md": _page("Broken", reviewed="someday"),
}


def _guide(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guide.cli", "review", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_statuses_on_a_fixed_day(tmp_path: Path) -> None:
    reviews, problems = collect(_docs(tmp_path, FIXED), TODAY, root=tmp_path)
    status = {r.src_uri: r.status(TODAY) for r in reviews}
    assert status == {
        "about/theirs.md": OVERDUE,  # due 2026-10-01
        "plan/fine.md": "current",
        "plan/overdue.md": OVERDUE,
        "plan/soon.md": DUE_SOON,  # 17 days
        "plan/today.md": DUE_SOON,  # due today: still in date
    }
    assert [str(p).split(" ")[0] for p in problems] == ["docs/case-studies/broken.md:5:"]


def test_review_text_groups_pages_by_owner(tmp_path: Path) -> None:
    docs = _docs(tmp_path, FIXED)
    result = _guide("--docs", str(docs), "--today", "2026-11-23", cwd=tmp_path)
    assert result.returncode == 0, "reporting is not failing"
    out = result.stdout
    assert out.startswith(
        "Review dates on 23 November 2026: 2 overdue, 2 due within 30 days, 1 up to date (5 pages)."
    )
    editors, press = out.index("\nGuide editors (4 pages)"), out.index("\nPress office (1 page)")
    assert editors < press, "owners are in alphabetical order"
    assert "docs/plan/overdue.md: Overdue page — due by 1 November 2026, 22 days overdue" in out
    assert "docs/plan/today.md: Due today — due by 23 November 2026, which is today" in out
    assert "docs/plan/soon.md: Soon page — due by 10 December 2026, in 17 days" in out
    assert "docs/about/theirs.md: Press page — due by 1 October 2026, 53 days overdue" in out
    assert "fine.md" not in out, "pages up to date are listed only with --all"
    assert "docs/case-studies/broken.md:5: last_reviewed: 'someday' is not a date" in result.stderr
    with_all = _guide("--docs", str(docs), "--today", "2026-11-23", "--all", cwd=tmp_path)
    assert "docs/plan/fine.md: Fine page — due by 1 November 2027, in 343 days" in with_all.stdout


def test_review_within_changes_what_is_due_soon(tmp_path: Path) -> None:
    reviews, _ = collect(_docs(tmp_path, FIXED), TODAY, root=tmp_path)
    text = format_text(reviews, TODAY, within=7)
    assert "1 due within 7 days" in text
    assert "soon.md" not in text


def test_review_json_and_fail_on_overdue(tmp_path: Path) -> None:
    docs = _docs(tmp_path, FIXED)
    result = _guide("--docs", str(docs), "--today", "2026-11-23", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert (data["today"], data["overdue"], data["due_soon"], data["current"]) == (
        "2026-11-23",
        2,
        2,
        1,
    )
    owners = {o["owner"]: o for o in data["owners"]}
    assert [p["path"] for p in owners["Guide editors"]["overdue"]] == ["docs/plan/overdue.md"]
    assert owners["Press office"]["overdue"][0] == {
        "title": "Press page",
        "path": "docs/about/theirs.md",
        "owner": "Press office",
        "last_reviewed": "2025-10-01",
        "review_due": "2026-10-01",
        "status": "overdue",
        "days_left": -53,
        "case_study": False,
    }
    assert data["problems"] and "broken.md" in data["problems"][0]
    failing = _guide(
        "--docs", str(docs), "--today", "2026-11-23", "--fail-on-overdue", cwd=tmp_path
    )
    assert failing.returncode == 1
    calm = _docs(tmp_path / "calm", {"plan/fine.md": FIXED["plan/fine.md"]})
    passing = _guide(
        "--docs", str(calm), "--today", "2026-11-23", "--fail-on-overdue", cwd=tmp_path
    )
    assert passing.returncode == 0, passing.stdout + passing.stderr


def _front_matter(path: Path) -> dict:
    return yaml.load(path.read_text().split("---\n", 2)[1], Loader=yaml.BaseLoader)


def _expected_due(meta: dict) -> str:
    reviewed = date.fromisoformat(meta["last_reviewed"])
    if "review_by" in meta:
        return meta["review_by"]
    period = parse_period(meta["review_in"])
    assert period is not None
    return add_period(reviewed, *period).isoformat()


def test_review_lists_every_real_page_with_its_owner_and_dates() -> None:
    result = _guide("--all", "--format", "json", cwd=ROOT)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    listed = {
        p["path"]: p
        for owner in data["owners"]
        for status in ("overdue", "due_soon", "current")
        for p in owner[status]
    }
    pages = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_snippets" not in p.parts)
    assert sorted(listed) == [p.relative_to(ROOT).as_posix() for p in pages]
    for path in pages:
        meta = _front_matter(path)
        record = listed[path.relative_to(ROOT).as_posix()]
        assert record["owner"] == meta["owner"]
        assert record["last_reviewed"] == meta["last_reviewed"]
        assert record["review_due"] == _expected_due(meta)


def test_pages_json_lists_every_page(built_site: Path) -> None:
    data = json.loads((built_site / "pages.json").read_text())
    pages = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_snippets" not in p.parts)
    by_path = {p["path"]: p for p in data["pages"]}
    assert sorted(by_path) == [p.relative_to(ROOT).as_posix() for p in pages]
    objectives = by_path["docs/plan/objectives.md"]
    assert objectives["url"].endswith("/plan/objectives/")
    assert objectives["title"] == "Set objectives"
    for path in pages:
        meta = _front_matter(path)
        record = by_path[path.relative_to(ROOT).as_posix()]
        assert set(record) >= {"title", "url", "owner", "last_reviewed", "review_due", "status"}
        assert record["owner"] == meta["owner"]
        assert record["last_reviewed"] == meta["last_reviewed"]
        assert record["review_due"] == _expected_due(meta)
        assert record["status"] in data["statuses"]
    study = by_path["docs/case-studies/buy-better-together-challenge.md"]
    assert study["case_study"] is True
