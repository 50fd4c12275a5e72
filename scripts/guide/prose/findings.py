"""One shape for every prose finding: where, which rule, what, and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"  # a hard rule: fails `guide prose` and CI
WARNING = "warning"  # reported for a person to judge


@dataclass(frozen=True, order=True)
class Finding:
    path: Path
    line: int
    rule: str
    message: str
    suggestion: str = ""
    severity: str = WARNING

    def __str__(self) -> str:
        suggestion = f" — {self.suggestion}" if self.suggestion else ""
        return f"{self.path}:{self.line}: {self.rule} ({self.severity}): {self.message}{suggestion}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "line": self.line,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }
