"""`guide links`: internal links and anchors, external links, one report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from guide.cli import project_root
from guide.links.report import (
    EXIT_COULD_NOT_RUN,
    Report,
    github_annotations,
    to_markdown,
    to_text,
    write_json,
)
from guide.links.run import Options, run_links
from guide.links.site import load_site_config


def _options(args: argparse.Namespace) -> Options:
    config = load_site_config((args.config or project_root() / "mkdocs.yml").resolve())
    return Options(
        config=config,
        internal=args.internal,
        external=args.external,
        quick=args.quick,
        site=args.site.resolve() if args.site else None,
        with_site=not args.no_site,
        files=list(args.files or []),
        changed_since=args.changed_since,
        ignore_file=args.ignore_file,
        timeout=args.timeout,
        proxy=args.proxy or "",
        progress=sys.stderr.isatty() and not args.quiet,
    )


def run(args: argparse.Namespace) -> int:
    if not (args.internal or args.external or args.quick):
        print("guide links: choose --internal, --external or --quick (or several)", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    config_file = args.config or project_root() / "mkdocs.yml"
    if not config_file.is_file():
        print(f"guide links: no mkdocs.yml at {config_file}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    try:
        options = _options(args)
    except MkDocsException as error:
        failed = Report("internal" if args.internal else "external")
        failed.errors.append(
            f"the site did not build: mkdocs.yml is not valid ({error or type(error).__name__})"
        )
        write_json(failed, args.json or config_file.parent / ".cache" / "links-report.json")
        print(to_text(failed))
        return failed.exit_code
    report = run_links(options)
    write_json(report, args.json or options.config.root / ".cache" / "links-report.json")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(to_markdown(report), encoding="utf-8")
    if args.annotations or os.environ.get("GITHUB_ACTIONS") == "true":
        print("\n".join(github_annotations(report, options.config.root)))
    print(to_text(report))
    return report.exit_code


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "links",
        help="check internal links and anchors (--internal) and external links (--external)",
        description="Exit codes: 0 all good, 1 broken links, 2 the check itself could not run.",
    )
    what = parser.add_argument_group("what to check")
    what.add_argument(
        "--internal",
        action="store_true",
        help="build the site strictly, then check every local link and #anchor in it",
    )
    what.add_argument(
        "--external",
        action="store_true",
        help="check every external link in the Markdown and the built site",
    )
    what.add_argument(
        "--quick",
        action="store_true",
        help="quick look with linkcheckmd at inline external links in the Markdown",
    )
    scope = parser.add_argument_group("which links")
    scope.add_argument("--config", type=Path, help="mkdocs.yml (default: the nearest one)")
    scope.add_argument(
        "--site", type=Path, help="an already built site (default: build one in a temporary folder)"
    )
    scope.add_argument(
        "--no-site",
        action="store_true",
        help="external: only links in the Markdown, not those templates add",
    )
    scope.add_argument(
        "--files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="external and quick: only these Markdown files",
    )
    scope.add_argument(
        "--changed-since",
        metavar="REF",
        help="external and quick: only links on lines added since REF (e.g. origin/main)",
    )
    out = parser.add_argument_group("report")
    out.add_argument(
        "--json",
        type=Path,
        help="where to write the JSON report (default: .cache/links-report.json)",
    )
    out.add_argument(
        "--markdown",
        type=Path,
        help="also write the report as Markdown (for an issue or job summary)",
    )
    out.add_argument(
        "--annotations",
        action="store_true",
        help="print GitHub annotations (on by default inside GitHub Actions)",
    )
    out.add_argument("--quiet", action="store_true", help="no progress line on a terminal")
    net = parser.add_argument_group("external checks")
    net.add_argument("--ignore-file", type=Path, help="default: links-ignore.yml beside mkdocs.yml")
    net.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="per request; a timeout is retried once, then reported broken (default: %(default)s)",
    )
    net.add_argument(
        "--no-cache",
        action="store_true",
        help="nothing is ever cached (kept so that existing workflows still run)",
    )
    net.add_argument(
        "--proxy",
        metavar="ADDRESS:PORT",
        help="for tests and benchmarks: send every request through this HTTP proxy",
    )
    parser.set_defaults(func=run)
