"""The last step for each built page: check what it became, trim it, and add its policy.

The MkDocs hooks hand every rendered page here. Problems are collected across
the whole build and reported together at the end, each named by the page's
Markdown file, in the same `path:line: field: what — fix` form as `guide check`.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from guide import csp, images, minify, search_index, skip_link
from guide.html_scan import scan
from guide.problems import Problem, format_report

THEME = Path("overrides")  # where theme templates are changed, for problems not in a page
_FIX_THEME = "update scripts/guide/skip_link.py for the theme's new markup"
BATCH = 16  # pages sent to the background process at a time

Key = tuple[str, str]


@dataclass
class BuiltPages:
    with_policy: bool = True
    in_background: bool = False
    found: dict[Key, Problem] = field(default_factory=dict)  # a theme problem once, not per page
    pages: int = 0
    # Every page's search entries, slimmed in the background (guide.search_index), in
    # the order the pages came; None unless the background slimmed them all.
    search: list[dict] | None = None
    _worker: Any = None  # the background process, and the connection to it
    _conn: Connection | None = None
    _batch: list[tuple[Path, dict]] = field(default_factory=list)
    _previous: tuple[Path, dict] | None = None
    _slimming: bool = True  # every page so far came with its search entries

    @property
    def problems(self) -> list[Problem]:
        return list(self.found.values())

    def start(self, with_policy: bool = True, in_background: bool = False) -> None:
        """A new build; `mkdocs serve` builds without the policy (see mkdocs_hooks.py).

        `in_background`: finish pages in another process (`submit`), on the machine's
        second core, while MkDocs goes on rendering the next ones. That process reads
        each page from the file MkDocs wrote and writes it back finished.
        """
        self.abandon()
        self.with_policy, self.in_background = with_policy, in_background
        self.found.clear()
        self.pages = 0
        self.search = None

    def _add(self, key: Key, problem: Problem) -> None:
        self.found.setdefault(key, problem)

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
        return html  # the policy is added in the hooks (guide.policy), before this

    def submit(self, html: str, *, dest: Path, search: list[dict] | None = None, **page) -> str:
        """Finish a page (as `finish`), or in the background when started so.

        In the background the page goes as MkDocs rendered it, and is finished in place
        once written: MkDocs writes one page before it renders the next, so each page is
        handed over when the next one arrives, and the last in `wait`. Its `search`
        entries are slimmed there too; `wait` collects them.
        """
        if not self.in_background:
            return self.finish(html, **page)
        if search is None:
            self._slimming = False
        page["search"] = search or []
        if "<img" not in page.get("content", ""):
            page["content"] = ""  # only its images matter: send no more than needed
        if self._previous:
            self._batch.append(self._previous)
        self._previous = (dest, page)
        if len(self._batch) >= BATCH:
            self._send()
        return html

    def _send(self) -> None:
        if self._conn is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._conn, child = context.Pipe()
            self._worker = context.Process(target=_work, args=(child, self.with_policy))
            self._worker.start()
        self._conn.send(self._batch)
        self._batch = []

    def wait(self) -> None:
        """Finish the last pages and collect every problem the background found."""
        if self._previous:
            self._batch.append(self._previous)
            self._previous = None
        if self._batch:
            self._send()
        if self._conn is None:
            return
        slimming = self._slimming
        try:
            self._conn.send(None)
            outcome = self._conn.recv()
        except (EOFError, OSError) as error:
            raise RuntimeError("the process finishing built pages stopped unexpectedly") from error
        finally:
            self.abandon()
        if isinstance(outcome, BaseException):
            raise outcome
        pages, found, search = outcome
        self.pages += pages
        for key, problem in found:
            self._add(key, problem)
        self.search = search if slimming else None

    def abandon(self) -> None:
        """Stop the background process, if there is one (also after a failed build)."""
        if self._conn is not None:
            self._conn.close()
        if self._worker is not None:
            self._worker.join(timeout=5)
            if self._worker.is_alive():
                self._worker.terminate()
        self._worker, self._conn, self._batch, self._previous = None, None, [], None
        self._slimming = True

    def report(self) -> str | None:
        if not self.found:
            return None
        return "the built pages have problems:\n" + format_report(self.problems, self.pages)


def _work(conn: Connection, with_policy: bool) -> None:
    """The background process: finish each page in its file, then report the problems."""
    pages = BuiltPages(with_policy=with_policy)
    search: list[dict] = []
    try:
        while (batch := conn.recv()) is not None:
            for dest, page in batch:
                if entries := page.pop("search"):
                    search += search_index.slim_page(entries)
                html = dest.read_text(encoding="utf-8")
                finished = pages.finish(html, **page)
                part = dest.with_name(dest.name + ".part")
                part.write_bytes(finished.encode("utf-8", errors="xmlcharrefreplace"))
                os.replace(part, dest)  # never a half-written page
        conn.send((pages.pages, list(pages.found.items()), search))
    except EOFError:
        pass  # the build stopped: nothing more to do
    except Exception as error:  # the build reports it
        conn.send(error)
    finally:
        conn.close()
