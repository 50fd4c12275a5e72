"""`guide prose`: one fixture per rule, each finding as `path:line: rule (severity): ... — ...`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from guide.prose import spelling
from guide.prose.findings import ERROR, WARNING
from guide.prose.runner import check_prose

TODAY = date(2026, 11, 23)
LINT_CONFIG = ROOT / ".pymarkdown.yml"
FRONT = """\
---
title: A test page
description: A page for the prose checks.
owner: Guide editors
last_reviewed: 2026-11-01
review_in: 6 months
---

"""
BODY_LINE = FRONT.count("\n") + 1  # the first body line of a fixture
CLEAN = "This page helps you plan a webchat. Keep each answer short and friendly.\n"
needs_hunspell = pytest.mark.skipif(
    bool(spelling.hunspell_missing()), reason="Hunspell with en_GB is not installed"
)


def _check(tmp_path: Path, body: str, front: str = FRONT, lint: bool = False, **kwargs):
    docs = tmp_path / "docs"
    page = docs / "plan" / "page.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(front + body, encoding="utf-8")
    return check_prose(
        docs,
        root=tmp_path,
        today=TODAY,
        markdown_lint=lint,
        lint_config=LINT_CONFIG,
        **kwargs,
    )


def _lines(report) -> list[str]:
    return [str(f) for f in report.findings]


def test_a_clean_page_has_no_findings(tmp_path: Path) -> None:
    report = _check(tmp_path, CLEAN, lint=True)
    assert _lines(report) == []
    assert not report.failed


# name: (body, rule, severity, words in the message or suggestion)
RULES = {
    "codespell misspelling": (
        "We recieve feedback.\n",
        "spelling",
        ERROR,
        "did you mean 'receive'",
    ),
    "American spelling": (
        "Tell the organization what changed.\n",
        "spelling",
        ERROR,
        "use the British spelling 'organisation'",
    ),
    "vague link text": ("Read the advice [here](other.md).\n", "link-text", ERROR, "'here'"),
    "click here": ("To apply, click here and fill in the form.\n", "link-text", ERROR, "click"),
    "HTML link text": ('Read <a href="other.md">more</a>.\n', "link-text", ERROR, "'more'"),
    "leverage": ("We will leverage our networks.\n", "words-to-avoid", WARNING, "'leverage'"),
    "going forward": ("Going forward, we post daily.\n", "words-to-avoid", WARNING, "from now on"),
    "deliver for abstract things": (
        "The team will deliver improvements.\n",
        "words-to-avoid",
        WARNING,
        "pizzas, post and services",
    ),
    "long sentence": (
        " ".join(["word"] * 31) + ".\n",
        "long-sentence",
        WARNING,
        "31 words",
    ),
    "long paragraph": (
        "One idea. Two ideas. Three ideas. Four ideas. Five ideas. Six ideas.\n",
        "long-paragraph",
        WARNING,
        "6 sentences",
    ),
    "heading not in sentence case": (
        "## Plan Your Webchat\n\nText.\n",
        "heading-case",
        WARNING,
        "'Plan your webchat'",
    ),
}


@pytest.mark.parametrize("name", RULES)
def test_each_rule_reports_the_file_line_and_a_suggestion(tmp_path: Path, name: str) -> None:
    body, rule, severity, words = RULES[name]
    report = _check(tmp_path, body)
    where = f"docs/plan/page.md:{BODY_LINE}: {rule} ({severity}): "
    matching = [line for line in _lines(report) if line.startswith(where)]
    assert matching, f"expected '{where}…', got:\n" + "\n".join(_lines(report))
    assert any(words in line for line in matching), matching
    assert all(" — " in line for line in matching), "every finding says what to do"
    assert report.failed is (severity == ERROR)


@needs_hunspell
def test_unknown_word_is_checked_with_hunspell_en_gb(tmp_path: Path) -> None:
    report = _check(tmp_path, "The zorbleflax is ready. Colour and organise are fine.\n")
    [line] = _lines(report)
    assert line.startswith(
        f"docs/plan/page.md:{BODY_LINE}: spelling (error): 'zorbleflax' is not in the en-GB "
        "dictionary — "
    )
    assert line.endswith("if it is right, add it to docs/_data/words.txt")


@needs_hunspell
def test_word_list_proper_nouns_and_abbreviations_are_known(tmp_path: Path) -> None:
    snippets = tmp_path / "docs" / "_snippets"
    snippets.mkdir(parents=True)
    (snippets / "abbreviations.md").write_text("*[ZQX]: Zorbleflax Quality Exchange\n")
    body = (
        "Run a webchat with the playbook. The ZQX and the Zorbleflax Quality Exchange agree.\n\n"
        "## Learn from the Buy Better Together Challenge\n\n"
        "## Keep to the Civil Service Code on GOV.UK\n\n"
        "## Meet the Zorbleflax Quality Exchange\n"
    )
    assert _lines(_check(tmp_path, body)) == []


def test_code_addresses_handles_and_citations_are_not_prose(tmp_path: Path) -> None:
    body = (
        "Set `recieve: true` and read [the guide](https://example.org/recieve-organization).\n\n"
        "Follow @recieveorg and #OrganizationDay on recieve.example.org today.\n\n"
        "```yaml\nrecieve: organization\n```\n\n"
        "<!-- recieve the organization -->\n\n"
        "## Further reading\n\n"
        "- [Organization of teams](https://example.org) — a report.\n"
    )
    assert [line for line in _lines(_check(tmp_path, body)) if "spelling" in line] == []


def test_numbered_headings_and_abbreviations_are_sentence_case(tmp_path: Path) -> None:
    body = "## 1. Start with a real purpose\n\n## Use the GDS playbook: Why it helps\n"
    assert [line for line in _lines(_check(tmp_path, body)) if "heading-case" in line] == []


def test_page_title_is_checked_as_a_heading(tmp_path: Path) -> None:
    front = FRONT.replace("title: A test page", "title: A Test Page")
    lines = _lines(_check(tmp_path, CLEAN, front=front))
    assert any(line.startswith("docs/plan/page.md:2: heading-case (warning):") for line in lines)


def test_readability_is_reported_with_the_grade(tmp_path: Path) -> None:
    hard = (
        "Institutional accountability considerations necessitate comprehensive organisational "
        "documentation. Interdepartmental communication requires considerable administrative "
        "coordination.\n"
    )
    report = _check(tmp_path, hard)
    grade = report.grades[Path("docs/plan/page.md")]
    assert grade > 9
    assert f"docs/plan/page.md:1: readability (warning): Flesch–Kincaid grade {grade:.1f}" in (
        "\n".join(_lines(report))
    )
    easy = _check(tmp_path / "easy", CLEAN)
    assert easy.grades[Path("docs/plan/page.md")] < 9
    assert not [line for line in _lines(easy) if "readability" in line]


METADATA = {
    "missing owner": ("owner: Guide editors\n", "", ":1: metadata (error): owner: is missing"),
    "missing last_reviewed": (
        "last_reviewed: 2026-11-01\n",
        "",
        ":1: metadata (error): last_reviewed: is missing",
    ),
    "bad date": ("2026-11-01", "2026-02-30", ":5: metadata (error): last_reviewed: '2026-02-30'"),
    "missing review_in": (
        "review_in: 6 months\n",
        "",
        ":1: metadata (error): review_in: is missing",
    ),
}


@pytest.mark.parametrize("name", METADATA)
def test_missing_or_malformed_metadata_is_a_hard_rule(tmp_path: Path, name: str) -> None:
    old, new, where = METADATA[name]
    report = _check(tmp_path, CLEAN, front=FRONT.replace(old, new, 1))
    assert report.failed
    assert any(line.startswith("docs/plan/page.md" + where) for line in _lines(report)), _lines(
        report
    )


EXTENSIONS = """\
Some text with an abbreviation, GSS.

