"""Attacks a contribution could make, each refused with its own message (issue 16).

Each case is what an outside contributor could put in a pull request. `guide check`
must name the file, line and field with a fix, never a traceback; the strict build
must stop before anything is written to the site.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import copy_project, mkdocs_build
from guide.content.check import check_docs
from test_check import GOOD, TODAY

CONTEXT = "## Context\n\nText."
STUDY = "docs/case-studies/x.md"
SCRIPT_FIX = "remove it; a page cannot run scripts (describe what the tool does in words instead)"
URL_FIX = "link to an https:// page or to a file in docs/"
HANDLER_FIX = "remove the attribute; a page cannot run scripts"
STYLE_FIX = (
    "remove it; the theme sets every style (in a table, remove the colons from the line "
    "under the heading row)"
)
SNIPPET_FIX = 'include only Markdown files from docs/_snippets/, by their name: --8<-- "name.md"'

# What goes in place of the Context section's text (line 29), and the exact message.
BODY_ATTACKS = {
    "script": (
        "<script>alert(1)</script>",
        f"29: html: the <script> element is not allowed in pages — {SCRIPT_FIX}",
    ),
    "script after a backtick-wrapped tag": (
        "`<b>` then <script>alert(1)</script>",
        f"29: html: the <script> element is not allowed in pages — {SCRIPT_FIX}",
    ),
    "script after a fake fence line": (
        "```\n<script>alert(1)</script>",
        f"30: html: the <script> element is not allowed in pages — {SCRIPT_FIX}",
    ),
    "script after an indented fence line": (
        "    ```\nText.\n\n<script>alert(1)</script>",
        f"32: html: the <script> element is not allowed in pages — {SCRIPT_FIX}",
    ),
    "style element": (
        "<style>body{display:none}</style>",
        "29: html: the <style> element is not allowed in pages — remove it; the theme sets "
        "every style (overrides/assets/stylesheets/guide.css)",
    ),
    "iframe": (
        '<iframe src="https://example.com"></iframe>',
        "29: html: the <iframe> element is not allowed in pages — link to the page instead "
        "of embedding it: [what it is](https://...)",
    ),
    "object": (
        '<object data="x.swf"></object>',
        "29: html: the <object> element is not allowed in pages — link to the file instead of embedding it",
    ),
    "embed": (
        '<embed src="x.swf">',
        "29: html: the <embed> element is not allowed in pages — link to the file instead of embedding it",
    ),
    "form": (
        '<form action="https://example.com"><input name=q></form>',
        "29: html: the <form> element is not allowed in pages — link to the form instead: "
        "[Fill in the form](https://...)",
    ),
    "meta refresh": (
        '<meta http-equiv="refresh" content="0; url=https://example.com">',
        "29: html: the <meta> element is not allowed in pages — remove it; a page cannot "
        "refresh, redirect or describe itself in HTML (use front matter)",
    ),
    "base": (
        '<base href="https://example.com/">',
        "29: html: the <base> element is not allowed in pages — remove it; a page cannot "
        "change where its links lead",
    ),
    "link": (
        '<link rel="stylesheet" href="https://example.com/x.css">',
        "29: html: the <link> element is not allowed in pages — remove it; the theme loads "
        "every style sheet and icon",
    ),
    "inline svg": (
        "<svg><circle r=1 /></svg>",
        "29: html: the <svg> element is not allowed in pages — save the picture as an .svg "
        "file beside the page and add it with ![what it shows](file.svg)",
    ),
    "handler in odd case": (
        '<p OnMouseOver="alert(1)">Text.</p>',
        f"29: html: the 'onmouseover' attribute on <p> runs a script — {HANDLER_FIX}",
    ),
    "handler from an attribute list": (
        'Text.\n{ onclick="alert(1)" }',
        f"30: html: the 'onclick' attribute on <p> runs a script — {HANDLER_FIX}",
    ),
    "style from an attribute list": (
        'Text.\n{ style="display:none" }',
        f"30: html: <p style=…> sets its own style — {STYLE_FIX}",
    ),
    "javascript link": (
        "[Click](javascript:alert(1))",
        f'29: html: <a href="javascript:alert(1)"> uses a javascript: address — {URL_FIX}',
    ),
    "entity-encoded javascript link": (
        '<a href="&#106;avascript:alert(1)">x</a>',
        f'29: html: <a href="javascript:alert(1)"> uses a javascript: address — {URL_FIX}',
    ),
    "data link": (
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        f'29: html: <a href="data:text/html;base64,PHNjcmlwdD5hbGVydC"> uses a data: address — {URL_FIX}',
    ),
    "image from another host": (
        "![A chart](https://example.com/x.png)",
        "29: html: the image 'https://example.com/x.png' is on another host — save a copy of "
        "the picture beside the page and link to that copy",
    ),
    "body tag with a handler": (
        '<body onload="alert(1)">',
        "29: html: a <body onload=…> tag is not allowed in pages — remove it",
    ),
    "snippet from outside the snippets folder": (
        '--8<-- "../../../etc/passwd"',
        f"29: snippet: '../../../etc/passwd' is outside docs/_snippets/ — {SNIPPET_FIX}",
    ),
    "snippet that does not exist": (
        '--8<-- "nothing.md"',
        f"29: snippet: 'nothing.md' is not a file in docs/_snippets/ — {SNIPPET_FIX}",
    ),
}


def _check(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    docs = tmp_path / "docs"
    for name, content in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return [str(p) for p in check_docs(docs, today=TODAY, root=tmp_path).problems]


@pytest.mark.parametrize("name", BODY_ATTACKS)
def test_each_body_attack_is_named_with_its_line_and_fix(tmp_path: Path, name: str) -> None:
    attack, expected = BODY_ATTACKS[name]
    messages = _check(
        tmp_path, {"case-studies/x.md": GOOD.replace(CONTEXT, f"## Context\n\n{attack}")}
    )
    assert f"{STUDY}:{expected}" in messages, "\n".join(messages)


def test_a_new_snippet_is_checked_like_a_page(tmp_path: Path) -> None:
    messages = _check(
        tmp_path,
        {
            "case-studies/x.md": GOOD.replace(CONTEXT, '## Context\n\n--8<-- "evil.md"'),
            "_snippets/evil.md": "Words.\n\n<img src=x onerror=alert(1) alt=x>\n",
        },
    )
    # Named in the snippet itself, and at the line of the page that includes it.
    assert sorted(messages) == [
        f"docs/_snippets/evil.md:3: html: the 'onerror' attribute on <img> runs a script — {HANDLER_FIX}",
        f"{STUDY}:29: html: the 'onerror' attribute on <img> runs a script — {HANDLER_FIX}",
    ]


YAML_ATTACKS = {
    "alias bomb": (
        "title: A good case study\n",
        "title: A good case study\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
        "4: b: uses the YAML alias '*a' — write the value out in full; front matter cannot "
        "refer to other values",
    ),
    "deep nesting": (
        "title: A good case study\n",
        "title: A good case study\ndeep: " + "[" * 3000 + "]" * 3000 + "\n",
        "3: deep: nests lists and fields more than 6 levels deep — write each field as "
        "'name: value', or a list of '- value' lines",
    ),
    "duplicate key": (
        "status: published\n",
        "status: published\nstatus: draft\n",
        "14: status: is given twice (first on line 13) — keep one of them and delete the other",
    ),
    "NUL byte": (
        "contact: Digital engagement team\n",
        "contact: Digital\x00 engagement team\n",
        "14: contact: holds a NUL byte, which readers cannot see — delete it and type the "
        "words again (paste as plain text)",
    ),
    "bidi control": (
        "title: A good case study\n",
        "title: A good case \u202estudy\n",
        "2: title: holds a hidden direction control (U+202E), which readers cannot see — "
        "delete it and type the words again (paste as plain text)",
    ),
    "zero-width space in the body": (
        "## Context\n\nText.",
        "## Context\n\nTe\u200bxt.",
        "29: body: holds a zero-width character (U+200B), which readers cannot see — delete "
        "it and type the words again (paste as plain text)",
    ),
    "title too long": (
        "title: A good case study\n",
        "title: " + "A" * 151 + "\n",
        "2: title: is 151 characters long (the limit is 150) — shorten the title; put the "
        "detail in the summary",
    ),
    "body too long": (
        "## Context\n\nText.",
        "## Context\n\n" + ("Words and more words. " * 10 + "\n\n") * 1000,
        "22: body: is 216 KB (the limit is 200 KB) — split the page in two, or shorten it",
    ),
}


@pytest.mark.parametrize("name", YAML_ATTACKS)
def test_each_yaml_attack_is_a_message_not_a_traceback(tmp_path: Path, name: str) -> None:
    old, new, expected = YAML_ATTACKS[name]
    messages = _check(tmp_path, {"case-studies/x.md": GOOD.replace(old, new, 1)})
    assert messages == [f"{STUDY}:{expected}"]


def test_the_alias_bomb_is_refused_at_once_from_the_command_line(tmp_path: Path) -> None:
    old, new, expected = YAML_ATTACKS["alias bomb"]
    docs = tmp_path / "docs" / "case-studies"
    docs.mkdir(parents=True)
    bomb = new + "".join(
        f"{a}: &{a} [" + ", ".join([f"*{b}"] * 9) + "]\n"
        for b, a in zip("cdefg", "defgh", strict=True)
    )
    (docs / "x.md").write_text(GOOD.replace(old, bomb, 1))
    result = subprocess.run(
        [sys.executable, "-m", "guide.cli", "check", "--docs", str(tmp_path / "docs")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert f"{STUDY}:{expected}" in result.stdout
    assert "Traceback" not in result.stderr


def _svg(inner: str) -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">{inner}</svg>'.encode()


SVG_FIX = "export the picture again as plain SVG with shapes and text only, or save it as PNG"
TYPE_FIX = "pages are Markdown (.md) and pictures are PNG, JPEG, GIF, WebP or SVG: remove the file"


def test_files_beside_pages_must_be_pages_or_real_pictures(tmp_path: Path) -> None:
    messages = _check(
        tmp_path,
        {
            "case-studies/x.md": GOOD,
            "case-studies/x.html": "<script>alert(1)</script>",
            "case-studies/chart.png": b"<script>alert(1)</script>",
            "case-studies/ok.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
            "case-studies/ok.svg": _svg('<circle r="1" fill="red"/><text>Label</text>'),
            "case-studies/script.svg": _svg("<script>alert(1)</script>"),
            "case-studies/handler.svg": _svg('<rect onload="alert(1)"/>'),
            "case-studies/link.svg": _svg(
                '<use xmlns:x="http://www.w3.org/1999/xlink" x:href="https://example.com/a.svg#b"/>'
            ),
            "case-studies/html.svg": _svg(
                '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'
            ),
            "case-studies/entities.svg": b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + _svg("&a;"),
        },
    )
    assert sorted(messages) == sorted(
        [
            f"docs/case-studies/x.html:1: file: 'x.html' is not a kind of file the guide publishes — {TYPE_FIX}",
            "docs/case-studies/chart.png:1: picture: is named as a PNG picture but is not one — "
            "save the picture again as PNG, or give it the right ending",
            f"docs/case-studies/script.svg:1: picture: the SVG holds a <script> element, which may run or fetch — {SVG_FIX}",
            f"docs/case-studies/handler.svg:1: picture: the SVG's <rect> has an 'onload' attribute (a script) — {SVG_FIX}",
            f"docs/case-studies/link.svg:1: picture: the SVG's <use> links to 'https://example.com/a.svg#b' — {SVG_FIX}",
            "docs/case-studies/html.svg:1: picture: the SVG holds a "
            f"<{{http://www.w3.org/1999/xhtml}}script> from another vocabulary — {SVG_FIX}",
            f"docs/case-studies/entities.svg:1: picture: the SVG declares a document type or entities — {SVG_FIX}",
        ]
    )


LINK_FIX = "put the file itself there instead of a link, or remove the link"


def test_symbolic_links_in_docs_or_overrides_are_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs" / "case-studies"
    docs.mkdir(parents=True)
    (docs / "x.md").write_text(GOOD)
    (docs / "passwd.md").symlink_to("/etc/passwd")
    (docs / "etc").symlink_to("/etc")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "config").symlink_to("../../.git/config")
    messages = [str(p) for p in check_docs(tmp_path / "docs", today=TODAY, root=tmp_path).problems]
    assert sorted(messages) == [
        f"docs/case-studies/etc:1: file: is a symbolic link (to '/etc'), which the site would publish — {LINK_FIX}",
        f"docs/case-studies/passwd.md:1: file: is a symbolic link (to '/etc/passwd'), which the site would publish — {LINK_FIX}",
        f"overrides/config:1: file: is a symbolic link (to '../../.git/config'), which the site would publish — {LINK_FIX}",
    ]


def test_organisations_whose_filter_pages_would_collide_are_refused(tmp_path: Path) -> None:
    first = GOOD.replace("  - Example department\n", "  - Children's Commissioner\n")
    second = GOOD.replace("title: A good case study", "title: Another study").replace(
        "  - Example department\n", "  - Children’s Commissioner\n  - '!!!'\n"
    )
    messages = _check(tmp_path, {"case-studies/a.md": first, "case-studies/b.md": second})
    assert sorted(messages) == [
        "docs/case-studies/b.md:5: organisations: 'Children’s Commissioner' and 'Children's "
        "Commissioner' (docs/case-studies/a.md) would share the filter page "
        "'case-studies/organisation/children-s-commissioner/' — spell the organisation "
        "exactly as 'Children's Commissioner' if it is the same one, or give its name in full",
        "docs/case-studies/b.md:6: organisations: '!!!' has no letters or digits to make its "
        "filter page's address from — write the organisation's name in words",
    ]


# -- The build: the same attacks stop it before anything is written --------------------


def _site_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file()] if site.exists() else []


@pytest.mark.parametrize(
    "files",
    [
        {"case-studies/evil.html": "<script>alert(1)</script>"},
        {"case-studies/evil.svg": _svg("<script>alert(1)</script>")},
        {"case-studies/x.md": GOOD.replace(CONTEXT, "## Context\n\n<script>alert(1)</script>")},
        {"case-studies/x.md": GOOD.replace(CONTEXT, '## Context\n\n--8<-- "../../mkdocs.yml"')},
        {
            "case-studies/x.md": GOOD.replace(
                "title: A good case study\n", YAML_ATTACKS["alias bomb"][1]
            )
        },
    ],
    ids=["html file", "svg with script", "script in body", "snippet outside", "alias bomb"],
)
def test_the_build_stops_before_writing_anything(
    tmp_path: Path, files: dict[str, str | bytes]
) -> None:
    project = copy_project(tmp_path / "project")
    for name, content in files.items():
        path = project / "docs" / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"docs/case-studies/{next(iter(files)).split('/')[-1]}:" in result.stderr
    assert _site_files(site) == []


def test_a_symlink_to_a_secret_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "config.md").symlink_to("/etc/passwd")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "docs/config.md:1: file: is a symbolic link (to '/etc/passwd')" in result.stderr
    assert _site_files(site) == []


def test_a_docs_file_at_a_filter_pages_address_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    clash = project / "docs" / "case-studies" / "channel" / "webchats" / "index.md"
    clash.parent.mkdir(parents=True)
    clash.write_text((project / "docs" / "glossary.md").read_text())
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/case-studies/channel/webchats/index.md: file: has the address "
        "'case-studies/channel/webchats/', which the generated filter page "
        "case-studies/channel/webchats.md needs" in result.stderr
    )


# -- Every front-matter value escaped, wherever it reaches ------------------------------

HOSTILE_TITLE = "<script>alert('title')</script> & \"quotes\""
HOSTILE_SUMMARY = "\"><script>alert('summary')</script><img src=x onerror=alert('summary')>"
HOSTILE_ORG = "<img src=x onerror=alert('org')> Children's Commissioner"
HOSTILE_OWNER = "<script>alert('owner')</script>"


def hostile_project(target: Path) -> Path:
    """The project with a case study whose every value is an attack (and an overdue review)."""
    project = copy_project(target)
    study = (
        GOOD.replace(
            "title: A good case study", f"title: '{HOSTILE_TITLE.replace(chr(39), chr(39) * 2)}'"
        )
        .replace(
            "summary: A team tried something and learned from it.",
            f"summary: '{HOSTILE_SUMMARY.replace(chr(39), chr(39) * 2)}'",
        )
        .replace("  - Example department\n", f'  - "{HOSTILE_ORG}"\n')
        .replace("contact: Digital engagement team", "contact: '<b onclick=alert(1)>Team</b>'")
        .replace("owner: Guide editors", f'owner: "{HOSTILE_OWNER}"')
        .replace("last_reviewed: 2026-11-01", "last_reviewed: 2020-01-01")
        .replace("    url: https://www.gov.uk", "    url: https://www.gov.uk")
    )
    (project / "docs" / "case-studies" / "hostile.md").write_text(study, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    project = hostile_project(tmp / "project")
    site = tmp / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_every_hostile_value_is_text_on_every_page(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    seen = {"title": 0, "org": 0, "owner": 0, "summary": 0}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tree = LexborHTMLParser(html)
        for node in tree.css("script"):
            assert "alert(" not in (node.text() or ""), page
        for node in tree.root.traverse(include_text=False):
            assert not any(name.lower().startswith("on") for name in node.attributes), (
                page,
                node.html,
            )
            assert node.attributes.get("src") != "x", page
        text = tree.body.text() if tree.body else ""
        head = tree.head.html if tree.head else ""
        seen["title"] += "<script>alert('title')</script>" in text
        seen["org"] += "<img src=x onerror=alert('org')> Children's Commissioner" in text
        seen["owner"] += "<script>alert('owner')</script>" in text
        seen["summary"] += "alert(&#39;summary&#39;)" in head or "alert('summary')" in text
    # Shown as words on the case study, the catalogue, its filter pages and content health.
    assert (
        seen["title"] >= 3 and seen["org"] >= 2 and seen["owner"] >= 2 and seen["summary"] >= 1
    ), seen
    health = (hostile_site / "about" / "content-health" / "index.html").read_text()
    assert "&lt;script&gt;alert" in health


def test_the_organisation_filter_page_reads_back_its_name(hostile_site: Path) -> None:
    pages = list(
        (hostile_site / "case-studies" / "organisation").glob(
            "*children-s-commissioner*/index.html"
        )
    )
    assert len(pages) == 1
    tree = LexborHTMLParser(pages[0].read_text(encoding="utf-8"))
    assert tree.css_first("h1").text() == f"Case studies: {HOSTILE_ORG}"


@pytest.mark.browser
def test_no_dialog_opens_and_nothing_leaves_the_local_server(hostile_site: Path, browser) -> None:
    import functools
    import http.server
    import threading

    from conftest import _QuietHandler

    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs: list[str] = []
    outside: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "request",
            lambda r: None if r.url.startswith((root, "data:")) else outside.append(r.url),
        )
        for path in [
            "case-studies/hostile/",
            "case-studies/",
            "about/content-health/",
            "print/",
            *[
                p.parent.relative_to(hostile_site).as_posix() + "/"
                for p in (hostile_site / "case-studies" / "organisation").glob("*/index.html")
            ],
        ]:
            page.goto(root + path, wait_until="load")
            page.wait_for_timeout(100)
        # Search shows titles from the index: open it and look for the study.
        page.goto(root + "case-studies/", wait_until="load")
        page.keyboard.press("/")
        page.keyboard.type("alert")
        page.wait_for_timeout(800)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert dialogs == []
    assert outside == []
