"""Internal links and anchors: MkDocs strict validation, then every built page.

MkDocs checks Markdown links and anchors while it builds. Then every built
page is read (guide.links.built, offline, on every core) and every local href
and src and every #fragment on it is checked, so links from templates,
overrides and generated pages are covered too. Each problem is traced back to
the Markdown line it came from; links that only the built page has are
reported on the built page, once with a count, with a pointer to where
templates live. The Markdown is read only for pages with a problem, and for
undefined reference labels.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from guide.links.built import SiteLinks, check_site, site_key
from guide.links.extract import Link, is_external, markdown_file_links, prose, undefined_references
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
FIX_OUTSIDE = (
    "make the address relative, as MkDocs writes links, or start it with the path "
    "the site is served from"
)
FIX_TEMPLATE = (
    "this link is in the built page but not in its Markdown: it comes from a template "
    "(overrides/), the theme or a generated page (scripts/guide); fix it there"
)


def _resolve(base_dir: str, url: str) -> str:
    parts = urlsplit(url)
    if not parts.path:
        return site_key(base_dir, parts.fragment)
    return site_key(posixpath.join(base_dir, parts.path), parts.fragment)


@dataclass
class SourceIndex:
    """Every local link in a page's Markdown, with the site paths it may resolve to.

    A page's Markdown is read the first time a problem needs tracing back to it.
    """

    config: SiteConfig
    links: dict[str, list[tuple[Link, set[str]]]] = field(default_factory=dict)

    def links_of(self, src: str) -> list[tuple[Link, set[str]]]:
        if src not in self.links:
            path = self.config.docs_dir / src
            found = markdown_file_links(path, self.config.root) if path.is_file() else []
            local = [
                link
                for link in found
                if not is_external(link.url) and not link.url.lower().startswith(_NOT_LOCAL)
            ]
            self.links[src] = [(link, self._keys(src, link.url)) for link in local]
        return self.links[src]

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
        candidates = self.links_of(src)
        return [link for link, keys in candidates if link.url == raw or key in keys]


_PROBLEM_FIX = {"fragment": FIX_ANCHOR, "outside": FIX_OUTSIDE}


def _site_findings(found: SiteLinks, sources: SourceIndex) -> list[Finding]:
    used: dict[tuple[str, str], int] = defaultdict(int)
    template: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    findings = []
    for broken in found.broken:
        src = source_of(broken.page, sources.config.docs_dir)
        action = _PROBLEM_FIX.get(broken.kind, FIX_FILE)
        matches = sources.find(src, raw=broken.url, key=broken.key)
        if matches:
            link = matches[min(used[(src, broken.key)], len(matches) - 1)]
            used[(src, broken.key)] += 1
            findings.append(
                Finding(
                    link.path,
                    link.line,
                    link.url,
                    BROKEN,
                    broken.status,
                    action,
                    link.form,
                    "internal",
                )
            )
            continue
        where = f"; page source: docs/{src}" if src else ""
        template[(broken.key, broken.status)].append(
            Finding(
                f"site/{broken.page}",
                broken.line,
                broken.url,
                BROKEN,
                broken.status,
                FIX_TEMPLATE + where,
                "template",
                "internal",
            )
        )
    for found_on in template.values():
        first = found_on[0]
        if len(found_on) > 1:
            first = Finding(
                first.path,
                first.line,
                first.url,
                BROKEN,
                f"{first.status} (on {len(found_on)} built pages)",
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
    links = [link for link, _ in sources.links_of(src) if link.url == url]
    shown = (config.docs_dir / src).relative_to(config.root).as_posix()
    line = 1
    if links:
        line = links[min(used[(src, url)], len(links) - 1)].line
        used[(src, url)] += 1
    return Finding(shown, line, url, BROKEN, f"{status} (MkDocs)", action, "markdown", "internal")


def _reference_findings(config: SiteConfig) -> list[Finding]:
    findings = []
    for path in sorted(config.docs_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "][" not in text:  # no [text][label] to check: skip the slow part
            continue
        text = prose(text)
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
    """MkDocs and the built-site check often report the same link: keep MkDocs's message."""
    seen: set[tuple[str, int, str]] = set()
    kept = []
    for finding in findings:
        key = (finding.path, finding.line, finding.url)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def _counts_note(found: SiteLinks) -> str:
    others = ", ".join(
        f"{n} {kind}" for kind, n in sorted(found.others.items()) if kind != "external"
    )
    note = (
        f"The built site has {found.links} links: {found.local} local ones checked here; "
        f"{found.others.get('external', 0)} external ones are for `guide links --external`"
    )
    return note + (f"; not checked: {others} links." if others else ".")


def check_internal(config: SiteConfig, workdir: Path, site: Path | None = None) -> Report:
    """Build (unless given a built site), then check every local link and anchor."""
    report = Report("internal")
    findings: list[Finding] = []
    sources = SourceIndex(config)
    if site is None:
        build = build_site(config, workdir / "site")
        used: dict = defaultdict(int)
        findings += [_warning_finding(w, sources, used) for w in build.warnings]
        if not build.wrote_site:
            # MkDocs's own link warnings came before the failure: keep them, with their lines.
            tail = "\n".join(build.log.strip().splitlines()[-15:])
            report.errors.append(
                f"the site did not build (mkdocs exit {build.returncode}):\n{tail}"
            )
            report.findings = _dedupe(findings)
            return report
        site = build.site
    try:
        found = check_site(site, config.site_url, config.site_path)
    except OSError as exc:
        report.errors.append(f"the built site could not be checked: {exc}")
        return report
    findings += _site_findings(found, sources)
    findings += _reference_findings(config)
    report.findings = _dedupe(findings)
    report.links, report.urls = found.links, found.distinct
    report.notes.append(_counts_note(found))
    return report
