"""Limits on what a page's text and front matter may hold, checked before YAML is built.

A few hundred bytes of YAML can ask for gigabytes (aliases of aliases) or nest
deep enough to overflow the stack, and characters that cannot be seen (bidi
controls, zero-width spaces, NUL) can make a page read differently from how it
looks in review. Each is reported as `path:line: field: what — fix`, never as a
traceback, and before anything builds the values.

The front matter is first read as a stream of events, which costs nothing
however many aliases or levels it asks for; only when that passes is it built.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from guide.problems import Problem

MAX_ALIASES = 0  # front matter never needs them; `*name` is refused
MAX_DEPTH = 6  # sources: a list of fields is 3 deep
MAX_NODES = 5_000
FRONT_MATTER_LIMIT = 20_000  # characters
TITLE_LIMIT = 150  # characters
TEXT_LIMIT = 2_000  # characters in any one front-matter value
BODY_LIMIT = 200 * 1024  # bytes

_BIDI = {
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:")


def _describe(char: str) -> str | None:
    if char == "\x00":
        return "a NUL byte"
    if char in _BIDI:
        return f"a hidden direction control (U+{ord(char):04X})"
    if char in _ZERO_WIDTH:
        return f"a zero-width character (U+{ord(char):04X})"
    if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
        return f"a control character (U+{ord(char):04X})"
    return None


def _field_at(front_lines: list[str], line: int, body_line: int) -> str:
    """The front-matter field a file line belongs to, or "body"."""
    if line >= body_line:
        return "body"
    for index in range(min(line - 2, len(front_lines) - 1), -1, -1):
        if match := _KEY.match(front_lines[index]):
            return match.group("key")
    return "front matter"


def character_problems(text: str, shown: Path, front: str | None, body_line: int) -> list[Problem]:
    """Characters that hide what a page says: one problem per line."""
    problems = []
    front_lines = (front or "").splitlines()
    for number, line in enumerate(text.splitlines(), start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark at the very start is harmless
        for char in line:
            if (what := _describe(char)) is not None:
                problems.append(
                    Problem(
                        shown,
                        number,
                        _field_at(front_lines, number, body_line) if front is not None else "body",
                        f"holds {what}, which readers cannot see",
                        "delete it and type the words again (paste as plain text)",
                    )
                )
                break
    return problems


def structure_problems(front: str, shown: Path, loader: type) -> list[Problem]:
    """Aliases, nesting and size, read from the event stream (nothing is built yet)."""
    if len(front) > FRONT_MATTER_LIMIT:
        return [
            Problem(
                shown,
                1,
                "front matter",
                f"is {len(front):,} characters long (the limit is {FRONT_MATTER_LIMIT:,})",
                "keep the fields short; put the words in the page",
            )
        ]
    front_lines = front.splitlines()
    depth = nodes = 0
    parser = loader(front)
    try:
        while (event := parser.get_event()) is not None:
            line = event.start_mark.line + 2 if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent):
                return [
                    Problem(
                        shown,
                        line,
                        _field_at(front_lines, line, 10**9),
                        f"uses the YAML alias '*{event.anchor}'",
                        "write the value out in full; front matter cannot refer to other values",
                    )
                ]
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return [
                        Problem(
                            shown,
                            line,
                            _field_at(front_lines, line, 10**9),
                            f"nests lists and fields more than {MAX_DEPTH} levels deep",
                            "write each field as 'name: value', or a list of '- value' lines",
                        )
                    ]
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
            nodes += 1
            if nodes > MAX_NODES:
                return [
                    Problem(
                        shown,
                        line,
                        "front matter",
                        f"has more than {MAX_NODES:,} values",
                        "keep the front matter to the fields the page needs",
                    )
                ]
            if isinstance(event, yaml.StreamEndEvent):
                break
    except yaml.YAMLError:
        return []  # a syntax error: reported with its line when the YAML is read
    finally:
        parser.dispose()
    return []


def duplicate_keys(node: yaml.Node | None, shown: Path) -> list[Problem]:
    """A field given twice: YAML would silently keep the last one."""
    problems = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                name = str(key.value)
                line = key.start_mark.line + 2
                if name in seen:
                    problems.append(
                        Problem(
                            shown,
                            line,
                            name,
                            f"is given twice (first on line {seen[name]})",
                            "keep one of them and delete the other",
                        )
                    )
                else:
                    seen[name] = line
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def length_problems(
    meta: dict, key_lines: dict[str, int], body: str, body_line: int, shown: Path
) -> list[Problem]:
    problems = []
    title = meta.get("title")
    if isinstance(title, str) and len(title) > TITLE_LIMIT:
        problems.append(
            Problem(
                shown,
                key_lines.get("title", 1),
                "title",
                f"is {len(title)} characters long (the limit is {TITLE_LIMIT})",
                "shorten the title; put the detail in the summary",
            )
        )
    stack = [(str(k), v) for k, v in meta.items() if k != "title"]
    while stack:
        key, value = stack.pop()
        if isinstance(value, str) and len(value) > TEXT_LIMIT:
            problems.append(
                Problem(
                    shown,
                    key_lines.get(key, 1),
                    key,
                    f"has a value {len(value):,} characters long (the limit is {TEXT_LIMIT:,})",
                    "keep front matter short; put the words in the page",
                )
            )
        elif isinstance(value, dict):
            stack.extend((key, v) for v in value.values())
        elif isinstance(value, list):
            stack.extend((key, v) for v in value)
    size = len(body.encode("utf-8"))
    if size > BODY_LIMIT:
        problems.append(
            Problem(
                shown,
                body_line,
                "body",
                f"is {size // 1024:,} KB (the limit is {BODY_LIMIT // 1024} KB)",
                "split the page in two, or shorten it",
            )
        )
    return sorted(problems)
