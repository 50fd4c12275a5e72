"""The parts of mkdocs.yml the link checks need, a build, and page mapping.

The configuration is read with a small YAML loader rather than MkDocs's own,
so that reading it has no side effects (MkDocs would load plugins and hooks).
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml


class _ConfigLoader(yaml.SafeLoader):
    """SafeLoader that understands MkDocs's !ENV tag and ignores other tags."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = values[:-1], values[-1]
    for name in names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return default


def _other(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", _other)
_ConfigLoader.add_multi_constructor("tag:", _other)


@dataclass
class SiteConfig:
    config_file: Path
    docs_dir: Path
    site_url: str = ""
    repo_url: str = ""
    use_directory_urls: bool = True

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def site_path(self) -> str:
        """The path the site is served under, e.g. '/guide/'."""
        path = urlsplit(self.site_url).path or "/"
        return path if path.endswith("/") else path + "/"


def load_site_config(config_file: Path) -> SiteConfig:
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    docs = config_file.parent / str(data.get("docs_dir") or "docs")
    return SiteConfig(
        config_file=config_file,
        docs_dir=docs,
        site_url=str(data.get("site_url") or ""),
        repo_url=str(data.get("repo_url") or "").rstrip("/"),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
    )


@dataclass
class Build:
    site: Path
    returncode: int
    log: str
    warnings: list[str] = field(default_factory=list)

    @property
    def wrote_site(self) -> bool:
        """True if MkDocs got as far as writing pages (a strict build writes, then aborts)."""
        aborted_strictly = "in strict mode!" in self.log
        return (self.site / "index.html").is_file() and (self.returncode == 0 or aborted_strictly)


_LOG_START = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+")


def warnings_in(log: str) -> list[str]:
    """Each WARNING from a MkDocs log, with its indented continuation lines."""
    found: list[str] = []
    current: list[str] | None = None
    for line in log.splitlines():
        start = _LOG_START.match(line)
        if start:
            if current is not None:
                found.append(" ".join(current))
            current = [line[start.end() :].strip()] if start.group(1) == "WARNING" else None
        elif current is not None and line.strip():
            current.append(line.strip())
    if current is not None:
        found.append(" ".join(current))
    return found


def build_site(config: SiteConfig, site: Path) -> Build:
    """`mkdocs build --strict` into site, keeping its warnings."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"]
    command += ["--config-file", str(config.config_file), "--site-dir", str(site)]
    result = subprocess.run(
        command, cwd=config.root, capture_output=True, text=True, env=env, check=False
    )
    log = result.stdout + result.stderr
    return Build(site, result.returncode, log, warnings_in(log))


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site path MkDocs gives a Markdown page: 'plan/audience.md' -> 'plan/audience/'."""
    stem = src[:-3] if src.endswith(".md") else src
    name = posixpath.basename(stem)
    if name in ("index", "README"):
        parent = posixpath.dirname(stem)
        return parent + "/" if parent else ""
    return stem + "/" if use_directory_urls else stem + ".html"


def source_of(built: str, docs: Path) -> str | None:
    """The Markdown file (relative to docs) a built HTML file came from, if any."""
    if not built.endswith(".html"):
        return None
    stem = built[: -len(".html")]
    if stem != "index" and not stem.endswith("/index"):
        candidates = [stem + ".md"]
    else:
        folder = stem[: -len("index")].rstrip("/")
        prefix = folder + "/" if folder else ""
        candidates = [prefix + "index.md", prefix + "README.md"]
        if folder:
            candidates.insert(0, folder + ".md")
    return next((c for c in candidates if (docs / c).is_file()), None)
