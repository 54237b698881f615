"""The printable plan: a PDF made by WeasyPrint from the same HTML page a browser can print.
It says what the portal says, in the same plain words (doses in natural units, the plain "why",
precautions only when they say something), with the pictures and the clinic's phone number.
Therapists' notes for the team and cause names are never printed."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string

from patients.models import Patient
from plans.clinical import instructions
from plans.clinical.dose import Dose
from plans.clinical.patient_words import patient_reason
from plans.models import PlanExercise, PlanVersion, Referral
from plans.selectors.holds import PAUSED_FOR_PATIENT, is_plan_held

logger = logging.getLogger(__name__)

PDF_CACHE = "pdf"  # settings.CACHES: rendered PDFs by the hash of their page


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
        import weasyprint
    except (ImportError, OSError):
        logger.exception("WeasyPrint is unavailable; serving the printable page instead of a PDF")
        return HttpResponse(html)
    response = HttpResponse(pdf_of(html, weasyprint), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def pdf_cache_key(html: str, renderer_version: str) -> str:
    return f"upright-pdf:{renderer_version}:{hashlib.sha256(html.encode()).hexdigest()}"


def pdf_of(html: str, weasyprint) -> bytes:
    """WeasyPrint's PDF of ``html``, kept in the ``pdf`` cache under the page's own hash (and
    WeasyPrint's version). The page holds everything the PDF shows (pictures are data: URIs, nothing is
    fetched), so any change to what it shows (the plan, the exercises' wording and pictures, the goals'
    status, a referral, a hold, the patient's name, the clinic's name, phone, address or letterhead) is
    a new page and a new key: nothing needs invalidating, and old entries simply age out."""
    cache = caches[PDF_CACHE]
    key = pdf_cache_key(html, weasyprint.__version__)
    pdf = cache.get(key)
    if pdf is None:
        pdf = weasyprint.HTML(string=html).write_pdf()
        cache.set(key, pdf)
    return pdf
