"""Controlled vocabularies for case studies, each tied to the guide page it matches."""

from __future__ import annotations

# Channel slug -> (label, guide page). Each slug is the name of a page in docs/channels/.
CHANNELS: dict[str, str] = {
    "blogs": "Blogs",
    "social-media": "Social media accounts",
    "webchats": "Webchats",
    "consultations": "Online consultations",
    "events-and-hashtags": "Events and conference hashtags",
    "microsites": "Microsites and campaign sites",
    "video-and-live-streaming": "Video and live streaming",
    "email-newsletters": "Email newsletters",
    "online-communities": "Online communities and forums",
}


def channel_page(slug: str) -> str:
    return f"channels/{slug}.md"


# Theme slug -> (label, the guide page that covers it).
THEMES: dict[str, tuple[str, str]] = {
    "policy-engagement": ("Engaging on policy", "plan/objectives.md"),
    "partnership": ("Working with partners", "plan/roles-and-resources.md"),
    "continuity": ("Continuity and handover", "run/keeping-momentum.md"),
    "capability": ("Building capability", "capability/training-and-support.md"),
    "guidelines": ("Social media guidelines", "capability/social-media-guidelines.md"),
    "coaching": ("Coaching and encouragement", "capability/coach-and-cheerleader.md"),
    "evaluation": ("Measuring engagement", "measure/what-to-measure.md"),
    "leadership": ("Senior sponsorship", "capability/senior-sponsorship.md"),
    "crowdsourcing": ("Crowdsourcing ideas", "channels/consultations.md"),
    "moderation": ("Moderation and house rules", "run/moderation.md"),
    "responding": ("Responding to the public", "run/responding-and-escalating.md"),
    "closing-the-loop": ("Telling people what happened", "measure/reporting.md"),
    "cautionary": ("Cautionary tales", "measure/doing-better-next-time.md"),
}

# How well a case is evidenced, as rated in the case-study sources:
# strong = several primary or reputable sources with some evidence of outcomes;
# adequate = core facts sourced, outcomes thin or secondary; weak = thin or self-interested.
EVIDENCE: dict[str, str] = {
    "strong": "Strong",
    "adequate": "Adequate",
    "weak": "Weak",
}

# Where the engagement happened: UK government and public bodies, or abroad.
REGIONS: dict[str, str] = {
    "uk": "UK",
    "international": "International",
}

STATUSES = ("draft", "published")

# The headings every case study has, in this order.
CASE_STUDY_HEADINGS = (
    "Summary",
    "Context",
    "What they did",
    "What happened",
    "What is not known",
    "What they learned",
    "Advice for others",
    "Sources",
)
