"""Smaller style sheets and scripts for slow connections, with nothing that changes meaning.

Pages themselves are left as the theme wrote them: whitespace inside them can matter
(the What-changed diff is shown with `white-space: pre-wrap`).

`compact_css` removes comments and spare whitespace from a style sheet, leaving
strings (such as `content: " ("`) untouched.
"""

from __future__ import annotations

import re
from pathlib import Path

_CSS_TOKEN = re.compile(
    r"""(?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(?P<comment>/\*.*?\*/)|(?P<space>\s+)""",
    re.DOTALL,
)
_AROUND = re.compile(r"\s*([{};])\s*")


def compact_css(css: str) -> str:
    pieces, last = [], 0
    for match in _CSS_TOKEN.finditer(css):
        pieces.append(_AROUND.sub(r"\1", css[last : match.start()]))
        last = match.end()
        if match.group("string"):
            pieces.append(match.group("string"))
        elif match.group("space"):
            pieces.append(" ")
    pieces.append(_AROUND.sub(r"\1", css[last:]))
    return _AROUND.sub(r"\1", "".join(pieces)).strip()


def compact_css_file(path: Path) -> None:
    if path.is_file():
        path.write_text(compact_css(path.read_text(encoding="utf-8")), encoding="utf-8")


def compact_js(js: str) -> str:
    """Drop whole-line comments, blank lines and indentation; keep every line break.

    Only for the project's own scripts (overrides/assets/javascripts), which keep no
    multi-line strings or template literals, where a line's start could be text.
    """
    lines, in_comment = [], False
    for line in js.splitlines():
        text = line.strip()
        if in_comment or text.startswith("/*"):
            in_comment = "*/" not in text
            text = "" if in_comment else text.split("*/", 1)[1].strip()
        elif text.startswith("//"):
            text = ""
        if text:
            lines.append(text)
    return "\n".join(lines) + "\n"


def compact_js_file(path: Path) -> None:
    if path.is_file():
        path.write_text(compact_js(path.read_text(encoding="utf-8")), encoding="utf-8")


def _blocks(css: str) -> list[str]:
    """The top-level rules and at-rules of a style sheet, each with its braces."""
    found, depth, start = [], 0, 0
    for at, char in enumerate(css):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                found.append(css[start : at + 1])
                start = at + 1
    return found


def unused_palette_rules_removed(css: str, colours: set[str]) -> str:
    """Material's palette style sheet without rules for primary and accent colours not used.

    The sheet has rules for each of Material's named colours, such as
    [data-md-color-primary=indigo]; a page uses only those set in mkdocs.yml.
    """
    other = re.compile(r"\[data-md-color-(?:primary|accent)=(?P<name>[\w-]+)\]")

    def keep(block: str) -> str:
        head, body = block[: block.index("{")], block[block.index("{") + 1 : -1]
        if head.startswith("@"):
            inner = "".join(keep(b) for b in _blocks(body))
            return f"{head}{{{inner}}}" if inner else ""
        selectors = [
            s for s in head.split(",") if all(m["name"] in colours for m in other.finditer(s))
        ]
        return f"{','.join(selectors)}{{{body}}}" if selectors else ""

    return "".join(keep(block) for block in _blocks(css))


def compact_site(site: Path, scripts: list[str], palette: list[dict]) -> None:
    """Compact the project's own style sheet and scripts, and Material's palette, in a built site.

    `scripts` are the project's scripts (site paths); `palette` is theme.palette.
    """
    compact_css_file(site / "assets" / "stylesheets" / "guide.css")
    for script in scripts:
        compact_js_file(site / script)
    colours = {
        str(entry.get(key, "")).replace(" ", "-")
        for entry in palette
        for key in ("primary", "accent")
    }
    for sheet in (site / "assets" / "stylesheets").glob("palette.*.css"):
        css = sheet.read_text(encoding="utf-8")
        sheet.write_text(unused_palette_rules_removed(css, colours), encoding="utf-8")
