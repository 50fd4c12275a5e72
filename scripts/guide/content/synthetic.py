"""Synthetic case studies for benchmarks: valid by the real schema, about 600 words each.

The text is filler built from a fixed word list with a seeded generator, so the
same count always gives the same files. It is never published.
"""

from __future__ import annotations

import random
from pathlib import Path

from guide.content.vocabulary import (
    CASE_STUDY_HEADINGS,
    CHANNELS,
    EVIDENCE,
    REGIONS,
    THEMES,
    channel_page,
)

_WORDS = [
    "team",
    "public",
    "online",
    "policy",
    "people",
    "question",
    "answer",
    "plan",
    "week",
    "chat",
    "post",
    "blog",
    "share",
    "listen",
    "reply",
    "local",
    "service",
    "group",
    "event",
    "draft",
    "review",
    "partner",
    "staff",
    "record",
    "report",
    "learn",
    "test",
    "idea",
    "change",
    "open",
    "clear",
    "short",
    "simple",
    "early",
    "later",
    "small",
    "large",
    "first",
    "last",
    "next",
    "useful",
    "careful",
    "honest",
]
_ORGS = [f"Example organisation {n}" for n in range(1, 41)]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 14))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def case_study(number: int, seed: int = 2026) -> tuple[str, str]:
    """(file name, Markdown) for synthetic case study `number`."""
    rng = random.Random(seed * 100_003 + number)  # noqa: S311 - seeded, for the same files every time
    channels = rng.sample(list(CHANNELS), rng.randint(1, 3))
    themes = rng.sample(list(THEMES), rng.randint(1, 3))
    start = rng.randint(2008, 2024)
    period = str(start) if rng.random() < 0.5 else f"{start}-{start + rng.randint(1, 2)}"
    orgs = rng.sample(_ORGS, rng.randint(1, 2))
    front = "\n".join(
        [
            "---",
            f"title: Synthetic case study {number:05d}",
            f"summary: {_sentence(rng)}",
            "organisations:",
            *(f"  - {org}" for org in orgs),
            "channels:",
            *(f"  - {c}" for c in channels),
            "themes:",
            *(f"  - {t}" for t in themes),
            f"period: {period}",
            "status: published",
            f"evidence: {rng.choice(sorted(EVIDENCE))}",
            f"region: {rng.choice(sorted(REGIONS))}",
            "contact: Benchmark team",
            "sources:",
            "  - title: Synthetic source for benchmarking",
            "owner: Benchmark team",
            "last_reviewed: 2026-11-01",
            "review_in: 6 months",
            "---",
        ]
    )
    sections = []
    for heading in CASE_STUDY_HEADINGS:
        body = _paragraph(rng, 6)
        if heading == "What they did":
            links = ", ".join(f"[{CHANNELS[c]}](../{channel_page(c)})" for c in channels)
            body += f"\n\nThey used these channels: {links}."
        if heading == "What they learned":
            body += f'\n\n!!! tip "What worked"\n\n    {_paragraph(rng, 2)}'
        if heading == "Sources":
            body = "- Synthetic source for benchmarking."
        sections.append(f"## {heading}\n\n{body}\n")
    return f"synthetic-case-study-{number:05d}.md", front + "\n\n" + "\n".join(sections)


def write_case_studies(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, count + 1):
        name, text = case_study(number, seed)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
