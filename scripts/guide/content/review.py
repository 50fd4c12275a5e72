"""Review dates: which pages are overdue or due soon, by owner, for people and tools.

Every page's owner and dates come from schema.check_review, the same rule that
`guide check` and the build apply, so the report and the site never disagree.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from guide import addresses
from guide.content.check import is_case_study, markdown_files
from guide.content.dates import format_date
from guide.content.pages import Page, load_page
from guide.content.schema import check_review
from guide.problems import Problem

DUE_SOON_DAYS = 30
OVERDUE, DUE_SOON, CURRENT = "overdue", "due-soon", "current"
STATUS_LABELS = {
    OVERDUE: "Overdue",
    DUE_SOON: "Due soon",
    CURRENT: "Up to date",
}


@dataclass(frozen=True)
class PageReview:
    src_uri: str  # relative to docs, as MkDocs names it: plan/objectives.md
    path: Path  # as shown in messages: docs/plan/objectives.md
    title: str
    owner: str
    last_reviewed: date
    due: date
    case_study: bool

    def days_left(self, today: date) -> int:
        """Days until the review is due; negative once it is overdue."""
        return (self.due - today).days

    def status(self, today: date, within: int = DUE_SOON_DAYS) -> str:
        # "Due by" a date means the page is still in date on that day.
        days = self.days_left(today)
        if days < 0:
            return OVERDUE
        return DUE_SOON if days <= within else CURRENT


def from_page(page: Page, src_uri: str, today: date) -> tuple[PageReview | None, list[Problem]]:
    review, problems = check_review(page, today)
    if review is None:
        return None, problems
    title = page.meta.get("title")
    return PageReview(
        src_uri=src_uri,
        path=page.path,
        title=title.strip() if isinstance(title, str) and title.strip() else src_uri,
        owner=review.owner,
        last_reviewed=review.last_reviewed,
        due=review.due,
        case_study=is_case_study(Path(src_uri)),
    ), []


def from_pages(pages: list[Page], docs: Path, root: Path, today: date) -> list[PageReview]:
    """Reviews of pages that have already passed `guide check` (as in the build)."""
    found = (
        from_page(page, (root / page.path).relative_to(docs).as_posix(), today)[0] for page in pages
    )
    return [review for review in found if review is not None]


def collect(
    docs: Path, today: date, root: Path | None = None
) -> tuple[list[PageReview], list[Problem]]:
    """Every page's review, and the problems of pages whose dates cannot be read."""
    root = root or docs.parent
    reviews, problems = [], []
    for path in markdown_files(docs):
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        page, found = load_page(path, shown)
        if page is not None:
            review, found = from_page(page, path.relative_to(docs).as_posix(), today)
            if review is not None:
                reviews.append(review)
        problems += found
    return reviews, problems


def by_owner(reviews: list[PageReview]) -> dict[str, list[PageReview]]:
    """Owner -> their pages, owners in alphabetical order, pages by due date."""
    grouped: dict[str, list[PageReview]] = defaultdict(list)
    for review in sorted(reviews, key=lambda r: (r.due, r.src_uri)):
        grouped[review.owner].append(review)
    return dict(sorted(grouped.items(), key=lambda item: item[0].lower()))


def counts(reviews: list[PageReview], today: date, within: int = DUE_SOON_DAYS) -> dict[str, int]:
    totals = dict.fromkeys((OVERDUE, DUE_SOON, CURRENT), 0)
    for review in reviews:
        totals[review.status(today, within)] += 1
    return totals


def _when(review: PageReview, today: date) -> str:
    days = review.days_left(today)
    due = f"due by {format_date(review.due)}"
    if days < 0:
        return f"{due}, {-days} day{'s' * (days != -1)} overdue"
    if days == 0:
        return f"{due}, which is today"
    return f"{due}, in {days} day{'s' * (days != 1)}"


