"""The Content Security Policy: made from each page's own inline scripts, in every built page."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from guide.content import policy
from guide.site import csp
from guide.site.html_scan import scan

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


def _theme() -> policy.ThemeCode:
    return policy.ThemeCode(frozenset({_sha("var a = 1;")}), frozenset())


def test_the_policy_allows_only_the_themes_inline_code_never_the_pages() -> None:
    directives = _directives(policy.policy(_theme()))
    assert directives["script-src"].split() == ["'self'", _sha("var a = 1;")]
    # The page's other inline script and its <style> are not the theme's: not allowed.
    assert _sha('if (a < 2) { document.write("<a onclick=x>") }') not in directives["script-src"]
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy.policy(_theme())


def test_inline_code_the_theme_did_not_write_is_named_with_its_file_and_line() -> None:
    markdown = "---\ntitle: x\n---\n\nText.\n\n<style>p { color: red }</style>\n"
    problems = policy.unknown_inline(PAGE, _theme(), Path("docs/x.md"), markdown, 4)
    # The style is found on its line; the script is not in the Markdown: the body's first line.
    assert [str(p).split(" — ")[0] for p in problems] == [
        "docs/x.md:7: html: an inline <style> that is not the theme's own: 'p { color: red }'",
        "docs/x.md:4: html: an inline <script> that is not the theme's own: "
        "'if (a < 2) { document.write(\"<a onclick=x>\") }'",
    ]


def test_the_policy_goes_straight_after_meta_charset() -> None:
    html = policy.add_policy(PAGE, _theme())
    meta = html.index('<meta http-equiv="Content-Security-Policy"')
    assert html.index('<meta charset="utf-8">') < meta < html.index("<script")


def test_a_page_the_policy_cannot_cover_is_refused() -> None:
    with pytest.raises(ValueError, match="no <meta charset>"):
        policy.add_policy("<html><head><script>x()</script></head></html>", _theme())
    with pytest.raises(ValueError, match="comes before"):
        policy.add_policy(
            '<html><head><script>x()</script><meta charset="utf-8"></head></html>', _theme()
        )


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


def _theme_set_for(project: Path, site: Path) -> tuple[set[str], set[str]]:
    """The theme's known set, worked out here from the templates for the built pages' depths."""
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    env = config.theme.get_env()
    urls = [
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
    ]
    theme = policy.theme_hashes(
        env,
        {"config": config, "features": config.theme["features"] or [], "page": None},
        policy.base_urls(urls, config.site_url),
    )
    return set(theme.scripts), set(theme.styles)


def test_every_built_page_allows_exactly_the_themes_known_set(built_site: Path) -> None:
    scripts, styles = _theme_set_for(ROOT, built_site)
    assert len(scripts) >= 5, "the theme's own inline scripts were not found in its templates"
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policies = re.findall(
            r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html
        )
        assert len(policies) == 1, page
        assert html.index("Content-Security-Policy") < html.index("<script"), page
        directives = _directives(policies[0])
        # Exactly the theme's set on every page: nothing taken from the page itself.
        assert set(directives["script-src"].split()) == {"'self'", *scripts}, page
        assert set(directives["style-src"].split()) == {"'self'", *styles}, page
        inline = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
        assert inline, page
        assert {_sha(text) for text in inline} <= scripts, page


def test_the_known_set_comes_from_the_templates_not_the_pages(built_site: Path) -> None:
    # Material's script that sets __md_scope, for a page two folders down.
    scripts, _ = _theme_set_for(ROOT, built_site)
    import material

    template = (
        Path(material.__file__).parent / "templates" / "partials" / "javascripts" / "base.html"
    ).read_text(encoding="utf-8")
    text = re.search(r"<script>(.*?)</script>", template, re.DOTALL).group(1)
    rendered = text.replace("{{ config.extra.scope | d(base_url) }}", "../..")
    assert _sha(rendered) in scripts
    assert _sha("alert(1)") not in scripts


def test_a_style_attribute_fails_the_build_naming_every_page_it_is_on(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    lines = {}
    for name in ("objectives.md", "audience.md"):
        page = project / "docs" / "plan" / name
        text = page.read_text(encoding="utf-8")
        page.write_text(text + '\nA red note.\n{ style="color: red" }\n', encoding="utf-8")
        lines[name] = text.count("\n") + 3  # the line holding { style=... }
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    for name, line in lines.items():  # the same problem, named on each page it is on
        assert (
            f"docs/plan/{name}:{line}: html: <p style=…> sets its own style — remove it"
            in result.stderr
        )
    assert not list((tmp_path / "site").rglob("*.html")), "nothing may be written"


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
    # guide.releases.versions reads the target from the link; mike fills in {{href}}.
    assert '<a href="{{href}}">' in template
    assert "redirect_template: scripts/mike_redirect.html" in (ROOT / "mkdocs.yml").read_text()
