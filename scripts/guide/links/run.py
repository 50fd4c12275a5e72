"""What `guide links` does, apart from reading its arguments.

- internal: build the site strictly, then lychee checks every local link and
  #fragment in the built pages, offline; each problem is traced to the line of
  the Markdown that made it, or reported on the built page when a template did.
- external: lychee checks every link to another site in the Markdown, and those
  only the built pages have (templates, generated pages), once each.
- quick: linkcheckmd's quick look at the Markdown a pull request changes.
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from guide.content import markdown_doc
from guide.links import lychee
from guide.links.changes import added_lines
from guide.links.ignore import FILE_NAME, IgnoreRule, load_ignore, rule_for
from guide.links.quick import check_with_linkcheckmd
from guide.links.report import (
    BROKEN,
    CHECK,
    MOVED,
    OK,
    PROJECT_REPOSITORY,
    SKIPPED,
    Finding,
    Report,
)
from guide.links.site import SiteConfig, build_site, source_of

FIX_GONE = "find the page's new address (search the site, or the UK Government Web Archive) and update the link, or remove it"
FIX_SERVER = (
    "the site is failing: check it in a browser later; if it stays down, replace or remove the link"
)
FIX_TIMEOUT = "open it in a browser: if it works but is slow, add it to links-ignore.yml with a reason; otherwise replace or remove the link"
FIX_CONNECT = "check the address for typos; if the site has gone, replace or remove the link"
FIX_BLOCKED = "open it in a browser: if the page works, nothing to do (or add it to links-ignore.yml with a reason)"
FIX_MOVED = "update the link to the new address"
FIX_ANCHOR = "find the section on the page and update the #part, or remove it (pages that make anchors with JavaScript look like this too)"
FIX_INTERNAL = "fix the link: point it at a page, file or heading that exists"
FROM_TEMPLATE = "the link is in the built page, not its Markdown: it comes from a template (overrides/) or a generated page (scripts/guide)"


@dataclass
class Options:
    config: SiteConfig
    internal: bool = False
    external: bool = False
    quick: bool = False
    site: Path | None = None
    with_site: bool = True  # external: also links that only the built site has
    files: list[Path] = field(default_factory=list)
    changed_since: str | None = None
    ignore_file: Path | None = None
    timeout: float = 20.0
    proxy: str = ""  # ADDRESS:PORT of an HTTP proxy for every request (tests and benchmarks)
    progress: bool = False


def markdown_files(options: Options) -> list[Path]:
    files = options.files or sorted(options.config.docs_dir.rglob("*.md"))
    return [f.resolve() for f in files]


def _shown(path: Path, root: Path) -> str:
    path = path.resolve()
    return (
        path.relative_to(root.resolve()).as_posix()
        if path.is_relative_to(root.resolve())
        else str(path)
    )


def _say(options: Options, message: str) -> None:
    """Progress for a person at a terminal; silent in CI and in tests."""
    if options.progress:
        print(f"{message}…", file=sys.stderr, flush=True)


def classify(result: lychee.Result, *, internal: bool = False) -> tuple[str, str, str]:
    """(category, status, what to do) for one lychee result."""
    code, text = result.code, result.text
    if result.kind == "ok":
        return OK, str(code or "ok"), ""
    if result.kind == "redirect":
        return MOVED, text, FIX_MOVED
    if result.kind == "timeout":
        return BROKEN, "timed out (a timeout is never a pass)", FIX_TIMEOUT
    if internal:
        return BROKEN, text, FIX_INTERNAL
    if "fragment" in text.lower():
        return CHECK, "the #part was not found on the page", FIX_ANCHOR
    if code in lychee.BY_HAND:
        return CHECK, f"{code}: the site refused or rate-limited the checker", FIX_BLOCKED
    if code is not None and code >= 500:
        return BROKEN, text, FIX_SERVER
    if code is not None:
        return BROKEN, text, FIX_GONE
    return BROKEN, text, FIX_CONNECT


# -- internal ---------------------------------------------------------------------------


def _target(url: str) -> str:
    """What to look for in the Markdown: the #part, or the last part of the path."""
    parts = urlsplit(url)
    if parts.fragment:
        return "#" + unquote(parts.fragment)
    name = [p for p in unquote(parts.path).split("/") if p]
    return name[-1] if name else url


