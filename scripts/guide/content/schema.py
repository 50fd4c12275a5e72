"""The metadata every page must carry, and the case-study schema, defined once.

Each rule returns Problems naming the file, line and field, and how to fix it,
so that a contributor using the GitHub web editor can act on the message alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from guide.content import markdown_doc
from guide.content.dates import add_period, parse_date, parse_period
from guide.content.pages import Page
from guide.content.people import FIX as PERSONAL_FIX
from guide.content.people import personal_data
from guide.content.vocabulary import (
    CASE_STUDY_HEADINGS,
    CHANNELS,
    EVIDENCE,
    REGIONS,
    STATUSES,
    THEMES,
)
from guide.problems import Problem

SUMMARY_LIMIT = 300
DESCRIPTION_LIMIT = 160

REVIEW_FIELDS = ("owner", "last_reviewed", "review_in", "review_by")
# Keys Material for MkDocs itself understands in front matter.
THEME_FIELDS = ("hide", "icon", "status", "subtitle", "search", "template")
GUIDE_FIELDS = ("title", "description", *REVIEW_FIELDS, *THEME_FIELDS)
CASE_STUDY_FIELDS = (
    "title",
    "summary",
    "organisations",
    "channels",
    "themes",
    "period",
    "evidence",
    "region",
    "status",
    "contact",
    "sources",
    *REVIEW_FIELDS,
)
# The template's own words (docs/contribute/index.md): fine in a draft, never published.
TEMPLATE_PLACEHOLDERS = {
    "title": "Short title that names the engagement",
    "summary": "One or two sentences on who did what and what happened.",
    "organisations": "Full name of the organisation (short name)",
    "contact": "Name of a team or role",
    "sources": "Title of the source (publisher, date)",
    "owner": "Name of the team that will keep this case study up to date",
}
_CURLY_QUOTES = "“”‘’„‟«»"
CASE_STUDY_REQUIRED = tuple(f for f in CASE_STUDY_FIELDS if f not in ("review_in", "review_by"))


@dataclass(frozen=True)
class Review:
    owner: str
    last_reviewed: date
    due: date


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _problem(
    page: Page, field: str, message: str, fix: str = "", item: int | None = None
) -> Problem:
    return Problem(page.path, page.line_of(field, item), field, message, fix)


def _text(page: Page, field: str, required: bool = True) -> list[Problem]:
    value = page.meta.get(field)
    if value is None:
        if not required:
            return []
        return [
            Problem(
                page.path, 1, field, "is missing", f"add a line '{field}: ...' to the front matter"
            )
        ]
    if not isinstance(value, str) or not value.strip():
        return [
            _problem(
                page,
                field,
                f"must be text, not {_kind(value)}",
                f"write '{field}: ' followed by words",
            )
        ]
    return []


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return "a number"
    if value is None or value == "":
        return "empty"
    return "text"


def unknown_keys(page: Page, allowed: tuple[str, ...]) -> list[Problem]:
    problems = []
    for key in page.meta:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            problems.append(
                _problem(
                    page,
                    str(key),
                    "is not a field this page can have",
                    f"{hint}allowed fields: {', '.join(allowed)}",
                )
            )
    return problems


def check_review(page: Page, today: date) -> tuple[Review | None, list[Problem]]:
    """owner, last_reviewed and one of review_in / review_by."""
    meta = page.meta
    problems = _text(page, "owner")
    reviewed = parse_date(meta.get("last_reviewed"))
    if "last_reviewed" not in meta:
        problems.append(
            Problem(
                page.path,
                1,
                "last_reviewed",
                "is missing",
                "add 'last_reviewed: YYYY-MM-DD', the date someone last checked the page",
            )
        )
    elif reviewed is None:
        problems.append(
            _problem(
                page,
                "last_reviewed",
                f"'{meta['last_reviewed']}' is not a date",
                "write the date as YYYY-MM-DD, for example 2026-11-23",
            )
        )
    elif reviewed > today:
        problems.append(
            _problem(
                page,
                "last_reviewed",
                f"{reviewed} is in the future",
                "use the date the page was actually reviewed",
            )
        )
    due = None
    has_in, has_by = "review_in" in meta, "review_by" in meta
    if has_in and has_by:
        problems.append(
            _problem(
                page,
                "review_by",
                "set together with review_in",
                "keep one: 'review_in: 6 months' or 'review_by: YYYY-MM-DD'",
            )
        )
    elif has_in:
        period = parse_period(meta["review_in"])
        if period is None:
            problems.append(
                _problem(
                    page,
                    "review_in",
                    f"'{meta['review_in']}' is not a review period",
                    "write a number and a unit, for example '6 months' or '1 year'",
                )
            )
        elif reviewed:
            due = add_period(reviewed, *period)
    elif has_by:
        due = parse_date(meta["review_by"])
        if due is None:
            problems.append(
                _problem(
                    page,
                    "review_by",
                    f"'{meta['review_by']}' is not a date",
                    "write the date as YYYY-MM-DD",
                )
            )
        elif reviewed and due <= reviewed:
            problems.append(
                _problem(
                    page,
                    "review_by",
                    f"{due} is not after last_reviewed ({reviewed})",
                    "set a review date after the last review",
                )
            )
            due = None
    else:
        problems.append(
            Problem(
                page.path,
                1,
                "review_in",
                "is missing (so is review_by)",
                "add 'review_in: 6 months' or 'review_by: YYYY-MM-DD'",
            )
        )
    if problems or due is None or reviewed is None:
        return None, problems
    return Review(meta["owner"].strip(), reviewed, due), []


def check_people(page: Page, fields: tuple[str, ...] = ("contact", "owner")) -> list[Problem]:
    """A team, role or shared mailbox: never a person's email address or phone number."""
    problems = []
    for field in fields:
        value = page.meta.get(field)
        why = personal_data(value) if isinstance(value, str) else ""
        if why:
            problems.append(_problem(page, field, why, PERSONAL_FIX))
    return problems


