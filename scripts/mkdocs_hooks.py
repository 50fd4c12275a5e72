"""MkDocs hooks: thin adapters from the build to the `guide` package.

Keep logic out of here, so a move to another MkDocs-compatible builder only
means rewriting these few lines. Everything one build learns is kept in one
object, `BUILD`, made afresh for each build.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from guide.content import policy, review
from guide.content.check import check_docs, is_case_study
from guide.problems import Problem, format_report
from guide.releases import releases_page, versioned_build
from guide.site import (
    abbreviations,
    built_pages,
    catalogue,
    documents,
    escaping,
    health,
    minify,
    printing,
    tasklists,
)


@dataclass
class GuideBuild:
    """What one build knows, from its checks to its finished pages."""

    serving: bool = False
    studies: list[catalogue.CaseStudy] = field(default_factory=list)
    by_src: dict[str, catalogue.CaseStudy] = field(default_factory=dict)
    related: dict[str, list[catalogue.CaseStudy]] = field(default_factory=dict)
    reviews: review.BuildReviews = field(default_factory=review.BuildReviews)
    built: built_pages.BuiltPages = field(default_factory=built_pages.BuiltPages)
    short_forms: abbreviations.ShortForms = field(
        default_factory=lambda: abbreviations.ShortForms({})
    )
    releases: releases_page.SiteReleases = field(default_factory=releases_page.SiteReleases)
    documents: dict[str, bytes] = field(default_factory=dict)  # site path -> ODT or Word file
    # The security policy (guide.content.policy): what the pages' Markdown became, and the theme's code.
    body_lines: dict[str, int] = field(default_factory=dict)  # src_uri -> its body's first line
    body_problems: list[Problem] = field(default_factory=list)
    theme: policy.ThemeCode | None = None
    theme_env: object = None
    theme_urls: set[str] = field(default_factory=set)


BUILD = GuideBuild()
# Set by `guide check` for the build it checks links in (guide.cli.everything).
CHECKED_ELSEWHERE = "GUIDE_CHECK_REPORTS_PROBLEMS"


def on_startup(command, dirty, **kwargs) -> None:
    global BUILD
    BUILD = GuideBuild(serving=command == "serve")


def on_config(config, **kwargs):
    # Version selector and old-version banner in mike builds only (see versioned_build).
    versioned_build.configure(config)
    return config


def on_pre_build(config, **kwargs) -> None:
    global BUILD
    BUILD = GuideBuild(serving=BUILD.serving)  # a preview's rebuild starts afresh too
    docs = Path(config["docs_dir"])
    # The pages' HTML is judged as MkDocs renders it (on_page_content), not here.
    result = check_docs(docs, root=docs.parent, render_pages=False)
    if result.problems and os.environ.get(CHECKED_ELSEWHERE) == "1":
        # `guide check` reports these itself and builds only to check links: a strict
        # build still fails on this warning, after checking every link.
        logging.getLogger("mkdocs.plugins.guide").warning(
            "guide check found %d problems (reported by guide check)", len(result.problems)
        )
    elif result.problems:
        raise PluginError(
            "guide check found problems:\n" + format_report(result.problems, result.checked)
        )
    pages = {(docs.parent / p.path).relative_to(docs).as_posix(): p for p in result.pages}
    wrong = {problem.path for problem in result.problems}  # empty unless checked elsewhere
    BUILD.studies = [
        catalogue.from_page(page, src)
        for src, page in pages.items()
        if is_case_study(page.path) and page.path not in wrong
    ]
    BUILD.by_src = {s.src_uri: s for s in BUILD.studies}
    BUILD.related = catalogue.related_pages(BUILD.studies)
    BUILD.body_lines = {src: page.body_line for src, page in pages.items()}
    BUILD.reviews.start(result.pages, docs, date.today())
    BUILD.releases.start(Path(config.config_file_path).parent, versioned_build.building_version())
    BUILD.built.start(
        with_policy=False
    )  # the policy comes from guide.content.policy, in on_post_page
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    BUILD.short_forms = abbreviations.ShortForms.from_snippets(
        snippets, Path(config.config_file_path).parent
    )


def on_files(files, config, **kwargs):
    taken = {f.url: f.src_uri for f in files}
    for src_uri, content in catalogue.facet_pages(BUILD.studies).items():
        file = File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        if file.url in taken:  # MkDocs would silently keep only one of the two
            raise PluginError(
                f"docs/{taken[file.url]}: file: has the address '{file.url}', which the "
                f"generated filter page {src_uri} needs — rename or move the file"
            )
        taken[file.url] = src_uri
        files.append(file)
    # Pages that exist only in a versioned (mike) build, such as "What changed".
    for src_uri, content in versioned_build.generated_pages().items():
        files.append(File.generated(config, src_uri, content=content))
    # The content-health page (About section), made from every page's review dates.
    content = health.page_markdown(
        BUILD.reviews.reviews, BUILD.studies, config["nav"], BUILD.reviews.today
    )
    files.append(File.generated(config, health.SRC_URI, content=content))
    # "Print the whole guide": filled in on_page_context, once every page is rendered.
    files.append(
        File.generated(
            config, printing.SRC_URI, content=printing.MARKDOWN, inclusion=InclusionLevel.NOT_IN_NAV
        )
    )
    # src_uri -> URL of every page: for pages.json, and for the case-study lists' links.
    BUILD.reviews.urls = {f.src_uri: f.url for f in files.documentation_pages()}
    return files


def on_env(env, config, files, **kwargs):
    # Every page is rendered by now and nothing is written yet: stop here if any page's
    # Markdown became something a page may not hold.
    if BUILD.body_problems and os.environ.get(CHECKED_ELSEWHERE) == "1":
        # Only `guide check` builds like this, into a scratch folder it reads links from
        # and deletes: it reports these problems itself, and the strict build fails.
        logging.getLogger("mkdocs.plugins.guide").warning(
            "%d pages hold HTML they may not (reported by guide check)", len(BUILD.body_problems)
        )
    elif BUILD.body_problems:
        raise PluginError(
            "the pages' Markdown became HTML a page may not hold:\n"
            + format_report(BUILD.body_problems, len(files.documentation_pages()))
        )
    # The inline code the theme's templates write, for each folder depth (guide.content.policy).
    urls = [f.url for f in files.documentation_pages()]
    _theme_for(env, config, policy.base_urls(urls, config["site_url"]))
    return env


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    src = page.file.src_uri
    if is_case_study(Path(src)):
        # Material's <meta name="description"> comes from `description`.
        page.meta.setdefault("description", page.meta.get("summary", ""))
    # Material writes titles and metadata into HTML unescaped: give it escaped values.
    page.meta = escaping.escape_meta(page.meta)
    if src == releases_page.SRC_URI:  # every release's notes and checks, from CHANGELOG.md
        return markdown.rstrip() + "\n\n" + BUILD.releases.page_markdown(page.url)
    if src == catalogue.INDEX:
        return markdown + catalogue.catalogue_markdown(BUILD.studies)
    if src in BUILD.related:
        return catalogue.insert_related(markdown, catalogue.related_markdown(src))
    return markdown


def on_page_context(context, page, config, **kwargs):
    # The review banner (overrides/partials/review-banner.html); None for generated pages.
    src = page.file.src_uri
    context["guide_review"] = BUILD.reviews.banner(src)
    # "Page history" at the foot of each page from docs/ (overrides/partials/page-history.html).
    from_docs = page.file.abs_src_path and src != printing.SRC_URI
    context["guide_history"] = (
        BUILD.releases.history(src, page.title, page.url) if from_docs else ""
    )
    # A case study's facts under its title (overrides/partials/case-study-summary.html).
    study = BUILD.by_src.get(src)
    if study is not None:
        links = catalogue.Links(BUILD.reviews.urls.get, page.url, config["site_url"])
        context["guide_case_study"] = catalogue.summary_panel(
            study, str(page.meta.get("contact", "")), links
        )
    # Pages outside the navigation under case-studies/ belong to its "Case studies" section.
    _case_studies_section(kwargs["nav"], active=src.startswith("case-studies/"))
    if src == printing.SRC_URI:
        printing.fill_whole_guide_page(page, kwargs["nav"])
    return context


def _case_studies_section(nav, active: bool) -> None:
    """Mark the "Case studies" section as the current one, or clear the mark.

    Case studies are not in the navigation, so MkDocs marks nothing for them; setting
    the section's public `active` flag (as MkDocs does for the page being built) lets the
    theme show where the reader is. The catalogue page is marked by MkDocs itself.
    """
    index = next((p for p in nav.pages if p.file.src_uri == catalogue.INDEX), None)
    if index is not None and index.parent is not None and not index.active:
        index.parent.active = active


def _toolkit_documents(html: str, page) -> str:
    """Make a toolkit page's template into ODT and Word files, and offer them on the page."""
    src = page.file.src_uri
    name = Path(src).stem
    try:
        made = documents.make(page.title, html)
    except Exception as error:  # any failure names the page: the build must not publish half
        raise PluginError(
            f"{src}: the template cannot be made into a document: {error}. "
            "Use headings, lists, checklists ('- [ ] …') and tables with a header row."
        ) from error
    folder = Path(page.file.dest_uri).parent
    for ext, data in made.items():
        BUILD.documents[(folder / f"{name}.{ext}").as_posix()] = data
    sizes = {ext: len(data) for ext, data in made.items()}
    return documents.download_links(name, sizes) + html


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    src = page.file.src_uri
    # What a page's own Markdown (and its snippets) became, against guide.content.policy's allowlist.
    if page.file.abs_src_path and not page.file.generated_by:
        source = Path(config["docs_dir"]).name / Path(src)
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        line = BUILD.body_lines.get(src, 1)
        BUILD.body_problems.extend(policy.check_body(html, source, text, line))
    if src.startswith("toolkit/") and src != "toolkit/index.md":
        html = _toolkit_documents(html, page)
    # Checklist boxes are decoration; links carry their full address for print; a short
    # form's first use takes focus to show its meaning.
    html = tasklists.hide_decorative_checkboxes(html)
    html = printing.add_print_urls(html, page.url, config["site_url"])
    return abbreviations.focusable_first_use(html)


