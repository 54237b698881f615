"""The printable plan: a PDF made by WeasyPrint from the same HTML page a browser can print.
Therapists' notes for the team are never printed."""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string

from patients.models import Patient
from plans.clinical.dose import Dose
from plans.models import PlanVersion, Referral
from plans.selectors.holds import PAUSED_FOR_PATIENT, is_plan_held

logger = logging.getLogger(__name__)


def _held(version: PlanVersion) -> bool:
    held = getattr(version, "plan_held", None)  # annotated by with_hold(), else one query
    return is_plan_held(version.plan.episode_id) if held is None else held


def render_plan_html(*, version: PlanVersion, patient: Patient) -> str:
    """The print page of a plan version; ``version`` should come from ``with_items().with_hold()``."""
    return render_to_string(
        "plans/plan_print.html",
        {
            "version": version,
            "exercises": [(item, Dose.of(item).describe()) for item in version.exercises.all()],
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
