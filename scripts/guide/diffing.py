"""What changed in docs/ between two git refs: pages added, removed, renamed and changed.

Pages are read from git, never from the working tree, so any two commits, tags
or branches can be compared. A page that disappears from one path while a page
with mostly the same words appears at another is a rename. A changed page is
compared section by section (front matter, the text before the first heading,
then each heading's section) and, inside a section, word by word.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

from guide.frontmatter import FrontMatterError, split_front_matter
from guide.gitrepo import GitError, git, rev
from guide.markdown_doc import headings

PAGE_SUFFIX = ".md"
# A removed and an added page at least this similar (0 to 1, by words) are a rename;
# git uses the same 50% threshold for its own rename detection.
RENAME_SIMILARITY = 0.5
# Unchanged words kept either side of a change, so a change can be read in context.
CONTEXT_WORDS = 12
FRONT_MATTER = "Front matter"
OPENING = "Text before the first heading"

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_WORD = re.compile(r"\S+\s*")

PieceKind = Literal["same", "added", "removed", "gap"]
PageStatus = Literal["added", "removed", "renamed", "changed"]
SectionStatus = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Section:
    heading: str
    occurrence: int  # 0 for the first section with this heading, 1 for the second...
    text: str

    @property
    def key(self) -> tuple[str, int]:
        return (self.heading, self.occurrence)


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str


@dataclass
class SectionChange:
    heading: str
    status: SectionStatus
    pieces: list[Piece]
    added: int
    removed: int
    old_heading: str | None = None  # set when the heading itself was reworded


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


# Sections and words --------------------------------------------------------------------


def split_sections(text: str) -> list[Section]:
    """Front matter, the text before the first heading, then one section per heading.

    Lines inside fenced code blocks are never headings.
    """
    try:
        front, body, _ = split_front_matter(text)
    except FrontMatterError:
        front, body = None, text
    raw: list[tuple[str, list[str]]] = []
    if front is not None:
        raw.append((FRONT_MATTER, [front]))
    raw.append((OPENING, []))
    titles = {h.line: h.text for h in headings(body)}
    for index, line in enumerate(body.splitlines(keepends=True)):
        if index in titles:
            raw.append((titles[index], [line]))
        else:
            raw[-1][1].append(line)
    sections, seen = [], {}
    for heading, lines in raw:
        content = "".join(lines).strip()
        if heading == OPENING and not content:
            continue
        sections.append(Section(heading, seen.get(heading, 0), content))
        seen[heading] = seen.get(heading, 0) + 1
    return sections


def tokens(text: str) -> list[str]:
    """Words with the space after each, so joining them gives the text back."""
    return _WORD.findall(text)


def similarity(old: str, new: str) -> float:
    """How alike two texts are, by words: 1.0 identical, 0.0 nothing shared.

    Front matter is left out: fields every page shares (owner, review period)
    would make any two short pages look alike.
    """
    if old == new:
        return 1.0
    old, new = _without_front_matter(old), _without_front_matter(new)
    a, b = [t.strip() for t in tokens(old)], [t.strip() for t in tokens(new)]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < RENAME_SIMILARITY or matcher.quick_ratio() < RENAME_SIMILARITY:
        return matcher.quick_ratio()
    return matcher.ratio()


def _without_front_matter(text: str) -> str:
    try:
        front, body, _ = split_front_matter(text)
    except FrontMatterError:
        return text
    return body if front is not None and body.strip() else text


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


def _whole(kind: PieceKind, text: str) -> tuple[list[Piece], int]:
    words = tokens(text)
    return [Piece(kind, "".join(words))], len(words)


# Pages ---------------------------------------------------------------------------------


def page_title(text: str, path: str) -> str:
    """The front matter title, else the first heading, else the file name."""
    try:
        front, body, _ = split_front_matter(text)
    except FrontMatterError:
        front, body = None, text
    if front:
        match = re.search(r"^title:[ \t]*(.+?)[ \t]*$", front, re.M)
        if match:
            return match.group(1).strip("'\"")
    for section in split_sections(body):
        if section.heading not in (FRONT_MATTER, OPENING):
            return section.heading
    return path


def diff_sections(old_text: str, new_text: str) -> list[SectionChange]:
    """Changed, added and removed sections, in the order they appear on the new page."""
    old, new = split_sections(old_text), split_sections(new_text)
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
            if before.text == section.text:
                continue
            pieces, added, removed = word_diff(_body_of(before), _body_of(section))
            renamed = before.heading if before.heading != section.heading else None
            change = SectionChange(section.heading, "changed", pieces, added, removed, renamed)
        else:
            pieces, count = _whole("added", _body_of(section))
            change = SectionChange(section.heading, "added", pieces, count, 0)
        changes.append(((i, 0), change))
    order = {s.key: n for n, s in enumerate(old)}
    new_index_of_old = {pairs[i].key: i for i in pairs}
    for section in lone_old:
        before = [
            new_index_of_old[s.key] for s in old[: order[section.key]] if s.key in new_index_of_old
        ]
        pieces, count = _whole("removed", _body_of(section))
        change = SectionChange(section.heading, "removed", pieces, 0, count)
        changes.append(((max(before, default=-1), 1), change))
    return [change for _, change in sorted(changes, key=lambda item: item[0])]


def _body_of(section: Section) -> str:
    """A section's words without its own heading line (the heading is shown separately)."""
    if section.heading in (FRONT_MATTER, OPENING):
        return section.text
    first, _, rest = section.text.partition("\n")
    return rest.strip() if _HEADING.match(first) else section.text


