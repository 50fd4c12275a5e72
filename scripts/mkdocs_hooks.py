"""MkDocs hooks: thin adapters from the build to the `guide` package.

Keep logic out of here, so a move to another MkDocs-compatible builder only
means rewriting these few lines.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from guide import catalogue
from guide.check import check_docs, is_case_study
from guide.problems import format_report

_studies: list[catalogue.CaseStudy] = []


def on_pre_build(config, **kwargs) -> None:
    docs = Path(config["docs_dir"])
    result = check_docs(docs, root=docs.parent)
    if result.problems:
        raise PluginError(
            "guide check found problems:\n" + format_report(result.problems, result.checked)
        )
    _studies[:] = [
        catalogue.from_page(page, (docs.parent / page.path).relative_to(docs).as_posix())
        for page in result.case_studies
    ]


def on_files(files, config, **kwargs):
    for src_uri, content in catalogue.facet_pages(_studies).items():
        files.append(
            File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return files


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    src = page.file.src_uri
    if src == catalogue.INDEX:
        return markdown + catalogue.catalogue_markdown(_studies)
    if is_case_study(Path(src)):
        # Material's <meta name="description"> comes from `description`.
        page.meta.setdefault("description", page.meta.get("summary", ""))
    related = catalogue.related_pages(_studies).get(src)
    if related:
        return catalogue.insert_related(markdown, catalogue.related_markdown(related, src))
    return markdown
