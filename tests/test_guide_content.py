"""The guide itself: every section and page exists, is long enough, readable and cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from guide.content.check import check_docs, is_case_study
from guide.prose.readability import page_stats

DOCS = ROOT / "docs"
SECTIONS = {
    "start": ["what-is-digital-engagement", "who-this-guide-is-for", "how-to-use-this-guide", "principles"],
    "plan": [
        "objectives", "audience", "choose-a-channel", "roles-and-resources", "approvals-and-risk",
        "civil-service-code-online", "pre-election-periods", "accessibility", "data-protection",
        "records-management",
    ],
    "channels": [
        "blogs", "social-media", "webchats", "consultations", "events-and-hashtags", "microsites",
        "video-and-live-streaming", "email-newsletters", "online-communities",
    ],
    "run": ["moderation", "responding-and-escalating", "keeping-momentum", "press-and-communications"],
    "measure": ["what-to-measure", "evaluation", "reporting", "doing-better-next-time"],
    "capability": ["social-media-guidelines", "training-and-support", "coach-and-cheerleader", "senior-sponsorship"],
    "toolkit": [
        "engagement-plan", "channel-chooser", "webchat-run-sheet", "conference-hashtag-plan", "risk-log",
        "evaluation-template",
    ],
    "about": ["acknowledgements", "licence", "how-this-guide-is-maintained", "accessibility-statement", "privacy"],
}  # fmt: skip
GUIDANCE_SECTIONS = ("start", "plan", "channels", "run", "measure", "capability")
URL = re.compile(r"https?://[^\s)>\]`\"]+")


def _section_pages(section: str) -> list[Path]:
    return [DOCS / section / "index.md"] + [
        DOCS / section / f"{slug}.md" for slug in SECTIONS[section]
    ]


SEARCH_PAGE = "search.md"


def _guide_pages() -> list[Path]:
    docs = sorted(DOCS.rglob("*.md"))
    return [
        p for p in docs if "_snippets" not in p.parts and not is_case_study(p.relative_to(DOCS))
    ]


GUIDANCE_PAGES = [p for s in GUIDANCE_SECTIONS for p in _section_pages(s)]


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_and_page_exists(section: str) -> None:
    missing = [str(p.relative_to(ROOT)) for p in _section_pages(section) if not p.is_file()]
    assert missing == []


def test_home_glossary_and_abbreviations_exist() -> None:
    for path in ("index.md", "glossary.md", "contribute/index.md", "case-studies/index.md"):
        assert (DOCS / path).is_file(), path
    abbreviations = (DOCS / "_snippets" / "abbreviations.md").read_text()
    assert len(re.findall(r"^\*\[[^\]]+\]: \S", abbreviations, re.M)) >= 20


def test_every_page_has_a_title_and_a_description() -> None:
    result = check_docs(DOCS, root=ROOT)
    for page in result.pages:
        if is_case_study(page.path.relative_to("docs")):
            assert page.meta.get("summary"), page.path
        else:
            assert page.meta.get("description"), page.path
        assert page.meta.get("title"), page.path


def test_there_are_enough_pages_and_words() -> None:
    pages = _guide_pages()
    words = sum(page_stats(p).words for p in pages)
    assert len(pages) >= 25, f"{len(pages)} guide pages"
    assert words >= 18_000, f"{words} words in {len(pages)} guide pages"


@pytest.mark.parametrize("path", GUIDANCE_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_guidance_page_shape(path: Path) -> None:
    text = path.read_text()
    stats = page_stats(path)
    assert stats.words >= 450, f"{stats.words} words of guidance"
    body = text.split("---", 2)[2]
    first = next(line for line in body.splitlines() if line.strip())
    assert "help" in first.lower(), f"should open with what it helps you do: {first[:80]}"
    assert "\n## Checklist" in body and "- [ ]" in body, "needs a '## Checklist' with task items"
    assert "\n## Further reading" in body, "needs '## Further reading'"
    reading = body.split("\n## Further reading", 1)[1]
    assert URL.search(reading), "Further reading must cite at least one reference"


@pytest.mark.parametrize("path", _guide_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_readability(path: Path) -> None:
    stats = page_stats(path)
    worst = stats.longest
    where = f"{path.relative_to(ROOT)}: worst sentence (line {worst.line if worst else '-'}, {worst.words if worst else 0} words): {worst.text if worst else ''}"
    assert stats.average_sentence <= 20, (
        f"average sentence {stats.average_sentence:.1f} words. {where}"
    )
    assert worst is None or worst.words <= 35, where
    assert stats.grade <= 10, f"Flesch-Kincaid grade {stats.grade:.1f}. {where}"


def _nav_depths(nav: list, depth: int = 1) -> dict[str, int]:
    found: dict[str, int] = {}
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found.update(_nav_depths(value, depth + 1))
        else:
            found[value] = depth
    return found


def test_every_page_is_within_three_clicks_of_home() -> None:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    depths = _nav_depths(config["nav"])
    for path in _guide_pages():
        uri = path.relative_to(DOCS).as_posix()
        if uri == SEARCH_PAGE:
            # The search box at the top of every page leads there: it needs no menu entry.
            assert f"/{uri}" in config["not_in_nav"].split()
            continue
        assert uri in depths, f"{uri} is not in the navigation"
        # Section index (1 click) then page (2 clicks); nested sections must not go deeper.
        assert depths[uri] <= 2, f"{uri} is {depths[uri]} levels deep"