def _match_by_similarity(olds: list, news: list[tuple[int, object]]) -> list[tuple[int, object]]:
    """Greedy best-first pairing of (old, (index, new)) items at least RENAME_SIMILARITY alike."""
    scored = []
    for old in olds:
        for index, new in news:
            score = similarity(old.text, new.text)
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


def _outline(text: str) -> list[str]:
    return [s.heading for s in split_sections(text) if s.heading not in (FRONT_MATTER, OPENING)]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def diff_trees(
    old: dict[str, bytes], new: dict[str, bytes]
) -> tuple[list[PageChange], list[FileChange], int]:
    """Compare two {path: content} trees: page changes, other file changes, unchanged pages."""
    old_pages = {p: _decode(d) for p, d in old.items() if p.endswith(PAGE_SUFFIX)}
    new_pages = {p: _decode(d) for p, d in new.items() if p.endswith(PAGE_SUFFIX)}
    changes: list[PageChange] = []
    unchanged = 0
    for path in sorted(old_pages.keys() & new_pages.keys()):
        if old_pages[path] == new_pages[path]:
            unchanged += 1
            continue
        text = new_pages[path]
        sections = diff_sections(old_pages[path], text)
        changes.append(PageChange("changed", path, page_title(text, path), sections=sections))
    removed = sorted(old_pages.keys() - new_pages.keys())
    added = sorted(new_pages.keys() - old_pages.keys())
    renames = _renames(removed, added, old_pages, new_pages)
    for old_path, new_path, score in renames:
        text = new_pages[new_path]
        sections = diff_sections(old_pages[old_path], text)
        title = page_title(text, new_path)
        changes.append(PageChange("renamed", new_path, title, old_path, score, sections))
    renamed_old = {r[0] for r in renames}
    renamed_new = {r[1] for r in renames}
    changes += [_whole_page("added", p, new_pages[p]) for p in added if p not in renamed_new]
    changes += [_whole_page("removed", p, old_pages[p]) for p in removed if p not in renamed_old]
    order = {"added": 0, "removed": 1, "renamed": 2, "changed": 3}
    changes.sort(key=lambda c: (order[c.status], c.path))
    return changes, _file_changes(old, new), unchanged


def _whole_page(status: str, path: str, text: str) -> PageChange:
    """A page added or removed as a whole: its outline and length stand for its changes."""
    return PageChange(
        status,
        path,
        page_title(text, path),
        outline=_outline(text),
        words=len(tokens(_without_front_matter(text))),
    )


def _renames(
    removed: list[str], added: list[str], old_pages: dict[str, str], new_pages: dict[str, str]
) -> list[tuple[str, str, float]]:
    scored = []
    for old_path in removed:
        for new_path in added:
            score = similarity(old_pages[old_path], new_pages[new_path])
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
    pages, files, unchanged = diff_trees(old_tree, new_tree)
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