def on_post_page(output: str, page, config, **kwargs) -> str:
    # The case-study lists go in last, as HTML (see guide.site.catalogue); their links carry
    # their full address for print already. Then image checks, and the Content Security
    # Policy that trusts only the theme's own inline code.
    links = catalogue.Links(BUILD.reviews.urls.get, page.url, config["site_url"])
    shift = 1 if page.file.src_uri == printing.SRC_URI else 0  # its headings are one lower
    try:
        filled = catalogue.fill(output, BUILD.studies, links, BUILD.short_forms, shift)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
    if filled is not output:
        output = abbreviations.focusable_first_use(filled)
    source = Path(config["docs_dir"]).name / Path(page.file.src_uri)
    markdown = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    output = _with_theme_policy(output, source, markdown)
    return BUILD.built.finish(
        output,
        source=source,
        page_url=page.url,
        site_dir=Path(config["site_dir"]),
        markdown=markdown,
        content=page.content or "",
    )


def on_post_template(output: str, template_name: str, config, **kwargs) -> str:
    # Theme pages such as 404.html get the same checks and policy as every other page.
    if not template_name.endswith(".html"):
        return output
    source = Path("theme") / template_name
    # mike moves site_url to its version after the pages are planned: the error page's
    # base_url is its path (as MkDocs gives it), so make sure the set covers it.
    _theme_for(BUILD.theme_env, config, policy.base_urls([], config["site_url"]))
    output = _with_theme_policy(output, source, None)
    return BUILD.built.finish(
        output, source=source, page_url="", site_dir=Path(config["site_dir"]), markdown=None
    )


