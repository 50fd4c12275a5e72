"""Issue 19: no personal data, messages that say what is really wrong, blame on the new
file, annotations that cannot be hijacked, and an issue form that cannot inject."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from guide.cli.everything import FullReport, format_github, format_summary
from guide.cli.from_issue import answers_from, parse_form, parse_source, read_issue
from guide.cli.scaffold import render
from guide.content.check import check_docs
from guide.problems import Problem
from test_check import GOOD, _messages

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        (
            "contact",
            "jane.smith@defra.gov.uk",
            "'jane.smith@defra.gov.uk' looks like a person's email",
        ),
        ("contact", "Ask j.smith2@cabinetoffice.gov.uk", "looks like a person's email"),
        ("owner", "jsmith@example.gov.uk", "looks like a person's email"),
        ("contact", "Call 020 7946 0000", "'020 7946 0000' looks like a phone number"),
        ("owner", "+44 7700 900123", "looks like a phone number"),
    ],
)
def test_personal_data_is_an_error(tmp_path: Path, field: str, value: str, why: str) -> None:
    text = GOOD.replace(f"{field}: ", f"{field}: '{value}' #", 1)
    found = [m for m in _messages(tmp_path, {"case-studies/x.md": text}) if f": {field}: " in m]
    assert len(found) == 1, found
    assert why in found[0] and "shared mailbox" in found[0] and "never a person's" in found[0]


@pytest.mark.parametrize(
    "value", ["Digital engagement team", "digital.engagement@defra.gov.uk", "enquiries@ons.gov.uk"]
)
def test_teams_roles_and_shared_mailboxes_pass(tmp_path: Path, value: str) -> None:
    text = GOOD.replace("contact: Digital engagement team", f"contact: {value}")
    assert _messages(tmp_path, {"case-studies/x.md": text}) == []


def test_a_guide_page_owner_is_not_a_person(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Plan\ndescription: Plan.\nowner: jane.smith@defra.gov.uk\n"
        "last_reviewed: 2026-11-01\nreview_in: 6 months\n---\n\nText.\n"
    )
    [message] = _messages(tmp_path, {"plan/index.md": page})
    assert message.startswith("docs/plan/index.md:4: owner: 'jane.smith@defra.gov.uk' looks like")


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        (
            "summary: A team tried something and learned from it.",
            "summary: “A team: tried something”",
            ":3: front matter:",
            "curly quotes (“)",
        ),
        ("    url:", "     url:", ":17: front matter:", "indented further in than the line above"),
        ("    url:", "   url:", ":17: front matter:", "indented less far in than the line above"),
        ("  - webchats", "\t- webchats", ":7: front matter:", "does not allow tab characters"),
        (
            "summary: A team tried something and learned from it.",
            "summary: A team: tried",
            ":3: front matter:",
            "must be wrapped in straight quotes",
        ),
        (
            "contact: Digital engagement team",
            "contact: ‘Digital engagement team’",
            ":14: contact:",
            "is wrapped in curly quotes",
        ),
    ],
)
def test_each_yaml_mistake_gets_its_own_message(
    tmp_path: Path, old: str, new: str, where: str, words: str
) -> None:
    assert old in GOOD
    [message] = _messages(tmp_path, {"case-studies/x.md": GOOD.replace(old, new, 1)})
    assert message.startswith("docs/case-studies/x.md" + where), message
    assert words in message


def test_template_words_fail_only_a_published_page(tmp_path: Path) -> None:
    text = GOOD.replace("contact: Digital engagement team", "contact: Name of a team or role")
    [message] = _messages(tmp_path, {"case-studies/x.md": text})
    assert message.startswith("docs/case-studies/x.md:14: contact: still has the template's words")
    draft = text.replace("status: published", "status: draft")
    assert _messages(tmp_path / "draft", {"case-studies/x.md": draft}) == []


def _check(tmp_path: Path, files: dict[str, str], added: set[str], today: date = TODAY):
    docs = tmp_path / "docs"
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    found = check_docs(docs, today=today, root=tmp_path, added={Path(p) for p in added})
    return [str(p) for p in found.problems]


def test_a_duplicate_is_blamed_on_the_file_the_change_adds(tmp_path: Path) -> None:
    files = {"case-studies/aaa-new.md": GOOD, "case-studies/zzz-published.md": GOOD}
    [message] = _check(tmp_path, files, {"docs/case-studies/aaa-new.md"})
    assert message.startswith("docs/case-studies/aaa-new.md:2: title:")
    assert "already used by docs/case-studies/zzz-published.md" in message


def test_a_new_page_may_not_arrive_overdue(tmp_path: Path) -> None:
    old = GOOD.replace("last_reviewed: 2026-11-01", "last_reviewed: 2024-11-01")
    files = {"case-studies/old.md": old}
    assert _check(tmp_path / "a", files, set()) == []  # already there: guide review's job
    [message] = _check(tmp_path / "b", files, {"docs/case-studies/old.md"})
    assert message.startswith("docs/case-studies/old.md:19: last_reviewed: 2024-11-01 means")
    assert (
        "would go live marked overdue — check the facts, then set 'last_reviewed: 2026-11-23'"
        in message
    )


def test_annotations_escape_everything_from_a_page() -> None:
    report = FullReport(
        errors=[Problem(Path("docs/a,b:c.md"), 3, "title", "bad\n::set-env name=X::1", "fix %0A")]
    )
    [line] = format_github(report).splitlines()
    assert line.startswith("::error file=docs/a%2Cb%3Ac.md,line=3,title=title::")
    assert "\n" not in line and "%0A::set-env" in line and "fix %250A" in line


def test_the_summary_shows_page_text_as_text() -> None:
    report = FullReport(errors=[Problem(Path("docs/a.md"), 1, "title", "~~~\n<img src=x>", "")])
    summary = format_summary(report)
    fence = summary.split("\n")[4]
    assert fence.startswith("~~~~") and summary.count(fence.removesuffix("text")) == 2


HOSTILE = """\
### Title

