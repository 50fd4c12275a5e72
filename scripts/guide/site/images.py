"""Images in the built pages: described, sized for the web, and held in place.

`guide check` already refuses a Markdown image without alt text. This looks at
every <img> in the built HTML, theme images included, and asks for:

- an alt attribute that says something (alt="" marks a decorative image; a
  file name or a word such as "image" or "logo" describes nothing);
- width and height attributes, so the browser keeps the image's space while it
  loads and the text does not jump;
- a file small enough for slow connections, and for bitmaps, no more than
  twice as many pixels across as it is shown at (twice, for sharp screens).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from guide.site.html_scan import Scan, scan

MAX_BYTES = 200_000
MAX_SCALE = 2
GENERIC_ALT = {
    "chart",
    "diagram",
    "graphic",
    "icon",
    "image",
    "img",
    "logo",
    "photo",
    "picture",
    "screenshot",
}


@dataclass(frozen=True)
class ImageProblem:
    src: str
    message: str
    fix: str


def _pixels_across(data: bytes) -> int | None:
    """The width in pixels of a PNG, GIF or JPEG, from its header."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">I", data[16:20])[0]
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<H", data[6:8])[0]
    if data.startswith(b"\xff\xd8"):
        at = 2
        while at + 9 < len(data) and data[at] == 0xFF:
            marker, length = data[at + 1], struct.unpack(">H", data[at + 2 : at + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return struct.unpack(">H", data[at + 7 : at + 9])[0]
            at += 2 + length
    return None


def _alt_problem(src: str, alt: str | None) -> ImageProblem | None:
    if alt is None:
        return ImageProblem(
            src,
            "has no alt attribute",
            'describe the image in its alt text, or use alt="" if it is only decoration',
        )
    words = alt.strip().lower()
    stem = PurePosixPath(urlsplit(src).path).stem.lower()
    if words and (words in GENERIC_ALT or words in (stem, PurePosixPath(src).name.lower())):
        return ImageProblem(
            src,
            f"has the alt text '{alt}', which does not say what the image shows",
            'say what the image shows, or use alt="" if it is only decoration',
        )
    return None


def _size_problems(src: str, image: dict[str, str], file: Path | None) -> list[ImageProblem]:
    problems = []
    width = image.get("width") or ""
    if not (width.isdigit() and (image.get("height") or "").isdigit()):
        problems.append(
            ImageProblem(
                src,
                "has no width and height in pixels",
                'add them, for example ![What it shows](file.png){ width="600" height="400" }',
            )
        )
    if file is None or not file.is_file():
        return problems
    data = file.read_bytes()
    if len(data) > MAX_BYTES:
        problems.append(
            ImageProblem(
                src,
                f"is {len(data) // 1000} KB, more than {MAX_BYTES // 1000} KB",
                "make it smaller: resize it, or save it as a compressed PNG, JPEG or SVG",
            )
        )
    across = _pixels_across(data)
    if across and width.isdigit() and across > MAX_SCALE * int(width):
        problems.append(
            ImageProblem(
                src,
                f"is {across} pixels wide but shown {width} wide",
                f"resize it to at most {MAX_SCALE * int(width)} pixels wide",
            )
        )
    return problems


def local_file(src: str, page_url: str, site_dir: Path) -> Path | None:
    """The built file an image address points at, or None for another host."""
    if urlsplit(src).scheme or src.startswith("//"):
        return None
    path = urlsplit(urljoin("/" + page_url, src)).path
    return site_dir / unquote(path).lstrip("/")


def check_images(page: str | Scan, page_url: str, site_dir: Path) -> list[ImageProblem]:
    """Every problem with every <img> in a page (its HTML, or a scan of it)."""
    found = scan(page) if isinstance(page, str) else page
    problems: list[ImageProblem] = []
    for image in (tag.attrs for tag in found.tags if tag.name == "img"):
        src = image.get("src") or ""
        alt = _alt_problem(src, image.get("alt"))
        problems += [alt] if alt else []
        problems += _size_problems(src, image, local_file(src, page_url, site_dir))
    return problems


def source_line(markdown_file: Path | None, src: str) -> int:
    """The line of the Markdown source that names the image, or 1."""
    if markdown_file is None or not markdown_file.is_file():
        return 1
    name = PurePosixPath(urlsplit(src).path).name
    for number, line in enumerate(markdown_file.read_text(encoding="utf-8").splitlines(), 1):
        if name and re.search(re.escape(name), line):
            return number
    return 1
