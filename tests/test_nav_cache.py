"""The navigation, rendered once per folder for pages outside it, is the same as Material's."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from conftest import assert_material_partial_with, copy_project, mkdocs_build
from guide.nav_cache import NavCache


def _page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


def test_pages_outside_the_navigation_share_it_by_folder() -> None:
    guide, home, index = _page("plan/objectives/"), _page(""), _page("case-studies/")
    cache = NavCache()
    cache.start(SimpleNamespace(pages=[home, guide, index]))
    assert cache.key(guide) is None and cache.key(home) is None  # each marks itself active
    assert cache.key(None) is None  # a theme page such as 404.html
    assert cache.key(_page("case-studies/a/")) == cache.key(_page("case-studies/b/"))
    assert cache.key(_page("case-studies/a/")) != cache.key(_page("case-studies/channel/blogs/"))
    # A page with navigation links inside its own folder: those links are relative to it.
    cache.start(SimpleNamespace(pages=[_page("about/team/")]))
    assert cache.key(_page("about/")) is None


def test_the_navigation_is_rendered_once_per_folder_and_again_for_each_new_build() -> None:
    cache = NavCache()
    cache.start(SimpleNamespace(pages=[]))
    calls: list[str] = []

    def render() -> str:
        calls.append("nav")
        return f"<nav>{len(calls)}</nav>"

    first = cache(_page("case-studies/a/"), caller=render)
    assert cache(_page("case-studies/b/"), caller=render) == first == "<nav>1</nav>"
    assert cache(_page("case-studies/theme/x/"), caller=render) == "<nav>2</nav>"
    cache.start(SimpleNamespace(pages=[]))  # the navigation may have changed
    assert cache(_page("case-studies/a/"), caller=render) == "<nav>3</nav>"
    assert cache.rendered == 1


def test_the_override_is_materials_nav_inside_one_call() -> None:
    assert_material_partial_with(
        "nav.html",
        [
            "{#- guide: render once per folder for pages outside the navigation -#}\n"
            "{% call guide_nav_cache(page) %}\n",
            "{% endcall %}\n",
        ],
    )


def test_every_page_is_the_same_as_with_materials_own_navigation(
    built_site: Path, tmp_path: Path
) -> None:
    project = copy_project(tmp_path / "project")
    (project / "overrides/partials/nav.html").unlink()  # Material's own: rendered every time
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert len(pages) > 50
    differ = [str(p) for p in pages if (built_site / p).read_bytes() != (site / p).read_bytes()]
    assert not differ, f"pages whose navigation differs from Material's: {differ[:5]}"
