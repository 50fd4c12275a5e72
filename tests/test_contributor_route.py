"""Issue 19, end to end: the template as pasted, a page from the issue form and the
contributor page's own list of messages, through the whole `guide check` in one run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

FIXTURES = ROOT / "tests" / "fixtures"
CONTRIBUTE = ROOT / "docs" / "contribute" / "index.md"
MISTAKES = ("your-case-study-title.md", "another-case-study.md", "a-third-case-study.md")
TODAY = "2026-12-07"


def _guide(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guide.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def template() -> str:
    text = CONTRIBUTE.read_text(encoding="utf-8")
    return re.search(r"```markdown\n(.*?)\n```\n", text, re.S).group(1) + "\n"


def listed_messages() -> list[str]:
    text = CONTRIBUTE.read_text(encoding="utf-8")
    block = text.split("Here are real messages from the checks.", 1)[1]
    return re.search(r"```text\n(.*?)\n```", block, re.S).group(1).splitlines()


@pytest.fixture(scope="module")
def route(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    project = copy_project(tmp_path_factory.mktemp("route") / "project")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    studies = project / "docs" / "case-studies"
    (studies / "pasted-template.md").write_text(template(), encoding="utf-8")
    for name in MISTAKES:
        shutil.copy2(FIXTURES / "contribute" / name, studies / name)
    made = _guide(
        project, "new", "case-study", "--from-issue",
        str(FIXTURES / "issues" / "suggest-a-case-study.md"), "--quick", "--today", TODAY,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    return project, _guide(project, "check", "--today", TODAY)


def _problems(result: subprocess.CompletedProcess, name: str) -> list[str]:
    """The errors (not the warnings, which do not fail the check) on one page."""
    errors = result.stdout.split("\nWarnings, for you to judge", 1)[0]
    prefix = f"docs/case-studies/{name}:"
    return [line for line in errors.splitlines() if line.startswith(prefix)]


def test_the_template_passes_as_pasted(route) -> None:
    _, result = route
    assert "markdown-md033" not in result.stdout
    assert _problems(result, "pasted-template.md") == [], result.stdout


def test_the_page_from_the_issue_form_passes(route) -> None:
    project, result = route
    name = "webchats-on-food-waste-love-food-2013-what-we-learned.md"
    assert (project / "docs" / "case-studies" / name).is_file()
    assert _problems(result, name) == [], result.stdout


def test_every_message_on_the_contributor_page_is_real(route) -> None:
    _, result = route
    listed = listed_messages()
    assert len(listed) >= 12
    real = result.stdout.splitlines()
    for line in listed:
        assert line in real, f"the contributor page lists a message the checks do not give:\n{line}"
    assert result.returncode == 1
    assert "Nothing was changed." in result.stdout


def test_every_problem_comes_in_one_run(route) -> None:
    _, result = route
    found = _problems(result, "your-case-study-title.md")
    fields = {line.split(": ", 2)[1] for line in found}
    # fields, spelling, links and images, all from one run of one command
    assert {"title", "summary", "channels", "contact", "spelling", "image", "link"} <= fields
    assert all(" — " in line for line in found), "every message says how to fix it"
