"""`guide new case-study`: write a new case study that passes the checks at once.

Every field comes from a flag or, when missing, from a prompt (stdin, so it
works in a terminal and in tests). The page is validated with the same schema
as `guide check` before anything is written, and an existing file is never
overwritten.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import yaml

from guide.addresses import slugify
from guide.content.pages import load_page
from guide.content.people import FIX as PERSONAL_FIX
from guide.content.people import personal_data
from guide.content.schema import (
    SUMMARY_LIMIT,
    check_case_study_body,
    check_case_study_meta,
    parse_year_period,
)
from guide.content.vocabulary import CASE_STUDY_HEADINGS, CHANNELS, EVIDENCE, REGIONS, THEMES

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
    sources: list[dict[str, str]] | None = None  # several sources (from an issue form)
    sections: dict[str, str] | None = None  # text under the standard headings


def _split(answer: str) -> list[str]:
    return [part.strip() for part in answer.split(",") if part.strip()]


@dataclass(frozen=True)
class Verdict:
    """What a typed answer becomes: its value, or what is wrong and what we think was meant."""

    value: str = ""
    error: str = ""
    suggestion: str = ""


def _plain(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def choose(answer: str, allowed: dict[str, Any], noun: str) -> Verdict:
    """One value from a fixed list, accepting natural spellings: 'social media', 'Webchat'."""
    wanted = _plain(answer)
    if not wanted:
        return Verdict(error=f"give a {noun}")
    for slug, label in allowed.items():
        name = _plain(label[0] if isinstance(label, tuple) else label)
        if wanted.rstrip("s") in (slug.rstrip("s"), name.rstrip("s")) or (
            len(wanted) > 3 and name.startswith(wanted)
        ):
            return Verdict(slug)
    close = difflib.get_close_matches(wanted, list(allowed), n=1, cutoff=0.6)
    choices = ", ".join(allowed)
    if close:
        return Verdict(
            error=f"'{answer}' is not a known {noun}; did you mean '{close[0]}'? "
            f"(choose from: {choices})",
            suggestion=close[0],
        )
    return Verdict(error=f"'{answer}' is not a known {noun}; choose from: {choices}")


def choose_many(answer: str, allowed: dict[str, Any], noun: str) -> Verdict:
    """Several values, separated by commas; a wrong one is offered back corrected."""
    values = _split(answer)
    if not values:
        return Verdict(error=f"give at least one {noun}")
    verdicts = [choose(value, allowed, noun) for value in values]
    wrong = [v for v in verdicts if v.error]
    if not wrong:
        return Verdict(", ".join(dict.fromkeys(v.value for v in verdicts)))
    if all(v.suggestion for v in wrong):
        fixed = ", ".join(dict.fromkeys(v.value or v.suggestion for v in verdicts))
        return Verdict(error=wrong[0].error, suggestion=fixed)
    return Verdict(error=wrong[0].error)


def _period(value: str) -> Verdict:
    if parse_year_period(value):
        return Verdict(value)
    return Verdict(error="write one year (2012) or a range of years (2011-2012)")


def _summary(value: str) -> Verdict:
    text = " ".join(value.split())
    if not text:
        return Verdict(error="a summary is needed")
    if len(text) > SUMMARY_LIMIT:
        return Verdict(error=f"keep it to {SUMMARY_LIMIT} characters (this is {len(text)})")
    return Verdict(text)


def _team(value: str) -> Verdict:
    text = " ".join(value.split())
    if not text:
        return Verdict(error="an answer is needed: a team or role")
    why = personal_data(text)
    return Verdict(error=f"{why}; {PERSONAL_FIX}") if why else Verdict(text)


def _url(value: str) -> Verdict:
    text = value.strip()
    if not text or re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        return Verdict(text)
    if re.match(r"^[\w-]+(\.[\w-]+)+(/\S*)?$", text):
        return Verdict(error=f"'{text}' has no https:// at the start", suggestion=f"https://{text}")
    return Verdict(error="write the full web address, starting https://, or leave it empty")


def _title_check(folder: Path) -> Callable[[str], Verdict]:
    taken = existing_titles(folder)

    def check(value: str) -> Verdict:
        text = " ".join(value.split())
        if not text:
            return Verdict(error="a title is needed")
        slug = slugify(text)
        if not slug:
            return Verdict(error="the title needs letters or numbers to make a file name from")
        if slug in taken:
            return Verdict(
                error=f"a case study with this title or file name already exists "
                f"({taken[slug]}); give yours its own title"
            )
        return Verdict(text)

    return check


def existing_titles(folder: Path) -> dict[str, str]:
    """slug -> the case study that has it, by file name and by title."""
    taken: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name == "index.md" or path.is_symlink():
            continue
        taken[slugify(path.stem)] = str(path.name)
        page, _ = load_page(path)
        title = page.meta.get("title") if page is not None else None
        if isinstance(title, str):
            taken[slugify(title)] = str(path.name)
    return taken


def _required(value: str) -> Verdict:
    text = " ".join(value.split())
    return Verdict(text) if text else Verdict(error="an answer is needed")


_YES = {"y", "yes", "ok", "yep", "yeah"}


class Prompter:
    """Asks until the answer is right: only the wrong field is asked again, never the others.

    A suggestion ('did you mean ...?') is taken with 'y', 'yes' or an empty answer.
    """

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout

    def _read(self, question: str) -> str:
        self.stdout.write(f"{question}: ")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise ScaffoldError(f"no answer given for '{question}' (input ended)")
        return line.strip()

    def say(self, text: str) -> None:
        self.stdout.write(f"{text}\n")

    def ask(
        self,
        question: str,
        check: Callable[[str], Verdict | str] | None = None,
        optional: bool = False,
    ) -> str:
        suggestion = ""
        while True:
            answer = self._read(question)
            if suggestion and answer.lower() in _YES | {""}:
                answer = suggestion
            if optional and not answer:
                return ""
            verdict = _verdict(check, answer)
            if verdict.suggestion and verdict.suggestion.startswith("https://"):
                if self.confirm(f"  Use {verdict.suggestion}?"):
                    return verdict.suggestion
                continue
            if not verdict.error:
                if verdict.value != answer and verdict.value:
                    self.say(f"  Taking '{verdict.value}'.")
                return verdict.value
            suggestion = verdict.suggestion
            hint = f" Type y to take '{suggestion}', or type another answer." if suggestion else ""
            self.say(f"  {verdict.error}.{hint}".replace("..", "."))

    def confirm(self, question: str) -> bool:
        while True:
            answer = self._read(f"{question} [Y/n]").lower()
            if answer in _YES | {""}:
                return True
            if answer in {"n", "no"}:
                return False

    def ask_list(self, question: str, check: Callable[[str], Verdict]) -> list[str]:
        """One item per answer, until an empty answer (at least one is needed)."""
        found: list[str] = []
        while True:
            prompt = question if not found else f"{question} (leave empty when done)"
            answer = self.ask(prompt, check, optional=bool(found))
            if not answer:
                return found
            found.append(answer)


def _verdict(check: Callable[[str], Verdict | str] | None, answer: str) -> Verdict:
    if check is None:
        return _required(answer)
    result = check(answer)
    if isinstance(result, str):  # an older check: '' or what is wrong
        return Verdict(error=result) if result else Verdict(answer)
    return result


# field -> (question, check); lists are asked for one item at a time, or as a list.
def _questions(folder: Path) -> dict[str, tuple[str, Callable[[str], Verdict]]]:
    return {
        "title": ("Title (for example: Buy Better Together Challenge)", _title_check(folder)),
        "summary": (f"Summary (at most {SUMMARY_LIMIT} characters)", _summary),
        "organisations": ("Organisation, one per answer, in full", _required),
        "channels": (
            f"Channels, separated by commas ({', '.join(CHANNELS)})",
            lambda a: choose_many(a, CHANNELS, "channel"),
        ),
        "themes": (
            f"Themes, separated by commas ({', '.join(THEMES)})",
            lambda a: choose_many(a, THEMES, "theme"),
        ),
        "period": ("Period (a year such as 2012, or a range such as 2011-2012)", _period),
        "evidence": (
            f"How well is it evidenced? ({', '.join(EVIDENCE)})",
            lambda a: choose(a, EVIDENCE, "evidence rating"),
        ),
        "region": (
            f"Where did it happen? ({', '.join(REGIONS)})",
            lambda a: choose(a, REGIONS, "region"),
        ),
        "contact": ("Contact (a team or role, or a shared mailbox; never a person)", _team),
        "source_title": ("The main source's title", _required),
        "source_url": ("Its web address (leave empty if it has none)", _url),
    }


_LISTS = {"organisations", "channels", "themes"}


def _given(answers: Answers, name: str) -> bool:
    value = getattr(answers, name)
    return bool(value)


def _check_given(answers: Answers, name: str, check: Callable[[str], Verdict]) -> None:
    """Flags are checked like typed answers, and natural spellings accepted the same way."""
    value = getattr(answers, name)
    if name in ("channels", "themes"):
        fixed = []
        for item in value:
            verdict = check(item)
            if verdict.error:
                raise ScaffoldError(f"--{name[:-1]}: {verdict.error}")
            fixed += _split(verdict.value)
        setattr(answers, name, fixed)
    elif name != "organisations":
        verdict = check(value)
        if verdict.error:
            hint = f" (did you mean '{verdict.suggestion}'?)" if verdict.suggestion else ""
            raise ScaffoldError(f"--{name.replace('_', '-')}: {verdict.error}{hint}")
        setattr(answers, name, verdict.value)


def gather(answers: Answers, prompter: Prompter | None, folder: Path | None = None) -> Answers:
    """Fill missing answers by asking; without a prompter, missing ones are errors."""
    questions = _questions(folder or Path("docs/case-studies"))
    for name, (question, check) in questions.items():
        if name == "source_url" and not answers.source_title:
            continue
        if _given(answers, name):
            _check_given(answers, name, check)
            continue
        if name == "source_url":
            if prompter is not None:
                answers.source_url = prompter.ask(question, check, optional=True)
            continue
        if prompter is None:
            flag = {"organisations": "organisation", "channels": "channel", "themes": "theme"}
            raise ScaffoldError(f"--{flag.get(name, name).replace('_', '-')} is required")
        if name == "organisations":
            answers.organisations = prompter.ask_list(question, check)
        elif name in _LISTS:
            setattr(answers, name, _split(prompter.ask(question, check)))
        else:
            setattr(answers, name, prompter.ask(question, check))
    return answers


def render(answers: Answers, today: date) -> str:
    source: dict[str, Any] = {"title": answers.source_title}
    if answers.source_url:
        source["url"] = answers.source_url
    sections = answers.sections or {}
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
        "sources": answers.sources or [source],
        "owner": answers.owner or answers.contact,
        "last_reviewed": today.isoformat(),
        "review_in": "12 months",
    }
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    body = "\n".join(
        f"## {heading}\n\n{sections.get(heading, '').strip() or f'<!-- {PROMPTS[heading]} -->'}\n"
        for heading in CASE_STUDY_HEADINGS
    )
    return f"---\n{front}---\n\n{body}"


class Invalid(ScaffoldError):
    """The page would not pass the checks: the problems, and the fields they name."""

    def __init__(self, problems: list) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.fields = {p.field for p in problems}


def validate(answers: Answers, folder: Path, today: date) -> tuple[Path, str]:
    """The page's path and text, or Invalid naming every problem (nothing is written)."""
    slug = slugify(answers.title)
    if not slug:
        raise ScaffoldError("the title needs letters or numbers to make a file name from")
    target = folder / f"{slug}.md"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another title or edit that file")
    text = render(answers, today)
    folder.mkdir(parents=True, exist_ok=True)
    draft = folder / f".{slug}.md.new"
    try:
        draft.write_text(text, encoding="utf-8")
        page, problems = load_page(draft, target)
        if page is not None:
            problems = check_case_study_meta(page, today) + check_case_study_body(page)
    finally:
        draft.unlink(missing_ok=True)
    if problems:
        raise Invalid(problems)
    return target, text


