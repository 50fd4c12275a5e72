"""The slimmer search index: short previews, and still every word of every page."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from guide.built_pages import BuiltPages
from guide.search_index import (
    TEASER,
    PageEntries,
    by_page,
    plain,
    slim,
    slim_file,
    slim_page,
    words,
)

LONG = "Moderation keeps a webchat civil. " * 10 + "Only here: zeppelin-shaped microphones."
INDEX = {
    "config": {"lang": ["en"]},
    "docs": [
        {"location": "run/", "title": "Run it", "text": "<p>Short intro.</p>"},
        {
            "location": "run/#rules",
            "title": "House rules",
            "text": f"<p>{LONG}</p><ul><li>A &amp; B</li></ul>",
        },
        {"location": "plan/#only", "title": "No page entry", "text": "<p>Rare word: quokka.</p>"},
    ],
}


def _page_words(index: dict, page: str) -> set[str]:
    docs = [d for d in index["docs"] if d["location"].split("#")[0] == page]
    return set().union(*(words(plain(d["text"]) + " " + d["title"]) for d in docs))


def test_previews_are_short_and_every_word_is_still_searchable() -> None:
    slimmed = slim(INDEX)
    rules = next(d for d in slimmed["docs"] if d["location"] == "run/#rules")
    shown = plain(rules["text"])
    assert len(shown) <= TEASER + 2 and shown.endswith("…")
    assert "zeppelin" not in shown
    for page in ("run/", "plan/"):
        assert _page_words(slimmed, page) >= _page_words(INDEX, page)
    # The page's own entry holds the other words, hidden, once each and in order.
    page = next(d for d in slimmed["docs"] if d["location"] == "run/")
    hidden = page["text"].split("<p hidden>")[1].removesuffix("</p>").split()
    assert hidden == sorted(set(hidden)) and "zeppelin" in hidden and "microphones" in hidden
    assert "the" not in hidden and "only" not in hidden  # search never looks for stop words


def test_slimming_twice_changes_nothing() -> None:
    once = slim(INDEX)
    assert slim(once) == once


def test_the_built_index_is_slim(built_site: Path) -> None:
    raw = (built_site / "search" / "search_index.json").read_bytes()
    index = json.loads(raw)
    assert slim(index) == index
    assert any("<p hidden>" in d["text"] for d in index["docs"])


def test_slimming_page_by_page_gives_the_same_index_as_slimming_it_whole() -> None:
    docs = [doc for page in by_page(INDEX["docs"]).values() for doc in slim_page(page)]
    assert docs == slim(INDEX)["docs"]


def test_entries_slimmed_beforehand_are_used_only_when_they_match_the_index(
    tmp_path: Path,
) -> None:
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(INDEX))
    slim_file(path, slimmed=[{"location": "run/", "title": "Run it", "text": ""}])
    assert json.loads(path.read_text()) == slim(INDEX)  # one page only: slimmed afresh
    path.write_text(json.dumps(INDEX))
    marked = [{**doc, "text": "ready"} for doc in slim(INDEX)["docs"]]
    slim_file(path, slimmed=marked)
    assert json.loads(path.read_text())["docs"] == marked


def test_each_page_takes_the_search_entries_added_since_the_last_page() -> None:
    index = SimpleNamespace(entries=[])
    plugins = {"material/search": SimpleNamespace(search_index=index)}
    taken = PageEntries()
    index.entries += INDEX["docs"][:2]
    assert taken.take(plugins) == INDEX["docs"][:2]
    assert taken.take(plugins) == []  # a page search leaves out, such as a filter page
    index.entries.append(INDEX["docs"][2])
    assert taken.take(plugins) == [INDEX["docs"][2]]
    index.entries = [INDEX["docs"][0]]  # the next build starts a new list
    assert taken.take(plugins) == [INDEX["docs"][0]]
    assert taken.take({}) is None  # no Material search: the index is slimmed at the end


def test_the_second_core_slims_each_page_it_finishes(tmp_path: Path) -> None:
    built = BuiltPages()
    built.start(with_policy=False, in_background=True)
    for number, entries in enumerate(by_page(INDEX["docs"]).values()):
        dest = tmp_path / f"{number}.html"
        dest.write_text("<html><body><p>Page</p></body></html>")
        html = dest.read_text()
        built.submit(html, dest=dest, search=entries, source=Path("docs/x.md"), page_url="x/",
                     site_dir=tmp_path, markdown=None)  # fmt: skip
    built.wait()
    assert built.search == slim(INDEX)["docs"]


def test_a_page_without_search_entries_leaves_the_slimming_to_the_end(tmp_path: Path) -> None:
    built = BuiltPages()
    built.start(with_policy=False, in_background=True)
    dest = tmp_path / "page.html"
    dest.write_text("<html><body><p>Page</p></body></html>")
    built.submit(dest.read_text(), dest=dest, search=None, source=Path("docs/x.md"),
                 page_url="x/", site_dir=tmp_path, markdown=None)  # fmt: skip
    built.wait()
    assert built.search is None