def format_text(
    reviews: list[PageReview], today: date, within: int = DUE_SOON_DAYS, show_all: bool = False
) -> str:
    """Overdue and due-soon pages grouped by owner, for people."""
    total = counts(reviews, today, within)
    lines = [
        f"Review dates on {format_date(today)}: {total[OVERDUE]} overdue, "
        f"{total[DUE_SOON]} due within {within} days, {total[CURRENT]} up to date "
        f"({len(reviews)} pages)."
    ]
    headings = {
        OVERDUE: "Overdue",
        DUE_SOON: f"Due within {within} days",
        CURRENT: "Up to date",
    }
    for owner, pages in by_owner(reviews).items():
        lines.append(f"\n{owner} ({len(pages)} page{'s' * (len(pages) != 1)})")
        shown = 0
        for status, heading in headings.items():
            if status == CURRENT and not show_all:
                continue
            matching = [r for r in pages if r.status(today, within) == status]
            if matching:
                lines.append(f"  {heading}:")
                lines += [f"    {r.path}: {r.title} — {_when(r, today)}" for r in matching]
                shown += len(matching)
        if not shown:
            lines.append(f"  Nothing overdue or due within {within} days.")
    return "\n".join(lines)


def page_record(review: PageReview, today: date, within: int = DUE_SOON_DAYS) -> dict[str, object]:
    return {
        "title": review.title,
        "path": review.path.as_posix(),
        "owner": review.owner,
        "last_reviewed": review.last_reviewed.isoformat(),
        "review_due": review.due.isoformat(),
        "status": review.status(today, within),
        "days_left": review.days_left(today),
        "case_study": review.case_study,
    }


def as_json(
    reviews: list[PageReview],
    today: date,
    within: int = DUE_SOON_DAYS,
    show_all: bool = False,
    problems: list[Problem] | None = None,
) -> dict[str, object]:
    """The same report for tools: owners, each with their pages by status."""
    owners = []
    for owner, pages in by_owner(reviews).items():
        entry: dict[str, object] = {"owner": owner, "pages": len(pages)}
        for status in (OVERDUE, DUE_SOON, CURRENT):
            if status == CURRENT and not show_all:
                continue
            entry[status.replace("-", "_")] = [
                page_record(r, today, within) for r in pages if r.status(today, within) == status
            ]
        owners.append(entry)
    total = counts(reviews, today, within)
    return {
        "today": today.isoformat(),
        "due_within_days": within,
        "total": len(reviews),
        "overdue": total[OVERDUE],
        "due_soon": total[DUE_SOON],
        "current": total[CURRENT],
        "owners": owners,
        "problems": [str(p) for p in sorted(problems or [])],
    }


def page_url(src_uri: str, urls: dict[str, str], site_url: str) -> str:
    """The page's address: absolute when the site has a site_url."""
    url = urls.get(src_uri)
    if url is None:  # MkDocs' directory URLs, for pages it did not list
        url = addresses.page_url(src_uri)
    return site_url.rstrip("/") + "/" + url if site_url else url


def pages_json(
    reviews: list[PageReview],
    urls: dict[str, str],
    site_url: str,
    today: date,
    within: int = DUE_SOON_DAYS,
) -> dict[str, object]:
    """pages.json: every page's title, address, owner and dates, for reminder tools."""
    pages = []
    for review in sorted(reviews, key=lambda r: r.src_uri):
        record = {
            "url": page_url(review.src_uri, urls, site_url),
            **page_record(review, today, within),
        }
        pages.append(record)
    return {
        "generated": today.isoformat(),
        "due_within_days": within,
        "statuses": list(STATUS_LABELS),
        "pages": pages,
    }


def banner(review: PageReview, today: date) -> dict[str, object]:
    """What the page template needs to show the review banner."""
    return {
        "owner": review.owner,
        "last_reviewed": format_date(review.last_reviewed),
        "last_reviewed_iso": review.last_reviewed.isoformat(),
        "due": format_date(review.due),
        "due_iso": review.due.isoformat(),
        "overdue": review.status(today) == OVERDUE,
    }


PAGES_JSON = "pages.json"


@dataclass
class BuildReviews:
    """What one site build knows about review dates, kept between MkDocs events."""

    today: date = date.min
    reviews: list[PageReview] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    _by_page: dict[str, PageReview] = field(default_factory=dict)

    def start(self, pages: list[Page], docs: Path, today: date) -> None:
        self.today = today
        self.reviews = from_pages(pages, docs, docs.parent, today)
        self._by_page = {r.src_uri: r for r in self.reviews}
        self.urls = {}

    def banner(self, src_uri: str) -> dict[str, object] | None:
        found = self._by_page.get(src_uri)
        return banner(found, self.today) if found else None

    def write_pages_json(self, site_dir: Path, site_url: str | None) -> Path:
        data = pages_json(self.reviews, self.urls, site_url or "", self.today)
        target = site_dir / PAGES_JSON
        target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return target
