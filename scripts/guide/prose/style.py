"""GOV.UK style rules: words to avoid, vague link text, long sentences and
paragraphs, sentence-case headings, and each page's reading grade.

Vague link text is a hard rule (a screen reader user hears links out of
context); the rest are warnings for a person to judge, because each has
legitimate exceptions a program cannot see.
"""

from __future__ import annotations

import re

from guide.prose.findings import ERROR, WARNING, Finding
from guide.prose.lexicon import Lexicon
from guide.prose.readability import page_stats
from guide.prose.text import Document, clean_inline

SENTENCE_LIMIT = 30  # words
PARAGRAPH_LIMIT = 5  # sentences
GRADE_LIMIT = 9.0  # Flesch–Kincaid grade

# From the GOV.UK style guide's plain English list of words to avoid.
# pattern -> what to write instead
WORDS_TO_AVOID: dict[str, str] = {
    r"leverag(?:e|es|ed|ing)": "say 'use' (unless you mean money borrowed)",
    r"(?:going|moving) forward": "say 'from now on' or 'in future', or leave it out",
    r"deliver(?:s|ed|ing)?(?! (?:(?:the |a |your |our |their )?(?:services?|post|letters?|parcels?|leaflets?|talks?|speech(?:es)?|presentations?|training|newsletters?|emails?)))": (
        "deliver pizzas, post and services, not abstract things: say what you will do or make"
    ),
    r"utilis(?:e|es|ed|ing|ation)": "say 'use'",
    r"facilitat(?:e|es|ed|ing)": "say how you are helping, for example 'run' or 'help'",
    r"empower(?:s|ed|ing|ment)?": "say what people can now do",
    r"collaborat(?:e|es|ed|ing|ion)": "say 'work with'",
    r"liais(?:e|es|ed|ing)": "say 'work with' or 'talk to'",
    r"overarching": "leave it out, or say 'overall'",
    r"robust": "say what makes it strong or reliable",
    r"streamlin(?:e|es|ed|ing)": "say what you are simplifying and how",
    r"tackl(?:e|es|ed|ing)": "say 'deal with', 'stop' or 'solve' (unless it is a sport)",
    r"transform(?:s|ed|ing|ation)?": "say what you are changing",
    r"foster(?:s|ed|ing)?": "say 'encourage' (unless it is about children)",
    r"(?:impacts? on|impacted|impacting|will impact|to impact)": "say 'affect' (impact is not a verb)",
    r"initiat(?:e|es|ed|ing)": "say 'start'",
    r"(?:dis)?incentivis(?:e|es|ed|ing)": "say 'encourage' or 'discourage'",
    r"ring[- ]fenc(?:e|ed|es|ing)": "say 'protect' or 'keep for'",
    r"one-stop shop": "say what it is, for example 'one website for'",
    r"slim(?:ming)? down": "say 'reduce' or 'simplify'",
    r"driv(?:e|es|ing|en) (?:out|up|down|forward|change|growth|improvements?|engagement)": (
        "you can only drive vehicles: say 'cause', 'encourage' or 'lead to'"
    ),
    r"in order to": "say 'to'",
    r"pledg(?:e|es|ed|ing)": "say exactly what will be done",
    r"strengthen(?:s|ed|ing)?": "say what you are improving and how (unless it is a structure)",
    r"key (?!to\b|in\b|on\b|for\b)": "say 'important' or 'main', or leave it out (unless it unlocks something)",
    r"progress(?:es|ed|ing)? (?:the|this|that|our|your|work)": "say what you are actually doing",
    r"dialogue": "say 'talk', 'conversation' or 'discussion'",
}
_AVOID = [(re.compile(rf"\b{p}\b", re.IGNORECASE), fix) for p, fix in WORDS_TO_AVOID.items()]

# Link text that makes no sense read on its own, as a screen reader lists it.
VAGUE_LINKS = {
    "here", "click here", "click", "this", "this link", "link", "this page", "page", "read more",
    "more", "more information", "more info", "find out more", "learn more", "see more",
    "see here", "go", "go here", "continue", "details", "website", "this website", "there",
}  # fmt: skip
_CLICK_HERE = re.compile(r"\bclick (?:here|on this link)\b", re.IGNORECASE)
_MONTHS_AND_DAYS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip
_HEADING_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


