"""One quick pass over a built page: its tags, and its inline scripts and styles.

The build looks at every page it writes (scripts/guide/built_pages.py), so this
uses regular expressions rather than a full HTML parser: the pages come from
MkDocs and Material, with well-formed tags and quoted attributes, and a pass is
several times faster. Comments are skipped; the text of <script> and <style>
elements is kept whole (it is what their hashes are made from) and is never
read as tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

_RAW = re.compile(
    r"<!--.*?-->|<(?P<raw>script|style)\b(?P<attrs>[^>]*)>(?P<text>.*?)</(?P=raw)\s*>",
    re.DOTALL | re.IGNORECASE,
)
# A quoted attribute value may hold ">", so quoted runs are taken whole.
_TAG = re.compile(r"""<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:"[^"]*"|'[^']*'|[^'">])*)>""")
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
    found = {}
    for match in _ATTR.finditer(text.rstrip("/")):
        value = match.group("dq") or match.group("sq") or match.group("bare") or ""
        found.setdefault(match.group("name").lower(), value)
    return found


def scan(html: str) -> Scan:
    result = Scan()
    markup = []
    last = 0
    for match in _RAW.finditer(html):
        markup.append(html[last : match.start()])
        last = match.end()
        raw = match.group("raw")
        if not raw:
            continue  # a comment
        attrs = attributes(match.group("attrs"))
        markup.append(f"<{raw}{match.group('attrs')}>")  # the start tag is still checked
        if raw.lower() == "script":
            result.scripts.append((attrs, match.group("text")))
        else:
            result.styles.append(match.group("text"))
    markup.append(html[last:])
    for match in _TAG.finditer("".join(markup)):
        result.tags.append(Tag(match.group("name").lower(), match.group("attrs")))
    return result
