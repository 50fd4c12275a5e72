"""`guide diff OLD NEW`: what changed in docs/ between two git refs, as an HTML report."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from guide.cli import project_root


def default_output(old: str, new: str) -> Path:
    safe = [re.sub(r"[^A-Za-z0-9._-]+", "-", ref) for ref in (old, new)]
    return Path(f"guide-diff-{safe[0]}-{safe[1]}.html")


def run(args: argparse.Namespace) -> int:
    from guide.gitrepo import GitError
    from guide.releases.diff_report import html_report
    from guide.releases.diffing import diff_refs, summary_lines

    try:
        diff = diff_refs(project_root(), args.old, args.new, args.folder)
    except GitError as exc:
        print(f"guide diff: {exc}", file=sys.stderr)
        return 2
    output = args.output or default_output(args.old, args.new)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html_report(diff), encoding="utf-8")
    print(f"{args.folder}/ from {args.old} to {args.new}:")
    for line in summary_lines(diff):
        print(f"  {line}")
    for page in diff.pages:
        moved = f" (from {page.old_path})" if page.old_path else ""
        print(f"  {page.status:8} {page.path}{moved}")
    print(f"Report written to {output}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "diff",
        help="compare docs/ between two git refs and write an HTML report",
        description="Compare the pages in docs/ at two git refs (tags such as v2026.1, "
        "branches or commits): pages added, removed, renamed (by similar content) and "
        "changed, each change shown section by section with the words added and removed.",
    )
    parser.add_argument("old", metavar="OLD", help="the earlier ref, e.g. v2026.1")
    parser.add_argument("new", metavar="NEW", help="the later ref, e.g. v2026.2 or HEAD")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="where to write the report (default: guide-diff-OLD-NEW.html)",
    )
    parser.add_argument("--folder", default="docs", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
