"""Letters on the clinic's letterhead, rendered as HTML and then as a PDF by ``pdf.pdf_response``:
the discharge summary of an episode and the letter for a red-flag referral."""

from __future__ import annotations

from django.template.loader import render_to_string

from clinic.dates import today
from patients.models import Episode
from plans.models import Referral
from plans.selectors.outcomes import episode_outcome


def render_discharge_html(*, episode: Episode) -> str:
    return render_to_string(
        "plans/letter_discharge.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "clinic": episode.patient.clinic,
            "outcome": episode_outcome(episode),
            "written_on": today(),
        },
    )


def render_referral_html(*, referral: Referral) -> str:
    episode = referral.episode
    return render_to_string(
        "plans/letter_referral.html",
        {
            "referral": referral,
            "episode": episode,
            "patient": episode.patient,
            "clinic": episode.patient.clinic,
            "written_on": today(),
        },
    )
