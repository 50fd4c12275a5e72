"""Readability figures for guide pages: words, sentences and Flesch–Kincaid grade.

Markdown is reduced to the prose a reader meets. Headings, code, tables of
links and the "Further reading" list are left out; each list item or table
cell counts as its own sentence, because a reader takes it in as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import textstat

from guide.content.frontmatter import split_front_matter
from guide.content.markdown_doc import code_lines

# Sections that hold citations, not prose.
_SKIP_SECTIONS = {"further reading", "sources"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(‘“£])")
_WORD = re.compile(r"[A-Za-z0-9£'’-]+")


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass(frozen=True)
class PageStats:
    path: Path
    words: int
    sentences: list[Sentence]
    grade: float

    @property
    def average_sentence(self) -> float:
        return self.words / max(1, len(self.sentences))

    @property
    def longest(self) -> Sentence | None:
        return max(self.sentences, key=lambda s: s.words, default=None)


def _clean_inline(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)  # raw HTML tags
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", " ", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # inline links
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)  # reference links
    text = re.sub(r"\{[:#.][^}]*\}", " ", text)  # attr_list
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"[*_~=^]{1,3}", "", text)
    text = text.replace("[ ]", "").replace("[x]", "")
    return " ".join(text.split())


def prose_units(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Return (line, text) units of prose: paragraphs, list items, table cells."""
    units: list[tuple[int, str]] = []
    para: list[str] = []
    para_line = first_line
    code = code_lines(body)
    skipping = False

    def flush() -> None:
        if para:
            units.append((para_line, _clean_inline(" ".join(para))))
            para.clear()

    for index, raw in enumerate(body.splitlines()):
        number = first_line + index
        line = raw.strip()
        if index in code:
            flush()
            continue
        heading = re.match(r"#{1,6}\s+(.*)", line)
        if heading:
            flush()
            skipping = heading.group(1).strip().lower() in _SKIP_SECTIONS
            continue
        if skipping or not line or line.startswith(("*[", "--8<--", "<!--")):
            flush()
            continue
        if re.match(r"^(!!!|\?\?\?\+?|===)\s*", line):
            flush()
            title = re.search(r'"([^"]+)"', line)
            if title:
                units.append((number, _clean_inline(title.group(1))))
            continue
        if line.startswith("|"):
            flush()
            if not re.match(r"^\|[\s:|-]+\|?$", line):
                for cell in line.strip("|").split("|"):
                    if cell.strip():
                        units.append((number, _clean_inline(cell)))
            continue
        item = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)", line)
        if item or line.startswith(":   "):
            flush()
            para.append(item.group(1) if item else line[4:])
            para_line = number
            continue
        if not para:
            para_line = number
        para.append(line)
    flush()
    return [(n, t) for n, t in units if _WORD.search(t)]


def split_sentences(units: list[tuple[int, str]]) -> list[Sentence]:
    sentences: list[Sentence] = []
    for line, text in units:
        for part in _SENTENCE_END.split(text):
            if _WORD.search(part):
                sentences.append(Sentence(line, part.strip()))
    return sentences


def page_stats(path: Path) -> PageStats:
    text = path.read_text(encoding="utf-8")
    _, body, body_line = split_front_matter(text)
    sentences = split_sentences(prose_units(body, body_line))
    # textstat needs sentence ends it can see; list items often lack them.
    prose = " ".join(s.text if s.text[-1] in ".!?" else s.text + "." for s in sentences)
    words = sum(s.words for s in sentences)
    grade = textstat.flesch_kincaid_grade(prose) if prose else 0.0
    return PageStats(path, words, sentences, grade)


def main(argv: list[str] | None = None) -> int:
    import sys

    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    total = 0
    for path in paths:
        stats = page_stats(path)
        total += stats.words
        longest = stats.longest
        print(
            f"{path}: {stats.words} words, grade {stats.grade:.1f}, "
            f"average sentence {stats.average_sentence:.1f} words"
        )
        if longest is not None and longest.words > 25:
            print(f"  longest ({longest.words} words, line {longest.line}): {longest.text}")
    print(f"total: {total} words in {len(paths)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
