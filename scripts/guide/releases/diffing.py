"""What changed in docs/ between two git refs: pages added, removed, renamed and changed.

Pages are read from git, never from the working tree, so any two commits, tags
or branches can be compared. What is compared is the text readers see, not the
Markdown source: each page is rendered with the site's own Markdown extensions
(from mkdocs.yml) and its HTML read back as blocks (paragraphs, list items,
table rows, lines of code) under its headings. Links are their words, lists
stay lists and headings stay headings.

A page that disappears from one path while a page with mostly the same words
appears at another is a rename. A changed page is compared section by section
(the page details from its front matter, the text before the first heading,
then each heading's section); inside a section, block by block, and inside a
changed block, word by word.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

import lxml.html
import markdown as markdown_lib
import yaml

from guide.content.frontmatter import FrontMatterError, split_front_matter
from guide.gitrepo import GitError, git, rev

PAGE_SUFFIX = ".md"
# A removed and an added page at least this similar (0 to 1, by words) are a rename;
# git uses the same 50% threshold for its own rename detection.
RENAME_SIMILARITY = 0.5
# Unchanged words kept either side of a change, so a change can be read in context.
CONTEXT_WORDS = 12
FRONT_MATTER = "Page details"
OPENING = "Text before the first heading"

_WORD = re.compile(r"\S+\s*")

PieceKind = Literal["same", "added", "removed", "gap"]
PageStatus = Literal["added", "removed", "renamed", "changed"]
SectionStatus = Literal["added", "removed", "changed"]
BlockStatus = Literal["same", "added", "removed", "changed", "gap"]

# The site's Markdown extensions when there is no mkdocs.yml to read them from.
DEFAULT_EXTENSIONS: list = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},
    {"pymdownx.tasklist": {"custom_checkbox": True}},
]
# Snippets read files from the working tree by path; the words they add (abbreviations)
# are the same in every version, so comparing without them changes nothing readers see.
_LEFT_OUT = {"pymdownx.snippets"}


# Blocks of text as readers see them -------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, table row, line of code or the like, as plain words."""

    kind: str  # "p", "li", "code", "row", "term"
    text: str
    depth: int = 0  # how deeply a list item is nested (0: top level)
    ordered: bool = False  # a numbered list

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.kind, self.depth, self.text)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = {"ul", "ol"}
_BLOCKS = {"p", "pre", "tr", "dt", "dd", "summary", "figcaption", "caption", "li"}
_CONTAINERS = {
    "div",
    "blockquote",
    "dl",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "section",
    "details",
    "figure",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "main",
    "body",
    "html",
    "form",
    "fieldset",
}
_SKIPPED = {"script", "style", "template", "noscript", "head", "title", "meta", "link"}
_SKIPPED_CLASSES = {"headerlink"}  # the ¶ permalink after each heading
_BREAKS = {"br", "hr"}


def _words(text: str) -> str:
    return " ".join(text.split())


def _skipped(el) -> bool:
    if not isinstance(el.tag, str) or el.tag in _SKIPPED:
        return True
    classes = set((el.get("class") or "").split())
    return bool(classes & _SKIPPED_CLASSES)


def _inline_text(el, stop_at_blocks: bool = False) -> str:
    """The words inside el as readers see them (a ticked box as ☑, an empty one as ☐)."""
    parts: list[str] = []

    def visit(node) -> None:
        if node.tag == "input" and (node.get("type") or "").lower() == "checkbox":
            parts.append("☑ " if node.get("checked") is not None else "☐ ")
        if node.text:
            parts.append(node.text)
        for child in node:
            if not _skipped(child):
                nested = child.tag in _LISTS or (
                    stop_at_blocks and child.tag in _BLOCKS | _CONTAINERS and child.tag != "p"
                )
                if not nested:
                    visit(child)
                    if child.tag in _BREAKS | {"p"}:
                        parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return _words("".join(parts))