def create(answers: Answers, folder: Path, today: date, shown_root: Path | None = None) -> Path:
    """Validate, then write docs/case-studies/<slug>.md. Raises ScaffoldError, writing nothing."""
    target, text = validate(answers, folder, today)
    draft = folder / f".{target.name}.new"
    try:
        draft.write_text(text, encoding="utf-8")
        draft.replace(target)  # atomic: the page appears whole or not at all
    finally:
        draft.unlink(missing_ok=True)
    return target


# A problem's field -> the answers to ask for again.
_ASK_AGAIN = {
    "sources": ("source_title", "source_url"),
    "file name": ("title",),
    "owner": ("owner", "contact"),
}


def _ask_again(answers: Answers, fields: set[str], prompter: Prompter) -> bool:
    """Clear only the answers the problems name, so they are asked again; False if none."""
    names = {n for f in fields for n in _ASK_AGAIN.get(f, (f,)) if hasattr(answers, n)}
    if not names:
        return False
    prompter.say("  Please answer again: " + ", ".join(sorted(names)))
    for name in names:
        setattr(answers, name, [] if name in _LISTS else "")
    return True


def run(args: Any, docs: Path, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    if getattr(args, "from_issue", None):
        from guide.cli.from_issue import run as from_issue

        return from_issue(args, docs)
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
    folder = docs / "case-studies"
    today = args.today or date.today()
    prompter = None if args.no_input else Prompter(stdin, stdout)
    try:
        while True:
            gather(answers, prompter, folder)
            try:
                path = create(answers, folder, today)
                break
            except Invalid as exc:
                if prompter is None:
                    raise
                prompter.say(str(exc))
                if not _ask_again(answers, exc.fields, prompter):
                    raise
    except ScaffoldError as exc:
        print(f"guide new case-study: nothing was written.\n{exc}", file=sys.stderr)
        return 1
    print(f"Created {path}", file=stdout)
    print(
        "Next: write each section, set 'status: published' when it is ready, then run "
        "'make serve' to preview and 'make check' to check everything.",
        file=stdout,
    )
    return 0
