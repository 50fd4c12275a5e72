"""`guide new case-study --from-issue FILE`: a draft page from the "Suggest a case study" form.

GitHub writes a form's answers into the issue body as '### Label' sections, with
'_No response_' for an empty answer. Everything in it is untrusted: the answers
become YAML values through yaml.safe_dump (and are escaped again wherever the
site shows them), and text for the page body has its raw HTML, headings,
attribute lists and snippet lines made into plain text. The page is written as a
draft and checked with the same checks as `guide check`; the results can be
written as Markdown for a comment on the issue.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from guide.addresses import slugify
from guide.cli.scaffold import Answers, choose, render
from guide.content.vocabulary import CHANNELS, EVIDENCE, REGIONS, THEMES

# Form label -> field, in the form's order (.github/ISSUE_TEMPLATE/suggest-a-case-study.yml).
LABELS = {
    "Title": "title",
    "Summary": "summary",
    "What happened": "what_happened",
    "Organisations": "organisations",
    "Channels": "channels",
    "Themes": "themes",
    "Period": "period",
    "How strong is the evidence": "evidence",
    "Where it happened": "region",
    "Sources": "sources",
    "What is not known": "not_known",
    "What they learned": "learned",
    "Contact": "contact",
    "Before you submit": "confirm",
}
NO_RESPONSE = "_No response_"
BODY_LIMIT = 65536
_URL = re.compile(r"<?((?:https?://|www\.)[^\s<>]+?)>?(?=[\s)\].,;]*$|[\s)\]])")
_MD_LINK = re.compile(r"^\[([^\]]+)\]\((\S+?)\)")


@dataclass
class Suggestion:
    answers: dict[str, str] = field(default_factory=dict)
    issue_title: str = ""


def read_issue(path: Path) -> Suggestion:
    """The form's answers from a body file, or from a GitHub event payload (JSON)."""
    text = path.read_text(encoding="utf-8", errors="replace")[: BODY_LIMIT * 4]
    title = ""
    if text.lstrip().startswith("{"):
        try:
            event = json.loads(text)
        except json.JSONDecodeError:
            event = None
        if isinstance(event, dict) and isinstance(event.get("issue"), dict):
            text = str(event["issue"].get("body") or "")
            title = str(event["issue"].get("title") or "")
    return Suggestion(parse_form(text[:BODY_LIMIT]), title)


