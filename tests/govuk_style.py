"""The GOV.UK values the site's look follows, in one place for the tests.

From GOV.UK Frontend: settings/_colours-functional.scss (text, links, focus),
settings/_typography-responsive.scss (type scale) and helpers/_focused.scss (focus style).
The dark scheme has no GOV.UK original: it uses lighter tints of the same colours, and the
tests check its contrast instead.
"""

from __future__ import annotations

FONT = "Arial"
COLOURS = {
    "light": {
        "text": "rgb(11, 12, 12)",  # black
        "link": "rgb(26, 101, 166)",  # blue shade-10
        "link-hover": "rgb(15, 56, 92)",  # blue shade-50
        "link-visited": "#54319f",  # purple
    },
    "dark": {
        "text": "rgb(243, 243, 243)",
        "link": "rgb(142, 184, 220)",  # blue tint-50
        "link-hover": "rgb(210, 226, 241)",  # blue tint-80
        "link-visited": "#c5b8e0",
    },
}
FOCUS = "rgb(255, 221, 0)"  # yellow
FOCUS_TEXT = "rgb(11, 12, 12)"  # black
# (font-size, line-height) in CSS pixels: below and above GOV.UK's tablet breakpoint (641px).
TYPE = {
    "mobile": {
        "h1": ("32px", "35px"),
        "h2": ("27px", "30px"),
        "h3": ("21px", "25px"),
        "p": ("19px", "25px"),
    },
    "desktop": {
        "h1": ("48px", "50px"),
        "h2": ("36px", "40px"),
        "h3": ("24px", "30px"),
        "p": ("19px", "25px"),
    },
}
LINE_LENGTH = "36em"  # about 75 characters of 19px Arial
TARGET = 24  # WCAG 2.2 target size, CSS pixels
