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

from guide.html_scan import Scan, Tag, scan

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


def _is_foreign(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "//"))


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _tag_problems(tag: Tag) -> list[tuple[str, str]]:
    found = []
    for name, value in tag.attrs.items():
        if name.startswith("on"):
            found.append((f"<{tag.name} {name}=…> runs a script from an attribute", _FIX_SCRIPT))
        elif name == "style":
            found.append(
                (f'<{tag.name} style="{value[:40]}"> sets a style in an attribute', _FIX_STYLE)
            )
        elif name in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
            found.append((f"<{tag.name} {name}={value[:40]!r}> is a javascript: URL", _FIX_SCRIPT))
    url = tag.attrs.get(_RESOURCE_ATTRS.get(tag.name, ""), "")
    if tag.name == "link" and _LINKED_RELS & set(tag.attrs.get("rel", "").lower().split()):
        url = tag.attrs.get("href", "")
    if _is_foreign(url):
        found.append((f"<{tag.name}> loads {url} from another host", _FIX_HOST))
    return found


def policy(page: str | Scan) -> str:
    """The policy for one page: the fixed directives plus hashes of its inline code."""
    found = scan(page) if isinstance(page, str) else page
    runs = [
        text
        for attrs, text in found.scripts
        if "src" not in attrs and attrs.get("type", "").strip().lower() in _JS_TYPES
    ]
    scripts = " ".join(["'self'", *dict.fromkeys(_hash(s) for s in runs)])
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


def blocked(page: str | Scan) -> list[tuple[str, str]]:
    """Markup in the page that the policy would stop from working, each with its fix."""
    found = scan(page) if isinstance(page, str) else page
    return [problem for tag in found.tags for problem in _tag_problems(tag)]


def add_policy(html: str, found: Scan | None = None) -> str:
    """The page with its policy in a <meta> element, straight after <meta charset>."""
    match = _CHARSET.search(html)
    if not match:
        raise ValueError("the page has no <meta charset> to put the policy after")
    first_script = html.lower().find("<script")
    if first_script != -1 and first_script < match.end():
        raise ValueError("a <script> comes before <meta charset>, so no policy could cover it")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(found or html)}">'
    return html[: match.end()] + meta + html[match.end() :]
