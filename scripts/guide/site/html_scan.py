"""One quick pass over a built page: the tags that matter, and its inline scripts and styles.

The build looks at every page it writes (scripts/guide/site/built_pages.py), so this
uses regular expressions rather than a full HTML parser: the pages come from
MkDocs and Material, with well-formed tags and quoted attributes, and a pass is
many times faster. Comments are skipped; the text of <script> and <style>
elements is kept whole (it is what their hashes are made from) and is never
read as tags.

Only tags someone needs are kept, in page order: every <img>, and every tag with
something a Content Security Policy could block (an on… attribute, a style
attribute, a javascript: address, or an address on another host). A page has
hundreds of other tags, and reading them all took most of the build's extra time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

_RAW = re.compile(
    r"<!--.*?-->|<(?P<raw>script|style)\b(?P<attrs>[^>]*)>(?P<text>.*?)</(?P=raw)\s*>",
    re.DOTALL | re.IGNORECASE,
)
# A quoted attribute value may hold ">", so quoted runs are taken whole.
_TAG = re.compile(
    r"""<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:[^'">]++|"[^"]*+"|'[^']*+')*+)>"""
)
# Where a tag that matters may be: an <img>, or what a Content Security Policy could
# block (an on… or style attribute, a javascript: address, an address on another host).
# Searching the page for these and reading only the tags around them is many times
# quicker than reading every tag. Each pattern starts with plain text, which lets the
# regular expression engine skip ahead, so they run one by one over a lower-case copy.
_HINTS = (
    re.compile(r"<img\b"),
    re.compile(r"on[a-z]+\s*="),  # an attribute only after a space (checked below)
    re.compile(r"style\s*="),  # likewise
    re.compile(r"javascript:"),
    re.compile(r"<link\b"),  # its href loads a style sheet or icon
    re.compile(r"src\s*=\s*[\"']?(?:https?:)?//"),  # a script, image, frame or media
    re.compile(r"data\s*=\s*[\"']?(?:https?:)?//"),  # an <object>
)
_ATTR = re.compile(
    r"""(?P<name>[^\s"'=<>/`]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?"""
)


@dataclass
class Tag:
    name: str
    raw: str  # the attributes as written

    @cached_property
    def attrs(self) -> dict[str, str]:
        # Parsed only when asked for: most tags never are.
        return attributes(self.raw)


@dataclass
class Scan:
    tags: list[Tag] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)  # (attributes, text)
    styles: list[str] = field(default_factory=list)


def attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR.finditer(text.rstrip("/")):
        value = match.group("dq") or match.group("sq") or match.group("bare") or ""
        found.setdefault(match.group("name").lower(), value)
    return found


def scan(html: str) -> Scan:
    result = Scan()
    skipped: list[tuple[int, int]] = []  # comments, and the text of scripts and styles
    for match in _RAW.finditer(html):
        raw = match.group("raw")
        if not raw:
            skipped.append(match.span())
            continue
        skipped.append((match.start("text"), match.end()))
        if raw.lower() == "script":
            result.scripts.append((attributes(match.group("attrs")), match.group("text")))
        else:
            result.styles.append(match.group("text"))
    starts = [start for start, _ in skipped]
    found: dict[int, Tag] = {}
    for hint in _hints(html):
        begin = html.rfind("<", 0, hint + 1)
        if begin < 0 or begin in found:
            continue
        tag = _TAG.match(html, begin)
        if not tag or tag.end() <= hint:
            continue  # in text, not in a tag
        at = bisect.bisect_right(starts, begin) - 1
        if at >= 0 and begin < skipped[at][1]:
            continue  # in a comment, or in a script's or style's text
        found[begin] = Tag(tag.group("name").lower(), tag.group("attrs"))
    result.tags = [found[begin] for begin in sorted(found)]
    return result


def _hints(html: str) -> Iterator[int]:
    low = html.lower()
    if len(low) != len(html):  # a rare character whose lower case is longer: positions shift
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in html)
    for pattern in _HINTS:
        attribute = pattern.pattern[0] in "os"  # on…= and style= follow a space in a tag
        for match in pattern.finditer(low):
            if not attribute or low[match.start() - 1].isspace():
                yield match.start()
