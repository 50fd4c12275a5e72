"""`guide new case-study`: flags, prompts, no overwrite, and a page that builds at once."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from conftest import copy_project, mkdocs_build

FLAGS = [
    "--title", "Open data webchat: a test",
    "--summary", "A team answered questions live.",
    "--organisation", "Example department",
    "--organisation", "Partner charity",
    "--channel", "webchats",
    "--channel", "microsites",
    "--theme", "continuity",
    "--period", "2011-2012",
    "--evidence", "adequate",
    "--region", "uk",
    "--contact", "Digital engagement team",
    "--source-title", "A public source",
]  # fmt: skip


def _guide(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guide.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_non_interactive_page_builds_strictly(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = _guide(project, "new", "case-study", "--no-input", *FLAGS)
    assert result.returncode == 0, result.stderr
    page = project / "docs" / "case-studies" / "open-data-webchat-a-test.md"
    text = page.read_text()
    assert "organisations:\n- Example department\n- Partner charity" in text
    assert "period: 2011-2012" in text and "status: draft" in text
    for heading in (
        "Summary",
        "Context",
        "What they did",
        "What happened",
        "What is not known",
        "What they learned",
        "Advice for others",
        "Sources",
    ):
        assert f"\n## {heading}\n" in text
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    assert (
        tmp_path / "site" / "case-studies" / "open-data-webchat-a-test" / "index.html"
    ).is_file()


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert _guide(project, "new", "case-study", "--no-input", *FLAGS).returncode == 0
    page = project / "docs" / "case-studies" / "open-data-webchat-a-test.md"
    page.write_text(page.read_text() + "\nMy own words.\n")
    again = _guide(project, "new", "case-study", "--no-input", *FLAGS)
    assert again.returncode == 1
    assert "already exists" in again.stderr and "nothing was written" in again.stderr
    assert page.read_text().endswith("My own words.\n")


def test_bad_flags_write_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = sorted((project / "docs" / "case-studies").iterdir())
    flags = [f if f != "webchats" else "webchat" for f in FLAGS]
    result = _guide(project, "new", "case-study", "--no-input", *flags)
    assert result.returncode == 1
    assert "did you mean 'webchats'" in result.stderr
    assert sorted((project / "docs" / "case-studies").iterdir()) == before


def test_missing_flag_without_input_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = _guide(project, "new", "case-study", "--no-input", "--title", "Only a title")
    assert result.returncode == 1
    assert "--summary is required" in result.stderr


def test_interactive_prompts_through_stdin(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    answers = "\n".join([
        "Hashtag at a conference",
        "A statistician ran a blog and a hashtag.",
        "Example service, Another body",
        "event-and-hashtags",  # a typo: asked again
        "events-and-hashtags, blogs",
        "capability",
        "2012",
        "Strong",  # not a rating as written: asked again
        "strong",
        "uk",
        "Statistics team",
        "A public source",
        "",
    ]) + "\n"  # fmt: skip
    result = _guide(project, "new", "case-study", stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "did you mean 'events-and-hashtags'" in result.stdout
    text = (project / "docs" / "case-studies" / "hashtag-at-a-conference.md").read_text()
    assert "channels:\n- events-and-hashtags\n- blogs" in text
    assert "organisations:\n- Example service\n- Another body" in text


def test_prompter_gives_up_after_three_bad_answers() -> None:
    from guide.scaffold import Prompter, ScaffoldError

    prompter = Prompter(io.StringIO("x\ny\nz\n"), io.StringIO())
    try:
        prompter.ask("Period", lambda a: "write a year")
    except ScaffoldError as exc:
        assert "write a year" in str(exc)
    else:
        raise AssertionError("expected ScaffoldError")