def _strings(value: Any) -> list[tuple[int | None, str]]:
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        found: list[tuple[int | None, str]] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                item = item.get("title")
            if isinstance(item, str):
                found.append((index, item))
        return found
    return []


def check_wording(page: Page) -> list[Problem]:
    """Curly quotes around a whole value, and the template's words left in a published page."""
    problems = []
    published = page.meta.get("status") == "published"
    for field in CASE_STUDY_FIELDS:
        for index, text in _strings(page.meta.get(field)):
            stripped = text.strip()
            if len(stripped) > 1 and stripped[0] in _CURLY_QUOTES and stripped[-1] in _CURLY_QUOTES:
                problems.append(
                    _problem(
                        page,
                        field,
                        f"is wrapped in curly quotes ({stripped[0]} {stripped[-1]}), which would "
                        "show on the page",
                        "remove them; if the value needs quotes, use straight ones: 'like this'",
                        index,
                    )
                )
            if published and stripped == TEMPLATE_PLACEHOLDERS.get(field):
                problems.append(
                    _problem(
                        page,
                        field,
                        f"still has the template's words '{stripped}'",
                        "replace them with your own, or keep 'status: draft' until it is ready",
                        index,
                    )
                )
    return problems


def check_guide_page(page: Page, today: date) -> list[Problem]:
    problems = unknown_keys(page, GUIDE_FIELDS)
    problems += check_people(page, ("owner",))
    problems += _text(page, "title")
    problems += _text(page, "description")
    description = page.meta.get("description")
    if isinstance(description, str) and len(description) > DESCRIPTION_LIMIT:
        problems.append(
            _problem(
                page,
                "description",
                f"is {len(description)} characters long",
                f"shorten it to {DESCRIPTION_LIMIT} characters or fewer",
            )
        )
    problems += check_review(page, today)[1]
    return problems


