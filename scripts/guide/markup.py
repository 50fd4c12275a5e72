"""Markdown hygiene for every page: alt text on images, no active or styling HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator

from guide.markdown_doc import code_lines
from guide.pages import Page
from guide.problems import Problem

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)")
_HTML_IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_BANNED_TAG = re.compile(r"<\s*(script|iframe|object|embed|style)\b", re.IGNORECASE)
_EVENT_ATTR = re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
_INLINE_CODE = re.compile(r"`[^`]*`")


def _prose_lines(page: Page) -> Iterator[tuple[int, str]]:
    """Body lines outside fenced code, with inline code blanked out."""
    code = code_lines(page.body)
    for index, line in enumerate(page.body.splitlines()):
        if index not in code:
            yield page.body_line + index, _INLINE_CODE.sub("``", line)


def check_markup(page: Page) -> list[Problem]:
    problems = []
    for number, line in _prose_lines(page):
        for match in _IMAGE.finditer(line):
            if not match.group("alt").strip():
                problems.append(
                    Problem(
                        page.path,
                        number,
                        "image",
                        f"the image '{match.group('src')}' has no alt text",
                        "describe the image inside the square brackets: ![What the image shows](file.png)",
                    )
                )
        for match in _HTML_IMG.finditer(line):
            if not re.search(r"\balt\s*=", match.group("attrs"), re.IGNORECASE):
                problems.append(
                    Problem(
                        page.path,
                        number,
                        "image",
                        "an <img> tag has no alt attribute",
                        'use Markdown ![description](file.png), or add alt="" only if the image is decorative',
                    )
                )
        for match in _BANNED_TAG.finditer(line):
            tag = match.group(1).lower()
            problems.append(
                Problem(
                    page.path,
                    number,
                    "html",
                    f"a <{tag}> tag is not allowed in pages",
                    "remove it; pages may not run scripts, embed other sites or carry their own styles",
                )
            )
        for match in _EVENT_ATTR.finditer(line):
            problems.append(
                Problem(
                    page.path,
                    number,
                    "html",
                    f"the '{match.group(1)}' attribute runs a script and is not allowed",
                    "remove the attribute",
                )
            )
    return problems
