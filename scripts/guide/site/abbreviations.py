"""Short forms whose meaning a keyboard or touch-screen reader can reach.

The abbreviations snippet (docs/_snippets/abbreviations.md) wraps short forms
such as "GSS" in <abbr title="Government Statistical Service">. A title shows
only when a mouse hovers over it. So the first use of each short form on a page
(GOV.UK style spells out a short form on first use) is made focusable, and
guide.css writes its meaning after it while it has focus, from a keyboard or a
tap, and on paper. An <abbr> inside a link is left alone: the link takes focus.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

_TOKEN = re.compile(r"<a\b[^>]*>|</a>|<abbr\b(?P<attrs>[^>]*)>(?P<text>.*?)</abbr>", re.DOTALL)


def focusable_first_use(html: str) -> str:
    """Add tabindex="0" to the first <abbr title> of each short form outside links."""
    seen: set[str] = set()
    in_link = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal in_link
        token, attrs, text = match.group(0), match.group("attrs"), match.group("text")
        if attrs is None:  # a link opening or closing
            in_link = in_link + 1 if token != "</a>" else max(in_link - 1, 0)  # noqa: S105 - an HTML token, not a password
            return token
        if "tabindex=" in attrs:  # already focusable (the page was done before)
            seen.add(text)
        if in_link or "title=" not in attrs or text in seen:
            return token
        seen.add(text)
        return f'<abbr tabindex="0"{attrs}>{text}</abbr>'

    return _TOKEN.sub(replace, html)


# A definition line in the snippet, as Python-Markdown's abbr extension reads it.
_DEFINITION = re.compile(r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*(?P<title>.*)$", re.MULTILINE)


class ShortForms:
    """Plain text as HTML, each short form wrapped in <abbr> as the abbr extension does.

    For HTML the build writes itself (the case-study lists in guide.site.catalogue), so it
    matches what Markdown makes of the same words.
    """

    def __init__(self, table: dict[str, str]) -> None:
        self._titles = {key: escape(title) for key, title in table.items() if title}
        self._done: dict[str, str] = {}
        keys = sorted(self._titles, key=len, reverse=True)
        self._pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, keys))})\b") if keys else None

    @classmethod
    def from_snippets(cls, snippets: dict, root: Path) -> ShortForms:
        """From the files pymdownx.snippets appends to every page (its mkdocs.yml settings)."""
        table: dict[str, str] = {}
        for name in snippets.get("auto_append", []):
            for base in snippets.get("base_path", ["."]):
                path = root / base / name
                if path.is_file():
                    text = path.read_text(encoding="utf-8")
                    table.update(
                        (m["abbr"], m["title"].strip()) for m in _DEFINITION.finditer(text)
                    )
                    break
        return cls(table)

    def __call__(self, text: str) -> str:
        # The same titles and summaries come back on many pages: work each out once.
        if text not in self._done:
            self._done[text] = self._wrap(text)
        return self._done[text]

    def _wrap(self, text: str) -> str:
        html = escape(text, quote=False)
        if self._pattern is None:
            return html
        return self._pattern.sub(
            lambda m: f'<abbr title="{self._titles[m.group(0)]}">{m.group(0)}</abbr>', html
        )
