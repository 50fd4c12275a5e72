"""What changes in a build when mike builds a version for gh-pages, and only then.

mike builds each version by running `mkdocs build` with MIKE_DOCS_VERSION set
(mike/mkdocs_utils.py), so that variable tells us a versioned build is under way.
Only then do we switch on Material's version selector (`extra.version.provider:
mike`). The selector fetches ../versions.json, which exists only on gh-pages: in
plain builds (`make serve`, `make build`, the browser tests' static server) the
fetch would fail with a 404 console error on every page. The old-version banner
(overrides/partials/outdated.html) depends on the selector, so it follows it.

The "What changed in this version" page is handed over the same way: the
release tooling writes it to a file and names it in GUIDE_WHAT_CHANGED.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from guide.releases.versions import LATEST
from guide.releases.whatchanged import SRC_URI

MIKE_VERSION_ENV = "MIKE_DOCS_VERSION"
WHAT_CHANGED_ENV = "GUIDE_WHAT_CHANGED"
NAV_SECTION = "About"


class VersionedBuildError(PluginError):
    """The release tooling named a page file that is not there (stops the build cleanly)."""


def building_version() -> str | None:
    """The version mike is building, or None in a plain build."""
    return os.environ.get(MIKE_VERSION_ENV) or None


def what_changed_file() -> Path | None:
    named = os.environ.get(WHAT_CHANGED_ENV)
    if not named or not building_version():
        return None
    path = Path(named)
    if not path.is_file():
        raise VersionedBuildError(
            f"{WHAT_CHANGED_ENV} names {path}, which does not exist — run the release through "
            "`guide release` or `guide versions deploy`, which write it"
        )
    return path


def configure(config) -> None:
    """Turn on the version selector and list the What changed page, in mike builds only."""
    version = building_version()
    if not version:
        return
    extra = config["extra"]
    extra["version"] = {"provider": "mike", "default": LATEST, "alias": True}
    extra["built_version"] = version
    if what_changed_file() is not None and config.get("nav"):
        add_to_nav(config["nav"])


def add_to_nav(nav: list) -> None:
    """Put the page at the end of the About section (or of the navigation)."""
    for item in nav:
        if isinstance(item, dict) and isinstance(item.get(NAV_SECTION), list):
            item[NAV_SECTION].append(SRC_URI)
            return
    nav.append(SRC_URI)


def generated_pages() -> dict[str, str]:
    """{src_uri: Markdown} for pages that exist only in this versioned build."""
    path = what_changed_file()
    return {SRC_URI: path.read_text(encoding="utf-8")} if path else {}
