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

_TOKEN = re.compile(r"<a\b[^>]*>|</a>|<abbr\b(?P<attrs>[^>]*)>(?P<text>.*?)</abbr>", re.DOTALL)


def focusable_first_use(html: str) -> str:
    """Add tabindex="0" to the first <abbr title> of each short form outside links."""
    seen: set[str] = set()
    in_link = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal in_link
        token, attrs, text = match.group(0), match.group("attrs"), match.group("text")
        if attrs is None:  # a link opening or closing
            in_link = in_link + 1 if token != "</a>" else max(in_link - 1, 0)
            return token
        if in_link or "title=" not in attrs or "tabindex=" in attrs or text in seen:
            return token
        seen.add(text)
        return f'<abbr tabindex="0"{attrs}>{text}</abbr>'

    return _TOKEN.sub(replace, html)
