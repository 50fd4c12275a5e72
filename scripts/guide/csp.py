"""A Content Security Policy in every built page, made from the page itself.

GitHub Pages cannot send headers, so the policy goes in a
<meta http-equiv="Content-Security-Policy"> placed straight after <meta charset>,
before anything it governs. It allows only the site's own origin. The inline
scripts that Material (and, in versioned builds, the old-version banner) put in
each page are allowed by their SHA-256 hashes, computed from the rendered page at
build time: a theme upgrade that changes a script changes its hash with it,
instead of silently breaking the page.

What a hash cannot allow fails the build instead (`blocked`): event-handler
attributes, `javascript:` links, style attributes and resources from other hosts.

Directives, and why:

- default-src 'self': anything not named below comes only from the site.
- script-src 'self' + hashes: the bundle and our scripts, plus each inline script.
- style-src 'self' (+ hashes of any <style> element): the pages carry no style
  attributes, and Material's JavaScript sets styles through the CSSOM
  (element.style), which CSP does not govern, so neither 'unsafe-inline' nor
  'unsafe-hashes' is needed. A style attribute in a page fails the build.
- img-src 'self' data:: Material draws its icons in CSS as data: SVG images.
- connect-src 'self': the search index, and versions.json and sitemaps for the
  version selector.
- worker-src 'self': the search worker.
- base-uri 'self', form-action 'self', object-src 'none': no redirected base,
  no form posting elsewhere (the "report a problem" link is a link), no plugins.

A policy in a <meta> element cannot set frame-ancestors, report-uri or sandbox;
browsers ignore them there, so they are left out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

# Script types a browser runs; anything else (such as Material's JSON config) is data.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_RESOURCE_ATTRS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "embed": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "object": "data",
}
_LINKED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
_FIX_SCRIPT = (
    "put the script in a file under overrides/assets/javascripts and list it in mkdocs.yml"
)
_FIX_STYLE = "give the element a class and style it in overrides/assets/stylesheets/guide.css"
_FIX_HOST = "copy the file into the site (docs/ or overrides/assets/) and link to that copy"
_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


class _Scan(HTMLParser):
    """Collects inline scripts and styles, and markup the policy would block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.blocked: list[tuple[str, str]] = []  # (what, how to fix it)
        self._open: tuple[str, bool] | None = None  # (tag, collect its text?)
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._check(tag, values)
        if tag == "script" and "src" not in values:
            runs = values.get("type", "").strip().lower() in _JS_TYPES
            self._open, self._text = ("script", runs), []
        elif tag == "style":
            self._open, self._text = ("style", True), []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            name, collect = self._open
            if collect:
                (self.scripts if name == "script" else self.styles).append("".join(self._text))
            self._open = None

    def _check(self, tag: str, values: dict[str, str]) -> None:
        for name, value in values.items():
            if name.startswith("on"):
                self.blocked.append(
                    (f"<{tag} {name}=…> runs a script from an attribute", _FIX_SCRIPT)
                )
            elif name == "style":
                self.blocked.append(
                    (f'<{tag} style="{value[:40]}"> sets a style in an attribute', _FIX_STYLE)
                )
            elif name in ("href", "src", "action") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.blocked.append(
                    (f"<{tag} {name}={value[:40]!r}> is a javascript: URL", _FIX_SCRIPT)
                )
        url = values.get(_RESOURCE_ATTRS.get(tag, ""), "")
        if tag == "link" and _LINKED_RELS & set(values.get("rel", "").lower().split()):
            url = values.get("href", "")
        if _is_foreign(url):
            self.blocked.append((f"<{tag}> loads {url} from another host", _FIX_HOST))


def _is_foreign(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "//"))


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def scan(html: str) -> _Scan:
    parser = _Scan()
    parser.feed(html)
    parser.close()
    return parser


def policy(html: str) -> str:
    """The policy for one page: the fixed directives plus hashes of its inline code."""
    found = scan(html)
    scripts = " ".join(["'self'", *dict.fromkeys(_hash(s) for s in found.scripts)])
    styles = " ".join(["'self'", *dict.fromkeys(_hash(s) for s in found.styles)])
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


def blocked(html: str) -> list[tuple[str, str]]:
    """Markup in the page that the policy would stop from working, each with its fix."""
    return scan(html).blocked


def add_policy(html: str) -> str:
    """The page with its policy in a <meta> element, straight after <meta charset>."""
    match = _CHARSET.search(html)
    if not match:
        raise ValueError("the page has no <meta charset> to put the policy after")
    first_script = html.lower().find("<script")
    if first_script != -1 and first_script < match.end():
        raise ValueError("a <script> comes before <meta charset>, so no policy could cover it")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[: match.end()] + meta + html[match.end() :]
