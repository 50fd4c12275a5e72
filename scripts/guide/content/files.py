"""Which files may sit in docs/ and overrides/, and what they may hold.

A contribution may add pages (Markdown) and pictures; anything else beside them
would be published as it is, from the site's own address, with no policy (an
.html page, or an SVG with a script in it). So:

- docs/ holds Markdown and pictures of the listed types only, each read to make
  sure it is what its name says; an SVG may hold drawing elements only;
- one data file besides: docs/_data/words.txt, the contributors' word list, read
  as words only (never published: mkdocs.yml excludes _data/);
- there are no symbolic links anywhere in docs/ or overrides/: a link can point
  at any file on the machine that builds the site (/etc/passwd, .git/config);
- `--8<--` lines may include files from docs/_snippets/ only.

Nothing here follows a link or reads a file through one.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

from guide.problems import Problem

PAGE_TYPES = {".md"}
PICTURE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP"}
SVG = ".svg"
_FIX_TYPE = "pages are Markdown (.md) and pictures are PNG, JPEG, GIF, WebP or SVG: remove the file"
# The only file in docs/ that is neither a page nor a picture: plain words, one a line.
WORD_LIST = Path("_data") / "words.txt"
WORD_LIST_LIMIT = 64 * 1024
_WORD_ENTRY = re.compile(r"^[\w .,&'’()-]{1,100}$")
_FIX_WORD = (
    "write one word or name a line, using only letters, digits, spaces and . , & ' ( ) -; "
    "start a note with #"
)
_FIX_LINK = "put the file itself there instead of a link, or remove the link"
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Drawing elements only: no script, foreignObject, links, embedded images, animation or styles.
_SVG_ELEMENTS = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "title",
    "desc",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "symbol",
    "use",
    "pattern",
    "marker",
    "metadata",
}
_FIX_SVG = "export the picture again as plain SVG with shapes and text only, or save it as PNG"
_URL_IN_STYLE = re.compile(r"url\(\s*['\"]?(?!#)|@import|expression\(|javascript:", re.IGNORECASE)

# `--8<--` lines of pymdownx.snippets: one file on the line, or a block of file names.
_SNIPPET_LINE = re.compile(
    r"""^[ \t]*(?P<escape>;*)-+8<-+[ \t]+(?P<quote>["'])(?P<name>.+?)(?P=quote)[ \t]*$"""
)
_SNIPPET_BLOCK = re.compile(r"^[ \t]*(?P<escape>;*)-+8<-+[ \t]*$")


def walk(top: Path) -> Iterator[Path]:
    """Every file, folder and link under `top`, without following links."""
    for folder, dirs, files in os.walk(top, followlinks=False):
        base = Path(folder)
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            yield base / name


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def symlinks(top: Path, root: Path) -> list[Problem]:
    problems = []
    for path in walk(top) if top.is_dir() else []:
        if path.is_symlink():
            problems.append(
                Problem(
                    _shown(path, root),
                    1,
                    "file",
                    f"is a symbolic link (to '{os.readlink(path)}'), which the site would publish",
                    _FIX_LINK,
                )
            )
    return problems


def _picture_problem(path: Path, shown: Path) -> Problem | None:
    kind = PICTURE_TYPES[path.suffix.lower()]
    with path.open("rb") as file:
        head = file.read(12)
    real = {
        "PNG": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "JPEG": head.startswith(b"\xff\xd8\xff"),
        "GIF": head[:6] in (b"GIF87a", b"GIF89a"),
        "WebP": head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    }[kind]
    if real:
        return None
    return Problem(
        shown,
        1,
        "picture",
        f"is named as a {kind} picture but is not one",
        f"save the picture again as {kind}, or give it the right ending",
    )


def svg_problems(data: bytes, shown: Path) -> list[Problem]:
    """An SVG may hold drawing elements only: what a browser would run or fetch is refused."""

    def problem(line: int, message: str) -> Problem:
        return Problem(shown, line, "picture", message, _FIX_SVG)

    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        line = data[: max(lowered.find(b"<!doctype"), lowered.find(b"<!entity"))].count(b"\n") + 1
        return [problem(line, "the SVG declares a document type or entities")]
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 (no DOCTYPE or entities: refused above)
    except ElementTree.ParseError as error:
        return [problem(error.position[0], f"the SVG is not well-formed XML ({error})")]
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.removeprefix(_SVG_NS)
        if element.tag.startswith("{") and not element.tag.startswith(_SVG_NS):
            found.append(problem(1, f"the SVG holds a <{element.tag}> from another vocabulary"))
            continue
        if name not in _SVG_ELEMENTS:
            found.append(problem(1, f"the SVG holds a <{name}> element, which may run or fetch"))
            continue
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                found.append(
                    problem(1, f"the SVG's <{name}> has an '{local}' attribute (a script)")
                )
            elif (attribute in ("href", _XLINK_HREF)) and not value.strip().startswith("#"):
                found.append(problem(1, f"the SVG's <{name}> links to '{value[:60]}'"))
            elif _URL_IN_STYLE.search(value):
                found.append(
                    problem(1, f"the SVG's <{name}> {local} fetches or runs '{value[:60]}'")
                )
    return found


def docs_files(docs: Path, root: Path) -> list[Problem]:
    """Every file in docs/ that is not a page or a picture of a listed type (links aside)."""
    problems = []
    for path in walk(docs) if docs.is_dir() else []:
        if path.is_symlink() or path.is_dir():
            continue  # links are reported by `symlinks`
        shown = _shown(path, root)
        suffix = path.suffix.lower()
        if not path.is_file():
            problems.append(Problem(shown, 1, "file", "is not a regular file", _FIX_TYPE))
        elif suffix in PAGE_TYPES:
            continue
        elif path.relative_to(docs) == WORD_LIST:
            problems += word_list_problems(path.read_bytes(), shown)
        elif suffix in PICTURE_TYPES:
            if found := _picture_problem(path, shown):
                problems.append(found)
        elif suffix == SVG:
            problems += svg_problems(path.read_bytes(), shown)
        else:
            problems.append(
                Problem(
                    shown,
                    1,
                    "file",
                    f"'{path.name}' is not a kind of file the guide publishes",
                    _FIX_TYPE,
                )
            )
    return problems


def word_list_problems(data: bytes, shown: Path) -> list[Problem]:
    """docs/_data/words.txt holds words and names only: never markup, code or addresses."""
    if len(data) > WORD_LIST_LIMIT:
        return [
            Problem(
                shown,
                1,
                "word list",
                f"is {len(data):,} bytes, over the limit of {WORD_LIST_LIMIT:,}",
                "list only the words the guide uses",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        return [Problem(shown, bad_line, "word list", "is not UTF-8", "save the file as UTF-8")]
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry or _WORD_ENTRY.match(entry):
            continue
        problems.append(
            Problem(
                shown,
                number,
                "word list",
                f"'{entry[:60]}' is not a word or a name",
                _FIX_WORD,
            )
        )
    return problems


def snippet_names(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(line, file name) of every file a page includes with `--8<--`."""
    block = False
    for number, line in enumerate(text.splitlines(), start=first_line):
        if block:
            if _SNIPPET_BLOCK.match(line):
                block = False
            elif line.strip() and not line.lstrip().startswith(";"):
                yield number, line.strip()
            continue
        if match := _SNIPPET_LINE.match(line):
            if not match.group("escape"):
                yield number, match.group("name")
        elif (match := _SNIPPET_BLOCK.match(line)) and not match.group("escape"):
            block = True


def snippet_problems(text: str, shown: Path, snippets: Path, first_line: int = 1) -> list[Problem]:
    """`--8<--` lines that name anything but a Markdown file in docs/_snippets/."""
    problems = []
    base = snippets.resolve()
    for line, name in snippet_names(text, first_line):
        file = re.sub(r"(:[-\w]*)+$", "", name)  # file.md:3:5 or file.md:section
        target = Path(os.path.normpath(snippets / file))
        if "://" in file or not target.is_relative_to(snippets) or ".." in Path(file).parts:
            message = f"'{name}' is outside docs/_snippets/"
        elif target.is_symlink() or not target.is_file():
            message = f"'{name}' is not a file in docs/_snippets/"
        elif target.suffix.lower() != ".md" or not target.resolve().is_relative_to(base):
            message = f"'{name}' is not a Markdown file in docs/_snippets/"
        else:
            continue
        problems.append(
            Problem(
                shown,
                line,
                "snippet",
                message,
                'include only Markdown files from docs/_snippets/, by their name: --8<-- "name.md"',
            )
        )
    return problems
