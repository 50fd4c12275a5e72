"""Dirty rebuilds (make serve) stay correct: catalogue, related blocks, navigation, search."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import copy_project

SERVE_URL = "http://127.0.0.1:8000/guide/"


def _dirty_build(project: Path, site: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=SERVE_URL, dirty=True)


def _pages_in_search(site: Path) -> set[str]:
    index = json.loads((site / "search" / "search_index.json").read_text())
    return {doc["location"].split("#")[0] for doc in index["docs"]}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_dirty_rebuilds_keep_the_site_correct(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    # One serve session: the first build renders everything; later ones only what changed.
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=SERVE_URL, dirty=True)
    searchable = _pages_in_search(site)
    untouched = site / "plan" / "audience" / "index.html"
    untouched_mtime = untouched.stat().st_mtime_ns
    assert "Buy Better Together" not in (site / "channels" / "blogs" / "index.html").read_text()

    # A metadata edit: the case study now also lists blogs.
    study = project / "docs" / "case-studies" / "buy-better-together-challenge.md"
    _edit(study, "channels:\n  - webchats", "channels:\n  - blogs\n  - webchats")
    os.utime(study, ns=(untouched_mtime + 10**9, untouched_mtime + 10**9))
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    build(config, serve_url=SERVE_URL, dirty=True)

    assert "Buy Better Together" in (site / "channels" / "blogs" / "index.html").read_text()
    facet = site / "case-studies" / "channel" / "blogs" / "index.html"
    assert "Buy Better Together Challenge" in facet.read_text()
    assert (
        'data-channel="blogs webchats microsites"'
        in (site / "case-studies" / "index.html").read_text()
    )
    # Pages that do not depend on the edit were not rebuilt ...
    assert untouched.stat().st_mtime_ns == untouched_mtime
    # ... yet the rebuilt page's navigation has every page's real title,
    edited = (site / "case-studies" / "buy-better-together-challenge" / "index.html").read_text()
    assert "Set objectives" in edited and "Understand your audience" in edited
    # and search still knows every page.
    assert _pages_in_search(site) == searchable

    # A title edit changes the navigation of every page: everything is rebuilt.
    objectives = project / "docs" / "plan" / "objectives.md"
    _edit(objectives, "title: Set objectives", "title: Set your objectives")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    build(config, serve_url=SERVE_URL, dirty=True)
    assert "Set your objectives" in untouched.read_text()
    assert _pages_in_search(site) == searchable