def _theme_for(env, config, base_urls: set[str]) -> policy.ThemeCode:
    """The theme's known set for these base_urls (worked out again only when one is new)."""
    if BUILD.theme is None or BUILD.theme_env is not env or not base_urls <= BUILD.theme_urls:
        urls = base_urls | (BUILD.theme_urls if BUILD.theme_env is env else set())
        context = {"config": config, "features": config["theme"]["features"] or [], "page": None}
        BUILD.theme = policy.theme_hashes(env, context, urls)
        BUILD.theme_env, BUILD.theme_urls = env, urls
    return BUILD.theme


def _with_theme_policy(html: str, source: Path, markdown: Path | None) -> str:
    """The page with its security policy; a page with inline code the theme did not write
    stops the build before it is written."""
    if BUILD.theme is None:  # on_env works out the theme's code before any page is written
        raise PluginError(f"{source}: the theme's inline code was not worked out before the page")
    text = markdown.read_text(encoding="utf-8") if markdown else None
    problems = policy.unknown_inline(html, BUILD.theme, source, text, 1)
    if problems:
        raise PluginError(
            "a page has inline code the theme did not write:\n" + format_report(problems, 1)
        )
    # `mkdocs serve` adds a live-reload script that changes with every request, which no
    # build-time hash can allow, so served previews go without the security policy.
    return html if BUILD.serving else policy.add_policy(html, BUILD.theme)


def on_post_build(config, **kwargs) -> None:
    site = Path(config["site_dir"])
    for path, data in BUILD.documents.items():
        (site / path).write_bytes(data)
    report = BUILD.built.report()
    if report:
        raise PluginError(report)
    # Smaller style sheets and scripts for readers on slow connections.
    scripts = [str(getattr(s, "path", s)) for s in config["extra_javascript"]]
    scripts.append("assets/javascripts/catalogue.js")
    palette = config["theme"]["palette"]
    palette = palette if isinstance(palette, list) else [palette]
    minify.compact_site(site, scripts, palette)
    # pages.json: every page's owner and review dates, for tools that send reminders.
    BUILD.reviews.write_pages_json(site, config["site_url"])
