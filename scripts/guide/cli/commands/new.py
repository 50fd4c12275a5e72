"""`guide new case-study`: scaffold a case study that passes the checks."""

from __future__ import annotations

import argparse
from pathlib import Path

from guide.cli import iso_date, project_root


def run(args: argparse.Namespace) -> int:
    from guide.cli.scaffold import run as scaffold

    return scaffold(args, args.docs or project_root() / "docs")


def register(sub: argparse._SubParsersAction) -> None:
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
    case.add_argument(
        "--evidence",
        help="how well the case is evidenced: strong, adequate or weak (see the contributor page)",
    )
    case.add_argument("--region", help="uk or international")
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
    case.add_argument(
        "--from-issue",
        metavar="FILE",
        help="make a draft page from a 'Suggest a case study' issue: FILE holds the issue's "
        "body, or is the GitHub event payload (JSON)",
    )
    case.add_argument(
        "--report", metavar="FILE", help="with --from-issue: write the check results as Markdown"
    )
    case.add_argument(
        "--quick",
        action="store_true",
        help="with --from-issue: check fields and HTML only (no spelling, lint or build)",
    )
    case.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)
    case.set_defaults(func=run)
