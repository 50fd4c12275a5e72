"""Render a page's Markdown as the build does, so `guide check` can judge the HTML.

The extensions and their settings come from mkdocs.yml (`markdown_extensions`),
with the snippets folder of the docs being checked. Rendering never raises: a
snippet that cannot be included, or any other failure, comes back as a Problem.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import markdown
import yaml

from guide.problems import Problem

PROJECT = Path(__file__).resolve().parents[3]  # where the package's own mkdocs.yml is


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml with its !ENV and other tags read as plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@functools.cache
def _extensions(config_file: Path) -> tuple[list[Any], dict[str, dict]]:
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 (a SafeLoader) or {}
    names, settings = [], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                settings[name] = dict(options or {})
        else:
            names.append(str(item))
    for name in ("toc", "tables", "fenced_code"):  # MkDocs adds these itself
        if name not in names and not (name == "fenced_code" and "pymdownx.superfences" in names):
            names.append(name)
    return names, settings


def markdown_renderer(root: Path, docs: Path) -> markdown.Markdown:
    """A Markdown converter set up as mkdocs.yml sets up the build."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        config_file = PROJECT / "mkdocs.yml"
    names, settings = _extensions(config_file)
    settings = {name: dict(options) for name, options in settings.items()}
    if "pymdownx.snippets" in settings:
        snippets = settings["pymdownx.snippets"]
        base = docs / "_snippets"
        snippets["base_path"] = [str(base)]
        snippets["restrict_base_path"] = True
        snippets["check_paths"] = True
        snippets["url_download"] = False
        snippets["auto_append"] = [
            name for name in snippets.get("auto_append", []) if (base / name).is_file()
        ]
    return markdown.Markdown(extensions=names, extension_configs=settings)


def render(
    converter: markdown.Markdown, text: str, shown: Path, line: int
) -> tuple[str | None, list[Problem]]:
    """The HTML `text` becomes, or None and a problem saying why it could not be made."""
    try:
        return converter.reset().convert(text), []
    except Exception as error:  # reported to the contributor, never a traceback
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        return None, [
            Problem(
                shown,
                line,
                "body",
                f"the page could not be rendered: {detail}",
                "check any '--8<--' line names a file in docs/_snippets/",
            )
        ]