def _vocab_list(page: Page, field: str, allowed: list[str], noun: str) -> list[Problem]:
    value = page.meta.get(field)
    if not isinstance(value, list) or not value:
        return [
            _problem(
                page,
                field,
                f"must be a list with at least one {noun}",
                f"write each on its own line as '  - {allowed[0]}'",
            )
        ]
    problems = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in allowed:
            hint = did_you_mean(str(item), allowed)
            problems.append(
                _problem(
                    page,
                    field,
                    f"'{item}' is not a known {noun}",
                    f"{hint}choose from: {', '.join(allowed)}",
                    item=index,
                )
            )
    if len(set(map(str, value))) != len(value):
        problems.append(_problem(page, field, f"lists the same {noun} twice", "remove the repeat"))
    return problems


_PERIOD = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")


def parse_year_period(value: object) -> tuple[int, int] | None:
    match = (
        _PERIOD.match(str(value).strip())
        if isinstance(value, str | int) and not isinstance(value, bool)
        else None
    )
    if not match:
        return None
    start = int(match.group(1))
    end = int(match.group(2) or start)
    return (start, end) if start <= end else None


def _check_period(page: Page, today: date) -> list[Problem]:
    value = page.meta.get("period")
    years = parse_year_period(value)
    fix = "write one year (2012) or a range of years (2011-2012); leave out months and days"
    if years is None:
        return [_problem(page, "period", f"'{value}' is not a year or a range of years", fix)]
    if years[0] < 1990 or years[1] > today.year:
        return [_problem(page, "period", f"'{value}' is outside 1990 to {today.year}", fix)]
    return []


def _check_sources(page: Page) -> list[Problem]:
    value = page.meta.get("sources")
    fix = "list each source as '  - title: ...' with an optional '    url: https://...' line"
    if not isinstance(value, list) or not value:
        return [_problem(page, "sources", "must list at least one source", fix)]
    problems = []
    for number, source in enumerate(value, start=1):
        at = number - 1
        if not isinstance(source, dict):
            problems.append(
                _problem(
                    page, "sources", f"source {number} is not a title with an optional url", fix, at
                )
            )
            continue
        extra = set(source) - {"title", "url"}
        if extra:
            problems.append(
                _problem(
                    page,
                    "sources",
                    f"source {number} has unknown field(s): {', '.join(sorted(map(str, extra)))}",
                    "each source has only 'title' and, where one exists, 'url'",
                    at,
                )
            )
        if not isinstance(source.get("title"), str) or not source["title"].strip():
            problems.append(_problem(page, "sources", f"source {number} has no title", fix, at))
        url = source.get("url")
        if url is not None and (not isinstance(url, str) or not re.match(r"^https?://\S+$", url)):
            problems.append(
                _problem(
                    page,
                    "sources",
                    f"source {number} url '{url}' is not a web address",
                    "start it with https:// or remove the url line if there is no public address",
                    at,
                )
            )
    return problems


def _choice(page: Page, field: str, allowed: dict[str, str], what: str) -> list[Problem]:
    """One value from a short fixed list (a missing field is reported elsewhere)."""
    if field not in page.meta or page.meta[field] in allowed:
        return []
    value = page.meta[field]
    hint = did_you_mean(str(value), tuple(allowed))
    return [
        _problem(
            page,
            field,
            f"'{value}' is not a known value for {what}",
            f"{hint}use one of: {', '.join(allowed)}",
        )
    ]


