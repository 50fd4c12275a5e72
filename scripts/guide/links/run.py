"""What `guide links` does, apart from reading its arguments."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from guide.links import cache as cache_module
from guide.links.changes import added_lines
from guide.links.external import Settings, address, check_external
from guide.links.extract import Link, html_links, is_external, markdown_file_links
from guide.links.ignore import FILE_NAME, load_ignore
from guide.links.internal import check_internal
from guide.links.quick import check_with_linkcheckmd
from guide.links.report import Report
from guide.links.site import SiteConfig, build_site


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
    cache_file: Path | None = None
    cache_ttl_hours: float = cache_module.DEFAULT_TTL_HOURS
    settings: Settings = field(default_factory=Settings)
    progress: bool = False


def markdown_files(options: Options) -> list[Path]:
    docs = options.config.docs_dir
    files = options.files or sorted(docs.rglob("*.md"))
    return [f.resolve() for f in files]


def _wanted_lines(options: Options) -> dict[str, set[int]] | None:
    if not options.changed_since:
        return None
    return added_lines(options.config.root, options.changed_since)


def source_links(options: Options) -> list[Link]:
    """External links in the Markdown: all, or only on the lines a change adds."""
    root = options.config.root
    wanted = _wanted_lines(options)
    links = []
    for path in markdown_files(options):
        for link in markdown_file_links(path, root):
            if not link.is_external:
                continue
            if wanted is None or link.line in wanted.get(link.path, set()):
                links.append(link)
    return links


def template_links(site: Path, config: SiteConfig, known: set[str]) -> list[Link]:
    """External links that only the built site has (templates, generated pages), once each."""
    first: dict[str, Link] = {}
    for page in sorted(site.rglob("*.html")):
        shown = "site/" + page.relative_to(site).as_posix()
        for line, url, _ in html_links(page.read_text(encoding="utf-8", errors="replace")):
            own = config.site_url and address(url).startswith(address(config.site_url))
            if is_external(url) and not own and address(url) not in known:
                first.setdefault(url, Link(shown, line, url, "template"))
    return list(first.values())


def _say(options: Options, message: str) -> None:
    """Progress for a person at a terminal; silent in CI and in tests."""
    if options.progress:
        print(f"{message}…", file=sys.stderr, flush=True)


def _progress(done: int, total: int) -> None:
    end = "\n" if done == total else ""
    print(f"\r  checked {done} of {total} addresses", end=end, file=sys.stderr, flush=True)


def _external(options: Options, site: Path | None) -> Report:
    config = options.config
    rules, problems = load_ignore(options.ignore_file or config.root / FILE_NAME)
    if problems:
        report = Report("external")
        report.errors += [str(p) for p in problems]
        return report
    links = source_links(options)
    if site is not None:
        links += template_links(site, config, {address(link.url) for link in links})
    cache = None
    if options.cache_file is not None:
        cache = cache_module.Cache(options.cache_file, options.cache_ttl_hours * 3600)
    partial = bool(options.files or options.changed_since)
    report = check_external(
        links,
        settings=options.settings,
        rules=rules,
        repo_url=config.repo_url,
        cache=cache,
        progress=_progress if options.progress else None,
        report_unused_rules=not partial,
    )
    if cache is not None:
        cache.save()
    if partial:
        report.check = (
            "external (changed lines)" if options.changed_since else "external (chosen files)"
        )
    return report


def _quick(options: Options) -> Report:
    wanted = _wanted_lines(options)
    files = markdown_files(options)
    if wanted is not None:
        root = options.config.root.resolve()
        files = [f for f in files if f.relative_to(root).as_posix() in wanted]
    return check_with_linkcheckmd(files, options.config.root)


def run_links(options: Options) -> Report:
    """Run the chosen checks and merge their reports into one."""
    reports: list[Report] = []
    with tempfile.TemporaryDirectory(prefix="guide-links-") as scratch:
        workdir = Path(scratch)
        site = options.site
        if options.internal:
            _say(options, "Building the site, then checking every local link and anchor")
            reports.append(check_internal(options.config, workdir, site))
            if site is None and (workdir / "site" / "index.html").is_file():
                site = workdir / "site"
        needs_site = (
            options.external and options.with_site and not (options.files or options.changed_since)
        )
        if needs_site and site is None:
            _say(options, "Building the site to find the links templates add")
            build = build_site(options.config, workdir / "site")
            if not build.wrote_site:
                failed = Report("external")
                failed.errors.append(
                    f"the site did not build (mkdocs exit {build.returncode}), so links that "
                    "templates add could not be listed; run `guide links --internal` to see why"
                )
                reports.append(failed)
            else:
                site = build.site
        try:
            if options.external:
                reports.append(_external(options, site if needs_site else None))
            if options.quick:
                reports.append(_quick(options))
        except RuntimeError as exc:  # git could not say what changed
            failed = Report("external")
            failed.errors.append(str(exc))
            reports.append(failed)
    merged = reports[0]
    for report in reports[1:]:
        merged = merged.merge(report)
    return merged
