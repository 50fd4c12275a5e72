"""`guide diff`'s HTML report: one self-contained file a reviewer can open anywhere.

It loads nothing from anywhere else (styles are inline) so it can be attached
to a pull request or an email as it is.
"""

from __future__ import annotations

import html

from guide.addresses import slugify
from guide.releases.diffing import (
    BlockChange,
    DocsDiff,
    PageChange,
    Piece,
    SectionChange,
    summary_lines,
)

GAP_TEXT = "[…]"
SAME_WORDS = "Only the source changed: readers see the same words."

_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #0b0c0c; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
code { font-size: 0.95em; }
.meta { color: #484949; }
.diff { overflow-wrap: anywhere; background: #f3f2f1; border-left: 4px solid #b1b4b6;
  padding: 0.5rem 1rem; }
.diff p, .diff ul, .diff ol { margin: 0.4rem 0; }
ins { background: #cce2d8; text-decoration: underline; }
del { background: #f6d7d2; text-decoration: line-through; }
ins, del { box-decoration-break: clone; -webkit-box-decoration-break: clone; }
/* Screen readers announce where additions and removals start and end. */
ins::before, ins::after, del::before, del::after { clip-path: inset(100%); height: 1px;
  overflow: hidden; position: absolute; white-space: nowrap; width: 1px; }
ins::before { content: " [added: "; } del::before { content: " [removed: "; }
ins::after, del::after { content: "] "; }
.gap { color: #484949; }
"""


def escape(text: str) -> str:
    """HTML-escape, and also the backticks and tildes that start Markdown code fences,
    so that page source shown inside a generated Markdown page stays as text."""
    return html.escape(text).replace("`", "&#96;").replace("~", "&#126;")


def render_pieces(pieces: list[Piece], mark_class: str = "", hidden_class: str = "") -> str:
    """Marked-up text: <ins> for words added, <del> for words removed.

    Whitespace after a changed run stays outside the mark, so marks never
    stretch across line breaks. With hidden_class, each mark also holds words
    for screen readers only ("[added: ... ]"), which do not announce <ins> and
    <del> by themselves.
    """
    attr = f' class="{mark_class}"' if mark_class else ""

    def said(text: str) -> str:
        return f'<span class="{hidden_class}">{text}</span>' if hidden_class else ""

    out = []
    for index, piece in enumerate(pieces):
        following = pieces[index + 1].kind if index + 1 < len(pieces) else None
        if piece.kind == "removed" and following == "added" and piece.text == piece.text.rstrip():
            # A replaced word such as "date." then "time." reads apart, not as "date.time.".
            piece = Piece(piece.kind, piece.text + " ")
        if piece.kind == "gap":
            out.append(f'<span class="gap" title="Unchanged words left out">{GAP_TEXT}</span> ')
            continue
        words = piece.text.rstrip()
        space = piece.text[len(words) :]
        if piece.kind == "same":
            out.append(escape(piece.text))
        elif words:
            tag = "ins" if piece.kind == "added" else "del"
            start, end = said(f"[{piece.kind}: "), said("]")
            out.append(f"<{tag}{attr}>{start}{escape(words)}{end}</{tag}>{escape(space)}")
    return "".join(out).rstrip()


# How each kind of block is marked up: its words, then its closing tag.
_BLOCK_TAGS = {"p": "p", "term": "p", "row": "p", "code": "p"}


def _block_content(block: BlockChange, mark_class: str, hidden_class: str) -> str:
    content = render_pieces(block.pieces, mark_class, hidden_class)
    if block.kind == "code":
        return f"<code>{content}</code>"
    if block.kind == "term":
        return f"<strong>{content}</strong>"
    return content


def render_blocks(blocks: list[BlockChange], mark_class: str = "", hidden_class: str = "") -> str:
    """A section's blocks as HTML: paragraphs as <p>, list items in (nested) <ul> or <ol>.

    Structure, not whitespace, carries the layout, so the result reads the same
    whatever is done to the spaces and line breaks between tags.
    """
    out: list[str] = []
    lists: list[str] = []  # the open lists, outermost first
    open_item: list[bool] = []  # whether each open list has an <li> open

    def close_to(level: int) -> None:
        while len(lists) > level:
            if open_item.pop():
                out.append("</li>")
            out.append(f"</{lists.pop()}>")

    for block in blocks:
        if block.status == "gap":
            close_to(0)
            out.append(f'<p class="gap" title="Unchanged text left out">{GAP_TEXT}</p>')
            continue
        content = _block_content(block, mark_class, hidden_class)
        if block.kind != "li":
            close_to(0)
            out.append(f"<p>{content}</p>")
            continue
        tag = "ol" if block.ordered else "ul"
        close_to(block.depth + 1)
        if len(lists) == block.depth + 1 and lists[-1] != tag:
            close_to(block.depth)
        while len(lists) < block.depth + 1:
            if lists and not open_item[-1]:
                out.append("<li>")
                open_item[-1] = True
            lists.append(tag if len(lists) == block.depth else "ul")
            open_item.append(False)
            out.append(f"<{lists[-1]}>")
        if open_item[-1]:
            out.append("</li>")
        out.append(f"<li>{content}")
        open_item[-1] = True
    close_to(0)
    return "".join(out)


def section_label(change: SectionChange) -> str:
    label = {"added": "Section added", "removed": "Section removed", "changed": "Changed"}
    text = f"{label[change.status]}: {change.heading}"
    if change.old_heading:
        text += f" (was “{change.old_heading}”)"
    return text


def counts(added: int, removed: int) -> str:
    return f"{added} word{'s' * (added != 1)} added, {removed} removed"


def anchor(text: str) -> str:
    return slugify(text)


def _page_heading(page: PageChange) -> str:
    if page.status == "renamed":
        return f"{escape(page.title)} <code>{escape(page.old_path or '')}</code> → <code>{escape(page.path)}</code>"
    return f"{escape(page.title)} <code>{escape(page.path)}</code>"


def _page_html(page: PageChange) -> str:
    parts = [f'<section id="{anchor(page.status + "-" + page.path)}">']
    parts.append(f"<h3>{_page_heading(page)}</h3>")
    if page.status in ("added", "removed"):
        outline = ", ".join(escape(h) for h in page.outline) or "no headings"
        parts.append(f'<p class="meta">{page.words} words. Sections: {outline}.</p>')
    else:
        if page.similarity is not None:
            parts.append(
                f'<p class="meta">{round(page.similarity * 100)}% of the words are the same.</p>'
            )
        if page.sections:
            parts.append(f'<p class="meta">{counts(page.added, page.removed)}.</p>')
        elif page.status == "renamed":
            parts.append('<p class="meta">Moved without changes.</p>')
        else:
            parts.append(f'<p class="meta">{SAME_WORDS}</p>')
    for change in page.sections:
        parts.append(f"<h4>{escape(section_label(change))}</h4>")
        parts.append(f'<p class="meta">{counts(change.added, change.removed)}.</p>')
        parts.append(f'<div class="diff">{render_blocks(change.blocks)}</div>')
    parts.append("</section>")
    return "\n".join(parts)


HEADINGS = {
    "added": "Pages added",
    "removed": "Pages removed",
    "renamed": "Pages renamed or moved",
    "changed": "Pages changed",
}


def html_report(diff: DocsDiff) -> str:
    """The whole report as one HTML document."""
    title = f"What changed in {diff.folder}/ from {diff.old_ref} to {diff.new_ref}"
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">Compared <code>{escape(diff.old_ref)}</code> (commit '
        f"<code>{diff.old_commit[:12]}</code>) with <code>{escape(diff.new_ref)}</code> "
        f"(commit <code>{diff.new_commit[:12]}</code>).</p>",
        "<p>Words added are marked <ins>like this</ins> and words removed <del>like this</del>. "
        f"{GAP_TEXT} marks unchanged text left out. Pages are compared as readers see them: "
        "links as their words, lists as lists, each page section by section.</p>",
        "<h2>Summary</h2>",
        "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in summary_lines(diff)) + "</ul>",
    ]
    if diff.is_empty:
        body.append("<p>Nothing changed.</p>")
    for status, heading in HEADINGS.items():
        pages = diff.with_status(status)  # type: ignore[arg-type]
        if pages:
            body.append(f'<h2 id="{status}">{heading}</h2>')
            body += [_page_html(page) for page in pages]
    if diff.files:
        body.append("<h2>Other files</h2><ul>")
        for change in diff.files:
            moved = f" (was <code>{escape(change.old_path)}</code>)" if change.old_path else ""
            body.append(f"<li>{change.status}: <code>{escape(change.path)}</code>{moved}</li>")
        body.append("</ul>")
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
