"""en-GB spelling: three maintained sources, one project word list.

1. codespell's lists of common misspellings ('recieve' -> 'receive').
2. Hunspell with Debian's en_GB dictionary (hunspell-en-gb), for any word it
   does not know. That dictionary accepts Oxford '-ize' spellings as well as
   '-ise', so on its own it would let 'organization' through.
3. So American spellings are caught with codespell's own en-GB to en-US list,
   read the other way round ('organization' -> 'organisation'), leaving out
   pairs where both words are British in some sense ('practice' the noun,
   'license' the verb, 'program' for computers).

Words the project uses that no dictionary knows go in docs/_data/words.txt (see lexicon.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from guide.prose.findings import ERROR, Finding
from guide.prose.lexicon import Lexicon
from guide.prose.text import Document

HUNSPELL_DICTIONARY = "en_GB"
HUNSPELL_PACKAGES = "hunspell hunspell-en-gb"
_POSSESSIVE = re.compile(r"['’]s$")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
# British in some sense, so never "American": noun/verb pairs, computer terms, both-ways words.
_NOT_AMERICAN = {
    "practice", "practices", "license", "licensed", "licenses", "licensing", "program",
    "programs", "story", "stories", "meter", "meters", "focused", "focuses", "focusing",
    "refocused", "refocuses", "refocusing", "biased", "routing", "judgment", "judgments",
    "dialog", "dialogs", "analog", "writable", "overwritable", "salable", "lambaste",
    "lambastes", "specialty", "specialties", "acknowledgment", "acknowledgments", "math",
}  # fmt: skip


@dataclass(frozen=True)
class Misspelling:
    word: str
    fixes: str


def _read_codespell(name: str) -> dict[str, str]:
    """word -> fixes from one of the dictionaries codespell ships (`word->fix1, fix2`)."""
    text = (resources.files("codespell_lib") / "data" / name).read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        word, arrow, fixes = line.partition("->")
        if arrow:
            found[word.strip().lower()] = fixes.strip().lower()
    return found


@cache
def common_misspellings() -> dict[str, str]:
    """codespell's default lists ('clear' and 'rare')."""
    return _read_codespell("dictionary.txt") | _read_codespell("dictionary_rare.txt")


@cache
def american_spellings() -> dict[str, str]:
    """American spelling -> British, from codespell's en-GB to en-US list reversed."""
    british = _read_codespell("dictionary_en-GB_to_en-US.txt")
    return {us: gb for gb, us in british.items() if "," not in us and us not in _NOT_AMERICAN}


def hunspell_missing() -> str:
    """Why Hunspell cannot run here, or '' when it can."""
    if shutil.which("hunspell") is None:
        return f"Hunspell is not installed: install Debian's {HUNSPELL_PACKAGES} (make prose-tools)"
    result = subprocess.run(
        ["hunspell", "-D"], input="", capture_output=True, text=True, check=False
    )
    listed = result.stdout + result.stderr
    if not re.search(rf"/{HUNSPELL_DICTIONARY}\b", listed):
        return f"Hunspell has no {HUNSPELL_DICTIONARY} dictionary: install Debian's hunspell-en-gb (make prose-tools)"
    return ""


def _hunspell(args: list[str], text: str) -> str:
    return subprocess.run(
        ["hunspell", "-d", HUNSPELL_DICTIONARY, "-i", "utf-8", *args],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    ).stdout


def unknown_words(words: set[str]) -> set[str]:
    """The words Hunspell's en_GB dictionary does not know (one call for them all)."""
    if not words:
        return set()
    return set(_hunspell(["-l"], "".join(w + "\n" for w in sorted(words))).split())


def suggestions(words: list[str]) -> dict[str, str]:
    """Hunspell's suggestions, asked only for the few words that are really unknown."""
    found = {}
    # '^' makes Hunspell treat each line as text, never as a command.
    for row in _hunspell(["-a"], "".join(f"^{w}\n" for w in words)).splitlines():
        if row[:1] == "&":
            head, _, fixes = row.partition(":")
            found[head.split()[1]] = fixes.strip()
    return found


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if not any(c.isdigit() for c in t)]


def _suggest(fixes: str) -> str:
    options = [f.strip() for f in fixes.split(",") if f.strip()][:3]
    return "did you mean " + " or ".join(f"'{o}'" for o in options) + "?" if options else ""


def check_lists(doc: Document, lexicon: Lexicon) -> list[Finding]:
    """codespell's misspellings and American spellings, word by word."""
    findings = []
    common, american = common_misspellings(), american_spellings()
    for number, text in doc.lines:
        tokens = _tokens(lexicon.without_proper_nouns(text))
        for word in dict.fromkeys(w for t in tokens for w in (t, *t.split("-")) if w):
            key = word.lower().replace("’", "'")
            if lexicon.knows(word):
                continue
            if key in common:
                findings.append(
                    Finding(
                        doc.path,
                        number,
                        "spelling",
                        f"'{word}' is a common misspelling",
                        _suggest(common[key]),
                        ERROR,
                    )
                )
            elif key in american and number not in doc.citation_lines:
                findings.append(
                    Finding(
                        doc.path,
                        number,
                        "spelling",
                        f"'{word}' is the American spelling",
                        f"use the British spelling '{american[key]}'",
                        ERROR,
                    )
                )
    return findings


def _dictionary_words(text: str) -> list[str]:
    """Words as Hunspell should check them: part by part, without a possessive 's."""
    words = []
    for token in _tokens(text):
        for part in token.split("-"):
            word = _POSSESSIVE.sub("", part).strip("'’")
            if len(word) > 1:
                words.append(word)
    return words


def check_dictionary(docs: list[Document], lexicon: Lexicon) -> list[Finding]:
    """Every word that Hunspell's en_GB dictionary and the word list both do not know."""
    common = common_misspellings()
    places: dict[str, list[tuple[Path, int]]] = {}
    for doc in docs:
        for number, text in doc.lines:
            for word in _dictionary_words(lexicon.without_proper_nouns(text)):
                if not lexicon.knows(word) and word.lower() not in common:
                    places.setdefault(word, []).append((doc.path, number))
    unknown = sorted(unknown_words(set(places)) & set(places))
    hints = suggestions(unknown)
    findings = []
    for word in unknown:
        hint = _suggest(hints.get(word, ""))
        for path, number in dict.fromkeys(places[word]):
            findings.append(
                Finding(
                    path,
                    number,
                    "spelling",
                    f"'{word}' is not in the en-GB dictionary",
                    f"{hint + ' ' if hint else ''}if it is right, add it to docs/_data/words.txt",
                    ERROR,
                )
            )
    return findings
