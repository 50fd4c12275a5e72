"""The Markdown sources: reading pages and their front matter, and checking them.

Shared: the same code runs from the command line (`guide check`, `guide review`)
and at build time (the MkDocs hooks), so a contributor sees the same messages in
both. Page metadata and the case-study schema, the vocabularies, review dates,
which files docs/ may hold, and what a page's Markdown may render to (the policy).
"""
