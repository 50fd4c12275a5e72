"""The slimmer search index: short previews, and still every word of every page."""

from __future__ import annotations

import json
from pathlib import Path

from guide.search_index import TEASER, plain, slim, words

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
