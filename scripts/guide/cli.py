"""The `guide` command: one front door for contributors, reviewers and CI.

Each subcommand lives in its own module with a `register(subparsers)` function
that adds its parser and sets `func`; this file only lists the modules.
"""

from __future__ import annotations

import argparse
import importlib
from datetime import date
from pathlib import Path

from guide import __version__

# Modules that provide subcommands, in the order `guide --help` lists them.
COMMAND_MODULES = (
    "guide.commands.check",
    "guide.commands.new",
    "guide.commands.release",
    "guide.commands.diff",
    "guide.commands.versions",
    "guide.commands.links",
    "guide.commands.review",
    "guide.commands.prose",
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


if __name__ == "__main__":
    raise SystemExit(main())
