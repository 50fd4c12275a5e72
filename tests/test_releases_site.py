"""What reviewers see of each release on the site: the Releases page, a readable What
changed, each page's history and the record of each release's checks (issue 23).

Two releases in a scratch repository (tests/versioned_repo.py), both made with
--skip-checks, then a third, in a copy, made with the checks.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT
from guide.releases import release_checks
from versioned_repo import (
    FIRST,
    SECOND,
    Published,
    add_unreleased_note,
    copy_repo,
    environment,
    git,
    published,
)

NOTE = "Event checklist: an 'After the event' section."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return published(tmp_path_factory)


def page(site: Published, path: str):
    """A page on gh-pages, parsed."""
    return lxml.html.fromstring(git(site.repo, "show", f"gh-pages:{path}"))


def exists(site: Published, path: str) -> bool:
    """Whether an address on gh-pages leads to a file (folders to their index.html)."""
    path = path.split("#")[0]
    if path.endswith("/") or path == "":
        path += "index.html"
    listing = git(site.repo, "ls-tree", "--name-only", "gh-pages", "--", path)
    return listing == path


def resolve(from_page: str, href: str) -> str:
    """An address relative to a page on gh-pages, as a path from its root."""
    base = posixpath.dirname(from_page) + "/"
    joined = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    return joined + ("/" if href.split("#")[0].endswith("/") else "")


def words(element) -> str:
    return " ".join(element.text_content().split())


# The Releases page ------------------------------------------------------------------------


def test_the_releases_page_shows_both_releases_notes_with_working_links(site: Published) -> None:
    where = f"{SECOND}/about/releases/index.html"
    doc = page(site, where)
    second = doc.get_element_by_id("release-2026-2")
    assert doc.get_element_by_id("release-2026-1") is not None
    assert words(second).startswith(f"Version {SECOND}")
    headings = [words(h).rstrip("¶").strip() for h in doc.iter("h2")]
    assert headings.index(f"Version {SECOND}") < headings.index(f"Version {FIRST}")
    text = words(doc.body)
    assert NOTE in text  # the second release's notes
    assert "Versioned releases with mike" in text  # the first release's notes
    assert "Not released yet" not in text
    for version in (SECOND, FIRST):
        hrefs = {
            a.get("href")
            for a in doc.iter("a")
            if words(a) in (f"version {version} of the guide", f"what changed in version {version}")
        }
        assert hrefs == {f"../../../{version}/", f"../../../{version}/what-changed/"}
        for href in hrefs:
            assert exists(site, resolve(where, href)), href
    # The link in the changelog to the published site is left out: the page links itself.
    assert "https://digital-engagement-guide.github.io" not in "".join(
        a.get("href") or "" for a in doc.iter("a") if "what-changed" in (a.get("href") or "")
    )
    # The first version's Releases page knows nothing of the second.
    older = words(page(site, f"{FIRST}/about/releases/index.html").body)
    assert f"Version {FIRST}" in older and f"Version {SECOND}" not in older
    assert NOTE not in older


def test_the_releases_page_is_in_the_about_section(site: Published) -> None:
    about = git(site.repo, "show", f"gh-pages:{SECOND}/about/index.html")
    assert 'href="releases/"' in about


# What changed ---------------------------------------------------------------------------

MARKDOWN = re.compile(r"\]\(|\[[^\]]*\]|^\s*[-*+] |^#+ |\*\*|`|\.md\b", re.M)


def _marks(diff) -> list[tuple[str, str]]:
    found = []
    for mark in diff.iter("ins", "del"):
        for hidden in mark.find_class("guide-visually-hidden"):
            hidden.drop_tree()
        found.append((mark.tag, words(mark)))
    return found


def test_what_changed_shows_the_text_readers_see_with_marks_on_the_words_changed(
    site: Published,
) -> None:
    doc = page(site, f"{SECOND}/what-changed/index.html")
    diffs = doc.find_class("guide-diff")
    assert diffs
    for diff in diffs:
        diff = lxml.html.fromstring(lxml.html.tostring(diff))  # a copy to take the labels from
        for label in [*diff.find_class("guide-visually-hidden"), *diff.find_class("gap")]:
            label.drop_tree()  # "[added: …]" for screen readers, "[…]" for text left out
        text = "\n".join(" ".join(b.text_content().split()) for b in diff.iter("p", "li"))
        assert not MARKDOWN.search(text), text
    checklist = doc.get_element_by_id("page-start-checklist")
    section = []
    for sibling in checklist.itersiblings():
        if sibling.tag in ("h2", "h3"):
            break
        section.append(sibling)
    marks = [m for el in section for d in el.find_class("guide-diff") for m in _marks(d)]
    assert marks == [
        ("del", "date."),
        ("ins", "time."),
        ("ins", "guidance"),
        ("del", "Print every reply and file it in a folder."),
        ("ins", "Thank the people who took part and say what happens next."),
    ]
    # The list stays a list, and the link is its words.
    items = [words(li) for el in section for li in el.iter("li")]
    assert "Get the panel" in items
    assert any(item.startswith("Read data protection") for item in items)
    # Screen readers are told where each change starts.
    html = git(site.repo, "show", f"gh-pages:{SECOND}/what-changed/index.html")
    assert '<del class="critic"><span class="guide-visually-hidden">[removed: </span>date.' in html
    # Each changed page links to itself in both versions.
    hrefs = [a.get("href") for el in section for a in el.iter("a")]
    assert "../start/checklist/" in hrefs and f"../../{FIRST}/start/checklist/" in hrefs


# Page history ---------------------------------------------------------------------------


def _history(site: Published, path: str):
    doc = page(site, path)
    heading = doc.get_element_by_id("guide-page-history")
    return heading.getparent()


def test_the_changed_pages_history_lists_the_second_release_and_links_to_its_section(
    site: Published,
) -> None:
    where = f"{SECOND}/start/checklist/index.html"
    history = _history(site, where)
    items = [li for li in history.iter("li") if li.getparent().getparent() is history]
    assert [words(li).split(":")[0] for li in items] == [
        f"Version {SECOND} ({_day(site, SECOND)})",
        f"Version {FIRST} ({_day(site, FIRST)})",
    ]
    assert "Changed in this release" in words(items[0])
    assert NOTE in words(items[0])  # the note that names the page
    (link,) = [a for a in items[0].iter("a")]
    href = link.get("href")
    assert href == f"../../../{SECOND}/what-changed/#page-start-checklist"
    target = page(site, resolve(where, href) + "index.html")
    assert words(target.get_element_by_id("page-start-checklist")).startswith("Event checklist")
    assert "First published in this release" in words(items[1])


def test_an_unchanged_pages_history_does_not_list_the_second_release(site: Published) -> None:
    history = words(_history(site, f"{SECOND}/plan/objectives/index.html"))
    assert f"Version {FIRST}" in history
    assert f"Version {SECOND}" not in history


def test_a_moved_page_keeps_its_history(site: Published) -> None:
    history = words(_history(site, f"{SECOND}/start/notes-from-meetings/index.html"))
    assert f"Version {SECOND}" in history and "Moved in this release" in history
    assert f"Version {FIRST}" in history


def _day(site: Published, version: str) -> str:
    when = git(site.repo, "for-each-ref", "--format=%(creatordate:short)", f"refs/tags/v{version}")
    from datetime import date

    return f"{date.fromisoformat(when):%-d %B %Y}"


# The record of each release's checks ---------------------------------------------------


def test_a_release_made_with_skip_checks_says_so(site: Published) -> None:
    record = json.loads(git(site.repo, "show", f"v{SECOND}:release-checks/{SECOND}.json"))
    assert record["skipped"] is True and record["checks"] == []
    assert "skipped" in record["note"]
    doc = page(site, f"{SECOND}/about/releases/index.html")
    assert "Checks skipped." in words(doc.get_element_by_id("release-2026-2").getnext().getnext())
    table = doc.get_element_by_id("release-checks").getnext()
    while table.tag != "table" and not table.findall(".//table"):
        table = table.getnext()
    rows = {words(tr[0]): [words(td) for td in tr[1:]] for tr in table.iter("tr")}
    assert rows["Check"] == [SECOND, FIRST]
    assert rows["Checks"] == ["skipped", "skipped"]
    assert rows["Internal links broken"] == ["skipped", "skipped"]


def test_a_release_made_with_checks_records_each_check_with_its_counts(
    site: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guide.releases.publish import Runner
    from guide.releases.release import Options, Release

    repo = copy_repo(site.repo, tmp_path)
    add_unreleased_note(repo, "Meeting notes: shorter.")
    # The prose check reads the Markdown lint's settings from the project's root.
    shutil.copy2(ROOT / ".pymarkdown.yml", repo / ".pymarkdown.yml")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "More")
    for name, value in environment(tmp_path / "home").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(
        "guide.releases.accessibility_crawl.CHROMIUM", str(tmp_path / "no-chromium")
    )

    class Offline(Runner):
        def run(self, command, shown=None, echo=False):
            if "--external" in command:
                command = [*command, "--no-site", "--files", "docs/start/checklist.md"]
            return super().run(command, shown, echo)

    lines: list[str] = []
    release = Release(Options(version="2026.3", repo=repo), Offline(repo, out=lines.append))
    assert release.execute() == 0, "\n".join(lines)

    record = release_checks.Record.from_json(
        git(repo, "show", "v2026.3:release-checks/2026.3.json")
    )
    assert record.skipped is False
    assert record.commit == git(repo, "rev-parse", "v2026.3^{commit}~1")
    checks = {c.name: c for c in record.checks}
    assert list(checks) == [
        "Pages and case studies",
        "Strict build",
        "Internal links",
        "External links",
        "Prose",
        "Accessibility",
    ]
    assert checks["Pages and case studies"].counts["files checked"] > 50
    assert checks["Pages and case studies"].counts["problems"] == 0
    assert checks["Strict build"].counts["pages built"] > 50
    assert checks["Internal links"].counts["links checked"] > 100
    assert checks["Internal links"].counts["broken"] == 0
    assert checks["External links"].counts["broken"] == 0
    assert checks["Prose"].counts["pages checked"] > 50 and checks["Prose"].counts["errors"] == 0
    assert checks["Accessibility"].ran is False and "no Chromium" in checks["Accessibility"].note

    releases = lxml.html.fromstring(git(repo, "show", "gh-pages:2026.3/about/releases/index.html"))
    table = next(t for t in releases.iter("table") if "Commit checked" in words(t))
    rows = {words(tr[0]): [words(td) for td in tr[1:]] for tr in table.iter("tr")}
    assert rows["Check"] == ["2026.3", SECOND, FIRST]
    assert rows["Checks"][0] == f"ran on {record.checked_on}" and rows["Checks"][1] == "skipped"
    internal = checks["Internal links"].counts["links checked"]
    assert rows["Internal links checked"][0] == f"{internal:,}"
    assert rows["Accessibility violations"][0] == "not run"
