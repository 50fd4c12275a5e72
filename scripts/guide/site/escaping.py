"""Front-matter values, made safe for wherever they go: HTML, Markdown or YAML.

Every value in front matter comes from a contributor. Material's templates write
`page.title` and `page.meta.*` into HTML without escaping (MkDocs does not turn on
Jinja's autoescape), so `escape_meta` replaces each string in a page's metadata
with its escaped form as `markupsafe.Markup`: written out as it is, it is text,
and Jinja's `|e` does not escape it twice.

Generated Markdown (the filter pages, the content-health page) takes values
through `markdown_text`, and generated front matter through `front_matter`, so a
name such as "Children's Commissioner" or "<b>" stays words.
"""

from __future__ import annotations

import html
import re
from typing import Any

import yaml
from markupsafe import Markup, escape

# What Python-Markdown (with the tables extension) reads as syntax after a backslash.
# ("<", ">" and "&" are left to HTML escaping, which comes after.)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_meta(value: Any) -> Any:
    """The same metadata with every string HTML-escaped (as Markup), at any depth."""
    if isinstance(value, str):
        return escape(value)  # Markup stays as it is: never escaped twice
    if isinstance(value, dict):
        return {key: escape_meta(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(escape_meta(item) for item in value)
    return value


def markdown_text(value: str) -> str:
    """Plain words for generated Markdown: no HTML, no Markdown syntax, one line."""
    words = " ".join(str(value).split())
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", words), quote=False)


def front_matter(fields: dict[str, Any]) -> str:
    """A YAML front-matter block that reads back as exactly `fields`, whatever they hold."""
    text = yaml.safe_dump(
        {k: (str(v) if isinstance(v, Markup) else v) for k, v in fields.items()},
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10**6,
    )
    return f"---\n{text}---\n"
