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
    flags = [f if f != "webchats" else "webchatz" for f in FLAGS]
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
        "Example service",
        "Another body",
        "",  # no more organisations
        "event-and-hashtags",  # a typo: asked again, with a suggestion
        "events-and-hashtags, blogs",
        "capability",
        "2012",
        "Strung",  # not a rating: asked again
        "strong",
        "uk",
        "Statistics team",
        "A public source",
        "",
    ]) + "\n"  # fmt: skip
    result = _guide(project, "new", "case-study", "--today", "2026-11-23", stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "did you mean 'events-and-hashtags'" in result.stdout
    text = (project / "docs" / "case-studies" / "hashtag-at-a-conference.md").read_text()
    assert "channels:\n- events-and-hashtags\n- blogs" in text
    assert "organisations:\n- Example service\n- Another body" in text
    assert "evidence: strong" in text and "last_reviewed: '2026-11-23'" in text


def test_wrong_answers_suggestions_and_a_comma_in_a_name(tmp_path: Path) -> None:
    """Issue 19: only the wrong field is asked again; every earlier answer is kept."""
    project = copy_project(tmp_path / "project")
    answers = "\n".join([
        "Buy Better Together Challenge",  # taken by a published case study: asked again
        "Food waste webchats",
        "x" * 301,  # too long: asked again
        "A team ran webchats on food waste.",
        "Department for Environment, Food & Rural Affairs",  # one organisation, comma and all
        "WRAP",
        "",
        "social media, Webchat",  # natural spellings, accepted
        "partnershp",  # a typo: the suggestion is offered ...
        "y",  # ... and taken
        "March 2012",  # not a period: asked again
        "2012-2013",
        "adequte",
        "yes",
        "UK",
        "jane.smith@defra.gov.uk",  # a person: refused
        "07700 900123",  # a phone number: refused
        "Digital engagement team",
        "Webchat transcripts (Defra, 2013)",
        "www.gov.uk/government/news/webchats",  # no https:// ...
        "",  # ... added when confirmed
    ]) + "\n"  # fmt: skip
    result = _guide(project, "new", "case-study", "--today", "2026-11-23", stdin=answers)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "already exists (buy-better-together-challenge.md)" in out
    assert "keep it to 300 characters (this is 301)" in out
    assert "did you mean 'partnership'?" in out and "Type y to take 'partnership'" in out
    assert "'jane.smith@defra.gov.uk' looks like a person's email address" in out
    assert "'07700 900123' looks like a phone number" in out
    assert "Use https://www.gov.uk/government/news/webchats?" in out
    # Each question is asked once per wrong answer, and the others only once.
    assert out.count("Summary (at most") == 2
    assert out.count("Organisation, one per answer") == 3
    assert out.count("Where did it happen?") == 1
    text = (project / "docs" / "case-studies" / "food-waste-webchats.md").read_text()
    assert "organisations:\n- Department for Environment, Food & Rural Affairs\n- WRAP\n" in text
    assert "channels:\n- social-media\n- webchats\n" in text
    assert "themes:\n- partnership\n" in text
    assert "period: 2012-2013" in text and "evidence: adequate" in text and "region: uk" in text
    assert "contact: Digital engagement team" in text and "owner: Digital engagement team" in text
    assert "url: https://www.gov.uk/government/news/webchats" in text
    assert "last_reviewed: '2026-11-23'" in text and "status: draft" in text


def test_the_scaffolded_page_passes_guide_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    flags = [f if f != "webchats" else "Webchat" for f in FLAGS]
    assert _guide(project, "new", "case-study", "--no-input", *flags).returncode == 0
    result = _guide(project, "check", "--quick")
    assert result.returncode == 0, result.stdout


def test_prompter_asks_again_until_the_answer_is_right() -> None:
    from guide.cli.scaffold import Prompter, ScaffoldError

    out = io.StringIO()
    prompter = Prompter(io.StringIO("x\ny\nz\nw\n2012\n"), out)
    assert prompter.ask("Period", lambda a: "" if a == "2012" else "write a year") == "2012"
    assert out.getvalue().count("write a year") == 4
    try:
        Prompter(io.StringIO("x\n"), io.StringIO()).ask("Period", lambda a: "write a year")
    except ScaffoldError as exc:
        assert "input ended" in str(exc)
    else:
        raise AssertionError("expected ScaffoldError when input ends")
