"""Names made from text and paths: slugs, anchors and the address a page is published at.

Shared: the checks, the build and the release tools name things alike.
"""

from __future__ import annotations

import re

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case letters and digits, every other run one hyphen: "Plan/Objectives" -> "plan-objectives"."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def page_url(path: str) -> str:
    """Where a docs/ page is published, relative to the site root (directory URLs)."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return (stem.removesuffix("/index") if stem.endswith("/index") else stem) + "/"
