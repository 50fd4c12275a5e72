"""What a page's Markdown may become, and the only inline code the site trusts.

Case studies come from people outside the team, so a page's body is judged by
what it renders to, not by its source: the rendered HTML is read with one HTML5
parser (selectolax, on the Lexbor engine, which reads a page as a browser does)
and every element and attribute is checked against an allowlist. What the
allowlist does not name is refused, each time with the Markdown file, the line
and a fix. Reading the rendered HTML means no spelling of a tag, no backticks,
indented or fake fence lines, entity-encoded addresses or attribute lists
(`{ onclick=... }`) can slip past, and snippets (`--8<--`) are checked as part
of the page that includes them.

The Content Security Policy (`theme_hashes`, `policy`) trusts a fixed set of
inline scripts and styles: those in the theme's own templates (Material's and
overrides/), rendered for each folder depth the site has. It is worked out from
the templates, never from a page, so a script that gets into a page is not
allowed by the policy and fails the build (`unknown_inline`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from guide.content.markdown_doc import code_lines
from guide.problems import Problem

FIELD = "html"

# Elements a page's Markdown may become, each with the attributes it may carry beyond
# the global ones. Made from what Python-Markdown and the extensions in mkdocs.yml
# write (tables, footnotes, admonitions, details, tabs, task lists, abbreviations).
_ALLOWED: dict[str, frozenset[str]] = {
    name: frozenset(attrs)
    for name, attrs in {
        "a": ("href", "rel", "hreflang", "data-value", "data-phrase"),  # the catalogue's filters
        "abbr": (),
        "article": (),
        "aside": (),
        "b": (),
        "blockquote": ("cite",),
        "br": (),
        "caption": (),
        "cite": (),
        "code": (),
        "col": ("span",),
        "colgroup": ("span",),
        "dd": (),
        "del": (),
        "details": ("open",),
        "dfn": (),
        "div": ("data-tabs", "data-facet"),
        "dl": (),
        "dt": (),
        "em": (),
        "figcaption": (),
        "figure": (),
        "h1": (),
        "h2": (),
        "h3": (),
        "h4": (),
        "h5": (),
        "h6": (),
        "hr": (),
        "i": (),
        "img": ("src", "alt", "width", "height", "loading"),
        "input": ("type", "disabled", "checked", "name"),  # task lists and tabs only
        "ins": (),
        "kbd": (),
        "label": ("for",),
        "li": ("value",),
        "mark": (),
        "nav": (),
        "ol": ("start", "type", "reversed"),
        "p": (),
        "pre": (),
        "q": ("cite",),
        "s": (),
        "section": (),
        "small": (),
        "span": (),
        "strong": (),
        "sub": (),
        "summary": (),
        "sup": (),
        "table": (),
        "tbody": (),
        "td": ("colspan", "rowspan"),
        "tfoot": (),
        "th": ("colspan", "rowspan", "scope"),
        "thead": (),
        "time": ("datetime",),
        "tr": (),
        "u": (),
        "ul": (),
        "var": (),
    }.items()
}
_GLOBAL = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden"})
_INPUT_TYPES = {"checkbox", "radio"}  # task-list boxes and tab switches, both inert
# The document wrapper the parser adds around a fragment; a page cannot give it attributes.
_WRAPPER = {"html", "head", "body"}
_URL_ATTRS = {"href", "src", "cite"}
_SCHEMES = {"http", "https", "mailto", "tel"}
# Browsers drop these before reading an address's scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")

_FIX_DEFAULT = "write it in Markdown: pages may hold words, links, lists, tables and pictures only"
_FIX_ELEMENT = {
    "script": "remove it; a page cannot run scripts (describe what the tool does in words instead)",
    "noscript": "remove it; a page cannot run scripts",
    "style": "remove it; the theme sets every style (overrides/assets/stylesheets/guide.css)",
    "link": "remove it; the theme loads every style sheet and icon",
    "meta": "remove it; a page cannot refresh, redirect or describe itself in HTML (use front matter)",
    "base": "remove it; a page cannot change where its links lead",
    "iframe": "link to the page instead of embedding it: [what it is](https://...)",
    "frame": "link to the page instead of embedding it",
    "object": "link to the file instead of embedding it",
    "embed": "link to the file instead of embedding it",
    "form": "link to the form instead: [Fill in the form](https://...)",
    "svg": "save the picture as an .svg file beside the page and add it with ![what it shows](file.svg)",
    "math": "write the formula in words",
    "template": "remove it",
}


def _fix_for(tag: str) -> str:
    return _FIX_ELEMENT.get(tag, _FIX_DEFAULT)


@dataclass
class _Lines:
    """Finds where in a Markdown file a piece of the rendered page came from."""

    text: str | None
    first: int = 1
    _lines: list[str] = field(default_factory=list)
    _after: dict[str, int] = field(default_factory=dict)  # needle -> line of its last match
    _code: frozenset[int] = frozenset()  # lines inside code blocks: shown, never rendered

    def __post_init__(self) -> None:
        self._lines = (self.text or "").lower().splitlines()
        self._code = code_lines(self.text or "")

    def find(self, *needles: str) -> int:
        """The first line, at or after the body, holding a needle not matched before."""
        for needle in needles:
            needle = needle.lower().strip()
            if not needle:
                continue
            start = self._after.get(needle, self.first - 1)
            found = [
                index
                for index in range(max(start, self.first - 1), len(self._lines))
                if needle in self._lines[index]
            ]
            # Prefer a line outside code blocks; Python-Markdown and a CommonMark reader may
            # disagree about an unclosed fence, so fall back to any line.
            for index in [i for i in found if i not in self._code] or found[:1]:
                self._after[needle] = index + 1
                return index + 1
        # Not in the page's own text: it came from a snippet, so name the line including it.
        for index in range(self.first - 1, len(self._lines)):
            if "--8<--" in self._lines[index]:
                return index + 1
        return self.first


def _scheme(url: str) -> str:
    """The scheme a browser would see, or "" for a relative address."""
    cleaned = _URL_NOISE.sub("", url)
    try:
        return urlsplit(cleaned).scheme.lower()
    except ValueError:
        return "invalid"


def _problem(source: Path, line: int, message: str, fix: str) -> Problem:
    return Problem(source, line, FIELD, message, fix)


def _check_attribute(tag: str, name: str, value: str, source: Path, lines: _Lines) -> list[Problem]:
    if name.startswith("on"):
        return [
            _problem(
                source,
                lines.find(name, f"<{tag}"),
                f"the '{name}' attribute on <{tag}> runs a script",
                "remove the attribute; a page cannot run scripts",
            )
        ]
    if name == "style":
        return [
            _problem(
                source,
                lines.find("style=", "style =", "|:-", "-:|", f"<{tag}"),
                f"<{tag} style=…> sets its own style",
                "remove it; the theme sets every style (in a table, remove the colons "
                "from the line under the heading row)",
            )
        ]
    allowed = name in _GLOBAL or name.startswith("aria-") or name in _ALLOWED[tag]
    if not allowed:
        return [
            _problem(
                source,
                lines.find(f"{name}=", f"{name} =", name),
                f"the '{name}' attribute is not allowed on <{tag}>",
                "remove it; Markdown needs no extra attributes",
            )
        ]
    if name in ("id", "for", "name") and value.startswith("__") and "__tabbed_" not in value:
        return [
            _problem(
                source,
                lines.find(value),
                f"the {name} '{value}' is one the theme uses for itself",
                "choose a name that does not start with two underscores",
            )
        ]
    if tag == "input" and name == "type" and value.lower() not in _INPUT_TYPES:
        return [
            _problem(
                source,
                lines.find("<input"),
                f"an <input type='{value}'> is not allowed in pages",
                "link to a form instead of putting one in the page",
            )
        ]
    if name in _URL_ATTRS:
        scheme = _scheme(value)
        if scheme and scheme not in _SCHEMES:
            shown = value.strip()[:40]
            return [
                _problem(
                    source,
                    lines.find(shown, f"{scheme}:", f"{name}="),
                    f'<{tag} {name}="{shown}"> uses a {scheme}: address',
                    "link to an https:// page or to a file in docs/",
                )
            ]
        if tag == "img" and name == "src" and (scheme or value.strip().startswith("//")):
            return [
                _problem(
                    source,
                    lines.find(value.strip()),
                    f"the image '{value.strip()[:60]}' is on another host",
                    "save a copy of the picture beside the page and link to that copy",
                )
            ]
    return []


def check_body(
    html: str, source: Path, markdown: str | None = None, first_line: int = 1
) -> list[Problem]:
    """Everything in a page's rendered body that the allowlist does not permit.

    `markdown` is the page's source file text and `first_line` the line its body
    starts on: each problem names the first line there that holds what was found.
    """
    lines = _Lines(markdown, first_line)
    problems: list[Problem] = []
    tree = LexborHTMLParser(html)
    for node in tree.root.traverse(include_text=False) if tree.root else []:
        tag = (node.tag or "").lower()
        if tag.startswith("-"):  # comments, doctype: inert
            continue
        attributes = {
            str(k).lower(): "" if v is None else str(v) for k, v in node.attributes.items()
        }
        if tag in _WRAPPER:
            # An <html>, <head> or <body> tag in a page gives its attributes to the real one.
            for name in attributes:
                problems.append(
                    _problem(
                        source,
                        lines.find(f"<{tag}", name),
                        f"a <{tag} {name}=…> tag is not allowed in pages",
                        "remove it",
                    )
                )
            continue
        if tag not in _ALLOWED:
            problems.append(
                _problem(
                    source,
                    lines.find(f"<{tag}", tag),
                    f"the <{tag}> element is not allowed in pages",
                    _fix_for(tag),
                )
            )
            continue
        for name, value in attributes.items():
            problems.extend(_check_attribute(tag, name, value, source, lines))
        if tag == "img" and not attributes.get("alt", "").strip():
            src = attributes.get("src", "")
            problems.append(
                Problem(
                    source,
                    lines.find(src, "<img"),
                    "image",
                    f"the image '{src}' has no alt text",
                    "describe the image inside the square brackets: ![What the image shows](file.png)",
                )
            )
    return problems


# -- The Content Security Policy ------------------------------------------------------

_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@dataclass(frozen=True)
class Inline:
    kind: str  # "script" or "style"
    text: str

    @property
    def hash(self) -> str:
        return sha256(self.text)


def inline_code(html: str) -> list[Inline]:
    """Every inline script a browser would run, and every <style>, in page order."""
    found = []
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style"):
        attrs = {str(k).lower(): (v or "") for k, v in node.attributes.items()}
        runs = "src" not in attrs and attrs.get("type", "").strip().lower() in _JS_TYPES
        if node.tag == "script" and not runs:
            continue
        found.append(Inline(node.tag or "", node.text(deep=True)))
    return found


@dataclass(frozen=True)
class ThemeCode:
    """The hashes of the inline scripts and styles the theme's templates can write."""

    scripts: frozenset[str]
    styles: frozenset[str]

    def allows(self, inline: Inline) -> bool:
        return inline.hash in (self.scripts if inline.kind == "script" else self.styles)


