"""The pinned toolchain is the one installed, and nothing replaces it behind our back."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest

from conftest import ROOT

PINS = {
    "mkdocs": "1.6.1",
    "mkdocs-material": "9.8.2",
    "pymdown-extensions": "13.1.2",
    "mike": "2.2.0",
    "linkcheckmd": "1.4.0",
}


def test_mkdocs_is_1_x() -> None:
    major = int(metadata.version("mkdocs").split(".")[0])
    assert major < 2, "MkDocs 2 removes plugins and refuses mkdocs.yml; keep mkdocs==1.6.1"


@pytest.mark.parametrize("name", ["properdocs"])
def test_properdocs_is_not_installed(name: str) -> None:
    # mike builds with ProperDocs whenever it is importable, silently.
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.version(name)


@pytest.mark.parametrize(("name", "version"), PINS.items())
def test_installed_versions_match_pins(name: str, version: str) -> None:
    assert metadata.version(name) == version


def test_pyproject_pins_are_exact() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["dev"]
    for spec in specs:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+", spec), f"not an exact pin: {spec}"
    for name, version in PINS.items():
        assert f"{name}=={version}" in specs


def test_lock_pins_every_package_with_hashes() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    entries = re.findall(
        r"^([A-Za-z0-9_.-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", lock, re.M
    )
    names = {name.lower() for name, _, _ in entries}
    assert len(entries) == len(re.findall(r"^[A-Za-z0-9_.-]+==", lock, re.M)), (
        "a lock entry has no hash"
    )
    for name, version in PINS.items():
        assert (name, version) in {(n.lower(), v) for n, v, _ in entries}
    assert "properdocs" not in names