!!! tip "A tip"
    Directly indented body.

!!! note "A note with a blank line"

    The body after a blank line.

??? example "Something to open"

    Hidden text.

=== "First tab"

    Text in the first tab.

=== "Second tab"

    ```text
    code in a tab
    ```

Term
:   Definition of the term.

| Field | Meaning |
| --- | --- |
| `organisations` | `  - Co-operatives UK` |

- [ ] A task
- [x] A done task

<div class="grid" markdown>

Markdown inside HTML.

</div>

<figure markdown="span">
  ![A chart of posts per day](chart.png)
  <figcaption>Posts per day</figcaption>
</figure>

[A link with attributes](other.md){ data-value="x" }

A footnote reference[^1].

[^1]: The footnote.

*"Going it alone", a blog post, about 2012 (no public address known)*

```text
fenced
```

*[GSS]: Government Statistical Service
"""


def test_markdown_lint_accepts_the_extensions_the_site_uses(tmp_path: Path) -> None:
    report = _check(tmp_path, EXTENSIONS, lint=True)
    assert [line for line in _lines(report) if "markdown-" in line] == []


def test_markdown_lint_reports_real_problems(tmp_path: Path) -> None:
    body = "## A heading\nText straight under it.\n\n\n\nToo many blank lines.\n"
    lines = _lines(_check(tmp_path, body, lint=True))
    assert f"docs/plan/page.md:{BODY_LINE}: markdown-md022 (error): " in "\n".join(lines)
    assert any(": markdown-md012 (error): " in line for line in lines), lines


def test_hunspell_missing_is_a_warning_locally_and_a_failure_on_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("CI", raising=False)
    report = _check(tmp_path, CLEAN)
    assert not report.failed
    assert report.notes and report.notes[0].startswith("warning: Hunspell is not installed")
    monkeypatch.setenv("CI", "true")
    report = _check(tmp_path / "ci", CLEAN)
    assert report.failed and report.notes[0].startswith("error: Hunspell is not installed")


def _guide(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guide.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_cli_exits_1_on_errors_and_0_on_warnings_only(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copy2(LINT_CONFIG, project / ".pymarkdown.yml")
    (project / "mkdocs.yml").write_text("site_name: Test\n")
    page = project / "docs" / "page.md"
    page.write_text(FRONT + "Going forward, we post daily.\n")
    result = _guide("prose", cwd=project)
    assert result.returncode == 0, result.stdout
    assert "page.md:9: words-to-avoid (warning):" in result.stdout
    page.write_text(FRONT + "We recieve feedback.\n")
    result = _guide("prose", "--format", "json", cwd=project)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["failed"] and data["errors"] == 1
    assert data["findings"][0]["rule"] == "spelling" and data["findings"][0]["line"] == 9
    assert "docs/page.md" in data["grades"]
