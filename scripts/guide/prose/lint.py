"""Markdown lint with PyMarkdown, configured in .pymarkdown.yml for the site's extensions."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from guide.prose.findings import ERROR, Finding

CONFIG_NAME = ".pymarkdown.yml"


def _scan(path: str, config: str) -> list[tuple[str, int, str, str, str]]:
    """(file, line, rule, what, rule name) for one file; runs in a worker process."""
    from pymarkdown.api import PyMarkdownApi

    api = PyMarkdownApi()
    if config:
        api = api.configuration_file_path(config)
    result = api.scan_path(path)
    found = [
        (
            f.scan_file,
            f.line_number,
            f.rule_id,
            f.rule_description
            + (f" {f.extra_error_information}" if f.extra_error_information else ""),
            f.rule_name.split(",")[0],
        )
        for f in result.scan_failures
    ]
    found += [
        (e.file_path, e.line_number, "pragma", e.pragma_error, "") for e in result.pragma_errors
    ]
    return found


def _shown(path: str, root: Path) -> Path:
    resolved = Path(path).resolve()
    return resolved.relative_to(root) if resolved.is_relative_to(root) else Path(path)


def _finding(item: tuple[str, int, str, str, str], root: Path) -> Finding:
    path, line, rule, what, name = item
    if rule == "pragma":
        fix = "correct the '<!-- pyml ... -->' comment"
    else:
        fix = f"see PyMarkdown rule {rule} ({name}); rules are set in {CONFIG_NAME}"
    return Finding(_shown(path, root), line, f"markdown-{rule.lower()}", what, fix, ERROR)


def lint(files: list[Path], root: Path, config: Path | None = None) -> list[Finding]:
    """Every PyMarkdown rule failure in the given files, as errors.

    `config` defaults to .pymarkdown.yml in root. PyMarkdown takes about a
    third of a second a page, so pages are shared between processes.
    """
    root = root.resolve()
    config = config or root / CONFIG_NAME
    setting = str(config) if config.is_file() else ""
    names = [str(f) for f in files]
    workers = max(1, min(len(names), os.cpu_count() or 1))
    if workers == 1:
        results = [_scan(name, setting) for name in names]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_scan, names, [setting] * len(names)))
    return [_finding(item, root) for found in results for item in found]
