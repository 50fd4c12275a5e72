"""Build-time work the MkDocs hooks (scripts/mkdocs_hooks.py) call.

Runs at build time only: the case-study catalogue, the content-health page,
print and document versions of pages, reader markup (abbreviations, skip link,
checklists), smaller style sheets and scripts, and the checks of each built page
(images, inline code against the Content Security Policy).
"""
