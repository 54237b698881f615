"""The printable plan: a PDF made by WeasyPrint from the same HTML page a browser can print. A
therapist prints any version of a plan they may see; a patient prints their own current plan from the
portal. Therapists' notes for the team are never printed."""

from __future__ import annotations

import logging
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.text import slugify

from clinic.access import therapist_required
from patients.audit import record_access
from patients.models import Episode, Patient, RecordAccess
from patients.portal_views import current_plan_version, portal_patient
from plans import services
from plans.models import PlanVersion, Referral

logger = logging.getLogger(__name__)


def _held(version: PlanVersion) -> bool:
    held = getattr(version, "plan_held", None)  # annotated by with_hold(), else one query
    return services.is_plan_held(version.plan.episode_id) if held is None else held


def render_plan_html(*, version: PlanVersion, patient: Patient) -> str:
    """The print page of a plan version; ``version`` should come from ``with_items().with_hold()``."""
    return render_to_string(
        "plans/plan_print.html",
        {
            "version": version,
            "patient": patient,
            "clinic": patient.clinic,
            "goals": list(version.goals.all()),
            "referrals": list(Referral.objects.filter(episode_id=version.plan.episode_id)),
            "paused": services.PAUSED_FOR_PATIENT if _held(version) else "",
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


@therapist_required
def plan_pdf(request: HttpRequest, code: UUID, number: int) -> HttpResponse:
    episode = get_object_or_404(
        Episode.objects.visible_to(request.user).select_related("patient__clinic"), code=code
    )
    versions = PlanVersion.objects.with_items().with_hold().filter(plan__episode=episode)
    version = get_object_or_404(versions, number=number)
    html = render_plan_html(version=version, patient=episode.patient)
    record_access(request, patient=episode.patient, record=version, kind=RecordAccess.Kind.PDF)
    return pdf_response(html, f"plan-{slugify(episode.patient.record_number)}-v{version.number}.pdf")


@login_required
def portal_plan_pdf(request: HttpRequest) -> HttpResponse:
    patient = portal_patient(request.user)
    version = current_plan_version(patient, with_items=True)
    if version is None:
        messages.info(request, "Your plan can be printed once your therapist has approved it.")
        return redirect("portal:home")
    record_access(request, patient=patient, record=version, kind=RecordAccess.Kind.PORTAL)
    return pdf_response(render_plan_html(version=version, patient=patient), "my-exercise-plan.pdf")