def check_case_study_meta(page: Page, today: date) -> list[Problem]:
    meta = page.meta
    problems = unknown_keys(page, CASE_STUDY_FIELDS)
    for field in CASE_STUDY_REQUIRED:
        if field not in meta:
            problems.append(
                Problem(
                    page.path,
                    1,
                    field,
                    "is missing",
                    f"add '{field}:' to the front matter (see the contributor guide)",
                )
            )
    present = set(meta)
    for field in ("title", "summary", "contact"):
        if field in present:
            problems += _text(page, field)
    summary = meta.get("summary")
    if isinstance(summary, str) and len(summary) > SUMMARY_LIMIT:
        problems.append(
            _problem(
                page,
                "summary",
                f"is {len(summary)} characters long",
                f"shorten it to {SUMMARY_LIMIT} characters or fewer",
            )
        )
    if "organisations" in present:
        orgs = meta["organisations"]
        if (
            not isinstance(orgs, list)
            or not orgs
            or not all(isinstance(o, str) and o.strip() for o in orgs)
        ):
            problems.append(
                _problem(
                    page,
                    "organisations",
                    "must be a list of organisation names",
                    "write each on its own line as '  - Name of organisation'",
                )
            )
    if "channels" in present:
        problems += _vocab_list(page, "channels", list(CHANNELS), "channel")
    if "themes" in present:
        problems += _vocab_list(page, "themes", list(THEMES), "theme")
    if "period" in present:
        problems += _check_period(page, today)
    problems += _choice(page, "evidence", EVIDENCE, "how well the case is evidenced")
    problems += _choice(page, "region", REGIONS, "where it happened")
    if "status" in present and meta["status"] not in STATUSES:
        hint = did_you_mean(str(meta["status"]), STATUSES)
        problems.append(
            _problem(
                page,
                "status",
                f"'{meta['status']}' is not a status",
                f"{hint}use 'draft' or 'published'",
            )
        )
    if "sources" in present:
        problems += _check_sources(page)
    problems += check_people(page)
    problems += check_wording(page)
    if "owner" in present or "last_reviewed" in present:
        problems += [
            p for p in check_review(page, today)[1] if p.field in present or p.field == "review_in"
        ]
    elif "review_in" not in present and "review_by" not in present:
        problems.append(
            Problem(
                page.path,
                1,
                "review_in",
                "is missing (so is review_by)",
                "add 'review_in: 6 months' or 'review_by: YYYY-MM-DD'",
            )
        )
    return problems


def _empty_sections(page: Page, headings: list[tuple[int, str]]) -> list[Problem]:
    """A published case study has words under every standard heading, not only prompts."""
    lines = page.body.splitlines()
    problems = []
    bounds = [*(n for n, _ in headings), page.body_line + len(lines)]
    for (start, title), end in zip(headings, bounds[1:], strict=True):
        if title not in CASE_STUDY_HEADINGS:
            continue
        text = "\n".join(lines[start - page.body_line + 1 : end - page.body_line])
        if not re.sub(r"<!--.*?-->", "", text, flags=re.S).strip():
            problems.append(
                Problem(
                    page.path,
                    start,
                    "headings",
                    f"the section '## {title}' has no text yet",
                    "write it, or keep 'status: draft' until it is ready",
                )
            )
    return problems


def check_case_study_body(page: Page) -> list[Problem]:
    """Standard headings in order, and a body with real text."""
    found_headings = markdown_doc.headings(page.body)
    headings = [(page.body_line + h.line, h.text) for h in found_headings if h.level == 2]
    heading_lines = {h.line for h in found_headings}
    text_lines = sum(
        1
        for index, line in enumerate(page.body.splitlines())
        if line.strip() and index not in heading_lines
    )
    if text_lines == 0:
        return [
            Problem(
                page.path,
                page.body_line,
                "body",
                "the page has no text",
                "write the case study under the standard headings; run 'guide new case-study' for a template",
            )
        ]
    problems = []
    found = [title for _, title in headings]
    for index, wanted in enumerate(CASE_STUDY_HEADINGS):
        if wanted not in found:
            after = f"after '## {CASE_STUDY_HEADINGS[index - 1]}'" if index else "at the start"
            close = did_you_mean(wanted, found)
            problems.append(
                Problem(
                    page.path,
                    page.body_line,
                    "headings",
                    f"the heading '## {wanted}' is missing",
                    f"{close}add it {after}",
                )
            )
    if page.meta.get("status") == "published":
        problems += _empty_sections(page, headings)
    order = [title for title in found if title in CASE_STUDY_HEADINGS]
    if not problems and order != list(CASE_STUDY_HEADINGS):
        line = next(
            n
            for n, t in headings
            if t in CASE_STUDY_HEADINGS and order.index(t) != CASE_STUDY_HEADINGS.index(t)
        )
        problems.append(
            Problem(
                page.path,
                line,
                "headings",
                "the standard headings are out of order",
                "use this order: " + ", ".join(CASE_STUDY_HEADINGS),
            )
        )
    return problems
