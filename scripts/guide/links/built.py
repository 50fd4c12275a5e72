"""Every local link and #fragment in a built site, checked offline.

Each built page is read once, on every core, and its start tags are scanned
with regular expressions for the attributes that hold a URL (href, src,
srcset, poster, data, action, cite, formaction, usemap) and for the targets
it defines (id, and name on <a>); stylesheets' url()s and the sitemap's
addresses are read too. Then every local URL must name a file in the built
site (a folder must have an index.html, as on the published site) and every
#fragment must be a target on the HTML page it points at. Addresses on the
site's own site_url are local, and so are root-relative paths, which must
sit under the path the site is served from. External addresses are counted
for `guide links --external`; mailto:, tel:, data: and other schemes are
counted but not checked.

Comments and the insides of script and style elements are skipped, as a
browser would. This does what an offline lychee run (--include-fragments)
did here, about ten times faster on a large site; a test checks that both
find the same broken links.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

# Attributes that hold a URL (the HTML index of attributes); id and <a name> are targets.
URL_ATTRIBUTES = (
    "href",
    "src",
    "srcset",
    "poster",
    "data",
    "action",
    "cite",
    "formaction",
    "usemap",
)
_COMMON = ("href", "src")
# name = value, inside a start tag: after a space (or quote or slash), and followed by the
# rest of a tag up to its '>' with no '<' outside quotes. Each pattern starts with the
# name itself, a literal the regex engine finds fast.
_VALUE = rb"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
_REST_OF_TAG = rb"""(?=(?:[^<>"']++|"[^"]*+"|'[^']*+')*+>)"""
_ATTRIBUTE = {
    name: re.compile(
        name.encode() + rb"(?<=[\s\"'/]" + name.encode() + rb")" + _VALUE + _REST_OF_TAG
    )
    for name in (*URL_ATTRIBUTES, "id", "name")
}
# Where a browser sees no tags: comments, scripts and styles (opening, closing text).
_HIDDEN = ((b"<!--", b"-->"), (b"<script", b"</script"), (b"<style", b"</style"))
_CLOSER = dict(_HIDDEN)
_TAG_NAME_END = (b" ", b"\t", b"\n", b"\r", b"\f", b"/", b">")
_CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s*(?:"([^"]*)"|'([^']*)')"""
)
_XML_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
PAGES = (".html", ".htm")

NOT_FOUND = "no such page or file in the built site"
NO_INDEX = "the folder has no index.html"
OUTSIDE = "outside the path the site is served from ({})"
_KINDS = {NOT_FOUND: "file", NO_INDEX: "folder"}


def site_key(path: str, fragment: str = "") -> str:
    """A comparable form of a site path: no 'index.html', no trailing slash."""
    path = unquote(path).lstrip("/")
    path = posixpath.normpath(path) if path else ""
    path = "" if path == "." else path
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    path = path.rstrip("/")
    return f"{path}#{unquote(fragment)}" if fragment else path


@dataclass(frozen=True, order=True)
class Broken:
    """A local link that leads nowhere, as written on a built page."""

    page: str  # the built file, relative to the site
    line: int
    url: str  # as written in the page
    key: str  # site_key of where it leads, to find the Markdown it came from
    status: str
    kind: str  # "file", "folder", "fragment" or "outside"


@dataclass
class SiteLinks:
    broken: list[Broken] = field(default_factory=list)
    links: int = 0  # every URL found, counting each use
    local: int = 0  # the ones checked here
    distinct: int = 0  # distinct local targets
    others: Counter[str] = field(default_factory=Counter)  # "external", "mailto", "data"...


@dataclass(frozen=True)
class _Site:
    """What every worker needs to know: the files in the site and its addresses."""

    files: frozenset[str]
    folders: frozenset[str]
    site_url: str  # without its trailing slash; "" when unknown
    site_path: str  # e.g. "/guide/"


@dataclass
class _Chunk:
    """One worker's share of the pages."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)
    # Links to an id on another page: page, line, URL, key, id, target file.
    pending: list[tuple[str, int, str, str, str, str]] = field(default_factory=list)
    links: int = 0
    local: int = 0
    targets: set[tuple[str, str]] = field(default_factory=set)
    others: Counter[str] = field(default_factory=Counter)


_SITE: _Site | None = None
# (folder, URL without its fragment) -> (kind, file it opens, site path, problem)
_CACHE: dict[tuple[str, str], tuple[str, str, str, str]] = {}


def _start(site: _Site) -> None:
    global _SITE
    _SITE = site
    _CACHE.clear()


# Reading pages -----------------------------------------------------------------------------


def _hidden_spans(low: bytes) -> list[tuple[int, int]]:
    """Comments and the insides of script and style elements, in document order."""
    spans: list[tuple[int, int]] = []
    following = {opener: low.find(opener) for opener, _ in _HIDDEN}
    at = 0
    while True:
        for opener, where in following.items():
            if 0 <= where < at:
                following[opener] = low.find(opener, at)
        found = [(where, opener) for opener, where in following.items() if where >= 0]
        if not found:
            return spans
        start, opener = min(found)
        at = start + len(opener)
        if opener != b"<!--":
            if low[at : at + 1] not in _TAG_NAME_END:
                continue  # <scripts> or <style-guide>, not one of these
            at = low.find(b">", at) + 1 or len(low)
        closer = _CLOSER[opener]
        end = low.find(closer, at)
        end = len(low) if end < 0 else end + (len(closer) if opener == b"<!--" else 0)
        spans.append((start if opener == b"<!--" else at, end))
        at = end


def _blank(low: bytes, spans: list[tuple[int, int]]) -> bytes:
    if not spans:
        return low
    pieces, at = [], 0
    for start, end in spans:
        pieces += [low[at:start], b" " * (end - start)]
        at = end
    pieces.append(low[at:])
    return b"".join(pieces)


def page_attributes(data: bytes) -> tuple[set[str], list[tuple[int, str]]]:
    """The ids a page defines and (offset, URL) for each URL attribute of its start tags.

    Attribute names match in any case; values keep theirs, with character references
    decoded. Offsets are in bytes.
    """
    low = data.lower()
    scan = _blank(low, _hidden_spans(low))
    names = [*_COMMON, *(name for name in URL_ATTRIBUTES[2:] if name.encode() in scan)]
    links: list[tuple[int, str]] = []
    for name in names:
        for match in _ATTRIBUTE[name].finditer(scan):
            start, end = match.span(match.lastindex or 1)
            value = _text(data[start:end])
            if name == "srcset":
                links += [(start, part.split()[0]) for part in value.split(",") if part.strip()]
            else:
                links.append((start, value.strip()))
    ids = {_text(data[slice(*m.span(m.lastindex or 1))]) for m in _ATTRIBUTE["id"].finditer(scan)}
    # <a name="x"> is a target for #x too, as browsers treat it.
    for match in _ATTRIBUTE["name"].finditer(scan):
        tag = scan.rfind(b"<", 0, match.start())
        if scan[tag + 1 : tag + 2] == b"a" and scan[tag + 2 : tag + 3] in _TAG_NAME_END:
            ids.add(_text(data[slice(*match.span(match.lastindex or 1))]))
    return ids, links


def _text(value: bytes) -> str:
    text = value.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


def _css_links(text: str) -> list[tuple[int, str]]:
    found = []
    for match in _CSS_URL.finditer(text):
        group = match.lastindex or 1
        found.append((match.start(), match.group(group).strip()))
    return found


def _xml_links(text: str, site: _Site) -> list[tuple[int, str]]:
    """Sitemap addresses on the site's own address (the others are not links)."""
    if not site.site_url:
        return []
    found = []
    for match in _XML_URL.finditer(text):
        url = html.unescape(match.group(0))
        if _own(url, site) is not None:
            found.append((match.start(), url))
    return found


# Resolving and checking --------------------------------------------------------------------


def _own(url: str, site: _Site) -> str | None:
    """An address on the site's own site_url as a root-relative URL, or None."""
    if not site.site_url or not url.lower().startswith(site.site_url.lower()):
        return None
    rest = url[len(site.site_url) :]
    if rest and rest[0] not in "/?#":
        return None
    return site.site_path + rest.lstrip("/")


def _target(base: str, path: str, site: _Site) -> tuple[str, str, str]:
    """(file the link opens, site path it names, problem or "") for a URL's path."""
    if path.startswith("/"):
        prefix = site.site_path
        if prefix != "/" and not (path + "/").startswith(prefix):
            return "", path, OUTSIDE.format(prefix)
        joined = path[len(prefix) :]
    else:
        joined = base + path
    named = posixpath.normpath(unquote(joined)) if joined else "."
    named = "" if named == "." else named
    if named == ".." or named.startswith("../"):
        return "", named, NOT_FOUND
    if named in site.files and not path.endswith("/"):
        return named, named, ""
    if named in site.folders:
        index = f"{named}/index.html" if named else "index.html"
        return (index, named, "") if index in site.files else ("", named, NO_INDEX)
    return "", named, NOT_FOUND


def _outcome(base: str, head: str, site: _Site) -> tuple[str, str, str, str]:
    """(kind, file it opens, site path it names, problem) for a URL without its #fragment."""
    if head.startswith("//"):
        return "external", "", "", ""
    if scheme := _SCHEME.match(head):
        name = scheme.group(0)[:-1].lower()
        own = _own(head, site) if name in ("http", "https") else None
        if own is None:
            return ("external" if name in ("http", "https") else name), "", "", ""
        head = own
    return ("local", *_target(base, head.partition("?")[0], site))


def _ancestors(page: str) -> list[str]:
    """The page's folder, then each folder above it: 'a/b/x.html' -> ['a/b/', 'a/', '']."""
    parts = page.split("/")[:-1]
    return ["".join(part + "/" for part in parts[:depth]) for depth in range(len(parts), -1, -1)]


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _links_in(page: str, data: bytes, site: _Site) -> tuple[set[str], list[tuple[int, str]]]:
    if page.endswith(PAGES):
        return page_attributes(data)
    # Stylesheets and sitemaps are small: read them as text, offsets in bytes.
    text = data.decode("utf-8", "replace")
    found = _css_links(text) if page.endswith(".css") else _xml_links(text, site)
    return set(), [(len(text[:offset].encode()), url) for offset, url in found]


def _check_file(page: str, root: Path, site: _Site, chunk: _Chunk) -> None:
    data = (root / page).read_bytes()
    ids, links = _links_in(page, data, site)
    chunk.ids[page] = ids
    folders = _ancestors(page)
    cache, others, targets = _CACHE, chunk.others, chunk.targets
    checked = 0
    for offset, url in links:
        head, _, fragment = url.partition("#")
        if not head or head[0] == "?":
            kind, target, named, problem = "local", page, folders[0], ""
        else:
            # Fold leading '../' into the folder, so pages in one folder share results.
            up = 0
            while head.startswith("../", up * 3):
                up += 1
            if up < len(folders):
                key = (folders[up], head[up * 3 :])
                found = cache.get(key)
                if found is None:
                    found = cache[key] = _outcome(*key, site)
            else:  # above the site's root folder
                found = ("local", "", head, NOT_FOUND)
            kind, target, named, problem = found
        if kind != "local":
            others[kind] += 1
            continue
        checked += 1
        targets.add((named, fragment))
        if problem:
            kind = _KINDS.get(problem, "outside")
            line = _line(data, offset)
            key = site_key(named, fragment)
            chunk.broken.append(Broken(page, line, url, key, problem, kind))
            continue
        element = fragment.partition(":~:")[0]  # a text fragment follows ':~:'
        if not element or element.lower() == "top" or not target.endswith(PAGES):
            continue
        if target == page and (element in ids or unquote(element) in ids):
            continue
        link = (page, _line(data, offset), url, site_key(named, fragment), element)
        if target != page:
            chunk.pending.append((*link, target))
        else:
            chunk.broken.append(_missing(*link))
    chunk.links += len(links)
    chunk.local += checked


def _missing(page: str, line: int, url: str, key: str, element: str) -> Broken:
    status = f"no anchor #{unquote(element)} on the target page"
    return Broken(page, line, url, key, status, "fragment")


def _check_chunk(pages: list[str], root: str) -> _Chunk:
    assert _SITE is not None
    chunk = _Chunk()
    for page in pages:
        _check_file(page, Path(root), _SITE, chunk)
    return chunk


# The whole site ----------------------------------------------------------------------------


def _inventory(root: Path) -> tuple[set[str], set[str]]:
    files, folders = set(), {""}
    for folder, subfolders, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        folders.update(prefix + name for name in subfolders)
        files.update(prefix + name for name in names)
    return files, folders


def _workers(pages: int, workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    # A process costs more than it saves on a small site.
    return max(1, min(os.cpu_count() or 1, pages // 200))


def check_site(
    root: Path, site_url: str = "", site_path: str = "/", workers: int | None = None
) -> SiteLinks:
    """Every local link and #fragment in the built site at root."""
    root = root.resolve()
    if not (root / "index.html").is_file():  # an empty check would pass silently
        raise FileNotFoundError(f"no built site at {root} (it has no index.html)")
    files, folders = _inventory(root)
    site = _Site(frozenset(files), frozenset(folders), site_url.rstrip("/"), site_path)
    inputs = sorted(f for f in files if f.endswith((*PAGES, ".css", ".xml")))
    count = _workers(len(inputs), workers)
    if count > 1:
        shares = [(inputs[index :: count * 4], str(root)) for index in range(count * 4)]
        try:
            with multiprocessing.get_context().Pool(count, _start, (site,)) as pool:
                return _merge(pool.starmap(_check_chunk, shares))
        except (OSError, NotImplementedError):  # no processes here: use this one
            pass
    _start(site)
    return _merge([_check_chunk(inputs, str(root))])


def _merge(chunks: list[_Chunk]) -> SiteLinks:
    result = SiteLinks()
    ids: dict[str, set[str]] = {}
    targets: set[tuple[str, str]] = set()
    for chunk in chunks:
        ids.update(chunk.ids)
        targets |= chunk.targets
        result.broken += chunk.broken
        result.links += chunk.links
        result.local += chunk.local
        result.others.update(chunk.others)
    for chunk in chunks:
        for *link, element, target in chunk.pending:
            there = ids.get(target, set())
            if element not in there and unquote(element) not in there:
                result.broken.append(_missing(*link, element))
    result.broken.sort()
    result.distinct = len(targets)
    return result
