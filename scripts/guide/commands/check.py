"""`guide check`: every page's front matter, every case study's schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from guide.check import check_docs
from guide.cli import iso_date, project_root
from guide.problems import format_report


def run(args: argparse.Namespace) -> int:
    docs = args.docs or project_root() / "docs"
    if not docs.is_dir():
        print(f"guide check: no docs folder at {docs}", file=sys.stderr)
        return 2
    result = check_docs(docs, today=args.today, root=Path.cwd())
    print(format_report(result.problems, result.checked))
    return 1 if result.problems else 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="check every page's front matter and every case study")
    parser.add_argument(
        "--docs", type=Path, help="the docs folder (default: docs/ next to mkdocs.yml)"
    )
    parser.add_argument("--today", type=iso_date, help="check dates as if today were YYYY-MM-DD")
    parser.set_defaults(func=run)
