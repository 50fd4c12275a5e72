"""`guide` is installed into the environment and answers --help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_guide_help_from_environment() -> None:
    guide = Path(sys.executable).parent / "guide"
    assert guide.is_file(), "guide is not installed in the environment"
    result = subprocess.run([str(guide), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "check" in result.stdout


def test_guide_check_passes_on_the_real_docs() -> None:
    """The guide as it stands: fields, spelling and style (the prose hard rules), Markdown
    lint, images, and every internal link and anchor in a fresh strict build. This is the one
    run of these checks in `make test`; a failure lists every problem."""
    result = subprocess.run(
        [sys.executable, "-m", "guide.cli", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert "passed" in result.stdout
