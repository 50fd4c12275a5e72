"""The word list that knows government: data beside the docs, checked as words only."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from guide.content.check import check_docs
from guide.content.files import WORD_LIST
from guide.prose import spelling
from guide.prose.lexicon import load, read_entries
from guide.prose.runner import check_prose
from guide.prose.text import read_document

TODAY = date(2026, 11, 23)
DOCS_WORDS = ROOT / "docs" / WORD_LIST
needs_hunspell = pytest.mark.skipif(
    bool(spelling.hunspell_missing()), reason="Hunspell with en_GB is not installed"
)
# The names issue 19 found failing, and a few more of each kind.
NAMED_IN_ISSUE = [
    "HMRC", "Defra", "DfE", "DHSC", "DCMS", "MHCLG", "DSIT", "DESNZ", "CDDO", "Slido", "Mentimeter",
]  # fmt: skip
FRONT = (
    "---\ntitle: Names\ndescription: Names.\nowner: Guide editors\n"
    "last_reviewed: 2026-11-01\nreview_in: 6 months\n---\n\n"
)


def _page(tmp_path: Path, names: list[str], words: str | None = None) -> Path:
    docs = tmp_path / "docs"
    (docs / "plan").mkdir(parents=True)
    (docs / "_data").mkdir()
    shutil.copy2(DOCS_WORDS, docs / WORD_LIST)
    if words is not None:
        (docs / WORD_LIST).write_text(words, encoding="utf-8")
    body = "".join(f"We worked with {name} on this.\n\n" for name in names)
    (docs / "plan" / "names.md").write_text(FRONT + body, encoding="utf-8")
    return docs


def _spelling(docs: Path) -> list[str]:
    report = check_prose(docs, root=docs.parent, today=TODAY, markdown_lint=False)
    return [str(f) for f in report.findings if f.rule == "spelling"]


def test_the_list_holds_every_name_the_issue_named() -> None:
    entries = set(read_entries(DOCS_WORDS))
    assert set(NAMED_IN_ISSUE) <= entries
    for kind in ("Scottish Government", "Welsh Government", "Senedd", "House of Lords", "Padlet"):
        assert kind in entries


@needs_hunspell
def test_every_listed_name_passes_the_spelling_check(tmp_path: Path) -> None:
    names = read_entries(DOCS_WORDS)
    assert len(names) > 200
    assert _spelling(_page(tmp_path, names)) == []


@needs_hunspell
def test_without_the_list_the_names_fail(tmp_path: Path) -> None:
    """The test above can fail: the same page, with an empty word list, has errors."""
    found = "\n".join(_spelling(_page(tmp_path, NAMED_IN_ISSUE, words="# empty\n")))
    for name in ("Defra", "DHSC", "DSIT", "DESNZ", "Slido", "Mentimeter"):
        assert f"'{name}' is not in the en-GB dictionary" in found
    assert "add it to docs/_data/words.txt" in found


@needs_hunspell
def test_a_contributor_adds_a_word_in_the_same_pull_request(tmp_path: Path) -> None:
    docs = _page(tmp_path, ["Zorbleflax Connect"])
    assert any("'Zorbleflax'" in line for line in _spelling(docs))
    with (docs / WORD_LIST).open("a", encoding="utf-8") as file:
        file.write("Zorbleflax Connect\n")
    assert _spelling(docs) == []


def test_names_keep_their_capitals_in_headings(tmp_path: Path) -> None:
    docs = _page(tmp_path, [])
    lexicon = load(docs)
    page = docs / "plan" / "names.md"
    page.write_text(FRONT + "## Working with Defra and the Senedd on Citizen Space\n")
    from guide.prose.style import heading_case

    assert heading_case(read_document(page), lexicon) == []


def _check(docs: Path) -> list[str]:
    return [str(p) for p in check_docs(docs, today=TODAY, root=docs.parent).problems]


def test_the_word_list_is_the_only_data_file_docs_may_hold(tmp_path: Path) -> None:
    docs = _page(tmp_path, [])
    assert _check(docs) == []
    (docs / "_data" / "other.txt").write_text("Defra\n")
    (docs / "plan" / "words.txt").write_text("Defra\n")
    found = _check(docs)
    assert any(m.startswith("docs/_data/other.txt:1: file:") for m in found), found
    assert any(m.startswith("docs/plan/words.txt:1: file:") for m in found), found


@pytest.mark.parametrize(
    "line",
    [
        "<script>alert(1)</script>",
        "https://example.org/",
        "![x](y.png)",
        "word{: onclick=x}",
        "`code`",
        "x" * 101,
    ],
)
def test_the_word_list_holds_words_and_names_only(tmp_path: Path, line: str) -> None:
    docs = _page(tmp_path, [], words=f"# a note\nDefra\n{line}\n")
    found = _check(docs)
    assert len(found) == 1, found
    assert found[0].startswith("docs/_data/words.txt:3: word list: ")
    assert "is not a word or a name — write one word or name a line" in found[0]


def test_the_word_list_is_utf8_and_small(tmp_path: Path) -> None:
    docs = _page(tmp_path, [])
    (docs / WORD_LIST).write_bytes(b"Defra\nCaf\xe9\n")
    assert _check(docs) == [
        "docs/_data/words.txt:2: word list: is not UTF-8 — save the file as UTF-8"
    ]
    (docs / WORD_LIST).write_text("word\n" * 20000)
    assert "over the limit" in _check(docs)[0]


def test_the_word_list_is_never_published() -> None:
    import yaml

    config = (ROOT / "mkdocs.yml").read_text()
    excluded = yaml.load(config, Loader=yaml.BaseLoader)["exclude_docs"].split()
    assert "_data/" in excluded
