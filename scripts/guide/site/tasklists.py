"""Checklists ("- [ ] item") that screen readers read as plain lists.

pymdownx.tasklist draws each item's box as a disabled checkbox inside an empty
<label>. A disabled checkbox cannot be ticked, and it has no name, so screen
readers announced an unnamed, unavailable control before every item (axe: label).
The box is decoration: hide it from assistive technology, and say "Done" in
hidden text for an item written as ticked ("- [x] item"), so nothing is lost.
"""

from __future__ import annotations

import re

# pymdownx 13.1's markup with custom_checkbox: true and clickable_checkbox: false.
_CONTROL = re.compile(
    r'<label class="task-list-control">(<input type="checkbox" disabled(?P<checked> checked)?/>'
    r'<span class="task-list-indicator"></span>)</label>'
)
_DONE = '<span class="guide-visually-hidden">Done: </span>'


def _replace(match: re.Match[str]) -> str:
    hidden = f'<label class="task-list-control" aria-hidden="true">{match.group(1)}</label>'
    return hidden + (_DONE if match.group("checked") else "")


def hide_decorative_checkboxes(html: str) -> str:
    """Hide checklist boxes from assistive technology; keep a ticked item's state in words."""
    return _CONTROL.sub(_replace, html)
