"""The colour of every status badge, decided once here; templates show it with
``templates/_status_badge.html``, so the colour always comes with the status in words."""

from __future__ import annotations

from django import template

register = template.Library()

# Bootstrap tones (text-bg-*, border-*), all with WCAG AA contrast for their text; "orange" is
# defined in upright.css (dark text on #fd7e14) because Bootstrap has no orange utility.
STATUS_TONES: dict[str, str] = {
    # A red flag: act now.
    "red_flag": "danger",
    "emergency": "danger",
    "urgent": "danger",
    # A triage level short of a red flag, or none at all.
    "prompt": "warning",
    "none": "success",
    # Getting worse.
    "regression": "orange",
    "relapse": "orange",
    "worsened": "orange",
    "flare": "orange",
    # No change.
    "plateau": "secondary",
    "unchanged": "secondary",
    # Better, or done.
    "improved": "success",
    "goal_met": "success",
    "met": "success",
    "partly_met": "info",
    "not_met": "secondary",
    "dropped": "light",
    "completed": "success",
    "used": "success",
    "current": "success",
    # Something to do or to read, not a verdict.
    "reevaluation_due": "info",
    "questionnaire": "info",
    "unsigned_note": "info",
    # Waiting for the patient.
    "pending": "warning",
    # Over, or out of use.
    "cancelled": "secondary",
    "superseded": "secondary",
    "discharged": "light",
    "open": "primary",
}
DEFAULT_TONE = "secondary"
NO_STATUS_TONE = "light"


@register.filter
def status_tone(status: str | None) -> str:
    """The tone of a status value (a PromptKind, MeasureStatus, attention kind or record status)."""
    if not status:
        return NO_STATUS_TONE
    return STATUS_TONES.get(str(status), DEFAULT_TONE)
