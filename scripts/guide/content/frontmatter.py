"""Split Markdown files into YAML front matter and body, keeping line numbers."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^---\s*$")


class FrontMatterError(ValueError):
    """The front matter block is missing or not closed."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, line number where the body starts).

    Raises FrontMatterError when a block is opened but never closed, because
    MkDocs would then publish the metadata as page text.
    """
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0]):
        return None, text, 1
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]) or lines[index].rstrip() == "...":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(1, "front matter opened with '---' on line 1 is never closed")
