"""`guide check`: one clear message per bad input, naming the file, line and field."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from guide.content.check import check_docs

TODAY = date(2026, 11, 23)

GOOD = """\
---
title: A good case study
summary: A team tried something and learned from it.
organisations:
  - Example department
channels:
  - webchats
themes:
  - continuity
period: 2012
evidence: adequate
region: uk
status: published
contact: Digital engagement team
sources:
  - title: A public source
    url: https://www.gov.uk/government/news/purchasing-power-to-the-people--2
owner: Guide editors
last_reviewed: 2026-11-01
review_in: 6 months
---

## Summary

Text.

## Context

Text.

## What they did

Text.

## What happened

Text.

## What is not known

Text.

## What they learned

Text.

## Advice for others

Text.

## Sources

- A public source.
"""


def _docs(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    docs = tmp_path / "docs"
    for name, content in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return docs


def _messages(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    result = check_docs(_docs(tmp_path, files), today=TODAY, root=tmp_path)
    return [str(p) for p in result.problems]


def _case(**changes: str) -> str:
    text = GOOD
    for old, new in changes.items():
        old = old.replace("__", " ")
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_a_good_case_study_passes(tmp_path: Path) -> None:
    assert _messages(tmp_path, {"case-studies/good.md": GOOD}) == []


CASES = {
    # name: (file text, expected "path:line: field:" prefix, words in the message)
    "missing front matter": (GOOD.split("---\n", 2)[2], ":1: front matter:", "no front matter"),
    "unterminated front matter": (
        GOOD.replace("---\n\n## Summary", "\n## Summary", 1),
        ":1: front matter:",
        "never closed",
    ),
    "tab in YAML": (GOOD.replace("  - webchats", "\t- webchats"), ":7: front matter:", "tab"),
    "bad indentation": (GOOD.replace("    url:", "   url:"), ":17: front matter:", "invalid YAML"),
    "wrong type": (
        GOOD.replace("organisations:\n  - Example department", "organisations: 12"),
        ":4: organisations:",
        "list",
    ),
    "unknown key": (
        GOOD.replace("contact:", "contcat:"),
        ":14: contcat:",
        "did you mean 'contact'",
    ),
    "unknown channel": (
        GOOD.replace("  - webchats", "  - webchat"),
        ":7: channels:",
        "did you mean 'webchats'",
    ),
    "unknown theme": (
        GOOD.replace("  - continuity", "  - continuty"),
        ":9: themes:",
        "did you mean 'continuity'",
    ),
    "bad date": (GOOD.replace("2026-11-01", "2026-13-45"), ":19: last_reviewed:", "not a date"),
    "bad period": (
        GOOD.replace("period: 2012", "period: March 2012"),
        ":10: period:",
        "year or a range",
    ),
    "summary too long": (
        GOOD.replace("A team tried something and learned from it.", "x" * 301),
        ":3: summary:",
        "301 characters",
    ),
    "no sources": (
        GOOD.replace(
            "sources:\n  - title: A public source\n    url: https://www.gov.uk/government/news/purchasing-power-to-the-people--2",
            "sources: []",
        ),
        ":15: sources:",
        "at least one",
    ),
    "empty body": (GOOD.split("## Summary")[0], ":22: body:", "no text"),
    "missing heading": (
        GOOD.replace("## What happened\n", "## What went on\n"),
        ":22: headings:",
        "'## What happened' is missing",
    ),
    "image without alt": (
        GOOD.replace("## Context\n\nText.", "## Context\n\n![](chart.png)"),
        ":29: image:",
        "no alt text",
    ),
    "script tag": (
        GOOD.replace("## Context\n\nText.", "## Context\n\n<script>alert(1)</script>"),
        ":29: html:",
        "<script>",
    ),
    "iframe tag": (
        GOOD.replace("## Context\n\nText.", "## Context\n\n<iframe src=x></iframe>"),
        ":29: html:",
        "<iframe>",
    ),
    "event handler": (
        GOOD.replace("## Context\n\nText.", '## Context\n\n<a href="#" onclick="x()">x</a>'),
        ":29: html:",
        "onclick",
    ),
    "status": (
        GOOD.replace("status: published", "status: publised"),
        ":13: status:",
        "did you mean 'published'",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_each_bad_input_gets_its_own_message(tmp_path: Path, name: str) -> None:
    text, where, words = CASES[name]
    messages = _messages(tmp_path, {"case-studies/broken.md": text})
    matching = [m for m in messages if m.startswith("docs/case-studies/broken.md" + where)]
    assert matching, f"expected a message at {where}, got:\n" + "\n".join(messages)
    assert any(words in m for m in matching), matching
    assert all(" — " in m for m in matching), "every message says how to fix it"


def test_not_utf8(tmp_path: Path) -> None:
    messages = _messages(
        tmp_path, {"case-studies/latin1.md": GOOD.replace("Text.", "Café.").encode("latin-1")}
    )
    assert messages and messages[0].startswith("docs/case-studies/latin1.md:25: encoding:")
    assert "not UTF-8" in messages[0]


def test_duplicate_titles_and_slugs(tmp_path: Path) -> None:
    messages = _messages(
        tmp_path, {"case-studies/good.md": GOOD, "case-studies/good-copy.md": GOOD}
    )
    assert any(
        m.startswith("docs/case-studies/good.md:2: title:") and "already used" in m
        for m in messages
    )
    messages = _messages(tmp_path / "b", {"case-studies/Good_Study.md": GOOD})
    assert any("file name:" in m and "good-study.md" in m for m in messages)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("  - webchats", "  - webchat").replace("period: 2012", "period: soon")
    other = GOOD.replace("title: A good case study", "title: Another").replace(
        "status: published", "status: maybe"
    )
    messages = _messages(tmp_path, {"case-studies/one.md": text, "case-studies/two.md": other})
    assert len(messages) == 3
    assert {m.split(":")[0] for m in messages} == {
        "docs/case-studies/one.md",
        "docs/case-studies/two.md",
    }


def test_guide_pages_need_title_description_and_review(tmp_path: Path) -> None:
    page = "---\ntitle: Plan\nowner: Guide editors\nlast_reviewed: 2026-11-01\nreview_in: six months\n---\n\nText.\n"
    messages = _messages(tmp_path, {"plan/index.md": page})
    assert any(m.startswith("docs/plan/index.md:1: description: is missing") for m in messages)
    assert any(m.startswith("docs/plan/index.md:5: review_in:") for m in messages)


def test_cli_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    docs = _docs(tmp_path, {"case-studies/broken.md": GOOD.replace("  - webchats", "  - webchat")})
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    result = subprocess.run(
        [sys.executable, "-m", "guide.cli", "check", "--docs", str(docs), "--today", "2026-11-23"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert (
        "docs/case-studies/broken.md:7: channels: 'webchat' is not a known channel" in result.stdout
    )
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_a_committed_cache_file_is_never_read_or_run(tmp_path: Path) -> None:
    """A pull request that force-adds .cache/guide-check.pickle must not run its code."""
    import pickle

    studies = tmp_path / "docs" / "case-studies"
    studies.mkdir(parents=True)
    (studies / "good.md").write_text(GOOD.replace("status: published", "status: finished"))
    ran = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(ran), "w"))

    cache = tmp_path / ".cache" / "guide-check.pickle"
    cache.parent.mkdir()
    cache.write_bytes(pickle.dumps(Payload()))
    result = subprocess.run(
        [sys.executable, "-m", "guide.cli", "check", "--docs", str(tmp_path / "docs")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert not ran.exists(), "the cache file was unpickled"
    # The check still finds the problem: nothing was taken from the file.
    assert result.returncode == 1
    assert "docs/case-studies/good.md:" in result.stdout and ": status:" in result.stdout
    assert "Traceback" not in result.stderr
    assert list(cache.parent.iterdir()) == [cache], "no cache is written either"


def test_a_code_block_showing_a_code_block_is_code_to_the_end(tmp_path: Path) -> None:
    """A four-backtick fence holds a three-backtick one; the HTML inside is shown, not run."""
    page = (
        "---\ntitle: Code\ndescription: Showing code.\nowner: Guide editors\n"
        "last_reviewed: 2026-11-01\nreview_in: 6 months\n---\n\n# Code\n\n"
        "````markdown\n```html\n<script>alert(1)</script>\n```\n"
        '<iframe src="https://example.com"></iframe>\n````\n\nText.\n'
    )
    assert _messages(tmp_path, {"plan/code.md": page}) == []
    after = page.replace("Text.\n", '<iframe src="https://example.com"></iframe>\n')
    (problem,) = _messages(tmp_path, {"plan/code.md": after})
    assert problem.startswith("docs/plan/code.md:18: html: the <iframe> element is not allowed")
