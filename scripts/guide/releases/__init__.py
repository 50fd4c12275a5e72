"""Releases and versions: what changed between them, and publishing them with mike.

Command line: `guide release`, `guide versions` and `guide diff` (release,
publish, release_checks, diffing, diff_report, changelog, versions).
Build time: the MkDocs hooks add each release's pages from the same code: the
Releases page (releases_page), each page's history (page_history), "What changed
in this version" (whatchanged) and what changes in a versioned build
(versioned_build).
"""
