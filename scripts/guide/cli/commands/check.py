"""`guide check`: every problem a contributor can meet, in one run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from guide.cli import iso_date, project_root


def _added(root: Path, base: str | None) -> set[Path]:
    from guide.gitrepo import added_paths, top_folder

    top = top_folder(root)
    if top is None:
        return set()
    found = set()
    for name in added_paths(root, base):
        path = (top / name).resolve()
        if path.is_relative_to(root.resolve()):
            found.add(path.relative_to(root.resolve()))
    return found


def run(args: argparse.Namespace) -> int:
    from guide.cli.everything import check_everything, format_github, format_summary, format_text

    root = Path.cwd()
    docs = args.docs or project_root() / "docs"
    if not docs.is_dir():
        print(f"guide check: no docs folder at {docs}", file=sys.stderr)
        return 2
    quick = args.quick
    report = check_everything(
        docs,
        root,
        today=args.today,
        added=_added(root, args.base),
        prose=not (quick or args.no_prose),
        links=not (quick or args.no_links),
    )
    if args.format == "github":
        print(format_github(report))
    print(format_text(report))
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as file:
            file.write(format_summary(report) + "\n")
    return report.exit_code


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="check everything a contributor can get wrong, and list every problem at once",
        description="Check front matter and case-study fields, spelling, GOV.UK style, Markdown "
        "lint, links and anchors (on a fresh build), images and HTML. Prints every problem as "
        "'path:line: field: what — fix'. Exit 0: all good; 1: problems to fix; 2: a check "
        "could not run.",
    )
    parser.add_argument(
        "--docs", type=Path, help="the docs folder (default: docs/ next to mkdocs.yml)"
    )
    parser.add_argument("--today", type=iso_date, help="check dates as if today were YYYY-MM-DD")
    parser.add_argument(
        "--base",
        metavar="REF",
        help="the branch or commit this change starts from (for example origin/main): files "
        "added since then may not arrive overdue, and a duplicate is blamed on them",
    )
    parser.add_argument(
        "--quick", action="store_true", help="front matter, fields and HTML only (no build)"
    )
    parser.add_argument("--no-prose", action="store_true", help="skip spelling, style and lint")
    parser.add_argument("--no-links", action="store_true", help="skip the build and link check")
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: also print each problem as a GitHub annotation",
    )
    parser.add_argument(
        "--summary", type=Path, metavar="FILE", help="append a Markdown summary to FILE"
    )
    parser.set_defaults(func=run)
