"""`guide review`: pages overdue or due for review soon, grouped by owner."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from guide.cli import iso_date, project_root
from guide.content.review import DUE_SOON_DAYS, OVERDUE, as_json, collect, counts, format_text
from guide.problems import format_report


def run(args: argparse.Namespace) -> int:
    docs = args.docs or project_root() / "docs"
    if not docs.is_dir():
        print(f"guide review: no docs folder at {docs}", file=sys.stderr)
        return 2
    today = args.today or date.today()
    reviews, problems = collect(docs, today, root=Path.cwd())
    if args.format == "json":
        data = as_json(reviews, today, args.within, args.all, problems)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_text(reviews, today, args.within, args.all))
    if problems:
        # Pages whose dates cannot be read are not in the report: say so, loudly.
        checked = len(reviews) + len({p.path for p in problems})
        print(
            "\nThese pages have no usable review dates:\n" + format_report(problems, checked),
            file=sys.stderr,
        )
    # Reporting is not failing, unless asked to fail on overdue (or unreadable) pages.
    overdue = counts(reviews, today, args.within)[OVERDUE]
    return 1 if args.fail_on_overdue and (overdue or problems) else 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "review",
        help="list pages overdue for review or due soon, by owner",
        description="List the pages whose review is overdue or due within --within days, "
        "grouped by owner. Exits 0 unless --fail-on-overdue is given and a page is overdue.",
    )
    parser.add_argument(
        "--docs", type=Path, help="the docs folder (default: docs/ next to mkdocs.yml)"
    )
    parser.add_argument("--today", type=iso_date, help="report as if today were YYYY-MM-DD")
    parser.add_argument(
        "--within",
        type=int,
        default=DUE_SOON_DAYS,
        metavar="DAYS",
        help=f"count a page as due soon within this many days (default: {DUE_SOON_DAYS})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--all", action="store_true", help="list every page, including those up to date"
    )
    parser.add_argument(
        "--fail-on-overdue",
        action="store_true",
        help="exit 1 if any page is overdue (or has review dates that cannot be read)",
    )
    parser.set_defaults(func=run)
