"""What a page's Markdown becomes: judged on the rendered HTML, never on its lines.

`guide check` renders each page as the build does (guide.content.render) and reads the
HTML with guide.content.policy's allowlist; the build does the same with the HTML MkDocs
renders (scripts/mkdocs_hooks.py). `--8<--` lines are checked first, so that a
snippet from outside docs/_snippets/ is a message, not a traceback.
"""

from __future__ import annotations

from pathlib import Path

import markdown

from guide.content import files, policy, render
from guide.content.pages import Page
from guide.problems import Problem


def source_text(page: Page) -> str:
    """The body with its file line numbers: blank lines stand in for the front matter."""
    return "\n" * (page.body_line - 1) + page.body


def check_markup(
    page: Page, snippets: Path, converter: markdown.Markdown | None = None
) -> list[Problem]:
    """Snippet lines, then (given a converter) everything the page renders to."""
    problems = files.snippet_problems(page.body, page.path, snippets, page.body_line)
    if problems or converter is None:
        return problems
    html, problems = render.render(converter, page.body, page.path, page.body_line)
    if html is None:
        return problems
    return policy.check_body(html, page.path, source_text(page), page.body_line)
