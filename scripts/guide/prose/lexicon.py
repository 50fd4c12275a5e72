"""The project's own words: the spelling word list, proper nouns and abbreviations.

Editors extend two plain text files next to this module, one entry per line:
words.txt for words the dictionary does not know (names, platform words), and
proper-nouns.txt for names that keep their capitals inside a sentence-case
heading. The abbreviations the site already explains (docs/_snippets) count too.

Contributors extend docs/_data/words.txt, the word list that knows government
(departments, agencies, devolved governments, Parliament, engagement tools),
in the same pull request as their page: an entry with capitals is a name (its
words are spelled right and keep their capitals in headings), an entry in
lower case is a word in any capitals. `guide check` reads that file as data
only (guide.content.files.word_list_problems).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS_FILE = HERE / "words.txt"
PROPER_NOUNS_FILE = HERE / "proper-nouns.txt"
ABBREVIATIONS = Path("_snippets") / "abbreviations.md"
DOCS_WORDS = Path("_data") / "words.txt"  # relative to docs/

_ABBREVIATION = re.compile(r"^\*\[([^\]]+)\]:\s*(.+)$")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")


def read_entries(path: Path) -> list[str]:
    """Non-blank lines that are not '#' comments."""
    if path.is_symlink() or not path.is_file():
        return []
    text = path.read_text("utf-8", errors="replace")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def abbreviations(docs: Path | None) -> dict[str, str]:
    """Abbreviation -> expansion, from the snippet appended to every page."""
    if docs is None or not (docs / ABBREVIATIONS).is_file():
        return {}
    found = {}
    for line in (docs / ABBREVIATIONS).read_text("utf-8").splitlines():
        match = _ABBREVIATION.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


@dataclass
class Lexicon:
    words: set[str] = field(default_factory=set)  # exact spellings
    folded: set[str] = field(default_factory=set)  # lower-case entries: any capitals
    proper_nouns: list[str] = field(default_factory=list)  # longest first
    _names: re.Pattern[str] | None = field(default=None, repr=False)

    def knows(self, word: str) -> bool:
        """True for a listed word, in any capitals if listed in lower case, or its possessive."""
        for candidate in dict.fromkeys((word, _POSSESSIVE.sub("", word))):
            if candidate in self.words or candidate.lower() in self.folded:
                return True
        return False

    def without_proper_nouns(self, text: str) -> str:
        """Blank out every proper noun, so rules about capitals and words skip names."""
        if self._names is None:
            names = "|".join(re.escape(n) for n in self.proper_nouns) or "(?!)"
            # A name's possessive goes with it: "GOV.UK's".
            self._names = re.compile(rf"(?<![\w-])(?:{names})(?:['’]s)?(?![\w-])")
        return self._names.sub(lambda m: " " * len(m.group(0)), text)


def load(docs: Path | None = None, extra_words: list[str] | None = None) -> Lexicon:
    lexicon = Lexicon()
    names = read_entries(PROPER_NOUNS_FILE)
    spelled = read_entries(WORDS_FILE) + list(extra_words or [])
    for entry in read_entries(docs / DOCS_WORDS) if docs is not None else []:
        (spelled if entry.islower() else names).append(entry)
    for short, expansion in abbreviations(docs).items():
        spelled.append(short)
        names.append(short)
        # Capitalised expansions are names: "Government Statistical Service".
        if sum(w[0].isupper() for w in expansion.split()) >= 2:
            names.append(expansion)
    for name in names:
        spelled += _WORD.findall(name)
    for entry in spelled:
        (lexicon.folded if entry.islower() else lexicon.words).add(entry)
        lexicon.words.add(entry)
    lexicon.proper_nouns = sorted(set(names), key=len, reverse=True)
    return lexicon
