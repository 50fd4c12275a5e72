"""A smaller search index that still finds every word of every page.

Material's index holds the full text of every section of every page, as HTML:
for this guide, about 100 KB to download even compressed, and readers on slow
connections pay for all of it the first time they search. The text serves two
purposes: it is searched, and a matching section's text is shown as a preview
under the result. This keeps both, for less:

- each section keeps the start of its text (TEASER characters), to show;
- each page's own entry also holds, hidden, every other searchable word of the
  page once, in alphabetical order (which compresses well).

So a search for any word still finds its page, and the preview still reads as
prose. What is lost: a word deep inside a section leads to its page rather than
to the section. Words are split as Material's search splits them (on spaces and
hyphens) and the words Material's search never looks for (its stop words) are
left out.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

TEASER = 120
# lunr's English stop words, as in Material 9.8.1's search worker: never indexed.
_STOP = (
    "a able about across after all almost also am among an and any are as at be because been "
    "but by can cannot could dear did do does either else ever every for from get got had has "
    "have he her hers him his how however i if in into is it its just least let like likely may "
    "me might most must my neither no nor not of off often on only or other our own rather said "
    "say says she should since so some than that the their them then there these they this tis "
    "to too twas us wants was we were what when where which while who whom why will with would "
    "yet you your"
)
STOP_WORDS = set(_STOP.split())
_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<p hidden>.*?</p>", re.DOTALL)  # the word list this module adds
_SEPARATOR = re.compile(r"[\s\-]+")  # Material's default search separator
_EDGES = re.compile(r"^\W+|\W+$")


def plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def words(text: str) -> set[str]:
    """The words Material's search would index in `text`, lower case."""
    # Strip each distinct token once: pages repeat most of their words. Most tokens
    # start and end with a letter or digit, and need no stripping at all.
    found = {
        (w if w[:1].isalnum() and w[-1:].isalnum() else _EDGES.sub("", w)).lower()
        for w in set(_SEPARATOR.split(text))
    }
    return {w for w in found if len(w) > 1 and w not in STOP_WORDS}


def teaser(text: str, length: int = TEASER) -> str:
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + " …"


def slim_page(entries: list[dict]) -> list[dict]:
    """One page's entries (its own, then its sections'), with short previews and one
    hidden list of the page's other words."""
    texts = [plain(doc.get("text", "")) for doc in entries]
    shown = [teaser(plain(_HIDDEN.sub("", doc.get("text", "")))) for doc in entries]
    every = set().union(
        *(words(t + " " + d.get("title", "")) for t, d in zip(texts, entries, strict=True))
    )
    seen = set().union(
        *(words(s + " " + d.get("title", "")) for s, d in zip(shown, entries, strict=True))
    )
    rest = html.escape(" ".join(sorted(every - seen)), quote=False)
    docs = []
    for doc, preview in zip(entries, shown, strict=True):
        text = f"<p>{html.escape(preview, quote=False)}</p>" if preview else ""
        if rest and "#" not in doc["location"]:
            text += f"<p hidden>{rest}</p>"
            rest = ""
        docs.append({**doc, "text": text})
    if rest and docs:  # a page with no entry of its own: the words go with its first section
        docs[0]["text"] += f"<p hidden>{rest}</p>"
    return docs


def by_page(docs: list[dict]) -> dict[str, list[dict]]:
    """Page URL -> its entries (its own, then its sections'), pages in index order."""
    pages: dict[str, list[dict]] = {}
    for doc in docs:
        pages.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
    return pages


def slim(index: dict) -> dict:
    """The index with short previews and one hidden list of words per page."""
    pages = by_page(index.get("docs", []))
    return {**index, "docs": [doc for entries in pages.values() for doc in slim_page(entries)]}


class PageEntries:
    """Each page's entries in Material's search index, taken as the page is finished.

    Material's search plugin adds a page's entries while MkDocs renders the page, so the
    entries added since the last page finished are this page's. Slimming them then, on
    the second core (guide.built_pages), saves slimming the whole index at the end.
    `take` gives None when the plugin keeps its entries some other way.
    """

    def __init__(self) -> None:
        self._entries: list[dict] | None = None
        self._seen = 0

    def take(self, plugins: Any) -> list[dict] | None:
        index = getattr(plugins.get("material/search"), "search_index", None)
        entries = getattr(index, "entries", None)
        if not isinstance(entries, list):
            return None
        if entries is not self._entries:  # a new build
            self._entries, self._seen = entries, 0
        new = entries[self._seen :]
        self._seen = len(entries)
        return new


def _write(path: Path, index: dict) -> None:
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def slim_file(path: Path, slimmed: list[dict] | None = None) -> None:
    """Slim the index MkDocs wrote; `slimmed`: every entry, already slimmed page by page.

    Entries slimmed beforehand are used only if they are all the index holds.
    """
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    if slimmed is not None and [d["location"] for d in slimmed] == [d["location"] for d in docs]:
        _write(path, {**index, "docs": slimmed})
    else:
        _write(path, slim(index))