def parse_form(body: str) -> dict[str, str]:
    """Label -> answer. A '### ' line is a new section only if it is a label still to come,
    so an answer that has its own '### heading' stays whole."""
    labels = list(LABELS)
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.replace("\r\n", "\n").split("\n"):
        heading = re.match(r"^###\s+(.+?)\s*$", line)
        if heading and heading.group(1) in labels:
            current = heading.group(1)
            labels = labels[labels.index(current) + 1 :]
            found[current] = []
        elif current is not None:
            found[current].append(line)
    answers = {}
    for label, lines in found.items():
        value = "\n".join(lines).strip()
        if value and value != NO_RESPONSE:
            answers[LABELS[label]] = value
    return answers


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _plain_markdown(text: str) -> str:
    """Answer text for the page body: Markdown emphasis and links stay; what could change
    the page's structure or run (HTML, headings, attribute lists, snippets) does not."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = re.sub(r"<(?=[A-Za-z/!?])", "&#60;", line)  # no raw HTML: shown as text
        line = line.replace("{", "\\{").replace("}", "\\}")
        line = re.sub(
            r"^(\s*)(#{1,6})(\s|$)", lambda m: m.group(1) + "\\" + m.group(2) + m.group(3), line
        )
        line = re.sub(r"^(\s*)(;*-+8<-+)", r"\1\\\2", line)
        line = re.sub(r"^(\s*)(!!!|\?\?\?|===)", r"\1\\\2", line)
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _items(text: str) -> list[str]:
    items = []
    for line in text.split("\n"):
        item = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip()
        if item:
            items.append(item)
    return items


def parse_source(line: str) -> dict[str, str]:
    """'Title https://…', '[Title](https://…)', 'https://…' or a title alone."""
    link = _MD_LINK.match(line)
    if link:
        title, url = link.group(1), link.group(2)
    else:
        found = _URL.search(line)
        url = found.group(1) if found else ""
        title = (line[: found.start()] + line[found.end() :]) if found else line
    url = url.rstrip(".,;")
    if url.startswith("www."):
        url = f"https://{url}"
    title = _one_line(title).strip(" -–—:|,;.") or url
    if title.count("(") > title.count(")"):
        title += ")"
    return {"title": title, "url": url} if url else {"title": title}


def _choices(text: str, allowed: dict[str, Any], noun: str) -> list[str]:
    """Dropdown labels (or typed names) -> slugs; an unknown one is kept as written, so the
    check names it."""
    chosen = []
    for part in re.split(r",\s*|\n", text):
        part = re.sub(r"^\s*(?:[-*+])\s+", "", part).strip()
        if part:
            verdict = choose(part, allowed, noun)
            chosen.append(verdict.value or part)
    return list(dict.fromkeys(chosen))


def answers_from(suggestion: Suggestion) -> Answers:
    got = suggestion.answers
    title = _one_line(got.get("title", ""))
    if not title:
        title = _one_line(re.sub(r"^\s*case study\s*:\s*", "", suggestion.issue_title, flags=re.I))
    sources = [parse_source(line) for line in _items(got.get("sources", ""))]
    sections = {
        "Summary": _plain_markdown(got.get("summary", "")),
        "What happened": _plain_markdown(got.get("what_happened", "")),
        "What is not known": _plain_markdown(got.get("not_known", "")),
        "What they learned": _plain_markdown(got.get("learned", "")),
        "Sources": "\n".join(
            f"- {_plain_markdown(s['title'])}" + (f" <{s['url']}>" if s.get("url") else "")
            for s in sources
        ),
    }
    evidence = choose(got.get("evidence", ""), EVIDENCE, "evidence rating")
    region = choose(got.get("region", ""), REGIONS, "region")
    contact = _one_line(got.get("contact", ""))
    return Answers(
        title=title,
        summary=_one_line(got.get("summary", "")),
        organisations=_items(got.get("organisations", "")),
        channels=_choices(got.get("channels", ""), CHANNELS, "channel"),
        themes=_choices(got.get("themes", ""), THEMES, "theme"),
        period=_one_line(got.get("period", "")),
        evidence=evidence.value or _one_line(got.get("evidence", "")),
        region=region.value or _one_line(got.get("region", "")),
        contact=contact,
        owner=contact,
        sources=sources,
        status="draft",
        sections=sections,
    )


def _comment(path: Path | None, problems: list, notes: list[str], issue_error: str = "") -> str:
    from guide.cli.everything import _fenced

    if path is None:
        return "\n".join(
            [
                "I could not make a case-study page from this issue:",
                "",
                *_fenced([issue_error]),
                "",
                "Edit the issue to fix this, then a maintainer can add the label again.",
            ]
        )
    out = [f"I made a draft page from this issue: `{path.as_posix()}`.", ""]
    if problems:
        out += [
            f"The checks found {len(problems)} problem{'s' * (len(problems) != 1)}. "
            "Each line says where, what is wrong and how to fix it:",
            "",
            *_fenced([str(p) for p in problems]),
            "",
            "They can be fixed in the pull request.",
        ]
    else:
        out.append("It passes every check. A reviewer will now read it against the sources.")
    if notes:
        out += ["", "Not checked:", "", *_fenced(notes)]
    return "\n".join(out) + "\n"


def run(args: Any, docs: Path) -> int:
    from guide.cli.everything import check_everything

    suggestion = read_issue(Path(args.from_issue))
    answers = answers_from(suggestion)
    report_file = Path(args.report) if getattr(args, "report", None) else None
    slug = slugify(answers.title)
    folder = docs / "case-studies"
    target = folder / f"{slug}.md"
    error = ""
    if not slug:
        error = "the issue has no title to make the page's file name from — fill in 'Title'"
    elif target.exists() or target.is_symlink():
        error = f"{target.name} already exists — give the case study its own title"
    if error:
        print(f"guide new case-study: nothing was written.\n{error}", file=sys.stderr)
        if report_file:
            report_file.write_text(_comment(None, [], [], error), encoding="utf-8")
        return 2
    today = args.today or date.today()
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(render(answers, today), encoding="utf-8")
    root = Path.cwd()
    shown = (
        target.resolve().relative_to(root.resolve())
        if target.resolve().is_relative_to(root.resolve())
        else target
    )
    quick = getattr(args, "quick", False)
    report = check_everything(
        docs, root, today=today, added={shown}, prose=not quick, links=not quick
    )
    mine = [p for p in report.errors if Path(p.path) == shown]
    print(f"Created {shown} (draft) from the issue.")
    for problem in mine:
        print(problem)
    if report_file:
        report_file.write_text(_comment(shown, mine, report.notes), encoding="utf-8")
    return 1 if mine else 0