def template_snippets(env) -> list[tuple[str, str, str]]:
    """(template, kind, Jinja source) of each inline <script> or <style> in the theme.

    Read from the template files themselves (Material's and overrides/): trusted code.
    """
    found = []
    for name in env.list_templates(extensions=["html"]):
        source, _, _ = env.loader.get_source(env, name)
        if "<script" not in source and "<style" not in source:
            continue
        for inline in inline_code(source):
            found.append((name, inline.kind, inline.text))
    return found


def theme_hashes(env, context: dict, base_urls: Iterable[str]) -> ThemeCode:
    """The fixed set: each theme snippet rendered for every base_url the site's pages use.

    `context` holds what the snippets read besides base_url (config, features).
    A snippet that cannot be rendered alone is left out, so anything it writes fails
    the build rather than being allowed.
    """
    scripts: set[str] = set()
    styles: set[str] = set()
    snippets = template_snippets(env)
    for base_url in sorted(set(base_urls)):
        for _, kind, text in snippets:
            try:
                # The end marker keeps the snippet's last newline, which Jinja would drop.
                rendered = env.from_string(text + "\x00").render({**context, "base_url": base_url})
                rendered = rendered.removesuffix("\x00")
            except Exception:  # noqa: S112 (a snippet that needs more than base_url)
                continue
            (scripts if kind == "script" else styles).add(sha256(rendered))
    return ThemeCode(frozenset(scripts), frozenset(styles))


