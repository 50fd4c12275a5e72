"""`guide release VERSION`: publish a release (see guide/releases/release.py for the steps)."""

from __future__ import annotations

import argparse

from guide.cli import iso_date, project_root


def run(args: argparse.Namespace) -> int:
    from guide.releases.release import Options, release

    options = Options(
        version=args.version,
        repo=project_root(),
        dry_run=args.dry_run,
        push=args.push,
        force=args.force,
        skip_checks=args.skip_checks,
        remote=args.remote,
    )
    if args.today:
        options.today = args.today
    return release(options)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "release",
        help="check, record, tag and publish a release (YYYY.N)",
        description="Publish release VERSION: refuse a dirty tree, a malformed or existing "
        "version; run every check (external links included); move the Unreleased notes in "
        "CHANGELOG.md under VERSION with today's date; commit; tag vVERSION; deploy it with "
        "mike as 'latest' and make 'latest' the default. If a step fails, the tag, gh-pages "
        "and the branch are put back as they were.",
    )
    parser.add_argument("version", metavar="VERSION", help="the release number, e.g. 2026.1")
    parser.add_argument(
        "--dry-run", action="store_true", help="print every step without doing anything"
    )
    parser.add_argument(
        "--push", action="store_true", help="push the branch, the tag and gh-pages at the end"
    )
    parser.add_argument(
        "--force", action="store_true", help="publish a version that already exists again"
    )
    parser.add_argument(
        "--skip-checks",
        action="store_true",
        help="do not run the checks (offline tests and emergencies only; says so loudly)",
    )
    parser.add_argument("--remote", default="origin", help="the git remote to push to")
    parser.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
