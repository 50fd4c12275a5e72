"""links-ignore.yml: the external links the check skips, each with its reason.

    - pattern: https://www.example.com/members/*
      reason: Members-only pages answer 403 to every visitor who is not signed in

A pattern is a full address, or an address with `*` standing for any text.
An entry without a reason is an error: every skipped link must say why.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

from guide.problems import Problem

FILE_NAME = "links-ignore.yml"
_KEYS = {"pattern", "reason"}


@dataclass(frozen=True)
class IgnoreRule:
    pattern: str
    reason: str
    line: int

    def matches(self, url: str) -> bool:
        page = url.split("#", 1)[0]
        if "*" in self.pattern:
            return fnmatchcase(url, self.pattern) or fnmatchcase(page, self.pattern)
        return self.pattern in (url, page)


def _problem(path: Path, line: int, message: str, fix: str) -> Problem:
    return Problem(path, line, "links-ignore", message, fix)


def load_ignore(path: Path) -> tuple[list[IgnoreRule], list[Problem]]:
    """The rules, or every problem in the file. A missing file means no rules."""
    if not path.is_file():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [], [_problem(path, line, f"invalid YAML: {exc}", "check the syntax on this line")]
    if node is None:
        return [], []
    if not isinstance(node, yaml.SequenceNode):
        return [], [
            _problem(
                path,
                node.start_mark.line + 1,
                "the file must be a list of entries",
                "write each entry as '- pattern: ...' with a 'reason: ...' line below it",
            )
        ]
    rules, problems = [], []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(
                _problem(
                    path,
                    line,
                    "an entry is not 'pattern' and 'reason'",
                    "write '- pattern: URL' then '  reason: why'",
                )
            )
            continue
        entry = {str(k.value): v for k, v in item.value}
        for key in sorted(set(entry) - _KEYS):
            problems.append(
                _problem(path, line, f"unknown key '{key}'", "use only 'pattern' and 'reason'")
            )
        pattern = entry.get("pattern")
        reason = entry.get("reason")
        pattern_text = str(pattern.value).strip() if isinstance(pattern, yaml.ScalarNode) else ""
        reason_text = str(reason.value).strip() if isinstance(reason, yaml.ScalarNode) else ""
        if not pattern_text:
            problems.append(
                _problem(
                    path,
                    line,
                    "an entry has no pattern",
                    "add 'pattern: https://...' (use * for any text)",
                )
            )
        if not reason_text:
            problems.append(
                _problem(
                    path,
                    line,
                    f"the entry for '{pattern_text or '?'}' has no reason",
                    "add 'reason: ...' saying why the link cannot be checked automatically",
                )
            )
        if pattern_text and reason_text:
            rules.append(IgnoreRule(pattern_text, reason_text, line))
    return rules, problems


def rule_for(url: str, rules: list[IgnoreRule]) -> IgnoreRule | None:
    return next((rule for rule in rules if rule.matches(url)), None)
