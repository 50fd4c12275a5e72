"""Read Markdown pages into metadata plus body, keeping the line of every key.

Timestamps are left as strings so that a bad date is reported with its line
instead of crashing the YAML parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guide.content import safe_yaml
from guide.content.frontmatter import FrontMatterError, split_front_matter
from guide.problems import Problem

# libyaml's parser when present: front matter of thousands of case studies is parsed
# on every build and every `guide check`.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading without the implicit timestamp type."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(text: str) -> tuple[yaml.Node | None, object]:
    """Compose once, then construct from the same node (keeps line marks)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else {})
    finally:
        loader.dispose()


@dataclass
class Page:
    path: Path  # as shown in messages (relative to the project when possible)
    meta: dict[str, Any]
    body: str
    body_line: int  # file line where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # lines of list items
    has_front_matter: bool = True

    def line_of(self, key: str, item: int | None = None) -> int:
        items = self.item_lines.get(key, [])
        if item is not None and item < len(items):
            return items[item]
        return self.key_lines.get(key, 1)


_CURLY = "“”‘’„‟«»"  # quotes a word processor types, which YAML reads as letters


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _expected_indent(above: list[str]) -> int | None:
    """Where a line should start to line up with the nearest field above it."""
    for line in reversed(above):
        if line.strip() and not line.lstrip().startswith("#"):
            stripped = line.lstrip(" ")
            return _indent(line) + (2 if stripped.startswith("- ") else 0)
    return None


def _yaml_hint(problem: str, bad_line: str = "", above: list[str] | None = None) -> str:
    """What to do, judged from the line YAML stopped at, not only from YAML's words."""
    if "\t" in bad_line or "'\\t'" in problem:
        return "YAML does not allow tab characters; indent with spaces instead"
    value = bad_line.partition(":")[2].strip()
    if value[:1] in _CURLY or value[-1:] in _CURLY:
        return (
            f"the value is wrapped in curly quotes ({value[:1] or value[-1:]}), which YAML reads "
            "as part of the text, not as quotes; type straight quotes instead: 'like this'"
        )
    wanted = _expected_indent(above or [])
    if (
        bad_line.strip()
        and wanted is not None
        and _indent(bad_line) != wanted
        and ("mapping values" in problem or "expected" in problem or "indent" in problem)
    ):
        said = "further in" if _indent(bad_line) > wanted else "less far in"
        spaces = "no spaces" if wanted == 0 else f"{wanted} space{'s' * (wanted != 1)}"
        return (
            f"this line is indented {said} than the line above ({_indent(bad_line)} "
            f"space{'s' * (_indent(bad_line) != 1)}, not {wanted}); start it with {spaces} "
            "so it lines up with the field above"
        )
    if "mapping values are not allowed" in problem:
        return (
            "a value that contains ': ' must be wrapped in straight quotes, "
            "for example summary: 'Webchats: what we learned'"
        )
    if "expected <block end>" in problem or "indent" in problem:
        return "check the indentation: list items and keys at one level must line up"
    return "check the YAML syntax on this line"


# path -> ((mtime_ns, size, shown), result). `mkdocs serve` checks every page on every
# rebuild; re-reading only the files that changed keeps a 2,000-page preview fast.
_CACHE: dict[Path, tuple[tuple[int, int, Path], tuple[Page | None, list[Problem]]]] = {}


def load_page(path: Path, shown: Path | None = None) -> tuple[Page | None, list[Problem]]:
    """Read a page, or return the earlier result when the file has not changed.

    Callers must treat the returned Page as read-only: it may be shared.
    """
    shown = shown or path
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size, shown)
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    result = _read_page(path, shown)
    _CACHE[path] = (key, result)
    return result


def _read_page(path: Path, shown: Path) -> tuple[Page | None, list[Problem]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                "encoding",
                f"the file is not UTF-8 (byte {raw[exc.start]:#04x})",
                "save the file as UTF-8; in most editors choose 'Save with encoding' and UTF-8",
            )
        ]
    try:
        front, body, body_line = split_front_matter(text)
    except FrontMatterError as exc:
        return None, [
            Problem(
                shown,
                exc.line,
                "front matter",
                str(exc),
                "add a line with just '---' after the last field",
            )
        ]
    # Hidden characters, aliases, deep nesting and sheer size: refused before YAML is built.
    if found := safe_yaml.character_problems(text, shown, front, body_line):
        return None, found
    if front is None:
        if found := safe_yaml.length_problems({}, {}, body, body_line, shown):
            return None, found
        return Page(shown, {}, body, body_line, has_front_matter=False), []
    if found := safe_yaml.structure_problems(front, shown, _Loader):
        return None, found
    try:
        node, meta = _parse(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        # libyaml does not name the tab character, so look at the line itself.
        source = front.splitlines()
        bad_line = source[line - 2] if 0 <= line - 2 < len(source) else ""
        hint = _yaml_hint(str(exc), bad_line, source[: max(line - 2, 0)])
        return None, [Problem(shown, line, "front matter", f"invalid YAML: {detail}", hint)]
    if not isinstance(meta, dict):
        return None, [
            Problem(
                shown,
                2,
                "front matter",
                "the front matter must be a set of 'key: value' lines",
                "write each field as 'name: value'",
            )
        ]
    if found := safe_yaml.duplicate_keys(node, shown):
        return None, found
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            key_lines[str(key.value)] = key.start_mark.line + 2
            if isinstance(value, yaml.SequenceNode):
                item_lines[str(key.value)] = [item.start_mark.line + 2 for item in value.value]
    if found := safe_yaml.length_problems(meta, key_lines, body, body_line, shown):
        return None, found
    return Page(shown, meta, body, body_line, key_lines, item_lines), []
