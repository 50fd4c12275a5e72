"""What the build changes in each page for readers: checklists, short forms, skip link, print."""

from __future__ import annotations

import pytest

from guide.site.abbreviations import focusable_first_use
from guide.site.printing import Section, add_print_urls, slug, whole_guide
from guide.site.skip_link import skip_to_content
from guide.site.tasklists import hide_decorative_checkboxes


def test_checklist_boxes_are_hidden_from_screen_readers_and_ticks_kept_in_words() -> None:
    html = (
        '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
        '<span class="task-list-indicator"></span></label> Plan</li>'
        '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled checked/>'
        '<span class="task-list-indicator"></span></label> Done</li>'
    )
    out = hide_decorative_checkboxes(html)
    assert out.count('<label class="task-list-control" aria-hidden="true">') == 2
    assert out.count("Done: </span>") == 1
    assert out.index("Done: ") > out.index("checked/>")


def test_the_first_use_of_each_short_form_takes_focus_outside_links() -> None:
    html = (
        '<p><abbr title="Government Statistical Service">GSS</abbr> and '
        '<abbr title="Government Statistical Service">GSS</abbr>, '
        '<a href="x/"><abbr title="Department for Business">BIS</abbr></a>, '
        '<abbr title="Department for Business">BIS</abbr></p>'
    )
    out = focusable_first_use(html)
    assert out.count('tabindex="0"') == 2
    assert out.startswith('<p><abbr tabindex="0" title="Government Statistical Service">GSS</abbr>')
    assert '<a href="x/"><abbr title="Department for Business">BIS</abbr></a>' in out
    assert out.endswith('<abbr tabindex="0" title="Department for Business">BIS</abbr></p>')


def test_the_skip_link_leads_to_the_start_of_the_content() -> None:
    html = (
        '<div data-md-component="skip">\n  <a href="#first-heading" class="md-skip">\n'
        "    Skip to content\n  </a>\n</div>"
        '<main><article class="md-content__inner md-typeset"><h1>Title</h1></article></main>'
    )
    out = skip_to_content(html)
    assert '<a href="#main-content" class="md-skip">Skip to content</a>' in out
    assert (
        '<article class="md-content__inner md-typeset"><span id="main-content"></span><h1>' in out
    )
    # A page without a table of contents had no link at all: it gets one.
    bare = html.replace(
        '<a href="#first-heading" class="md-skip">\n    Skip to content\n  </a>', ""
    )
    assert '<a href="#main-content" class="md-skip">Skip to content</a>' in skip_to_content(bare)
    with pytest.raises(ValueError):
        skip_to_content("<main><article>No theme markup</article></main>")


def test_links_carry_their_full_address_for_print() -> None:
    html = (
        '<p><a href="../audience/">your audience</a>, <a href="https://gov.uk/x">GOV.UK</a>, '
        '<a href="#here">here</a>, <a href="https://gov.uk/y">https://gov.uk/y</a>, '
        '<a class="headerlink" href="#t">¶</a>, <code>&lt;a href="../no/"&gt;</code></p>'
    )
    out = add_print_urls(html, "plan/objectives/", "https://example.org/guide/")
    assert (
        '<a href="../audience/" data-print-url="https://example.org/guide/plan/audience/">' in out
    )
    # An absolute address is printed from href itself; an empty data-print-url marks a link
    # whose text already is its address. In-page links are left alone.
    assert '<a href="https://gov.uk/x">GOV.UK</a>' in out
    assert '<a href="https://gov.uk/y" data-print-url="">https://gov.uk/y</a>' in out
    assert out.count("data-print-url") == 2
    assert '<code>&lt;a href="../no/"&gt;</code>' in out


def test_the_whole_guide_joins_pages_with_unique_ids_and_working_links() -> None:
    pages = [
        Section("", "Home", '<h2 id="intro">Intro</h2><p><a href="plan/#steps">Steps</a></p>'),
        Section(
            "plan/",
            "Plan",
            '<h2 id="steps">Steps</h2><p>See<sup id="fnref:1"><a href="#fn:1">1</a></sup> '
            '<a href="../channels/">channels</a> <img src="../assets/a.svg" alt="" width="1" height="1">'
            '<div class="guide-case__title" role="heading" aria-level="3">Case</div>'
            '<label for="__tabbed_1_1">Tab</label><input id="__tabbed_1_1" name="__tabbed_1"></p>'
            '<p id="fn:1">Note</p>',
        ),
        Section("skipped/", "Not rendered", None),
    ]
    body, contents = whole_guide(pages, "print/")
    assert contents == [("Home", "home"), ("Plan", "plan")]
    assert '<h2 id="plan">Plan</h2>' in body
    assert '<h3 id="plan--steps">Steps</h3>' in body  # one level down, id prefixed
    assert 'aria-level="4"' in body
    assert '<a href="#plan--steps">Steps</a>' in body  # a link to a page in the document
    assert '<a href="#plan--fn:1">1</a>' in body and 'id="plan--fn:1"' in body
    assert '<a href="../channels/">channels</a>' in body  # not in the document: the site
    assert 'src="../assets/a.svg"' in body
    assert 'for="plan--__tabbed_1_1"' in body and 'name="plan--__tabbed_1"' in body
    assert "Not rendered" not in body


def test_page_slugs() -> None:
    assert slug("") == "home"
    assert slug("plan/objectives/") == "plan-objectives"
