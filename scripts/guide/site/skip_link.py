"""A skip link on every page that leads to the start of the page's content.

Material's "Skip to content" link points at the first heading in the page's
table of contents. On this site that is the first level 2 heading, so the link
skipped the page's title and opening paragraphs; and a page with no such
heading (a catalogue filter page) got no skip link at all. Material renders the
link outside any template block, so the built page is changed instead: the link
always exists and leads to the <article> that holds the page's content.
"""

from __future__ import annotations

import re

TARGET = "main-content"
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.DOTALL)
_TEXT = re.compile(r'<a [^>]*class="md-skip"[^>]*>\s*(?P<text>.*?)\s*</a>', re.DOTALL)
_ARTICLE = '<article class="md-content__inner md-typeset">'


def skip_to_content(html: str) -> str:
    """The page with its skip link pointing at its content; unchanged if the theme differs."""
    skip = _SKIP.search(html)
    if not skip or html.count(_ARTICLE) != 1:
        raise ValueError("the theme's skip link or content <article> was not found")
    text = _TEXT.search(skip.group(0))
    link = (
        f'<div data-md-component="skip">\n      <a href="#{TARGET}" class="md-skip">'
        f"{text.group('text') if text else 'Skip to content'}</a>\n    </div>"
    )
    html = html[: skip.start()] + link + html[skip.end() :]
    # The target is an empty element at the start of the article, not an id on the article:
    # Material names each code block after its closest ancestor with an id.
    return html.replace(_ARTICLE, f'{_ARTICLE}<span id="{TARGET}"></span>')
