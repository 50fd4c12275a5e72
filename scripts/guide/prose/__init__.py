"""Prose checks for the guide: en-GB spelling, GOV.UK style, readability and Markdown lint.

`guide prose` (and `make prose`) runs them all through runner.check_prose.
"""