def _markdown_line(markdown: Path, url: str) -> int | None:
    needle = _target(url)
    for number, line in enumerate(markdown.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    return None


def _site_url(site: Path, url: str) -> str:
    """A local link as lychee reports it (file:///...site/x/#y), back as a site address."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    path = Path(unquote(parts.path)).resolve()
    shown = (
        path.relative_to(site.resolve()).as_posix()
        if path.is_relative_to(site.resolve())
        else str(path)
    )
    return shown + (f"#{parts.fragment}" if parts.fragment else "")


def check_internal(options: Options, workdir: Path) -> Report:
    config = options.config
    report = Report("internal")
    site = options.site
    log = ""
    if site is None:
        _say(options, "Building the site, then checking every local link and anchor")
        build = build_site(config, workdir / "site")
        if not build.wrote_site:
            tail = "\n".join(build.log.strip().splitlines()[-20:])
            report.errors.append(
                f"the site did not build (mkdocs exit {build.returncode}):\n{tail}"
            )
            return report
        site, log = build.site, build.log if build.returncode else ""
    pages = sorted(site.rglob("*.html"))
    # Links such as /guide/assets/... start from the server's root, where the site is
    # served under its own path (site_url): lychee reads the site from such a root.
    served = workdir / "root" / config.site_path.strip("/")
    served.parent.mkdir(parents=True, exist_ok=True)
    if served != served.parent:
        served.symlink_to(site.resolve(), target_is_directory=True)
    results = lychee.run(pages, cwd=config.root, offline=True, root_dir=workdir / "root")
    seen: set[tuple[str, str]] = set()
    for result in results:
        report.links += 1
        if result.kind in ("ok", "excluded") or urlsplit(result.url).scheme != "file":
            continue
        built = Path(result.file).resolve().relative_to(site.resolve()).as_posix()
        source = source_of(built, config.docs_dir)
        markdown = config.docs_dir / source if source else None
        line = _markdown_line(markdown, result.url) if markdown else None
        category, status, action = classify(result, internal=True)
        if markdown is not None and line is not None:
            path = _shown(markdown, config.root)
            url = _markdown_url(markdown, line, result.url, site)
        else:
            path, line, url = f"site/{built}", result.line, _site_url(site, result.url)
            action = f"{action} ({FROM_TEMPLATE})"
            if (url, status) in seen:  # a template's link: once, not on every page
                continue
            seen.add((url, status))
        report.findings.append(Finding(path, line, url, category, status, action, "", "internal"))
    report.urls = len({r.url for r in results})
    for markdown in sorted(config.docs_dir.rglob("*.md")):
        for index, label in markdown_doc.read(
            markdown.read_text(encoding="utf-8")
        ).undefined_references:
            report.findings.append(
                Finding(
                    _shown(markdown, config.root),
                    index + 1,
                    f"[{label}]",
                    BROKEN,
                    "the reference label is not defined, so the text shows as written",
                    f"add '[{label}]: ADDRESS' below the paragraph, or fix the label",
                    "",
                    "internal",
                )
            )
    if log and not report.findings:
        report.errors.append(f"the strict build failed, though every link works:\n{log[-2000:]}")
    return report


_LINK_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]+)|\]:\s*<?(\S+?)>?(?:\s|$)|(?:href|src)=[\"']([^\"']+)"
)


def _markdown_url(markdown: Path, line: int, url: str, site: Path) -> str:
    """The link as written on that line of the Markdown, or the site address."""
    text = markdown.read_text(encoding="utf-8").splitlines()[line - 1]
    needle = _target(url)
    for match in _LINK_TARGET.finditer(text):
        written = next(g for g in match.groups() if g)
        if needle in written:
            return written
    return _site_url(site, url)


# -- external ---------------------------------------------------------------------------


def check_external(options: Options, site: Path | None) -> Report:
    config = options.config
    rules, problems = load_ignore(options.ignore_file or config.root / FILE_NAME)
    report = Report("external")
    if problems:
        report.errors += [str(p) for p in problems]
        return report
    wanted = added_lines(config.root, options.changed_since) if options.changed_since else None
    files = markdown_files(options)
    if wanted is not None:
        files = [f for f in files if _shown(f, config.root) in wanted]
    excludes = [lychee.exclude_pattern(rule) for rule in rules]
    if config.repo_url:
        excludes.append("^" + re.escape(config.repo_url) + "([/?#].*)?$")
    local = [f"^{re.escape(config.site_url)}"] if config.site_url else []
    excludes += [*local, "^file://", "^mailto:"]
    args = dict(cwd=config.root, timeout=options.timeout, excludes=excludes, proxy=options.proxy)
    results = lychee.run(files, **args)  # type: ignore[arg-type]
    if site is not None:
        from_markdown = {r.url for r in results}
        for result in lychee.run(sorted(site.rglob("*.html")), **args):  # type: ignore[arg-type]
            url = result.url
            if url not in from_markdown and url.startswith(("http:", "https:")):
                from_markdown.add(url)
                results.append(result)
    urls = set()
    for result in results:
        url = result.url
        if not result.url.startswith(("http:", "https:")):
            continue
        path = _shown(Path(result.file), config.root)
        if wanted is not None and result.line not in wanted.get(path, set()):
            continue
        report.links += 1
        urls.add(url)
        finding = _external_finding(result, url, path, rules, config.repo_url, site)
        if finding is not None:
            report.findings.append(finding)
    report.urls = len(urls)
    checked = [r for r in results if r.kind != "excluded"]
    if checked and all(
        r.kind == "error" and r.code is None and "fragment" not in r.text.lower() for r in checked
    ):
        report.errors.append("no site answered at all: is this machine offline?")
    if options.files or options.changed_since:
        report.check = (
            "external (changed lines)" if options.changed_since else "external (chosen files)"
        )
    return report


def _external_finding(
    result: lychee.Result,
    url: str,
    path: str,
    rules: list[IgnoreRule],
    repo_url: str,
    site: Path | None,
) -> Finding | None:
    if result.kind == "excluded":
        if repo_url and url.startswith(repo_url):
            return Finding(path, result.line, url, SKIPPED, PROJECT_REPOSITORY, "", "", "external")
        rule = rule_for(url, rules)
        if rule is None:
            return None  # the site's own address, files and e-mail: not external links
        reason = f"skipped: {rule.reason} (links-ignore.yml:{rule.line})"
        return Finding(path, result.line, url, SKIPPED, reason, "", "", "external")
    category, status, action = classify(result)
    if path.startswith("site/") or (site is not None and Path(result.file).is_relative_to(site)):
        action = f"{action} ({FROM_TEMPLATE})" if action else action
        path = (
            "site/" + Path(result.file).resolve().relative_to(site.resolve()).as_posix()
            if site
            else path
        )
    return Finding(path, result.line, url, category, status, action, "", "external")


def run_links(options: Options) -> Report:
    """Run the chosen checks and merge their reports into one."""
    reports: list[Report] = []
    with tempfile.TemporaryDirectory(prefix="guide-links-") as scratch:
        workdir = Path(scratch)
        site = options.site
        try:
            if options.internal:
                reports.append(check_internal(options, workdir))
                if site is None and (workdir / "site" / "index.html").is_file():
                    site = workdir / "site"
            partial = bool(options.files or options.changed_since)
            needs_site = options.external and options.with_site and not partial
            if needs_site and site is None:
                _say(options, "Building the site to find the links templates add")
                build = build_site(options.config, workdir / "site")
                site = build.site if build.wrote_site else None
                if site is None:
                    failed = Report("external")
                    failed.errors.append(
                        f"the site did not build (mkdocs exit {build.returncode}), so links that "
                        "templates add could not be listed; run `guide links --internal` to see why"
                    )
                    reports.append(failed)
            if options.external:
                _say(options, "Checking links to other sites with lychee")
                reports.append(check_external(options, site if needs_site else None))
            if options.quick:
                reports.append(_quick(options))
        except (RuntimeError, lychee.LycheeError) as exc:  # git or lychee could not run
            failed = Report("external" if options.external else "internal")
            failed.errors.append(str(exc))
            reports.append(failed)
    merged = reports[0]
    for report in reports[1:]:
        merged = merged.merge(report)
    return merged


def _quick(options: Options) -> Report:
    files = markdown_files(options)
    if options.changed_since:
        wanted = added_lines(options.config.root, options.changed_since)
        files = [f for f in files if _shown(f, options.config.root) in wanted]
    return check_with_linkcheckmd(files, options.config.root)
