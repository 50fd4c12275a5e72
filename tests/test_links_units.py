"""The link-check building blocks: finding links, the ignore file, git diffs, the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from guide.content.markdown_doc import read
from guide.links.changes import parse_added_lines
from guide.links.ignore import load_ignore
from guide.links.lychee import Result, exclude_pattern
from guide.links.report import (
    BROKEN,
    CHECK,
    OK,
    SKIPPED,
    Finding,
    Report,
    github_annotations,
    to_markdown,
    to_text,
    write_json,
)
from guide.links.run import classify
from guide.links.site import load_site_config, source_of

PAGE = """---
title: Example
sources:
  - url: https://front.example/source
---

# Heading

An [inline](https://a.example/) link, a [titled](https://b.example/ "Title") one and an
![image](https://c.example/i.png). A [reference][ref], an <https://d.example/auto> autolink,
<a href="https://e.example/html">raw HTML</a> and a bare https://f.example/bare address.
A [link that
wraps](https://g.example/wrapped) and a [wiki](https://h.example/Foo_(bar)) link.

`[not a link](https://code.example/inline)`

```text
[not a link](https://code.example/fenced)
```

<!-- [not a link](https://code.example/comment) -->

[ref]: https://r.example/ref "Title"
"""


def _ignore(tmp_path: Path, text: str) -> tuple[list, list]:
    path = tmp_path / "links-ignore.yml"
    path.write_text(text)
    return load_ignore(path)


def _report() -> Report:
    return Report(
        "external",
        [
            Finding(
                "docs/b.md", 9, "https://x.example/", BROKEN, "broken: 404 Not Found", "fix it"
            ),
            Finding(
                "docs/a.md", 2, "https://y.example/", CHECK, "blocked — check by hand: 403", "look"
            ),
            Finding("docs/a.md", 1, "https://z.example/", OK, "200 OK"),
            Finding("docs/a.md", 5, "https://w.example/", SKIPPED, "ignored: a reason", "by hand"),
        ],
        links=4,
        urls=4,
    )


def test_undefined_reference_labels_are_found() -> None:
    text = "[a][known] and [b][unknown] and [c][] and [^1]\n\n[known]: x.md\n"
    assert [label for _, label in read(text).undefined_references] == ["unknown", "c"]


def test_ignore_rules_match_exact_addresses_and_wildcards(tmp_path: Path) -> None:
    rules, problems = _ignore(
        tmp_path,
        "- pattern: https://a.example/page\n  reason: one page\n"
        "- pattern: https://b.example/*\n  reason: a whole site\n",
    )
    assert problems == []
    exact, wildcard = rules
    assert exact.matches("https://a.example/page#part")
    assert not exact.matches("https://a.example/page/other")
    assert wildcard.matches("https://b.example/x/y")
    assert not wildcard.matches("https://c.example/")


def test_ignore_file_mistakes_are_each_reported_with_their_line(tmp_path: Path) -> None:
    rules, problems = _ignore(
        tmp_path,
        "- pattern: https://a.example/\n"
        "- pattern: https://b.example/\n  reason: ''\n"
        "- reason: no pattern\n"
        "- pattern: https://c.example/\n  reason: fine\n  note: extra\n",
    )
    messages = [(p.line, p.message) for p in problems]
    assert (1, "the entry for 'https://a.example/' has no reason") in messages
    assert (2, "the entry for 'https://b.example/' has no reason") in messages
    assert (4, "an entry has no pattern") in messages
    assert (5, "unknown key 'note'") in messages
    assert [rule.pattern for rule in rules] == ["https://c.example/"]


def test_ignore_file_must_be_a_list(tmp_path: Path) -> None:
    _, problems = _ignore(tmp_path, "pattern: https://a.example/\nreason: x\n")
    assert problems and "must be a list" in problems[0].message


def test_missing_ignore_file_means_no_rules(tmp_path: Path) -> None:
    assert load_ignore(tmp_path / "nothing.yml") == ([], [])


def test_added_lines_come_from_the_diff_hunks() -> None:
    diff = (
        "diff --git a/docs/a.md b/docs/a.md\n--- a/docs/a.md\n+++ b/docs/a.md\n"
        "@@ -3 +3,2 @@\n-old\n+new\n+newer\n@@ -10,0 +12 @@\n+added\n"
        "diff --git a/docs/gone.md b/docs/gone.md\n--- a/docs/gone.md\n+++ /dev/null\n"
        "@@ -1,2 +0,0 @@\n-x\n-y\n"
    )
    assert parse_added_lines(diff) == {"docs/a.md": {3, 4, 12}}


def test_text_report_groups_by_page_with_one_line_per_problem() -> None:
    text = to_text(_report())
    assert (
        "docs/a.md (1 check by hand, 1 not checked)\n  docs/a.md:2: https://y.example/ — blocked — check by hand: 403 — look"
        in text
    )
    assert "  docs/b.md:9: https://x.example/ — broken: 404 Not Found — fix it" in text
    assert "z.example" not in text  # links that work are in the JSON only
    assert text.endswith("Exit code 1 (broken links).")


def test_exit_codes() -> None:
    assert _report().exit_code == 1
    assert Report("external", [Finding("a", 1, "u", OK, "200 OK")]).exit_code == 0
    assert Report("external", errors=["no network"]).exit_code == 2


def test_json_and_markdown_and_annotations(tmp_path: Path) -> None:
    report = _report()
    write_json(report, tmp_path / "out" / "report.json")
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["exit_code"] == 1 and data["summary"]["broken"] == 1 and len(data["findings"]) == 4
    markdown = to_markdown(report)
    assert "### Broken links: fix these (1)" in markdown and "| `docs/b.md:9` |" in markdown
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "b.md").write_text("x")
    assert github_annotations(report, tmp_path) == [
        "::error file=docs/b.md,line=9,title=Link broken::https://x.example/ — broken: 404 Not Found — fix it"
    ]


def test_site_config_reads_env_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        'site_url: !ENV [SITE_URL, "https://a.example/guide/"]\n'
        'repo_url: !ENV [REPO_URL, "https://github.com/a/b/"]\nsite_name: x\n'
    )
    monkeypatch.setenv("REPO_URL", "https://github.com/c/d")
    loaded = load_site_config(config)
    assert (loaded.site_url, loaded.repo_url, loaded.site_path) == (
        "https://a.example/guide/",
        "https://github.com/c/d",
        "/guide/",
    )


def test_pages_map_to_their_sources(tmp_path: Path) -> None:
    for name in ("index.md", "plan/index.md", "plan/audience.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert source_of("plan/audience/index.html", tmp_path) == "plan/audience.md"
    assert source_of("plan/index.html", tmp_path) == "plan/index.md"
    assert source_of("index.html", tmp_path) == "index.md"
    assert source_of("404.html", tmp_path) is None


@pytest.mark.parametrize(
    ("code", "text", "category"),
    [
        (404, "Rejected status code: 404 Not Found", BROKEN),
        (500, "Rejected status code: 500", BROKEN),
        (401, "401", CHECK),
        (403, "403", CHECK),
        (429, "429", CHECK),
        (None, "Cannot find fragment", CHECK),
        (None, "Network error: connection refused", BROKEN),
    ],
)
def test_lychee_results_are_classified(code, text, category) -> None:
    assert classify(Result("a.md", 1, "https://a.example/", "error", code, text))[0] == category


def test_a_timeout_is_never_a_pass() -> None:
    result = Result("a.md", 1, "https://a.example/", "timeout", None, "Timeout")
    assert classify(result)[0] == BROKEN


def test_ignore_patterns_become_lychee_excludes(tmp_path: Path) -> None:
    (tmp_path / "i.yml").write_text(
        "- pattern: https://a.example/members/*\n  reason: r\n- pattern: https://b.example/x\n  reason: r\n"
    )
    rules, _ = load_ignore(tmp_path / "i.yml")
    patterns = [re.compile(exclude_pattern(rule)) for rule in rules]
    assert patterns[0].match("https://a.example/members/page")
    assert patterns[1].match("https://b.example/x#part") and not patterns[1].match(
        "https://b.example/xy"
    )