def policy(theme: ThemeCode) -> str:
    """The Content Security Policy: the site's own files and the theme's inline code only."""
    scripts = " ".join(["'self'", *sorted(theme.scripts)])
    styles = " ".join(["'self'", *sorted(theme.styles)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            f"style-src {styles}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def unknown_inline(
    html: str, theme: ThemeCode, source: Path, markdown: str | None = None, first_line: int = 1
) -> list[Problem]:
    """Inline scripts and styles in a finished page that the theme did not write."""
    lines = _Lines(markdown, first_line)
    problems = []
    for inline in inline_code(html):
        if theme.allows(inline):
            continue
        first = next((line for line in inline.text.splitlines() if line.strip()), "")
        problems.append(
            _problem(
                source,
                lines.find(first[:60], f"<{inline.kind}"),
                f"an inline <{inline.kind}> that is not the theme's own: '{first.strip()[:60]}'",
                "remove it from the page; if the theme changed, the policy picks up the "
                "theme's templates by itself, so look for where this came from",
            )
        )
    return problems


_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


def add_policy(html: str, theme: ThemeCode) -> str:
    """The page with the policy in a <meta> element, straight after <meta charset>."""
    match = _CHARSET.search(html)
    if not match:
        raise ValueError("the page has no <meta charset> to put the policy after")
    first_script = html.lower().find("<script")
    if first_script != -1 and first_script < match.end():
        raise ValueError("a <script> comes before <meta charset>, so no policy could cover it")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(theme)}">'
    return html[: match.end()] + meta + html[match.end() :]


def base_urls(page_urls: Iterable[str], site_url: str | None) -> set[str]:
    """The base_url MkDocs gives each page's templates, and the error page's."""
    from mkdocs.utils import get_relative_url

    found = {get_relative_url(".", url) for url in page_urls}
    found.add(urlsplit(site_url or "/").path or "/")
    return found
