"""A guide page reduced to what a reader meets, keeping the line of everything.

The prose checks look at words, links, headings and sentences, never at code,
addresses or markup. Each piece keeps its file line so a finding can say where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from guide.content.markdown_doc import code_lines
from guide.content.pages import Page, load_page
from guide.prose.readability import prose_units, split_sentences

# Front matter fields that are shown to readers as text.
SHOWN_FIELDS = ("title", "description", "summary")
# Sections that hold citations: other people's titles, kept as they wrote them.
CITATION_SECTIONS = {"further reading", "sources"}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BLOCK_TITLE = re.compile(r'^\s*(?:!!!|\?\?\?\+?|===)\s*[\w-]*\s*(?:"([^"]*)")?')
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_REFERENCE = re.compile(r"^\s*\[[^\]^]+\]:\s*\S+")
_INLINE_CODE = re.compile(r"`+[^`]*`+")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_HTML_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?\b(?:https?://|www\.)[^\s)>\]]+>?")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ATTRS = re.compile(r"\{\s*[:#.\w][^}]*\}")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]:?")
_HANDLE = re.compile(r"(?<![\w&])[@#]\w+")  # @accounts and #hashtags are names, not words
_DOMAIN = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|com|org|net|site|io|gov|info|eu)\b")


@dataclass(frozen=True)
class Unit:
    """A paragraph, list item or table cell, as the readability module splits them."""

    line: int
    text: str

    @property
    def sentences(self) -> list:
        return split_sentences([(self.line, self.text)])


@dataclass
class Document:
    path: Path  # as shown in findings
    page: Page | None
    lines: list[tuple[int, str]] = field(default_factory=list)  # prose text by file line
    citation_lines: set[int] = field(default_factory=set)  # lines under "Further reading"
    headings: list[tuple[int, str]] = field(default_factory=list)  # includes the title
    links: list[tuple[int, str]] = field(default_factory=list)  # link text by line
    units: list[Unit] = field(default_factory=list)


def clean_inline(text: str) -> str:
    """Keep the words of a line: link text and alt text stay, code and addresses go."""
    text = _INLINE_CODE.sub(" ", text)
    text = _IMAGE.sub(r" \1 ", text)
    text = _LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _DOMAIN.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _ATTRS.sub(" ", text)
    text = _FOOTNOTE.sub(" ", text)
    text = re.sub(r"\[[ xX]\]", " ", text)  # task-list boxes
    text = re.sub(r"(?<![\w*])[*_]{1,3}|[*_]{1,3}(?![\w*])", " ", text)  # emphasis
    return text


def link_texts(line: str) -> list[str]:
    line = _INLINE_CODE.sub(" ", line)
    texts = [m.group(1) for m in _LINK.finditer(line)]
    texts += [_TAG.sub("", m.group(1)) for m in _HTML_LINK.finditer(line)]
    return [t.strip() for t in texts]


def _front_matter(doc: Document, page: Page) -> None:
    for key in SHOWN_FIELDS:
        value = page.meta.get(key)
        if isinstance(value, str):
            doc.lines.append((page.line_of(key), clean_inline(value)))
            if key == "title":  # shown as the page's first heading
                doc.headings.append((page.line_of(key), value.strip()))


def _body(doc: Document, body: str, first_line: int) -> None:
    code = code_lines(body)
    in_comment = False
    citing = False
    for index, raw in enumerate(body.splitlines()):
        number = first_line + index
        if index in code:
            continue
        line = raw
        if in_comment or "<!--" in line:
            line, in_comment = _strip_comments(line, in_comment)
        stripped = line.strip()
        if not stripped or stripped.startswith(("*[", "--8<--")) or _REFERENCE.match(line):
            continue
        if _TABLE_RULE.match(line) and "-" in line:
            continue
        heading = _HEADING.match(stripped)
        if heading:
            text = _ATTRS.sub("", heading.group(2)).strip()
            doc.headings.append((number, text))
            citing = text.lower() in CITATION_SECTIONS
            doc.lines.append((number, clean_inline(text)))
            continue
        block = _BLOCK_TITLE.match(line)
        if block:
            if block.group(1):
                doc.lines.append((number, clean_inline(block.group(1))))
            continue
        doc.links += [(number, text) for text in link_texts(line)]
        doc.lines.append((number, clean_inline(line)))
        if citing:
            doc.citation_lines.add(number)


def _strip_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """Remove HTML comments, which may span lines; say whether one is still open."""
    kept = ""
    while line:
        if in_comment:
            end = line.find("-->")
            if end == -1:
                return kept, True
            line, in_comment = line[end + 3 :], False
        else:
            start = line.find("<!--")
            if start == -1:
                return kept + line, False
            kept, line, in_comment = kept + line[:start], line[start + 4 :], True
    return kept, in_comment


def read_document(path: Path, shown: Path | None = None) -> Document:
    """Read a page; a page whose front matter cannot be read is checked as plain text."""
    shown = shown or path
    page, _ = load_page(path, shown)
    if page is None:
        text = path.read_text(encoding="utf-8", errors="replace")
        doc = Document(shown, None)
        _body(doc, text, 1)
        doc.units = [Unit(n, t) for n, t in prose_units(text, 1)]
        return doc
    doc = Document(shown, page)
    _front_matter(doc, page)
    _body(doc, page.body, page.body_line)
    doc.units = [Unit(n, t) for n, t in prose_units(page.body, page.body_line)]
    return doc
