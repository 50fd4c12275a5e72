"""MkDocs hooks: thin adapters from the build to the `guide` package.

Keep logic out of here, so a move to another MkDocs-compatible builder only
means rewriting these few lines.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from guide import (
    abbreviations,
    built_pages,
    catalogue,
    documents,
    escaping,
    health,
    minify,
    nav_cache,
    policy,
    preview,
    printing,
    review,
    search_index,
    tasklists,
    versioned_build,
)
from guide.check import check_docs, is_case_study
from guide.problems import Problem, format_report

_studies: list[catalogue.CaseStudy] = []
_meta: dict[str, dict] = {}  # src_uri -> front matter, for dirty previews
_reviews = review.BuildReviews()
_built = built_pages.BuiltPages()
_short_forms = abbreviations.ShortForms({})
_related: dict[str, list[catalogue.CaseStudy]] = {}  # guide page -> its case studies
_by_src: dict[str, catalogue.CaseStudy] = {}  # case study src_uri -> its metadata
_documents: dict[str, bytes] = {}  # site path -> a toolkit template as ODT or Word
_in_background = False
_nav_cache = nav_cache.NavCache()
_search_entries = search_index.PageEntries()
# The security policy (guide.policy): what the pages' Markdown became, and the theme's code.
_body_problems: list[Problem] = []
_body_lines: dict[str, int] = {}  # src_uri -> the line its body starts on
_theme: policy.ThemeCode | None = None
_with_policy = True


def on_startup(command, dirty, **kwargs) -> None:
    # `make serve` uses dirty builds; guide.preview keeps them correct.
    preview.start(dirty)
    # `mkdocs serve` adds a live-reload script that changes with every request, which no
    # build-time hash can allow, so served previews go without the security policy.
    global _with_policy
    _with_policy = command != "serve"
    _built.with_policy = False  # the policy comes from guide.policy, in on_post_page
    # A full build finishes pages on the second core; a preview rebuilds a few at once.
    global _in_background
    _in_background = command == "build" and not dirty


# Set by `guide check` for the build it checks links in (guide.everything).
CHECKED_ELSEWHERE = "GUIDE_CHECK_REPORTS_PROBLEMS"


def on_config(config, **kwargs):
    # Version selector and old-version banner in mike builds only (see versioned_build).
    versioned_build.configure(config)
    return config


def on_pre_build(config, **kwargs) -> None:
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
    _studies[:] = [
        catalogue.from_page(page, src)
        for src, page in pages.items()
        if is_case_study(page.path) and page.path not in wrong
    ]
    _related.clear()
    _related.update(catalogue.related_pages(_studies))
    _by_src.clear()
    _by_src.update({s.src_uri: s for s in _studies})
    _documents.clear()
    _meta.clear()
    _meta.update({src: page.meta for src, page in pages.items()})
    _body_lines.clear()
    _body_lines.update({src: page.body_line for src, page in pages.items()})
    _body_problems.clear()
    _reviews.start(result.pages, docs, date.today())
    _built.start(_built.with_policy, _in_background)
    global _short_forms
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    _short_forms = abbreviations.ShortForms.from_snippets(
        snippets, Path(config.config_file_path).parent
    )


def on_files(files, config, **kwargs):
    taken = {f.url: f.src_uri for f in files}
    for src_uri, content in catalogue.facet_pages(_studies).items():
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
    content = health.page_markdown(_reviews.reviews, _studies, config["nav"], _reviews.today)
    files.append(File.generated(config, health.SRC_URI, content=content))
    # "Print the whole guide": filled in on_page_context, once every page is rendered.
    files.append(
        File.generated(
            config, printing.SRC_URI, content=printing.MARKDOWN, inclusion=InclusionLevel.NOT_IN_NAV
        )
    )
    # src_uri -> URL of every page: for pages.json, and for the case-study lists' links.
    _reviews.urls = {f.src_uri: f.url for f in files.documentation_pages()}
    preview.plan(config, files, _studies, _meta)
    return files


def on_nav(nav, config, files, **kwargs):
    preview.give_titles(nav)
    _nav_cache.start(nav)
    return nav


def on_env(env, config, files, **kwargs):
    # Every page is rendered by now and nothing is written yet: stop here if any page's
    # Markdown became something a page may not hold.
    if _body_problems and os.environ.get(CHECKED_ELSEWHERE) == "1":
        # Only `guide check` builds like this, into a scratch folder it reads links from
        # and deletes: it reports these problems itself, and the strict build fails.
        logging.getLogger("mkdocs.plugins.guide").warning(
            "%d pages hold HTML they may not (reported by guide check)", len(_body_problems)
        )
    elif _body_problems:
        raise PluginError(
            "the pages' Markdown became HTML a page may not hold:\n"
            + format_report(_body_problems, len(files.documentation_pages()))
        )
    # The inline code the theme's templates write, for each folder depth (guide.policy).
    urls = [f.url for f in files.documentation_pages()]
    _theme_for(env, config, policy.base_urls(urls, config["site_url"]))
    preview.reuse_templates(env)
    # Pages outside the navigation share one rendering of it per folder (guide.nav_cache).
    env.globals["guide_nav_cache"] = _nav_cache
    return env


def on_serve(server, config, builder, **kwargs):
    return preview.watch_with_inotify(server)


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    src = page.file.src_uri
    if is_case_study(Path(src)):
        # Material's <meta name="description"> comes from `description`.
        page.meta.setdefault("description", page.meta.get("summary", ""))
    # Material writes titles and metadata into HTML unescaped: give it escaped values.
    page.meta = escaping.escape_meta(page.meta)
    if src == catalogue.INDEX:
        return markdown + catalogue.catalogue_markdown(_studies)
    if src in _related:
        return catalogue.insert_related(markdown, catalogue.related_markdown(src))
    return markdown


def on_page_context(context, page, config, **kwargs):
    # The review banner (overrides/partials/review-banner.html); None for generated pages.
    src = page.file.src_uri
    context["guide_review"] = _reviews.banner(src)
    # A case study's facts under its title (overrides/partials/case-study-summary.html).
    study = _by_src.get(src)
    if study is not None:
        links = catalogue.Links(_reviews.urls.get, page.url, config["site_url"])
        context["guide_case_study"] = catalogue.summary_panel(
            study, str(page.meta.get("contact", "")), links
        )
    # Pages outside the navigation under case-studies/ belong to its "Case studies" section.
    _case_studies_section(kwargs["nav"], active=src.startswith("case-studies/"))
    if page.file.src_uri == printing.SRC_URI:
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
        _documents[(folder / f"{name}.{ext}").as_posix()] = data
    sizes = {ext: len(data) for ext, data in made.items()}
    return documents.download_links(name, sizes) + html


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    # What a page's own Markdown (and its snippets) became, against guide.policy's allowlist.
    if page.file.abs_src_path and not page.file.generated_by:
        source = Path(config["docs_dir"]).name / Path(page.file.src_uri)
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        line = _body_lines.get(page.file.src_uri, 1)
        _body_problems.extend(policy.check_body(html, source, text, line))
    src = page.file.src_uri
    if src.startswith("toolkit/") and src != "toolkit/index.md":
        html = _toolkit_documents(html, page)
    # Checklist boxes are decoration; links carry their full address for print; a short
    # form's first use takes focus to show its meaning.
    html = tasklists.hide_decorative_checkboxes(html)
    html = printing.add_print_urls(html, page.url, config["site_url"])
    return abbreviations.focusable_first_use(html)


def on_post_page(output: str, page, config, **kwargs) -> str:
    # The case-study lists go in last, as HTML (see guide.catalogue); their links carry
    # their full address for print already. Then image checks, and the Content Security
    # Policy made from the page's own scripts.
    links = catalogue.Links(_reviews.urls.get, page.url, config["site_url"])
    shift = 1 if page.file.src_uri == printing.SRC_URI else 0  # its headings are one lower
    try:
        filled = catalogue.fill(output, _studies, links, _short_forms, shift)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
    if filled is not output:
        output = abbreviations.focusable_first_use(filled)
    source = Path(config["docs_dir"]).name / Path(page.file.src_uri)
    markdown = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    output = _with_theme_policy(output, source, markdown, 1)  # front matter too
    site = Path(config["site_dir"])
    return _built.submit(
        output,
        dest=Path(page.file.abs_dest_path),
        source=source,
        page_url=page.url,
        site_dir=site,
        markdown=markdown,
        content=page.content or "",
        search=_search_entries.take(config.plugins),
    )


def on_post_template(output: str, template_name: str, config, **kwargs) -> str:
    # Theme pages such as 404.html get the same checks and policy as every other page.
    if not template_name.endswith(".html"):
        return output
    site = Path(config["site_dir"])
    source = Path("theme") / template_name
    # mike moves site_url to its version after the pages are planned: the error page's
    # base_url is its path (as MkDocs gives it), so make sure the set covers it.
    _theme_for(_theme_inputs["env"], config, policy.base_urls([], config["site_url"]))
    output = _with_theme_policy(output, source, None, 1)
    return _built.finish(output, source=source, page_url="", site_dir=site, markdown=None)


_theme_inputs: dict = {}


def _theme_for(env, config, base_urls: set[str]) -> policy.ThemeCode:
    """The theme's known set for these base_urls (worked out again only when one is new)."""
    global _theme
    if (
        _theme is None
        or _theme_inputs.get("env") is not env
        or not base_urls <= _theme_inputs["urls"]
    ):
        urls = base_urls | (
            _theme_inputs.get("urls", set()) if _theme_inputs.get("env") is env else set()
        )
        context = {"config": config, "features": config["theme"]["features"] or [], "page": None}
        _theme = policy.theme_hashes(env, context, urls)
        _theme_inputs.update(env=env, urls=urls)
    return _theme


