"""No personal data in `contact` and `owner`: a team, a role or a shared mailbox.

The guide is public and so are the files it is built from, and `owner` is shown
on every page and in pages.json. A person's email address or a phone number is
refused with the reason and what to write instead. A shared mailbox is told
from a person's by the words in front of the @: a team's mailbox names its
work ("digital.engagement@", "press-office@", "enquiries@"); a person's is a
name ("jane.smith@", "j.smith2@").
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers (01… 02… 07… 0800, +44) and any other run of 9 or more digits.
_PHONE = re.compile(r"(?<![\w/])(?:\+\s?\d[\d\s().-]{7,}\d|\(?0\d[\d\s().-]{7,}\d)(?![\w/])")
# Words that name a team's work, not a person, in front of the @ of a shared mailbox.
MAILBOX_WORDS = frozenset(
    [
        "admin",
        "advice",
        "alerts",
        "analysis",
        "audit",
        "board",
        "briefing",
        "business",
        "campaigns",
        "casework",
        "centre",
        "comms",
        "communications",
        "complaints",
        "consultation",
        "consultations",
        "contact",
        "correspondence",
        "customer",
        "data",
        "department",
        "desk",
        "digital",
        "directorate",
        "editor",
        "editors",
        "engagement",
        "enquiries",
        "enquiry",
        "events",
        "feedback",
        "foi",
        "general",
        "govuk",
        "group",
        "help",
        "helpdesk",
        "hub",
        "info",
        "information",
        "inquiries",
        "insight",
        "international",
        "media",
        "mailbox",
        "marketing",
        "news",
        "newsroom",
        "office",
        "online",
        "operations",
        "participation",
        "partnerships",
        "people",
        "policy",
        "press",
        "private",
        "programme",
        "programmes",
        "project",
        "public",
        "publications",
        "publishing",
        "reception",
        "research",
        "response",
        "secretariat",
        "services",
        "social",
        "statistics",
        "stats",
        "strategy",
        "support",
        "team",
        "unit",
        "web",
        "webchat",
        "website",
    ]
)
FIX = (
    "write a team or role, such as 'Digital engagement team', or a shared mailbox, such as "
    "digital.engagement@defra.gov.uk: the guide is public, so never a person's email or phone"
)


def is_shared_mailbox(address: str) -> bool:
    local = address.split("@", 1)[0].lower()
    parts = [p for p in re.split(r"[^a-z]+", local) if p]
    return any(part in MAILBOX_WORDS for part in parts)


def personal_data(value: str) -> str:
    """Why the value looks like a person's contact details, or '' when it does not."""
    for address in _EMAIL.findall(value):
        if not is_shared_mailbox(address):
            return f"'{address}' looks like a person's email address"
    phone = _PHONE.search(value)
    if phone and sum(c.isdigit() for c in phone.group(0)) >= 9:
        return f"'{phone.group(0).strip()}' looks like a phone number"
    return ""
