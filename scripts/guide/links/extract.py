"""Find every link in Markdown sources and built HTML, with its file and line.

Markdown forms: inline `[text](url)`, titled `[text](url "title")`, images,
reference definitions `[id]: url`, autolinks `<https://...>`, raw HTML
attributes (href, src, srcset...), URLs in front matter (case-study sources,
which templates turn into links) and bare URLs in prose. Code blocks, inline
code and HTML comments are blanked out first, keeping every offset, so line
numbers stay true and nothing in code is mistaken for a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from guide.frontmatter import FrontMatterError, split_front_matter

# Attributes that hold a URL, in HTML pages and in raw HTML inside Markdown.
URL_ATTRIBUTES = ("href", "src", "srcset", "poster", "data", "action", "cite", "formaction")

_FENCE_OPEN = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INLINE_START = re.compile(r"\]\(")
_REF_DEF = re.compile(
    r"^[ ]{0,3}\[(?P<label>[^\]^][^\]]*)\]:[ \t]*\n?[ \t]*(?P<url><[^>\n]*>|\S+)"
    r"(?:[ \t]*\n?[ \t]+(?P<title>\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$",
    re.MULTILINE,
)
_REF_USE = re.compile(r"(?<![\]\\])\[(?P<text>[^\[\]\n]+)\]\[(?P<label>[^\[\]\n]*)\]")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp)://[^>\s]+)>", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9-]*\b[^<>]*>")
_ATTR = re.compile(
    r"\b(?P<name>" + "|".join(URL_ATTRIBUTES) + r")\s*=\s*"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'>]+))",
    re.IGNORECASE,
)
_BARE = re.compile(r"(?<![\w/<\"'(=])https?://[^\s<>\"'`\]\[{}|\\^]+", re.IGNORECASE)
_TRAILING = ".,;:!?*_~'\""


@dataclass(frozen=True, order=True)
class Link:
    path: str  # the file as shown in reports (relative to the project)
    line: int
    url: str
    form: str  # inline, titled, image, reference, autolink, html, front matter, bare, template

    @property
    def is_external(self) -> bool:
        return is_external(self.url)


def is_external(url: str) -> bool:
    lower = url.lower()
    return lower.startswith(("http://", "https://", "//"))


def _blank_fences(text: str) -> str:
    lines = text.splitlines(keepends=True)
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE_OPEN.match(line)
        if fence is None:
            if not match:
                continue
            fence = match.group(1)
        elif match and _closes(match.group(1), fence) and not line[match.end() :].strip():
            fence = None
        lines[index] = re.sub(r"[^\n]", " ", line)
    return "".join(lines)


def _closes(marker: str, fence: str) -> bool:
    return marker[0] == fence[0] and len(marker) >= len(fence)


def prose(text: str) -> str:
    """The text with code and comments blanked out; same length, same lines."""
    chars = list(_blank_fences(text))
    for pattern in (_COMMENT, _INLINE_CODE):
        for match in pattern.finditer("".join(chars)):
            for index in range(match.start(), match.end()):
                if chars[index] != "\n":
                    chars[index] = " "
    return "".join(chars)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _inline_destination(text: str, start: int) -> tuple[str, bool, int] | None:
    """Parse `url "title")` from start; return (url, has title, end) or None."""
    i = start
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i < len(text) and text[i] == "<":
        close = text.find(">", i)
        if close < 0 or "\n" in text[i:close]:
            return None
        url, i = text[i + 1 : close], close + 1
    else:
        depth, begin = 0, i
        while i < len(text) and not text[i].isspace():
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
        url = text[begin:i]
    rest = re.match(r"\s*(\"[^\"]*\"|'[^']*'|\([^)]*\))?\s*\)", text[i:])
    if not rest:
        return None
    return url, rest.group(1) is not None, i + rest.end()


def _opening_bracket(text: str, close: int) -> int:
    """Index of the '[' that matches the ']' at close, or -1."""
    depth = 0
    for index in range(close - 1, -1, -1):
        if text[index] == "]":
            depth += 1
        elif text[index] == "[":
            if depth == 0:
                return index
            depth -= 1
    return -1


def _inline_links(text: str) -> Iterator[tuple[int, str, str]]:
    for match in _INLINE_START.finditer(text):
        parsed = _inline_destination(text, match.end())
        if parsed is None:
            continue
        url, titled, _ = parsed
        opener = _opening_bracket(text, match.start())
        image = opener > 0 and text[opener - 1] == "!"
        form = "image" if image else ("titled" if titled else "inline")
        yield match.end(), url, form


def _html_links(text: str) -> Iterator[tuple[int, str, str]]:
    for tag in _TAG.finditer(text):
        for attr in _ATTR.finditer(tag.group(0)):
            group = next(g for g in ("dq", "sq", "bare") if attr.group(g) is not None)
            value, start = attr.group(group), tag.start() + attr.start(group)
            if attr.group("name").lower() != "srcset":
                yield start, value, "html"
                continue
            for candidate in re.finditer(r"[^\s,][^\s]*", value):
                if not re.fullmatch(r"\d+(\.\d+)?[wx],?", candidate.group(0)):
                    yield start + candidate.start(), candidate.group(0).rstrip(","), "html"


def reference_definitions(text: str) -> dict[str, tuple[int, str, bool]]:
    """Label (normalised) -> (offset of the URL, URL, has title)."""
    found: dict[str, tuple[int, str, bool]] = {}
    for match in _REF_DEF.finditer(text):
        url = match.group("url").strip("<>")
        found.setdefault(
            normalise_label(match.group("label")),
            (match.start("url"), url, match.group("title") is not None),
        )
    return found


def normalise_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def undefined_references(text: str) -> Iterator[tuple[int, str]]:
    """`[text][label]` uses whose label has no definition: they render as plain text."""
    defined = reference_definitions(text)
    for match in _REF_USE.finditer(text):
        label = match.group("label") or match.group("text")
        if label.startswith("^") or normalise_label(label) in defined:
            continue
        yield match.start(), label


def _clean_bare(url: str) -> str:
    url = url.rstrip(_TRAILING)
    # A closing bracket belongs to the URL only if the URL opened one.
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(_TRAILING)
    return url


def markdown_links(text: str, shown: str) -> list[Link]:
    """Every link in a Markdown file's text (front matter included)."""
    links: list[Link] = []
    try:
        front, body, body_line = split_front_matter(text)
    except FrontMatterError:
        front, body, body_line = None, text, 1
    if front is not None:
        for match in _BARE.finditer(front):
            links.append(
                Link(shown, 1 + _line_at(front, match.start()), match.group(0), "front matter")
            )
    clean = prose(body)
    taken: list[tuple[int, int]] = []

    def add(offset: int, url: str, form: str) -> None:
        url = url.strip()
        if url:
            links.append(Link(shown, body_line - 1 + _line_at(clean, offset), url, form))
            taken.append((offset, offset + len(url)))

    for offset, url, form in _inline_links(clean):
        add(offset, url, form)
    for offset, url, titled in reference_definitions(clean).values():
        add(offset, url, "reference (titled)" if titled else "reference")
    for match in _AUTOLINK.finditer(clean):
        add(match.start("url"), match.group("url"), "autolink")
    for offset, url, form in _html_links(clean):
        add(offset, url, form)
    for match in _BARE.finditer(clean):
        if not any(start <= match.start() < end + 2 for start, end in taken):
            add(match.start(), _clean_bare(match.group(0)), "bare")
    return sorted(set(links))


def markdown_file_links(path: Path, root: Path) -> list[Link]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return markdown_links(text, shown_path(path, root))


def shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _HTMLLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # line, url, tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if name not in URL_ATTRIBUTES or not value:
                continue
            if name == "srcset":
                self.found.extend(
                    (line, part.split()[0], tag) for part in value.split(",") if part.strip()
                )
            else:
                self.found.append((line, value.strip(), tag))


def html_links(html: str) -> list[tuple[int, str, str]]:
    """(line, url, tag) for every URL attribute in an HTML document."""
    parser = _HTMLLinks()
    parser.feed(html)
    parser.close()
    return parser.found
