"""The one reader of Markdown structure: what is code, what is a heading, which links
point at undefined references. Every check that needs to know asks here.

It is markdown-it-py (CommonMark), with tables on and indented code off: in this
site's Python-Markdown, indented text is the body of an admonition or a tab, not
code. A fence ends only at a fence of the same character at least as long, so a
four-backtick block can show a three-backtick one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table").disable("code")
_REFERENCE_USE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]*)\]")
_CODE_SPAN = re.compile(r"(`+).+?\1")


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based index into text.splitlines()
    level: int
    text: str


@dataclass(frozen=True)
class Structure:
    code: frozenset[int]  # 0-based lines inside fenced code, fences included
    headings: tuple[Heading, ...]
    undefined_references: tuple[tuple[int, str], ...]  # (0-based line, label)


def _tokens(text: str) -> tuple[list[Token], dict]:
    env: dict = {}
    return _PARSER.parse(text, env), env


@lru_cache(maxsize=256)
def read(text: str) -> Structure:
    tokens, env = _tokens(text)
    code: set[int] = set()
    headings = []
    undefined = []
    known = {_label(k) for k in env.get("references", {})}
    for at, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "fence":
            code.update(range(start, end))
        elif token.type == "heading_open":
            headings.append(Heading(start, int(token.tag[1]), tokens[at + 1].content.strip()))
        elif token.type == "inline":
            for offset, line in enumerate(token.content.splitlines()):
                for match in _REFERENCE_USE.finditer(_CODE_SPAN.sub("", line)):
                    label = match.group(2) or match.group(1)
                    if _label(label) not in known:
                        undefined.append((start + offset, label))
    return Structure(frozenset(code), tuple(headings), tuple(undefined))


def _label(label: str) -> str:
    return " ".join(label.casefold().split())


def code_lines(text: str) -> frozenset[int]:
    return read(text).code


def headings(text: str) -> tuple[Heading, ...]:
    return read(text).headings
