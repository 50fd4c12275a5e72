"""One shape for every problem the checks find, so every tool reports alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: "
        field = f"{self.field}: " if self.field else ""
        fix = f" — {self.fix}" if self.fix else ""
        return f"{where}{field}{self.message}{fix}"


def format_report(problems: list[Problem], checked: int) -> str:
    """Every problem, sorted by file and line, then a one-line summary."""
    lines = [str(p) for p in sorted(problems)]
    files = len({p.path for p in problems})
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        lines.append(
            f"\n{len(problems)} {noun} in {files} of {checked} files. Nothing was changed."
        )
    else:
        lines.append(f"All {checked} files passed.")
    return "\n".join(lines)
