"""The record of what a release checked, kept in the release itself.

`guide release` runs the checks through `run_checks`, which notes each one's
counts (pages checked, links checked and broken, prose errors...). The record
is written to `release-checks/VERSION.json` and committed with the release's
changelog, so the tag carries it and every later build can show it on the
Releases page (`guide.releases.releases_page`). A release made with `--skip-checks` gets a
record that says so, and nothing else.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

FOLDER = "release-checks"
SKIPPED_REASON = (
    "The checks were skipped (--skip-checks): nobody ran them before this release was published."
)


@dataclass
class Check:
    name: str  # what a reader is told, e.g. "Internal links"
    command: str  # what was run, as a person would type it
    ran: bool = True
    passed: bool = True
    counts: dict[str, int] = field(default_factory=dict)  # label -> number, in order
    note: str = ""  # why it did not run, or anything a reviewer should know


@dataclass
class Record:
    version: str
    commit: str  # the commit that was checked
    checked_on: str  # ISO date
    skipped: bool = False
    note: str = ""
    checks: list[Check] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Record:
        data = json.loads(text)
        checks = [Check(**item) for item in data.pop("checks", [])]
        return cls(**data, checks=checks)


def record_path(version: str) -> str:
    """Where a release's record lives in the repository, relative to its root."""
    return f"{FOLDER}/{version}.json"


def skipped_record(version: str, commit: str, today: date) -> Record:
    return Record(version, commit, today.isoformat(), skipped=True, note=SKIPPED_REASON)


def read_records(root: Path) -> dict[str, Record]:
    """Every record in the working tree's release-checks/ folder, by version."""
    folder = root / FOLDER
    found: dict[str, Record] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            record = Record.from_json(path.read_text(encoding="utf-8"))
        except (ValueError, TypeError, KeyError):
            continue  # a damaged record is left out rather than stopping the build
        found[record.version] = record
    return found


def write_record(root: Path, record: Record) -> Path:
    path = root / record_path(record.version)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(record.to_json(), encoding="utf-8")
    return path


# Running the checks and counting what they did ------------------------------------------

_CHECK_PASSED = re.compile(r"All (\d+) files passed")
_CHECK_FAILED = re.compile(r"(\d+) problems? in \d+ of (\d+) files")


def check_counts(output: str) -> dict[str, int]:
    """`guide check`'s summary line as counts."""
    passed = _CHECK_PASSED.search(output)
    if passed:
        return {"files checked": int(passed[1]), "problems": 0}
    failed = _CHECK_FAILED.search(output)
    if failed:
        return {"files checked": int(failed[2]), "problems": int(failed[1])}
    return {}


def links_counts(report: dict) -> dict[str, int]:
    """A `guide links --json` report as counts."""
    summary = report.get("summary", {})
    return {
        "links checked": int(report.get("links", 0)),
        "addresses checked": int(report.get("urls", 0)),
        "broken": int(summary.get("broken", 0)),
        "to check by hand": int(summary.get("check by hand", 0)),
    }


def prose_counts(report: dict) -> dict[str, int]:
    return {
        "pages checked": int(report.get("checked", 0)),
        "errors": int(report.get("errors", 0)),
        "warnings": int(report.get("warnings", 0)),
    }


def built_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def run_checks(runner, workdir: Path, version: str, commit: str, today: date) -> Record:
    """Run every check as a step of the release and return what each one found.

    `runner` is the release's Runner: each command is printed, and the first
    that fails stops the release (StepFailed), as before.
    """
    python = sys.executable
    guide = [python, "-m", "guide.cli"]
    site = workdir / "checked-site"
    record = Record(version, commit, today.isoformat())
    dry = runner.dry_run

    output = runner.run([*guide, "check"], echo=True)
    record.checks.append(
        Check("Pages and case studies", "guide check", counts=check_counts(output))
    )

    runner.run([python, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)])
    record.checks.append(
        Check(
            "Strict build",
            "mkdocs build --strict",
            counts={} if dry else {"pages built": built_pages(site)},
        )
    )
    # The link checks read the site just built instead of building it twice more.
    for kind, name in (("internal", "Internal links"), ("external", "External links")):
        report = workdir / f"links-{kind}.json"
        command = [*guide, "links", f"--{kind}", "--site", str(site), "--json", str(report)]
        runner.run(command, echo=True)
        counts = {} if dry else links_counts(_json(report))
        record.checks.append(Check(name, f"guide links --{kind}", counts=counts))

    prose = runner.run([*guide, "prose", "--format", "json"])
    counts = {} if dry else prose_counts(_loads(prose))
    record.checks.append(Check("Prose", "guide prose", counts=counts))
    if not dry:
        runner.say(
            f"prose: {counts.get('errors', 0)} errors, {counts.get('warnings', 0)} warnings "
            f"in {counts.get('pages checked', 0)} pages"
        )

    record.checks.append(accessibility_check(runner, site))
    return record


def _loads(text: str) -> dict:
    try:
        return json.loads(text)
    except ValueError:
        return {}


def accessibility_check(runner, site: Path) -> Check:
    """axe-core over every page of the checked site, when a browser is there to run it."""
    from guide.releases import accessibility_crawl

    name, command = "Accessibility", "guide release: axe-core on every page"
    if runner.dry_run:
        runner.say(f"$ {command}")
        return Check(name, command)
    missing = accessibility_crawl.missing()
    if missing:
        runner.say(f"accessibility crawl not run: {missing}")
        return Check(name, command, ran=False, passed=False, note=f"Not run: {missing}.")
    runner.say(f"$ {command}")
    result = accessibility_crawl.crawl(site)
    counts = {"pages crawled": result.pages, "violations": len(result.violations)}
    for line in result.violations[:25]:
        runner.say(f"  {line}")
    if result.violations:
        from guide.releases.publish import StepFailed

        raise StepFailed(
            f"axe-core found {len(result.violations)} accessibility violations in "
            f"{result.pages} pages"
        )
    return Check(name, command, counts=counts)
