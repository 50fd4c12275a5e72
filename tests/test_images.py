"""Images in the built pages: described, sized, not too heavy, and named in the build's report."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from conftest import copy_project, mkdocs_build
from guide.site.images import check_images


def png(width: int, height: int, extra: int = 0) -> bytes:
    """A small valid PNG of the given size (one grey row repeated), padded with `extra` bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress((b"\x00" + b"\x80" * width) * height)
    padding = chunk(b"tEXt", b"pad\x00" + b"x" * extra) if extra else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + padding
        + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )


def _problems(html: str, site: Path) -> list[str]:
    return [f"{p.src} {p.message}" for p in check_images(html, "plan/objectives/", site)]


def test_a_described_sized_image_passes(tmp_path: Path) -> None:
    (tmp_path / "plan" / "objectives").mkdir(parents=True)
    (tmp_path / "plan" / "objectives" / "chart.png").write_bytes(png(1200, 800))
    html = '<img src="chart.png" alt="Replies each week, rising" width="600" height="400">'
    assert _problems(html, tmp_path) == []
    assert _problems('<img src="x.svg" alt="" width="24" height="24">', tmp_path) == []


def test_missing_or_empty_descriptions_are_problems(tmp_path: Path) -> None:
    assert _problems('<img src="chart.png" width="6" height="4">', tmp_path) == [
        "chart.png has no alt attribute"
    ]
    assert _problems('<img src="a/chart.png" alt="Logo" width="6" height="4">', tmp_path) == [
        "a/chart.png has the alt text 'Logo', which does not say what the image shows"
    ]
    assert _problems('<img src="chart.png" alt="chart.png" width="6" height="4">', tmp_path) == [
        "chart.png has the alt text 'chart.png', which does not say what the image shows"
    ]


def test_an_image_without_a_size_or_too_big_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "plan" / "objectives"
    folder.mkdir(parents=True)
    (folder / "wide.png").write_bytes(png(2000, 10))
    (folder / "heavy.png").write_bytes(png(10, 10, extra=250_000))
    assert _problems('<img src="wide.png" alt="A wide picture">', tmp_path) == [
        "wide.png has no width and height in pixels"
    ]
    assert _problems(
        '<img src="wide.png" alt="A wide picture" width="600" height="3">', tmp_path
    ) == ["wide.png is 2000 pixels wide but shown 600 wide"]
    assert _problems(
        '<img src="heavy.png" alt="A heavy picture" width="10" height="10">', tmp_path
    ) == ["heavy.png is 250 KB, more than 200 KB"]


def test_the_built_site_passes_and_the_logo_names_its_link(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert (
        '<img src="assets/images/logo.svg" alt="Digital engagement guide" width="24" height="24">'
        in html
    )


def test_an_unsized_image_fails_the_build_naming_the_page_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "plan" / "wide.png").write_bytes(png(2000, 10))
    page = project / "docs" / "plan" / "objectives.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.append("")
    lines.append("![Replies each week](wide.png)")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    line = len(lines)
    assert (
        f"docs/plan/objectives.md:{line}: image: '../wide.png' has no width and height in pixels"
        in result.stderr
    )
