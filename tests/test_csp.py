"""The Content Security Policy: made from each page's own inline scripts, in every built page."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from guide import csp
from guide.html_scan import scan

PAGE = """<!doctype html><html><head>
<meta charset="utf-8">
<script>var a = 1;</script>
<script id="__config" type="application/json">{"a": 1}</script>
<script src="assets/bundle.js"></script>
<!-- <script>not a script</script> -->
<style>p { color: red }</style>
</head><body><p>Text</p><script>if (a < 2) { document.write("<a onclick=x>") }</script></body></html>"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_the_policy_allows_each_inline_script_by_its_hash_and_nothing_else() -> None:
    directives = _directives(csp.policy(PAGE))
    scripts = directives["script-src"].split()
    assert scripts == [
        "'self'",
        _sha("var a = 1;"),
        _sha('if (a < 2) { document.write("<a onclick=x>") }'),
    ]
    # JSON data is not run, so it needs no hash; the commented-out script is not a script.
    assert _sha('{"a": 1}') not in scripts
    assert _sha("not a script") not in scripts
    assert directives["style-src"] == f"'self' {_sha('p { color: red }')}"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in csp.policy(PAGE)


def test_the_policy_goes_straight_after_meta_charset() -> None:
    html = csp.add_policy(PAGE)
    meta = html.index('<meta http-equiv="Content-Security-Policy"')
    assert html.index('<meta charset="utf-8">') < meta < html.index("<script")


def test_a_page_the_policy_cannot_cover_is_refused() -> None:
    with pytest.raises(ValueError, match="no <meta charset>"):
        csp.add_policy("<html><head><script>x()</script></head></html>")
    with pytest.raises(ValueError, match="comes before"):
        csp.add_policy('<html><head><script>x()</script><meta charset="utf-8"></head></html>')


def test_markup_the_policy_would_block_is_found() -> None:
    found = [what for what, _ in csp.blocked(PAGE.replace("<p>", '<p style="color: red">'))]
    assert found == ['<p style="color: red"> sets a style in an attribute']
    html = (
        '<a href="javascript:void(0)">x</a><button onclick="go()">y</button>'
        '<img src="https://example.com/a.png" alt=""><link rel="stylesheet" href="//cdn.example/x.css">'
        '<a href="https://example.com/">a link is fine</a>'
    )
    found = [what for what, _ in csp.blocked(html)]
    assert found == [
        "<a href='javascript:void(0)'> is a javascript: URL",
        "<button onclick=…> runs a script from an attribute",
        "<img> loads https://example.com/a.png from another host",
        "<link> loads //cdn.example/x.css from another host",
    ]


def test_the_scan_reads_script_text_whole_and_never_as_tags() -> None:
    page = scan(PAGE)
    assert [text for _, text in page.scripts][-1].startswith("if (a < 2)")
    assert "a" not in [tag.name for tag in page.tags]  # the <a> inside the script's string


def test_only_real_tags_are_flagged_wherever_they_hide() -> None:
    html = (
        '<p>Write style="x" or onclick="y" in a page and the build stops.</p>'
        '<!-- <img src="https://example.com/in-a-comment.png"> -->'
        "<script>const s = '<img src=\"https://example.com/in-a-script.png\">';</script>"
        '<div title="a > b" STYLE="color: red">x</div><A HREF="JavaScript:go()">y</A>'
        '<img alt="" src="/local.png">'
    )
    assert [(tag.name, tag.attrs.get("alt")) for tag in scan(html).tags if tag.name == "img"] == [
        ("img", "")
    ]
    assert [what for what, _ in csp.blocked(html)] == [
        '<div style="color: red"> sets a style in an attribute',
        "<a href='JavaScript:go()'> is a javascript: URL",
    ]


def test_every_built_page_carries_a_policy_with_its_own_script_hashes(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policies = re.findall(
            r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html
        )
        assert len(policies) == 1, page
        assert html.index("Content-Security-Policy") < html.index("<script"), page
        allowed = set(_directives(policies[0])["script-src"].split())
        inline = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
        assert inline, page
        assert {_sha(text) for text in inline} <= allowed, page


def test_a_style_attribute_fails_the_build_naming_every_page_it_is_on(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for name in ("objectives.md", "audience.md"):
        page = project / "docs" / "plan" / name
        text = page.read_text(encoding="utf-8")
        page.write_text(text + '\nA red note.\n{ style="color: red" }\n', encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    for name in ("objectives.md", "audience.md"):
        assert (
            f'docs/plan/{name}:1: security policy: <p style="color: red"> sets a style in an attribute'
            in result.stderr
        )
    assert "guide.css" in result.stderr


def test_the_redirect_pages_mike_writes_carry_a_policy_that_allows_their_script() -> None:
    template = (ROOT / "scripts" / "mike_redirect.html").read_text(encoding="utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', template)
    assert meta, "the redirect template has no policy"
    directives = _directives(meta.group(1))
    scripts = re.findall(r"<script>(.*?)</script>", template, re.DOTALL)
    assert len(scripts) == 1 and "{{" not in scripts[0], "the script must not change per page"
    assert directives["script-src"] == _sha(scripts[0]), (
        "the script changed: put its new hash in the template's policy"
    )
    assert directives["default-src"] == "'none'"
    # guide.versions reads the target from the link; mike fills in {{href}}.
    assert '<a href="{{href}}">' in template
    assert "redirect_template: scripts/mike_redirect.html" in (ROOT / "mkdocs.yml").read_text()