def _with_theme_policy(html: str, source: Path, markdown: Path | None, line: int) -> str:
    """The page with its security policy; a page with inline code the theme did not write
    stops the build before it is written."""
    assert _theme is not None, "on_env works out the theme's code before any page is written"
    text = markdown.read_text(encoding="utf-8") if markdown else None
    problems = policy.unknown_inline(html, _theme, source, text, line)
    if problems:
        raise PluginError(
            "a page has inline code the theme did not write:\n" + format_report(problems, 1)
        )
    return policy.add_policy(html, _theme) if _with_policy else html


def on_post_build(config, **kwargs) -> None:
    for path, data in _documents.items():
        (Path(config["site_dir"]) / path).write_bytes(data)
    _built.wait()
    report = _built.report()
    if report:
        raise PluginError(report)
    # Smaller style sheets and scripts for readers on slow connections.
    scripts = [str(getattr(s, "path", s)) for s in config["extra_javascript"]]
    scripts += ["assets/javascripts/lazy-search.js", "assets/javascripts/catalogue.js"]
    palette = config["theme"]["palette"]
    palette = palette if isinstance(palette, list) else [palette]
    minify.compact_site(Path(config["site_dir"]), scripts, palette)
    # pages.json: every page's owner and review dates, for tools that send reminders.
    _reviews.write_pages_json(Path(config["site_dir"]), config["site_url"])
    preview.merge_search_index(config["site_dir"])
    # A smaller search index (after the merge above, so it covers every page). Not in a
    # preview, where every edit would wait for it: there the full index does as well.
    if not preview.STATE.dirty:
        path = Path(config["site_dir"]) / "search" / "search_index.json"
        search_index.slim_file(path, _built.search)


def on_build_error(error, **kwargs) -> None:
    _built.abandon()