def words_to_avoid(doc: Document, lexicon: Lexicon) -> list[Finding]:
    findings = []
    for number, text in doc.lines:
        if number in doc.citation_lines:
            continue
        plain = lexicon.without_proper_nouns(text)
        for pattern, fix in _AVOID:
            for match in pattern.finditer(plain):
                findings.append(
                    Finding(
                        doc.path,
                        number,
                        "words-to-avoid",
                        f"'{match.group(0).strip()}' is on GOV.UK's list of words to avoid",
                        fix,
                        WARNING,
                    )
                )
    return findings


def vague_links(doc: Document) -> list[Finding]:
    findings = []
    for number, text in doc.links:
        words = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
        if words in VAGUE_LINKS:
            findings.append(
                Finding(
                    doc.path,
                    number,
                    "link-text",
                    f"the link text '{text}' does not say where the link goes",
                    "use the name of the page or what the reader will find, for example "
                    "'[the GDS social media playbook](...)'",
                    ERROR,
                )
            )
    # "[click here](...)" is one finding, not two.
    reported = {f.line for f in findings if "click" in f.message.lower()}
    for number, text in doc.lines:
        if _CLICK_HERE.search(text) and number not in reported:
            findings.append(
                Finding(
                    doc.path,
                    number,
                    "link-text",
                    "'click here' does not say where a link goes, and not everyone clicks",
                    "make the name of the destination the link text",
                    ERROR,
                )
            )
    return findings


def long_sentences(doc: Document) -> list[Finding]:
    findings = []
    for unit in doc.units:
        for sentence in unit.sentences:
            if sentence.words > SENTENCE_LIMIT:
                start = " ".join(sentence.text.split()[:6])
                findings.append(
                    Finding(
                        doc.path,
                        sentence.line,
                        "long-sentence",
                        f"a sentence of {sentence.words} words ('{start} …')",
                        f"split it: GOV.UK keeps sentences to {SENTENCE_LIMIT} words or fewer",
                        WARNING,
                    )
                )
    return findings


def long_paragraphs(doc: Document) -> list[Finding]:
    findings = []
    for unit in doc.units:
        count = len(unit.sentences)
        if count > PARAGRAPH_LIMIT:
            findings.append(
                Finding(
                    doc.path,
                    unit.line,
                    "long-paragraph",
                    f"a paragraph of {count} sentences",
                    f"split it, or cut it to {PARAGRAPH_LIMIT} sentences or fewer",
                    WARNING,
                )
            )
    return findings


def _capitalised_words(heading: str) -> list[str]:
    """Words after the first that have a capital but are not names or abbreviations."""
    # Numbering such as "1." or "Step 2:" does not start the sentence.
    text = re.sub(r"^\s*\d+[.)]\s*", "", heading)
    flagged = []
    first = True
    for match in _HEADING_WORD.finditer(text):
        word = match.group(0).rstrip(".")
        before = text[: match.start()].rstrip()
        starts_sentence = first or before.endswith((":", "?", "!", ".", '"', "“", "—"))
        first = False
        if starts_sentence or not word[0].isupper() or word == "I":
            continue
        if any(c.isupper() or c.isdigit() for c in word[1:]) or word in _MONTHS_AND_DAYS:
            continue  # an abbreviation such as GSS, DfT or GOV.UK, or a date
        flagged.append(word)
    return flagged


def heading_case(doc: Document, lexicon: Lexicon) -> list[Finding]:
    findings = []
    for number, heading in doc.headings:
        flagged = _capitalised_words(lexicon.without_proper_nouns(clean_inline(heading)))
        if flagged:
            fixed = heading
            for word in flagged:
                fixed = re.sub(rf"\b{re.escape(word)}\b", word.lower(), fixed, count=1)
            findings.append(
                Finding(
                    doc.path,
                    number,
                    "heading-case",
                    f"'{heading}' is not in sentence case ({', '.join(flagged)})",
                    f"write '{fixed}', or if a word is a name add it to docs/_data/words.txt",
                    WARNING,
                )
            )
    return findings


def readability(doc: Document, path) -> tuple[float, list[Finding]]:
    """The page's Flesch–Kincaid grade, and a warning when it is above the limit."""
    stats = page_stats(path)
    if stats.grade <= GRADE_LIMIT:
        return stats.grade, []
    longest = stats.longest
    hint = f"; the longest sentence is on line {longest.line}" if longest else ""
    return stats.grade, [
        Finding(
            doc.path,
            1,
            "readability",
            f"Flesch–Kincaid grade {stats.grade:.1f} (average sentence "
            f"{stats.average_sentence:.1f} words)",
            f"aim for grade {GRADE_LIMIT:g} or lower: shorter sentences and plainer words{hint}",
            WARNING,
        )
    ]
