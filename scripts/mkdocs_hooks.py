"""MkDocs hooks: thin adapters from the build to the `guide` package.

Keep logic out of here, so a move to another MkDocs-compatible builder only
means rewriting these few lines. Everything one build learns is kept in one
object, `BUILD`, made afresh for each build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from guide import (
    abbreviations,
    built_pages,
    catalogue,
    health,
    minify,
    printing,
    review,
    tasklists,
    versioned_build,
)
from guide.check import check_docs, is_case_study
from guide.problems import format_report


@dataclass
class GuideBuild:
    """What one build knows, from its checks to its finished pages."""

    serving: bool = False
    studies: list[catalogue.CaseStudy] = field(default_factory=list)
    related: dict[str, list[catalogue.CaseStudy]] = field(default_factory=dict)
    reviews: review.BuildReviews = field(default_factory=review.BuildReviews)
    built: built_pages.BuiltPages = field(default_factory=built_pages.BuiltPages)
    short_forms: abbreviations.ShortForms = field(
        default_factory=lambda: abbreviations.ShortForms({})
    )


BUILD = GuideBuild()


def on_startup(command, dirty, **kwargs) -> None:
    global BUILD
    BUILD = GuideBuild(serving=command == "serve")


def on_config(config, **kwargs):
    # Version selector and old-version banner in mike builds only (see versioned_build).
    versioned_build.configure(config)
    return config


def on_pre_build(config, **kwargs) -> None:
    docs = Path(config["docs_dir"])
    result = check_docs(docs, root=docs.parent)
    if result.problems:
        raise PluginError(
            "guide check found problems:\n" + format_report(result.problems, result.checked)
        )
    studies = [
        catalogue.from_page(page, (docs.parent / page.path).relative_to(docs).as_posix())
        for page in result.pages
        if is_case_study(page.path)
    ]
    BUILD.studies = studies
    BUILD.related = catalogue.related_pages(studies)
    BUILD.reviews.start(result.pages, docs, date.today())
    # `mkdocs serve` adds a live-reload script that changes with every request, which no
    # build-time hash can allow, so served previews go without the security policy.
    BUILD.built.start(with_policy=not BUILD.serving)
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    BUILD.short_forms = abbreviations.ShortForms.from_snippets(
        snippets, Path(config.config_file_path).parent
    )


def on_files(files, config, **kwargs):
    for src_uri, content in catalogue.facet_pages(BUILD.studies).items():
        files.append(
            File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
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


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    src = page.file.src_uri
    if src == catalogue.INDEX:
        return markdown + catalogue.catalogue_markdown(BUILD.studies)
    if is_case_study(Path(src)):
        # Material's <meta name="description"> comes from `description`.
        page.meta.setdefault("description", page.meta.get("summary", ""))
    if src in BUILD.related:
        return catalogue.insert_related(markdown, catalogue.related_markdown(src))
    return markdown


def on_page_context(context, page, config, **kwargs):
    # The review banner (overrides/partials/review-banner.html); None for generated pages.
    context["guide_review"] = BUILD.reviews.banner(page.file.src_uri)
    if page.file.src_uri == printing.SRC_URI:
        printing.fill_whole_guide_page(page, kwargs["nav"])
    return context


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    # Checklist boxes are decoration; links carry their full address for print; a short
    # form's first use takes focus to show its meaning.
    html = tasklists.hide_decorative_checkboxes(html)
    html = printing.add_print_urls(html, page.url, config["site_url"])
    return abbreviations.focusable_first_use(html)


def on_post_page(output: str, page, config, **kwargs) -> str:
    # The case-study lists go in last, as HTML (see guide.catalogue); their links carry
    # their full address for print already. Then image checks, and the Content Security
    # Policy made from the page's own scripts.
    links = catalogue.Links(BUILD.reviews.urls.get, page.url, config["site_url"])
    shift = 1 if page.file.src_uri == printing.SRC_URI else 0  # its headings are one lower
    try:
        filled = catalogue.fill(output, BUILD.studies, links, BUILD.short_forms, shift)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
    if filled is not output:
        output = abbreviations.focusable_first_use(filled)
    return BUILD.built.finish(
        output,
        source=Path(config["docs_dir"]).name / Path(page.file.src_uri),
        page_url=page.url,
        site_dir=Path(config["site_dir"]),
        markdown=Path(page.file.abs_src_path) if page.file.abs_src_path else None,
        content=page.content or "",
    )


def on_post_template(output: str, template_name: str, config, **kwargs) -> str:
    # Theme pages such as 404.html get the same checks and policy as every other page.
    if not template_name.endswith(".html"):
        return output
    return BUILD.built.finish(
        output,
        source=Path("theme") / template_name,
        page_url="",
        site_dir=Path(config["site_dir"]),
        markdown=None,
    )


def on_post_build(config, **kwargs) -> None:
    report = BUILD.built.report()
    if report:
        raise PluginError(report)
    # Smaller style sheets and scripts for readers on slow connections.
    scripts = [str(getattr(s, "path", s)) for s in config["extra_javascript"]]
    scripts.append("assets/javascripts/catalogue.js")
    palette = config["theme"]["palette"]
    palette = palette if isinstance(palette, list) else [palette]
    minify.compact_site(Path(config["site_dir"]), scripts, palette)
    # pages.json: every page's owner and review dates, for tools that send reminders.
    BUILD.reviews.write_pages_json(Path(config["site_dir"]), config["site_url"])
