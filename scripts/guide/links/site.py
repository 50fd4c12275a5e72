"""The site `guide links` checks: its settings, read by MkDocs itself, and a fresh build."""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config


@dataclass(frozen=True)
class SiteConfig:
    config_file: Path
    docs_dir: Path
    site_url: str = ""
    repo_url: str = ""

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def site_path(self) -> str:
        """The path the site is served under, e.g. '/guide/'."""
        path = urlsplit(self.site_url).path or "/"
        return path if path.endswith("/") else path + "/"


def load_site_config(config_file: Path) -> SiteConfig:
    """mkdocs.yml as MkDocs reads it (with its !ENV tags and defaults)."""
    config = load_config(str(config_file))
    return SiteConfig(
        config_file=config_file,
        docs_dir=Path(config["docs_dir"]),
        site_url=str(config["site_url"] or ""),
        repo_url=str(config["repo_url"] or "").rstrip("/"),
    )


@dataclass
class Build:
    site: Path
    returncode: int
    log: str

    @property
    def wrote_site(self) -> bool:
        """True if MkDocs wrote pages (a strict build with warnings writes them, then fails)."""
        return (self.site / "index.html").is_file() and (self.site / "sitemap.xml").is_file()


def build_site(config: SiteConfig, site: Path) -> Build:
    """A strict build into `site`; MkDocs' own log is kept to show if the check cannot run."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["--config-file", str(config.config_file), "--site-dir", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        command, cwd=config.root, capture_output=True, text=True, env=env, check=False
    )
    return Build(site, result.returncode, result.stdout + result.stderr)


def source_of(built: str, docs: Path) -> str | None:
    """The Markdown file (relative to docs) a built HTML file came from, if any."""
    if not built.endswith(".html"):
        return None
    stem = built[: -len(".html")]
    if stem != "index" and not stem.endswith("/index"):
        candidates = [stem + ".md"]
    else:
        folder = posixpath.dirname(stem)
        prefix = folder + "/" if folder else ""
        candidates = [prefix + "index.md", prefix + "README.md"]
        if folder:
            candidates.insert(0, folder + ".md")
    return next((c for c in candidates if (docs / c).is_file()), None)
