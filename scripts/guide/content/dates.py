"""Review dates: parsing ISO dates and review periods such as '6 months'."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_PERIOD = re.compile(r"^\s*(\d{1,3})\s+(day|week|month|year)s?\s*$", re.IGNORECASE)


def parse_date(value: object) -> date | None:
    """An ISO date (YYYY-MM-DD) as a date, or None when it is not one."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_period(value: object) -> tuple[int, str] | None:
    """'6 months' as (6, 'month'); None when it is not a period."""
    match = _PERIOD.match(str(value)) if isinstance(value, str | int) else None
    if not match or int(match.group(1)) == 0:
        return None
    return int(match.group(1)), match.group(2).lower()


def add_period(start: date, amount: int, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=amount)
    if unit == "week":
        return start + timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def format_date(value: date) -> str:
    """GOV.UK style: 23 November 2026."""
    return f"{value.day} {value:%B %Y}"