<img src=x onerror=alert(1)> A title

### Summary

A summary.

### What happened

### Not a real heading
--8<-- "../../mkdocs.yml"
<script>alert(1)</script>
{: onclick="alert(1)" }
!!! note

### Channels

Webchats, Carrier pigeons

### Sources

https://www.gov.uk/x
"""


def test_the_issue_form_cannot_inject(tmp_path: Path) -> None:
    answers = answers_from(read_issue(_write(tmp_path / "body.md", HOSTILE)))
    text = render(answers, TODAY)
    body = text.split("\n---\n", 1)[1]
    assert "<script" not in body and "<img" not in body
    assert "\n--8<--" not in body and "\n{:" not in body and "\n!!!" not in body
    assert answers.channels == ["webchats", "Carrier pigeons"]  # kept, so the check names it
    assert answers.sources == [{"title": "https://www.gov.uk/x", "url": "https://www.gov.uk/x"}]


def test_the_issue_body_is_read_from_the_event_payload(tmp_path: Path) -> None:
    import json

    event = {"issue": {"title": "Case study: From the title", "body": "### Summary\n\nWords."}}
    suggestion = read_issue(_write(tmp_path / "event.json", json.dumps(event)))
    assert suggestion.answers == {"summary": "Words."}
    assert answers_from(suggestion).title == "From the title"


def test_form_sections_and_missing_answers() -> None:
    body = "### Title\n\nT\n\n### What is not known\n\n_No response_\n\n### Contact\n\nTeam\n"
    assert parse_form(body) == {"title": "T", "contact": "Team"}
    assert parse_source("Report (Defra, 2013) https://www.gov.uk/r.") == {
        "title": "Report (Defra, 2013)",
        "url": "https://www.gov.uk/r",
    }


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
