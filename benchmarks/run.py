"""`make bench`: run every benchmark, write the report, fail when a target is missed.

    .venv/bin/python benchmarks/run.py            # everything (about 10 minutes here)
    .venv/bin/python benchmarks/run.py --quick    # small sizes, to try the machinery

The report goes to benchmarks/results/report.md and report.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import site_bench  # noqa: E402

RESULTS = HERE / "results"
TOOLS = ("mkdocs", "mkdocs-material", "pymdown-extensions", "mike", "linkcheckmd", "playwright")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def machine() -> dict:
    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=False
    )
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": chromium.stdout.strip() or "not installed",
        **{tool: metadata.version(tool) for tool in TOOLS},
    }


PREVIEW_AT, BARE_AT = 300, 500
LINE_LIMIT = 7500  # scripts/ as a whole (issue 20); what existed then shrinks by a third
LINES_BEFORE = 9875


def scripts_lines() -> int:
    return sum(len(p.read_text().splitlines()) for p in (HERE.parent / "scripts").rglob("*.py"))


def site_benchmarks(sizes: list[int], work: Path, log) -> dict:
    out: dict = {"builds": {}, "bare": {}, "preview": {}, "checks": {}}
    guide = [str(site_bench.BIN / "guide")]
    base = site_bench.make_project(work / "n0", 0)
    log("build: real site only")
    out["builds"]["0"] = site_bench.build(base)
    for size in sizes:
        project = site_bench.make_project(work / f"n{size}", size)
        log(f"build: {size} case studies")
        out["builds"][str(size)] = site_bench.build(project)
        out["checks"][str(size)] = {
            "guide_check_s": site_bench.command_time([*guide, "check"], project),
            "links_internal_s": site_bench.command_time(
                [*guide, "links", "--internal", "--site", str(project / "site")], project
            ),
        }
        if size == PREVIEW_AT or (size == sizes[0] and PREVIEW_AT not in sizes):
            log(f"preview (make serve: mkdocs serve --strict): {size} case studies")
            out["preview"][str(size)] = site_bench.preview(project, ["--strict"])
        if size == BARE_AT or (size == sizes[-1] and BARE_AT not in sizes):
            log(f"bare build: {size} case studies")
            out["bare"][str(size)] = site_bench.build(project, str(site_bench.bare_config(project)))
    return out


def targets(report: dict, sizes: list[int]) -> list[dict]:
    """Each target with its measured value and whether it was met."""
    builds, small, large = report["site"]["builds"], str(sizes[0]), str(sizes[-1])
    base = builds["0"]["seconds"]

    def per_study(size: str) -> float:
        return (builds[size]["seconds"] - base) / int(size)

    found = []

    def add(name: str, value: float, limit: float, unit: str = "") -> None:
        found.append(
            {
                "target": name,
                "value": round(value, 3),
                "limit": limit,
                "unit": unit,
                "met": value <= limit,
            }
        )

    add(
        f"marginal build time per case study at {large} / at {small}",
        per_study(large) / per_study(small),
        1.2,
        "x",
    )
    add(f"case-study page HTML at {large} / at {small} (same page)",
        builds[large]["first_case_study_kb"] / builds[small]["first_case_study_kb"], 1.02, "x")  # fmt: skip
    add(f"peak memory of a build at {large}", builds[large]["peak_mb"], 1024, "MB")
    for size, bare in report["site"]["bare"].items():
        add(
            f"project build / bare build at {size}",
            builds[size]["seconds"] / bare["seconds"],
            1.5,
            "x",
        )
    for size, preview in report["site"]["preview"].items():
        add(f"preview: rebuilds while idle at {size}", preview["idle_rebuilds"], 0, "")
        add(f"preview: edit shown at {size} (median of 3)", preview["median_s"], 2.0, "s")
    lines = report["scripts_lines"]
    add("lines in scripts/", lines, LINE_LIMIT, "")
    add("lines in scripts/ / before issue 20", lines / LINES_BEFORE, 2 / 3, "x")
    checks = report["site"]["checks"][large]
    add(f"guide check at {large}", checks["guide_check_s"], 2.0, "s")
    add(f"guide links --internal at {large}", checks["links_internal_s"], 5.0, "s")
    for budget in report.get("reader", {}).get("budgets", []):
        found.append(budget)
    return found


def markdown(report: dict) -> str:
    lines = [
        "# Benchmark report",
        "",
        f"Run {report['started']} on {report['machine']['cores']} cores; took {report['minutes']} minutes.",
        "",
        "| Tool | Version |",
        "| --- | --- |",
        *(f"| {k} | {v} |" for k, v in report["machine"].items()),
        "",
        "## Targets",
        "",
        "| Target | Measured | Limit | Met |",
        "| --- | --- | --- | --- |",
        *(
            f"| {t['target']} | {t['value']} {t.get('unit', '')} | {t['limit']} {t.get('unit', '')} | {'yes' if t['met'] else '**no**'} |"
            for t in report["targets"]
        ),
        "",
        "## Builds (cold, strict, median of 3)",
        "",
        "| Case studies | Seconds | Peak MB | Output MB | First case study KB | Largest case study KB | Search index KB | gzip KB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, b in report["site"]["builds"].items():
        lines.append(
            f"| {size} | {b['seconds']} | {b['peak_mb']} | {b['output_mb']} | {b['first_case_study_kb']} | "
            f"{b['largest_case_study_kb']} | {b['search_index_kb']} | {b['search_index_gzip_kb']} |"
        )
    lines += ["", "## Bare MkDocs + Material (no hooks, overrides or validation)", "",
              "| Case studies | Seconds | Peak MB | Output MB |", "| --- | --- | --- | --- |"]  # fmt: skip
    lines += [
        f"| {s} | {b['seconds']} | {b['peak_mb']} | {b['output_mb']} |"
        for s, b in report["site"]["bare"].items()
    ]
    lines += ["", "## Contributor preview (`mkdocs serve --strict`, as `make serve`)", "",
              "| Site | First build s | Rebuilds while idle | Edit shown s | Median s |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    lines += [f"| {s} | {p['first_build_s']} | {p['idle_rebuilds']} | {', '.join(map(str, p['edit_shown_s']))} | {p['median_s']} |"
              for s, p in report["site"]["preview"].items()]  # fmt: skip
    lines += ["", "## Checks a contributor waits for (median of 3)", "",
              "| Case studies | guide check s | guide links --internal s |", "| --- | --- | --- |"]  # fmt: skip
    lines += [
        f"| {s} | {c['guide_check_s']} | {c['links_internal_s']} |"
        for s, c in report["site"]["checks"].items()
    ]
    for section in ("reader",):
        if section in report:
            lines += [
                "",
                f"## {section.capitalize()}",
                "",
                "```json",
                json.dumps(report[section], indent=2),
                "```",
            ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="20 and 60 case studies, one repeat: a smoke run"
    )
    args = parser.parse_args(argv)
    sizes = [20, 60] if args.quick else [100, PREVIEW_AT, BARE_AT, 2000]
    started = time.time()

    def log(message: str) -> None:
        print(f"[{time.time() - started:6.0f} s] {message}", flush=True)

    report: dict = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as work:
        report["site"] = site_benchmarks(sizes, Path(work), log)
    report["scripts_lines"] = scripts_lines()
    log("reader budgets")
    if (HERE / "reader_bench.py").is_file():
        report["reader"] = _load("reader_bench").run()
    else:
        report["reader"] = {"budgets": [{"target": "reader budgets", "value": "not measured",
                                         "limit": "benchmarks/reader_bench.py", "met": False}]}  # fmt: skip
    report["minutes"] = round((time.time() - started) / 60, 1)
    report["targets"] = targets(report, sizes)
    RESULTS.mkdir(exist_ok=True)
    name = "quick" if args.quick else "report"
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown(report))
    missed = [t for t in report["targets"] if not t["met"]]
    for t in report["targets"]:
        print(f"{'ok  ' if t['met'] else 'MISS'} {t['target']}: {t['value']} (limit {t['limit']})")
    print(f"Report: {RESULTS / name}.md ({report['minutes']} minutes)")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
