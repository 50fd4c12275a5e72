"""The last step for each built page: check what it became, trim it, and add its policy.

The MkDocs hooks hand every rendered page here. Problems are collected across
the whole build and reported together at the end, each named by the page's
Markdown file, in the same `path:line: field: what — fix` form as `guide check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guide import csp, images, minify, skip_link
from guide.html_scan import scan
from guide.problems import Problem, format_report

THEME = Path("overrides")  # where theme templates are changed, for problems not in a page
_FIX_THEME = "update scripts/guide/skip_link.py for the theme's new markup"


@dataclass
class BuiltPages:
    with_policy: bool = True
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    _seen: set[tuple[str, str]] = field(default_factory=set)

    def start(self, with_policy: bool = True) -> None:
        """A new build; `mkdocs serve` builds without the policy (see mkdocs_hooks.py)."""
        self.with_policy = with_policy
        self.problems.clear()
        self._seen.clear()
        self.pages = 0

    def _add(self, key: tuple[str, str], problem: Problem) -> None:
        # A theme image or script is in every page: report it once.
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append(problem)

    def finish(
        self,
        html: str,
        *,
        source: Path,
        page_url: str,
        site_dir: Path,
        markdown: Path | None,
        content: str = "",
    ) -> str:
        """Check one rendered page and return it with its Content Security Policy.

        `content` is the page's own body: an image outside it comes from the theme.
        """
        self.pages += 1
        try:
            html = skip_link.skip_to_content(html)
        except ValueError as error:
            self._add(("skip", str(error)), Problem(THEME, 1, "skip link", str(error), _FIX_THEME))
        html = minify.compact_html(html)
        page = scan(html)
        for found in images.check_images(page, page_url, site_dir):
            where = images.local_file(found.src, page_url, site_dir)
            in_page = f'src="{found.src}"' in content
            line = images.source_line(markdown, found.src) if in_page else 1
            message = f"'{found.src}' {found.message}"
            if not in_page:
                message = f"the theme's image {message}"
            self._add(
                (str(where or found.src), found.message),
                Problem(source if in_page else THEME, line, "image", message, found.fix),
            )
        for message, fix in csp.blocked(page):
            self._add(("csp", message), Problem(source, 1, "security policy", message, fix))
        return csp.add_policy(html, page) if self.with_policy else html

    def report(self) -> str | None:
        if not self.problems:
            return None
        return "the built pages have problems:\n" + format_report(self.problems, self.pages)
