"""`guide diff`: pages added, removed, renamed and changed between two refs, word by word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.addresses import page_url
from guide.releases.diff_report import html_report, render_blocks
from guide.releases.diffing import (
    FRONT_MATTER,
    OPENING,
    DocsDiff,
    diff_sections,
    diff_trees,
    split_sections,
    word_diff,
)
from guide.releases.whatchanged import page_markdown
from versioned_repo import FIRST, SECOND, Published, guide, published


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published(tmp_path_factory)


def test_guide_diff_reports_added_removed_renamed_and_changed_pages(
    site: Published, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    result = guide(site.repo, "diff", f"v{FIRST}", f"v{SECOND}", "--output", str(report))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  1 page added" in lines
    assert "  1 page removed" in lines
    assert "  1 page renamed" in lines
    assert "  1 page changed" in lines
    assert "  added    start/new-advice.md" in lines
    assert "  removed  start/retired-advice.md" in lines
    assert "  renamed  start/notes-from-meetings.md (from start/meeting-notes.md)" in lines
    assert "  changed  start/checklist.md" in lines
    html = report.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    for expected in (
        '<h2 id="added">Pages added</h2>',
        '<h2 id="removed">Pages removed</h2>',
        '<h2 id="renamed">Pages renamed or moved</h2>',
        '<h2 id="changed">Pages changed</h2>',
        "<code>start/meeting-notes.md</code> → <code>start/notes-from-meetings.md</code>",
        "<h4>Changed: Before you start</h4>",
        "<del>date.</del> <ins>time.</ins>",
        "<h4>Section added: After the event</h4>",
        "<h4>Section removed: Things we stopped doing</h4>",
        "<del>on the same</del> <ins>within a</ins> day",
    ):
        assert expected in html, expected
    assert "http" not in html.replace("http-equiv", ""), "the report must load nothing"


def test_guide_diff_explains_an_unknown_ref(site: Published) -> None:
    result = guide(site.repo, "diff", "v1999.1", f"v{SECOND}")
    assert result.returncode == 2
    assert "'v1999.1' is not a commit, branch or tag" in result.stderr


def test_sections_split_on_headings_but_not_inside_code_fences() -> None:
    text = (
        "---\ntitle: T\n---\n\nIntro.\n\n## One\n\n```sh\n# not a heading\n```\n\n## Two\n\nText.\n"
    )
    sections = split_sections(text)
    assert [s.heading for s in sections] == [FRONT_MATTER, OPENING, "One", "Two"]
    assert "# not a heading" in sections[2].text


def test_word_diff_marks_words_and_keeps_context_short() -> None:
    old = " ".join(f"w{i}" for i in range(100))
    new = old.replace("w50", "changed")
    pieces, added, removed = word_diff(old, new, context=5)
    assert (added, removed) == (1, 1)
    kinds = [p.kind for p in pieces]
    assert kinds == ["gap", "same", "removed", "added", "same", "gap"]
    assert pieces[1].text.split() == ["w45", "w46", "w47", "w48", "w49"]
    assert pieces[2].text.strip() == "w50" and pieces[3].text.strip() == "changed"


def test_a_reworded_heading_is_one_changed_section() -> None:
    old = "## Plan the day\n\nBook the room and invite the speakers early.\n"
    new = "## Plan your day\n\nBook the room and invite the speakers early.\n"
    (change,) = diff_sections(old, new)
    assert change.status == "changed"
    assert change.heading == "Plan your day" and change.old_heading == "Plan the day"


def test_renames_need_similar_content() -> None:
    words = " ".join(f"word{i}" for i in range(40))
    old = {"a.md": words.encode(), "gone.md": b"completely different text here"}
    new = {"b.md": (words + " extra").encode(), "new.md": b"nothing in common at all"}
    pages, files, unchanged = diff_trees(old, new)
    statuses = {(p.status, p.path, p.old_path) for p in pages}
    assert statuses == {
        ("renamed", "b.md", "a.md"),
        ("added", "new.md", None),
        ("removed", "gone.md", None),
    }
    assert files == [] and unchanged == 0


def test_other_files_are_listed_by_name() -> None:
    old = {"img/a.png": b"\x89PNG1", "img/b.png": b"\x89PNG2"}
    new = {"img/moved.png": b"\x89PNG1", "img/b.png": b"\x89PNG3"}
    _, files, _ = diff_trees(old, new)
    assert {(f.status, f.path, f.old_path) for f in files} == {
        ("changed", "img/b.png", None),
        ("renamed", "img/moved.png", "img/a.png"),
    }


def test_page_text_stays_text_in_the_report_and_the_site_page() -> None:
    old = {"p.md": b"## Code\n\nSay hello.\n"}
    new = {"p.md": b"## Code\n\nSay <script>alert(1)</script> `<b>x</b>` ~~~ --8<-- hello.\n"}
    pages, files, unchanged = diff_trees(old, new)
    diff = DocsDiff("a", "b", pages=pages, files=files, unchanged_pages=unchanged)
    for text in (html_report(diff), page_markdown("2026.2", "2026.1", _today(), diff)):
        assert "<script>" not in text and "alert(1)" not in text  # readers never see it
        assert "&lt;b&gt;x&lt;/b&gt;" in text  # code shown as its words, not as markup
        assert "~~~" not in text and "--8<--" not in text


def test_page_urls_follow_directory_urls() -> None:
    assert page_url("index.md") == ""
    assert page_url("plan/index.md") == "plan/"
    assert page_url("plan/objectives.md") == "plan/objectives/"


def _today():
    from datetime import date

    return date(2026, 11, 23)


# The text readers see ---------------------------------------------------------------------


def _one_section(old_body: str, new_body: str):
    old = {"p.md": f"## Steps\n\n{old_body}\n".encode()}
    new = {"p.md": f"## Steps\n\n{new_body}\n".encode()}
    (page,), _, _ = diff_trees(old, new)
    (section,) = page.sections
    return section


def test_links_are_compared_as_their_words_and_lists_stay_lists() -> None:
    section = _one_section(
        "Read [data protection](../plan/data-protection.md) first.\n\n- Get the panel\n- Book it",
        "Read [data protection rules](../plan/data-protection.md) first.\n\n"
        "- Get the panel\n- Book it\n    1. Ask early",
    )
    marked = [(p.kind, p.text.strip()) for p in section.pieces if p.kind in ("added", "removed")]
    assert marked == [("added", "rules"), ("added", "Ask early")]
    html = render_blocks(section.blocks)
    assert "<p>Read data protection <ins>rules</ins> first.</p>" in html
    assert (
        "<ul><li>Get the panel</li><li>Book it<ol><li><ins>Ask early</ins></li></ol></li></ul>"
        in (html)
    )
    for syntax in ("[", "](", ".md", "- Get", "1."):
        assert syntax not in html, syntax


def test_a_formatting_only_change_marks_no_words() -> None:
    old = {"p.md": b"## Steps\n\nOne long\nline of text.\n"}
    new = {"p.md": b"## Steps\n\nOne long line of text.\n"}
    (page,), _, unchanged = diff_trees(old, new)
    assert page.status == "changed" and page.sections == [] and unchanged == 0


def test_marks_survive_any_whitespace_between_tags() -> None:
    section = _one_section("- Keep this\n- Drop this", "- Keep this\n- Add that")
    html = render_blocks(section.blocks, "critic", "hidden")
    # No line breaks or indentation for a minifier to strip: the tags carry the layout.
    assert "\n" not in html and not re.search(r">\s{2,}<", html)
    assert html.count("<li>") == 2  # "Drop this" became "Add that" in the same item
    assert '<del class="critic"><span class="hidden">[removed: </span>Drop this' in html
    assert '<ins class="critic"><span class="hidden">[added: </span>Add that' in html
