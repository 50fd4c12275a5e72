"""Markup in a built page that the Content Security Policy would stop from working.

The policy itself, which trusts only the theme's own inline code, is made in
scripts/guide/content/policy.py; what follows describes its directives.

GitHub Pages cannot send headers, so the policy goes in a
<meta http-equiv="Content-Security-Policy"> placed straight after <meta charset>,
before anything it governs. It allows only the site's own origin. The inline
scripts that Material (and, in versioned builds, the old-version banner) put in
each page are allowed by their SHA-256 hashes, worked out from the theme's
templates, never from the page: a script that gets into a page is not allowed.

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

from guide.site.html_scan import Scan, Tag, scan

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


def _is_foreign(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "//"))


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


def blocked(page: str | Scan) -> list[tuple[str, str]]:
    """Markup in the page that the policy would stop from working, each with its fix."""
    found = scan(page) if isinstance(page, str) else page
    return [problem for tag in found.tags for problem in _tag_problems(tag)]
