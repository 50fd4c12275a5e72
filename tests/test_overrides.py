"""Drift guards: every Material file copied into overrides/ is checked against Material.

A copied partial keeps Material's markup apart from a few marked changes. When a
Material release changes its own copy, these tests fail, naming the file: copy it
again from Material, re-apply the changes its header describes, and record the new
fingerprint here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import ROOT, assert_material_partial_with

# Material's own copy of each file overridden in overrides/partials, as last reviewed.
COPIED = {
    "search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "logo.html": "e0925ef6c190174a5162ed1ecc55295016dd8a7beec3018db3e04aac283a2dd9",
    "source.html": "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752",
    "javascripts/outdated.html": "13165dec361fce13130f73f747aab982f7e1979608c061e5953b10286abc7447",
    "nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "content.html": "ce33929c85af129f6e2f3b0aed47159e9c4a519482d1938bae15f5ff4a3cfae5",
    "copyright.html": "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
}


def _material(partial: str) -> Path:
    import material

    return Path(material.__file__).parent / "templates" / "partials" / partial


@pytest.mark.parametrize("partial", sorted(COPIED))
def test_material_has_not_changed_a_copied_partial(partial: str) -> None:
    digest = hashlib.sha256(_material(partial).read_bytes()).hexdigest()
    assert digest == COPIED[partial], (
        f"Material's partials/{partial} changed: compare it with overrides/partials/{partial}, "
        "re-apply the changes its header describes, and record the new fingerprint"
    )


def test_every_copied_partial_is_guarded() -> None:
    ours = {
        p.relative_to(ROOT / "overrides" / "partials").as_posix()
        for p in (ROOT / "overrides" / "partials").rglob("*.html")
    }
    copied = {p for p in ours if _material(p).is_file() and p != "languages/custom.html"}
    assert copied == set(COPIED)


def test_the_navigation_override_differs_from_material_only_where_marked() -> None:
    assert_material_partial_with(
        "nav-item.html",
        [
            "                {#- guide: name the section toggle and its <nav> -#}\n"
            '                <span class="guide-visually-hidden">{{ render_title(nav_item) }}</span>\n',
            "        {#- guide: point at the toggle label only where there is one; aria-label names"
            " the <nav> otherwise -#}\n",
            ' aria-label="{{ nav_item.title | e }}"',
            (
                "{% if not index or nav_item.children | length > 1 %}"
                'aria-labelledby="{{ path }}_label"{% endif %}',
                'aria-labelledby="{{ path }}_label"',
            ),
            *[
                (
                    '{% if tabindex %}tabindex="{{ tabindex }}"{% endif %}'
                    "{#- guide: no empty tabindex -#}",
                    'tabindex="{{ tabindex }}"',
                )
            ]
            * 2,
        ],
    )


def test_the_footer_licence_differs_from_material_only_where_marked() -> None:
    assert_material_partial_with(
        "copyright.html",
        [('{% include "partials/licence.html" %}{#- guide: licence -#}', "{{ config.copyright }}")],
    )
