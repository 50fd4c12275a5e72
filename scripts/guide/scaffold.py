"""`guide new case-study`: write a new case study that passes the checks at once.

Every field comes from a flag or, when missing, from a prompt (stdin, so it
works in a terminal and in tests). The page is validated with the same schema
as `guide check` before anything is written, and an existing file is never
overwritten.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import yaml

from guide.check import slugify
from guide.pages import load_page
from guide.schema import (
    SUMMARY_LIMIT,
    check_case_study_body,
    check_case_study_meta,
    did_you_mean,
    parse_year_period,
)
from guide.vocabulary import CASE_STUDY_HEADINGS, CHANNELS, EVIDENCE, REGIONS, THEMES

PROMPTS = {
    "Summary": "Say in two or three sentences what the team did and what happened.",
    "Context": "Describe the team, the policy area and what they wanted to achieve.",
    "What they did": "Describe the channels they used and how they ran the engagement.",
    "What happened": "Describe the results, with sources.",
    "What is not known": "List what the sources do not tell us: dates, figures, outcomes. Never guess.",
    "What they learned": "Describe what worked, what did not and why.",
    "Advice for others": "Give two or three pieces of advice, linking the guide pages they relate to.",
    "Sources": "List every source you used, with a link where one exists.",
}


class ScaffoldError(Exception):
    """The answers cannot make a valid case study; nothing was written."""


@dataclass
class Answers:
    title: str = ""
    summary: str = ""
    organisations: list[str] | None = None
    channels: list[str] | None = None
    themes: list[str] | None = None
    period: str = ""
    evidence: str = ""
    region: str = ""
    contact: str = ""
    owner: str = ""
    source_title: str = ""
    source_url: str = ""
    status: str = "draft"


def _split(answer: str) -> list[str]:
    return [part.strip() for part in answer.split(",") if part.strip()]


def _vocab_error(values: list[str], allowed: list[str], noun: str) -> str:
    if not values:
        return f"give at least one {noun}"
    for value in values:
        if value not in allowed:
            return f"'{value}' is not a known {noun}; {did_you_mean(value, allowed)}choose from: {', '.join(allowed)}"
    return ""


def _period_error(value: str) -> str:
    return (
        "" if parse_year_period(value) else "write one year (2012) or a range of years (2011-2012)"
    )


def _summary_error(value: str) -> str:
    if not value:
        return "a summary is needed"
    return (
        f"keep it to {SUMMARY_LIMIT} characters (this is {len(value)})"
        if len(value) > SUMMARY_LIMIT
        else ""
    )


class Prompter:
    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout

    def ask(
        self, question: str, check: Callable[[str], str] | None = None, optional: bool = False
    ) -> str:
        for _ in range(3):
            self.stdout.write(f"{question}: ")
            self.stdout.flush()
            line = self.stdin.readline()
            if not line:
                raise ScaffoldError(f"no answer given for '{question}' (input ended)")
            answer = line.strip()
            error = (
                ""
                if optional and not answer
                else (check(answer) if check else ("" if answer else "an answer is needed"))
            )
            if not error:
                return answer
            self.stdout.write(f"  {error}\n")
        raise ScaffoldError(f"'{question}': {error}")


def gather(answers: Answers, prompter: Prompter | None) -> Answers:
    """Fill missing answers by asking; without a prompter, missing ones are errors."""

    def need(name: str, question: str, check: Callable[[str], str] | None = None) -> str:
        if prompter is None:
            raise ScaffoldError(f"--{name.replace('_', '-')} is required")
        return prompter.ask(question, check)

    channels, themes = list(CHANNELS), list(THEMES)
    if not answers.title:
        answers.title = need("title", "Title (for example: Buy Better Together Challenge)")
    if not answers.summary:
        answers.summary = need(
            "summary", f"Summary (at most {SUMMARY_LIMIT} characters)", _summary_error
        )
    if not answers.organisations:
        answers.organisations = _split(need("organisation", "Organisations (separate with commas)"))
    if not answers.channels:
        question = f"Channels, separated by commas ({', '.join(channels)})"
        answers.channels = _split(
            need("channel", question, lambda a: _vocab_error(_split(a), channels, "channel"))
        )
    if not answers.themes:
        question = f"Themes, separated by commas ({', '.join(themes)})"
        answers.themes = _split(
            need("theme", question, lambda a: _vocab_error(_split(a), themes, "theme"))
        )
    if not answers.period:
        answers.period = need(
            "period", "Period (a year such as 2012, or a range such as 2011-2012)", _period_error
        )
    if not answers.evidence:
        answers.evidence = need(
            "evidence",
            f"How well is it evidenced? ({', '.join(EVIDENCE)})",
            lambda a: _vocab_error([a], list(EVIDENCE), "evidence rating"),
        )
    if not answers.region:
        answers.region = need(
            "region",
            f"Where did it happen? ({', '.join(REGIONS)})",
            lambda a: _vocab_error([a], list(REGIONS), "region"),
        )
    if not answers.contact:
        answers.contact = need("contact", "Contact (a team or role, not a personal email)")
    if not answers.source_title:
        answers.source_title = need("source_title", "The main source's title")
        if prompter is not None and not answers.source_url:
            answers.source_url = prompter.ask(
                "Its web address (leave empty if it has none)", optional=True
            )
    return answers


def render(answers: Answers, today: date) -> str:
    source: dict[str, Any] = {"title": answers.source_title}
    if answers.source_url:
        source["url"] = answers.source_url
    years = parse_year_period(answers.period)
    period: Any = (
        answers.period
        if years is None
        else (years[0] if years[0] == years[1] else f"{years[0]}-{years[1]}")
    )
    meta = {
        "title": answers.title,
        "summary": answers.summary,
        "organisations": answers.organisations,
        "channels": answers.channels,
        "themes": answers.themes,
        "period": period,
        "evidence": answers.evidence,
        "region": answers.region,
        "status": answers.status,
        "contact": answers.contact,
        "sources": [source],
        "owner": answers.owner or answers.contact,
        "last_reviewed": today.isoformat(),
        "review_in": "12 months",
    }
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    body = "\n".join(
        f"## {heading}\n\n<!-- {PROMPTS[heading]} -->\n" for heading in CASE_STUDY_HEADINGS
    )
    return f"---\n{front}---\n\n{body}"


def create(answers: Answers, folder: Path, today: date, shown_root: Path | None = None) -> Path:
    """Validate, then write docs/case-studies/<slug>.md. Raises ScaffoldError, writing nothing."""
    slug = slugify(answers.title)
    if not slug:
        raise ScaffoldError("the title needs letters or numbers to make a file name from")
    target = folder / f"{slug}.md"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another title or edit that file")
    text = render(answers, today)
    draft = folder / f".{slug}.md.new"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        draft.write_text(text, encoding="utf-8")
        page, problems = load_page(draft, target)
        if page is not None:
            problems = check_case_study_meta(page, today) + check_case_study_body(page)
        if problems:
            raise ScaffoldError("\n".join(str(p) for p in problems))
        draft.replace(target)  # atomic: the page appears whole or not at all
    finally:
        draft.unlink(missing_ok=True)
    return target


def run(args: Any, docs: Path, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    answers = Answers(
        title=args.title or "",
        summary=args.summary or "",
        organisations=args.organisation,
        channels=args.channel,
        themes=args.theme,
        period=args.period or "",
        evidence=args.evidence or "",
        region=args.region or "",
        contact=args.contact or "",
        owner=args.owner or "",
        source_title=args.source_title or "",
        source_url=args.source_url or "",
        status=args.status,
    )
    try:
        gather(answers, None if args.no_input else Prompter(stdin, stdout))
        path = create(answers, docs / "case-studies", args.today or date.today())
    except ScaffoldError as exc:
        print(f"guide new case-study: nothing was written.\n{exc}", file=sys.stderr)
        return 1
    print(f"Created {path}")
    print(
        "Next: write each section, set 'status: published' when it is ready, then run 'make serve' to preview."
    )
    return 0
