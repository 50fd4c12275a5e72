"""`guide prose`: en-GB spelling, GOV.UK style, readability and Markdown lint."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from guide.cli import iso_date, project_root


def run(args: argparse.Namespace) -> int:
    from guide.prose.runner import check_prose, format_prose_report, report_as_json

    root = project_root()
    docs = args.docs or root / "docs"
    if not docs.is_dir():
        print(f"guide prose: no docs folder at {docs}", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not p.is_file()]
    if missing:
        print(f"guide prose: no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    report = check_prose(
        docs,
        root=Path.cwd(),
        paths=args.paths or None,
        today=args.today,
        markdown_lint=not args.no_lint,
    )
    if args.format == "json":
        print(json.dumps(report_as_json(report), indent=2, ensure_ascii=False))
    else:
        print(format_prose_report(report, grades=args.grades))
    return 1 if report.failed else 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "prose",
        help="check spelling, GOV.UK style, readability and Markdown",
        description="Check every page (or the PATHs given) for en-GB spelling, GOV.UK style "
        "and readability, and lint its Markdown. Prints each finding as "
        "'path:line: rule (severity): what — suggestion'. Errors (spelling, vague link text, "
        "missing review metadata, Markdown lint) exit 1; warnings are for a person to judge.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="pages to check")
    parser.add_argument(
        "--docs", type=Path, help="the docs folder (default: docs/ next to mkdocs.yml)"
    )
    parser.add_argument("--today", type=iso_date, help="check dates as if today were YYYY-MM-DD")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--grades", action="store_true", help="also list every page's Flesch–Kincaid grade"
    )
    parser.add_argument("--no-lint", action="store_true", help="skip the Markdown lint")
    parser.set_defaults(func=run)
