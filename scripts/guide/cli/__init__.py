"""The `guide` command: one front door for contributors, reviewers and CI.

Runs from the command line only. Each subcommand lives in its own module in
guide.cli.commands with a `register(subparsers)` function that adds its parser and
sets `func`; this file only lists the modules. Beside them are the command-line
work that has no place at build time: `guide check`'s run of every check at once
(everything), and writing a new case study (scaffold, from_issue).
"""

from __future__ import annotations

import argparse
import importlib
from datetime import date
from pathlib import Path

from guide import __version__

# Modules that provide subcommands, in the order `guide --help` lists them.
COMMAND_MODULES = (
    "guide.cli.commands.check",
    "guide.cli.commands.new",
    "guide.cli.commands.release",
    "guide.cli.commands.diff",
    "guide.cli.commands.versions",
    "guide.cli.commands.links",
    "guide.cli.commands.review",
    "guide.cli.commands.prose",
)


def project_root() -> Path:
    """The folder holding mkdocs.yml: the current one or the nearest above it."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


def iso_date(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date in the form YYYY-MM-DD") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guide",
        description="Tools for the Digital engagement guide: check pages, add case studies, "
        "check links, review dates, releases and what changed.",
    )
    parser.add_argument("--version", action="version", version=f"guide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)
