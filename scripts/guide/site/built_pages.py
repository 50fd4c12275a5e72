"""The last step for each built page: check what it became and add its policy.

The MkDocs hooks hand every rendered page here, in the build's own process.
Problems are collected across the whole build and reported together at the end,
each named by the page's Markdown file, in the same `path:line: field: what — fix`
form as `guide check`. A problem on several pages is reported for each page; one
that comes from the theme is reported once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guide.problems import Problem, format_report
from guide.site import csp, images, skip_link
from guide.site.html_scan import scan

THEME = Path("overrides")  # where theme templates are changed, for problems not in a page
_FIX_THEME = "update scripts/guide/site/skip_link.py for the theme's new markup"


@dataclass
class BuiltPages:
    with_policy: bool = True
    found: dict[Problem, None] = field(default_factory=dict)  # in order, each once
    pages: int = 0

    @property
    def problems(self) -> list[Problem]:
        return list(self.found)

    def start(self, with_policy: bool = True) -> None:
        """A new build; `mkdocs serve` builds without the policy (see mkdocs_hooks.py)."""
        self.with_policy = with_policy
        self.found.clear()
        self.pages = 0

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
            self.found[Problem(THEME, 1, "skip link", str(error), _FIX_THEME)] = None
        page = scan(html)
        for found in images.check_images(page, page_url, site_dir):
            in_page = f'src="{found.src}"' in content
            line = images.source_line(markdown, found.src) if in_page else 1
            message = f"'{found.src}' {found.message}"
            if not in_page:
                message = f"the theme's image {message}"
            problem = Problem(source if in_page else THEME, line, "image", message, found.fix)
            self.found[problem] = None
        for message, fix in csp.blocked(page):
            self.found[Problem(source, 1, "security policy", message, fix)] = None
        return html  # the policy is added in the hooks (guide.content.policy), before this

    def report(self) -> str | None:
        if not self.found:
            return None
        return "the built pages have problems:\n" + format_report(self.problems, self.pages)