def html_items(html: str) -> list[Block | Heading]:  # noqa: C901 (one branch per kind of element)
    """Headings and blocks of text, in reading order, from a page's rendered HTML."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    items: list[Block | Heading] = []

    def flush(buffer: list[str]) -> None:
        text = _words("".join(buffer))
        if text:
            items.append(Block("p", text))
        buffer.clear()

    def container(el, depth: int, ordered: bool) -> None:
        buffer: list[str] = [el.text or ""]
        for child in el:
            if _skipped(child):
                buffer.append(child.tail or "")
                continue
            tag = child.tag
            if tag in _HEADINGS or tag in _BLOCKS or tag in _CONTAINERS or tag in _LISTS:
                flush(buffer)
                element(child, depth, ordered)
            else:
                buffer.append(_inline_text(child))
            buffer.append(child.tail or "")
        flush(buffer)

    def element(el, depth: int, ordered: bool) -> None:  # noqa: C901 (one branch per tag)
        tag = el.tag
        if tag in _HEADINGS:
            items.append(Heading(_HEADINGS[tag], _inline_text(el)))
        elif tag in _LISTS:
            for child in el:
                if not _skipped(child):
                    element(child, depth, tag == "ol")
        elif tag == "li":
            text = _inline_text(el, stop_at_blocks=True)
            if text:
                items.append(Block("li", text, depth, ordered))
            for child in el:
                if _skipped(child) or child.tag == "p":
                    continue
                if child.tag in _LISTS:
                    element(child, depth + 1, ordered)
                elif child.tag in _BLOCKS | _CONTAINERS:
                    element(child, depth, ordered)
        elif tag == "pre":
            for line in el.text_content().splitlines():
                if line.strip():
                    items.append(Block("code", line.rstrip()))
        elif tag == "tr":
            cells = [_inline_text(cell) for cell in el if cell.tag in ("td", "th")]
            if any(cells):
                items.append(Block("row", " · ".join(cells)))
        elif tag in ("dt", "summary", "caption", "figcaption"):
            text = _inline_text(el)
            if text:
                items.append(Block("term", text))
        elif tag in _BLOCKS:  # p, dd
            text = _inline_text(el)
            if text:
                items.append(Block("p", text))
        else:
            container(el, depth, ordered)

    container(root, 0, False)
    return items


# Rendering Markdown the way the site does ---------------------------------------------


class Renderer:
    """Markdown to HTML with the site's extensions, reused for every page."""

    def __init__(self, extensions: list | None = None) -> None:
        names, configs = [], {}
        for item in DEFAULT_EXTENSIONS if extensions is None else extensions:
            name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            if name in _LEFT_OUT:
                continue
            names.append(name)
            if config:
                configs[name] = dict(config)
        if "toc" in configs:
            # Only the words matter here; no slug function from the config is needed.
            configs["toc"] = {"permalink": configs["toc"].get("permalink", False)}
        self._md = markdown_lib.Markdown(extensions=names, extension_configs=configs)

    @classmethod
    def for_repo(cls, repo: Path) -> Renderer:
        """The extensions listed in repo's mkdocs.yml (or the defaults without one)."""
        config_file = repo / "mkdocs.yml"
        if not config_file.is_file():
            return cls()
        import mkdocs.utils

        with open(config_file, "rb") as handle:
            config = mkdocs.utils.yaml_load(handle) or {}
        return cls(config.get("markdown_extensions") or None)

    def html(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


_default_renderer: Renderer | None = None


def default_renderer() -> Renderer:
    global _default_renderer
    if _default_renderer is None:
        _default_renderer = Renderer()
    return _default_renderer


# Sections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    heading: str
    occurrence: int  # 0 for the first section with this heading, 1 for the second...
    blocks: tuple[Block, ...]
    level: int = 0  # the heading's level (0 for the page details and opening text)

    @property
    def key(self) -> tuple[str, int]:
        return (self.heading, self.occurrence)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def _details_blocks(front: str | None) -> list[Block]:
    """The front matter as readers meet it: 'Title: …', 'Owner: …', 'Last reviewed: …'."""
    if not front:
        return []
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return [Block("p", _words(front))]
    if not isinstance(data, dict):
        return []
    blocks = []
    for key, value in data.items():
        label = str(key).replace("_", " ").capitalize()
        blocks.append(Block("p", f"{label}: {_value_text(value)}"))
    return blocks


def _value_text(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    return _words(str(value))


def _split(text: str) -> tuple[str | None, str]:
    try:
        front, body, _ = split_front_matter(text)
    except FrontMatterError:
        return None, text
    return front, body


def split_sections(text: str, renderer: Renderer | None = None) -> list[Section]:
    """The page details, the text before the first heading, then one section per heading."""
    front, body = _split(text)
    renderer = renderer or default_renderer()
    raw: list[tuple[str, int, list[Block]]] = []
    details = _details_blocks(front)
    if details:
        raw.append((FRONT_MATTER, 0, details))
    raw.append((OPENING, 0, []))
    for item in html_items(renderer.html(body)):
        if isinstance(item, Heading):
            raw.append((item.text, item.level, []))
        else:
            raw[-1][2].append(item)
    sections: list[Section] = []
    seen: dict[str, int] = {}
    for heading, level, blocks in raw:
        if heading == OPENING and not blocks:
            continue
        sections.append(Section(heading, seen.get(heading, 0), tuple(blocks), level))
        seen[heading] = seen.get(heading, 0) + 1
    return sections


# Words ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str


def tokens(text: str) -> list[str]:
    """Words with the space after each, so joining them gives the text back."""
    return _WORD.findall(text)


def _word_similarity(old: str, new: str) -> float:
    if old == new:
        return 1.0
    a, b = old.split(), new.split()
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < RENAME_SIMILARITY or matcher.quick_ratio() < RENAME_SIMILARITY:
        return matcher.quick_ratio()
    return matcher.ratio()


def similarity(old: str, new: str, renderer: Renderer | None = None) -> float:
    """How alike two pages are, by the words readers see: 1.0 identical, 0.0 nothing shared.

    The page details are left out: fields every page shares (owner, review period)
    would make any two short pages look alike.
    """
    if old == new:
        return 1.0
    return _word_similarity(_reader_words(old, renderer), _reader_words(new, renderer))


def _reader_words(text: str, renderer: Renderer | None = None) -> str:
    sections = split_sections(text, renderer)
    return "\n".join(s.text for s in sections if s.heading != FRONT_MATTER)


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> tuple[list[Piece], int, int]:
    """Pieces of text marked same, added or removed, plus the counts of words added and removed.

    Long runs of unchanged words are cut to `context` words either side of a
    change, with a gap piece where words were left out.
    """
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    runs: list[tuple[PieceKind, list[str]]] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", b[j1:j2]))
            continue
        if i2 > i1:
            runs.append(("removed", a[i1:i2]))
            removed += i2 - i1
        if j2 > j1:
            runs.append(("added", b[j1:j2]))
            added += j2 - j1
    return _trim_context(runs, context), added, removed


def _trim_context(runs: list[tuple[PieceKind, list[str]]], context: int) -> list[Piece]:
    pieces: list[Piece] = []
    last = len(runs) - 1
    for index, (kind, words) in enumerate(runs):
        head = [] if index == 0 else words[:context]
        tail = [] if index == last else words[-context:]
        if kind != "same" or len(words) <= len(head) + len(tail) or (not head and not tail):
            pieces.append(Piece(kind, "".join(words)))
            continue
        pieces += [Piece("same", "".join(head))] if head else []
        pieces.append(Piece("gap", ""))
        pieces += [Piece("same", "".join(tail))] if tail else []
    return pieces


# Blocks ---------------------------------------------------------------------------------


@dataclass
class BlockChange:
    """One block of a changed section, with its words marked."""

    status: BlockStatus
    kind: str
    pieces: list[Piece]
    depth: int = 0
    ordered: bool = False


def _whole_block(status: BlockStatus, block: Block) -> BlockChange:
    kind: PieceKind = "same" if status == "same" else status  # type: ignore[assignment]
    return BlockChange(status, block.kind, [Piece(kind, block.text)], block.depth, block.ordered)


def _similar_blocks(old: Block, new: Block) -> bool:
    return old.kind == new.kind and _word_similarity(old.text, new.text) >= RENAME_SIMILARITY


def _pair_blocks(
    olds: list[Block], news: list[Block]
) -> list[tuple[str, Block | None, Block | None]]:
    """Pair replaced blocks in order: alike ones are changed, the rest removed or added."""
    rows: list[tuple[str, Block | None, Block | None]] = []
    if len(olds) == len(news) == 1 and olds[0].kind == news[0].kind:
        return [("changed", olds[0], news[0])]
    j = 0
    for old in olds:
        match = next((k for k in range(j, len(news)) if _similar_blocks(old, news[k])), None)
        if match is None:
            rows.append(("removed", old, None))
            continue
        rows += [("added", None, n) for n in news[j:match]]
        rows.append(("changed", old, news[match]))
        j = match + 1
    rows += [("added", None, n) for n in news[j:]]
    return rows


def diff_blocks(
    old: list[Block] | tuple[Block, ...],
    new: list[Block] | tuple[Block, ...],
    context: int = CONTEXT_WORDS,
) -> tuple[list[BlockChange], int, int]:
    """Blocks marked same, added, removed or changed, with the words added and removed.

    Unchanged blocks next to a change are kept (cut to `context` words on the
    side away from it); the rest are left out, with a gap where they were.
    """
    old, new = list(old), list(new)
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    rows: list[tuple[str, Block | None, Block | None]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [
                ("same", old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
        else:
            rows += _pair_blocks(old[i1:i2], new[j1:j2])
    changes: list[BlockChange] = []
    added = removed = 0
    for status, before, after in rows:
        if status == "changed" and before and after:
            pieces, plus, minus = word_diff(before.text, after.text, context)
            changes.append(BlockChange("changed", after.kind, pieces, after.depth, after.ordered))
            added, removed = added + plus, removed + minus
        elif status == "added" and after:
            changes.append(_whole_block("added", after))
            added += len(tokens(after.text))
        elif status == "removed" and before:
            changes.append(_whole_block("removed", before))
            removed += len(tokens(before.text))
        elif after:
            changes.append(_whole_block("same", after))
    return _trim_blocks(changes, context), added, removed


def _trim_blocks(changes: list[BlockChange], context: int) -> list[BlockChange]:
    """Keep unchanged blocks only next to a change, shortened towards it."""
    changed = [i for i, c in enumerate(changes) if c.status != "same"]
    kept: list[BlockChange] = []
    for index, change in enumerate(changes):
        if change.status != "same":
            kept.append(change)
            continue
        before = index + 1 in changed  # a change follows: keep this block's end
        after = index - 1 in changed  # a change precedes: keep its start
        if not before and not after:
            if not kept or kept[-1].status != "gap":
                kept.append(BlockChange("gap", "p", [Piece("gap", "")]))
            continue
        words = tokens(change.pieces[0].text)
        if len(words) > 2 * context or (len(words) > context and not (before and after)):
            head = words[:context] if after else []
            tail = words[-context:] if before else []
            pieces = [Piece("same", "".join(head))] if head else []
            pieces.append(Piece("gap", ""))
            pieces += [Piece("same", "".join(tail))] if tail else []
            change = BlockChange("same", change.kind, pieces, change.depth, change.ordered)
        kept.append(change)
    return kept


# Pages ---------------------------------------------------------------------------------


@dataclass
class SectionChange:
    heading: str
    status: SectionStatus
    blocks: list[BlockChange]
    added: int
    removed: int
    old_heading: str | None = None  # set when the heading itself was reworded
    occurrence: int = 0  # which section with this heading (for its address on the page)

    @property
    def pieces(self) -> list[Piece]:
        """Every piece of every block, in order (for counting and simple reports)."""
        return [piece for block in self.blocks for piece in block.pieces]


@dataclass
class PageChange:
    status: PageStatus
    path: str
    title: str
    old_path: str | None = None
    similarity: float | None = None
    sections: list[SectionChange] = field(default_factory=list)
    outline: list[str] = field(default_factory=list)  # headings of an added or removed page
    words: int = 0  # words on an added or removed page

    @property
    def added(self) -> int:
        return sum(s.added for s in self.sections)

    @property
    def removed(self) -> int:
        return sum(s.removed for s in self.sections)


@dataclass(frozen=True)
class FileChange:
    status: PageStatus
    path: str
    old_path: str | None = None


@dataclass
class DocsDiff:
    old_ref: str
    new_ref: str
    folder: str = "docs"
    old_commit: str = ""
    new_commit: str = ""
    pages: list[PageChange] = field(default_factory=list)
    files: list[FileChange] = field(default_factory=list)
    unchanged_pages: int = 0

    def with_status(self, status: PageStatus) -> list[PageChange]:
        return [p for p in self.pages if p.status == status]

    @property
    def is_empty(self) -> bool:
        return not self.pages and not self.files


# Reading pages from git ---------------------------------------------------------------


def read_tree(repo: Path, ref: str, folder: str = "docs") -> dict[str, bytes]:
    """Every file under folder at ref, keyed by its path inside folder."""
    if rev(repo, ref) is None:
        raise GitError(f"'{ref}' is not a commit, branch or tag in {repo}")
    listing = git(repo, "ls-tree", "-r", "-z", "--full-tree", ref, "--", folder)
    entries = []
    for record in listing.split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        _mode, kind, blob = meta.split()
        if kind == "blob":
            entries.append((path, blob))
    blobs = _read_blobs(repo, [blob for _, blob in entries])
    prefix = folder.rstrip("/") + "/"
    return {path.removeprefix(prefix): blobs[blob] for path, blob in entries}


def _read_blobs(repo: Path, blobs: list[str]) -> dict[str, bytes]:
    """Many blobs through one `git cat-file --batch`, instead of a process per page."""
    unique = list(dict.fromkeys(blobs))
    if not unique:
        return {}
    result = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=repo,
        input=("\n".join(unique) + "\n").encode(),
        capture_output=True,
        check=True,
    )
    out, found, pos = result.stdout, {}, 0
    for blob in unique:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        found[blob] = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return found


# Comparing pages -------------------------------------------------------------------------


def page_title(text: str, path: str, renderer: Renderer | None = None) -> str:
    """The front matter title, else the first heading, else the file name."""
    front, _body = _split(text)
    if front:
        try:
            data = yaml.safe_load(front)
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict) and data.get("title"):
            return str(data["title"])
    for section in split_sections(text, renderer):
        if section.heading not in (FRONT_MATTER, OPENING):
            return section.heading
    return path


def diff_sections(
    old_text: str, new_text: str, renderer: Renderer | None = None
) -> list[SectionChange]:
    """Changed, added and removed sections, in the order they appear on the new page."""
    old, new = split_sections(old_text, renderer), split_sections(new_text, renderer)
    return _diff_split(old, new)


def _diff_split(old: list[Section], new: list[Section]) -> list[SectionChange]:
    old_by_key = {s.key: s for s in old}
    pairs: dict[int, Section] = {
        i: old_by_key[s.key] for i, s in enumerate(new) if s.key in old_by_key
    }
    paired_old = {s.key for s in pairs.values()}
    lone_old = [s for s in old if s.key not in paired_old]
    lone_new = [i for i in range(len(new)) if i not in pairs]
    # A reworded heading over mostly the same words is the same section.
    for i, section in _match_by_similarity(lone_old, [(i, new[i]) for i in lone_new]):
        pairs[i] = section
        lone_old.remove(section)
    changes: list[tuple[tuple[int, int], SectionChange]] = []
    for i, section in enumerate(new):
        if i in pairs:
            before = pairs[i]
            if before.blocks == section.blocks and before.heading == section.heading:
                continue
            blocks, added, removed = diff_blocks(before.blocks, section.blocks)
            renamed = before.heading if before.heading != section.heading else None
            change = SectionChange(
                section.heading, "changed", blocks, added, removed, renamed, section.occurrence
            )
        else:
            blocks, added, _ = diff_blocks([], section.blocks)
            change = SectionChange(
                section.heading, "added", blocks, added, 0, None, section.occurrence
            )
        changes.append(((i, 0), change))
    order = {s.key: n for n, s in enumerate(old)}
    new_index_of_old = {pairs[i].key: i for i in pairs}
    for section in lone_old:
        earlier = [
            new_index_of_old[s.key] for s in old[: order[section.key]] if s.key in new_index_of_old
        ]
        blocks, _, removed = diff_blocks(section.blocks, [])
        change = SectionChange(
            section.heading, "removed", blocks, 0, removed, None, section.occurrence
        )
        changes.append(((max(earlier, default=-1), 1), change))
    return [change for _, change in sorted(changes, key=lambda item: item[0])]


def _match_by_similarity(
    olds: list[Section], news: list[tuple[int, Section]]
) -> list[tuple[int, Section]]:
    """Greedy best-first pairing of (old, (index, new)) items at least RENAME_SIMILARITY alike."""
    scored = []
    for old in olds:
        for index, new in news:
            if not old.text and not new.text:
                continue
            score = _word_similarity(old.text, new.text)
            if score >= RENAME_SIMILARITY:
                scored.append((score, index, old))
    scored.sort(key=lambda item: -item[0])
    used_old, used_new, found = set(), set(), []
    for _score, index, old in scored:
        if id(old) in used_old or index in used_new:
            continue
        used_old.add(id(old))
        used_new.add(index)
        found.append((index, old))
    return found


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


class _Pages:
    """Each page's sections, rendered once however often they are asked for."""

    def __init__(self, texts: dict[str, str], renderer: Renderer) -> None:
        self.texts, self.renderer = texts, renderer
        self._sections: dict[str, list[Section]] = {}

    def sections(self, path: str) -> list[Section]:
        if path not in self._sections:
            self._sections[path] = split_sections(self.texts[path], self.renderer)
        return self._sections[path]

    def words(self, path: str) -> str:
        return "\n".join(s.text for s in self.sections(path) if s.heading != FRONT_MATTER)

    def title(self, path: str) -> str:
        return page_title(self.texts[path], path, self.renderer)

    def outline(self, path: str) -> list[str]:
        return [s.heading for s in self.sections(path) if s.heading not in (FRONT_MATTER, OPENING)]


def diff_trees(
    old: dict[str, bytes], new: dict[str, bytes], renderer: Renderer | None = None
) -> tuple[list[PageChange], list[FileChange], int]:
    """Compare two {path: content} trees: page changes, other file changes, unchanged pages.

    A page whose source changed while its words did not (a reflowed paragraph, say)
    is still listed as changed, with no sections: readers see the same text.
    """
    renderer = renderer or default_renderer()
    olds = _Pages({p: _decode(d) for p, d in old.items() if p.endswith(PAGE_SUFFIX)}, renderer)
    news = _Pages({p: _decode(d) for p, d in new.items() if p.endswith(PAGE_SUFFIX)}, renderer)
    changes: list[PageChange] = []
    unchanged = 0
    for path in sorted(olds.texts.keys() & news.texts.keys()):
        if olds.texts[path] == news.texts[path]:
            unchanged += 1
            continue
        sections = _diff_split(olds.sections(path), news.sections(path))
        changes.append(PageChange("changed", path, news.title(path), sections=sections))
    removed = sorted(olds.texts.keys() - news.texts.keys())
    added = sorted(news.texts.keys() - olds.texts.keys())
    renames = _renames(removed, added, olds, news)
    for old_path, new_path, score in renames:
        sections = _diff_split(olds.sections(old_path), news.sections(new_path))
        title = news.title(new_path)
        changes.append(PageChange("renamed", new_path, title, old_path, score, sections))
    renamed_old = {r[0] for r in renames}
    renamed_new = {r[1] for r in renames}
    changes += [_whole_page("added", p, news) for p in added if p not in renamed_new]
    changes += [_whole_page("removed", p, olds) for p in removed if p not in renamed_old]
    order = {"added": 0, "removed": 1, "renamed": 2, "changed": 3}
    changes.sort(key=lambda c: (order[c.status], c.path))
    return changes, _file_changes(old, new), unchanged


def _whole_page(status: str, path: str, pages: _Pages) -> PageChange:
    """A page added or removed as a whole: its outline and length stand for its changes."""
    return PageChange(
        status,  # type: ignore[arg-type]
        path,
        pages.title(path),
        outline=pages.outline(path),
        words=len(tokens(pages.words(path))),
    )


def _renames(
    removed: list[str], added: list[str], olds: _Pages, news: _Pages
) -> list[tuple[str, str, float]]:
    scored = []
    for old_path in removed:
        for new_path in added:
            if olds.texts[old_path] == news.texts[new_path]:
                score = 1.0
            else:
                score = _word_similarity(olds.words(old_path), news.words(new_path))
            if score >= RENAME_SIMILARITY:
                scored.append((score, old_path, new_path))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_old, used_new, found = set(), set(), []
    for score, old_path, new_path in scored:
        if old_path in used_old or new_path in used_new:
            continue
        used_old.add(old_path)
        used_new.add(new_path)
        found.append((old_path, new_path, score))
    return found


def _file_changes(old: dict[str, bytes], new: dict[str, bytes]) -> list[FileChange]:
    """Images and other files that are not pages: by name, identical content is a rename."""
    old_files = {p: d for p, d in old.items() if not p.endswith(PAGE_SUFFIX)}
    new_files = {p: d for p, d in new.items() if not p.endswith(PAGE_SUFFIX)}
    found = [
        FileChange("changed", p)
        for p in sorted(old_files.keys() & new_files.keys())
        if old_files[p] != new_files[p]
    ]
    gone = sorted(old_files.keys() - new_files.keys())
    fresh = sorted(new_files.keys() - old_files.keys())
    for path in fresh:
        twin = next((g for g in gone if old_files[g] == new_files[path]), None)
        if twin:
            gone.remove(twin)
            found.append(FileChange("renamed", path, twin))
        else:
            found.append(FileChange("added", path))
    found += [FileChange("removed", p) for p in gone]
    return found


def diff_refs(repo: Path, old_ref: str, new_ref: str, folder: str = "docs") -> DocsDiff:
    """Compare folder between two git refs (tags, branches or commits)."""
    old_tree = read_tree(repo, old_ref, folder)
    new_tree = read_tree(repo, new_ref, folder)
    pages, files, unchanged = diff_trees(old_tree, new_tree, Renderer.for_repo(repo))
    return DocsDiff(
        old_ref,
        new_ref,
        folder,
        old_commit=rev(repo, old_ref) or "",
        new_commit=rev(repo, new_ref) or "",
        pages=pages,
        files=files,
        unchanged_pages=unchanged,
    )


def summary_lines(diff: DocsDiff) -> list[str]:
    """One line per kind of change, for the terminal and the top of each report."""

    def count(n: int, noun: str) -> str:
        return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

    lines = [
        f"{count(len(diff.with_status('added')), 'page')} added",
        f"{count(len(diff.with_status('removed')), 'page')} removed",
        f"{count(len(diff.with_status('renamed')), 'page')} renamed",
        f"{count(len(diff.with_status('changed')), 'page')} changed",
        f"{count(diff.unchanged_pages, 'page')} unchanged",
    ]
    if diff.files:
        lines.append(f"{count(len(diff.files), 'other file')} added, removed or changed")
    return lines
