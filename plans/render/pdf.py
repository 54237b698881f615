"""The printable plan: a PDF made by WeasyPrint from the same HTML page a browser can print.
It says what the portal says, in the same plain words (doses in natural units, the plain "why",
precautions only when they say something), with the pictures and the clinic's phone number.
Therapists' notes for the team and cause names are never printed."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string

from patients.models import Patient
from plans.clinical import instructions
from plans.clinical.dose import Dose
from plans.clinical.patient_words import patient_reason
from plans.models import PlanExercise, PlanVersion, Referral
from plans.selectors.holds import PAUSED_FOR_PATIENT, is_plan_held

logger = logging.getLogger(__name__)


def _held(version: PlanVersion) -> bool:
    held = getattr(version, "plan_held", None)  # annotated by with_hold(), else one query
    return is_plan_held(version.plan.episode_id) if held is None else held


@dataclass(frozen=True)
class PrintedExercise:
    """A plan exercise as the printed plan words it for the patient."""

    item: PlanExercise
    amount: str
    how_often: str
    steps: list[str]
    take_care: str
    why: str

    @classmethod
    def of(cls, item: PlanExercise) -> PrintedExercise:
        exercise = item.exercise
        dose = Dose.of(item)
        return cls(
            item=item,
            amount=dose.amount_in_words(exercise.kind),
            how_often=dose.how_often_in_words(),
            steps=instructions.steps(exercise.instructions),
            take_care=instructions.take_care(exercise.precautions),
            why=patient_reason(item.reason, exercise.kind),
        )


def render_plan_html(*, version: PlanVersion, patient: Patient) -> str:
    """The print page of a plan version; ``version`` should come from ``with_items().with_hold()``."""
    return render_to_string(
        "plans/plan_print.html",
        {
            "version": version,
            "exercises": [PrintedExercise.of(item) for item in version.exercises.all()],
            "patient": patient,
            "clinic": patient.clinic,
            "goals": list(version.goals.all()),
            "referrals": list(Referral.objects.filter(episode_id=version.plan.episode_id)),
            "paused": PAUSED_FOR_PATIENT if _held(version) else "",
        },
    )


def pdf_response(html: str, filename: str) -> HttpResponse:
    """The PDF of ``html``; if WeasyPrint or the libraries it loads are missing, the print page itself
    (the browser's print gives the same result) rather than an error."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        logger.exception("WeasyPrint is unavailable; serving the printable page instead of a PDF")
        return HttpResponse(html)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
