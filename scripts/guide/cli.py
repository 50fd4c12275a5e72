"""The `guide` command: one front door for contributors, reviewers and CI."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from guide import __version__


def _project_root() -> Path:
    """The folder holding mkdocs.yml: the current one or the nearest above it."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date in the form YYYY-MM-DD") from exc


def cmd_check(args: argparse.Namespace) -> int:
    from guide.check import check_docs
    from guide.problems import format_report

    docs = args.docs or _project_root() / "docs"
    if not docs.is_dir():
        print(f"guide check: no docs folder at {docs}", file=sys.stderr)
        return 2
    result = check_docs(docs, today=args.today, root=Path.cwd())
    print(format_report(result.problems, result.checked))
    return 1 if result.problems else 0


def cmd_new(args: argparse.Namespace) -> int:
    from guide.scaffold import run

    return run(args, args.docs or _project_root() / "docs")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guide",
        description="Tools for the Digital engagement guide: check pages, add case studies, "
        "check links, review dates, releases and what changed.",
    )
    parser.add_argument("--version", action="version", version=f"guide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check every page's front matter and every case study")
    check.add_argument(
        "--docs", type=Path, help="the docs folder (default: docs/ next to mkdocs.yml)"
    )
    check.add_argument("--today", type=_date, help="check dates as if today were YYYY-MM-DD")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="start a new page from a template")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    case = kinds.add_parser(
        "case-study",
        help="write a new case study (asks for anything not given as a flag)",
        description="Write docs/case-studies/<slug>.md with the standard headings. "
        "Lists take the flag more than once: --channel webchats --channel microsites.",
    )
    case.add_argument("--title")
    case.add_argument("--summary")
    case.add_argument("--organisation", action="append", metavar="NAME")
    case.add_argument("--channel", action="append", metavar="SLUG")
    case.add_argument("--theme", action="append", metavar="SLUG")
    case.add_argument("--period", help="a year (2012) or a range (2011-2012)")
    case.add_argument("--contact", help="a team or role")
    case.add_argument("--owner", help="a team or role (default: the contact)")
    case.add_argument("--source-title")
    case.add_argument("--source-url")
    case.add_argument("--status", choices=("draft", "published"), default="draft")
    case.add_argument(
        "--no-input", action="store_true", help="never ask; missing fields are errors"
    )
    case.add_argument(
        "--docs", type=Path, help="the docs folder (default: docs/ next to mkdocs.yml)"
    )
    case.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    case.set_defaults(func=cmd_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
