"""A therapist prints any version of a plan they may see (the patient prints their own current plan
from the portal)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from clinic.access import therapist_required
from patients.audit import record_access
from patients.models import RecordAccess
from patients.selectors import get_episode_for_user
from plans.models import PlanVersion
from plans.render.pdf import pdf_response, render_plan_html


@therapist_required
def plan_pdf(request: HttpRequest, code: UUID, number: int) -> HttpResponse:
    episode = get_episode_for_user(request.user, code)
    versions = PlanVersion.objects.with_items().with_hold().filter(plan__episode=episode)
    version = get_object_or_404(versions, number=number)
    html = render_plan_html(version=version, patient=episode.patient)
    record_access(request, patient=episode.patient, record=version, kind=RecordAccess.Kind.PDF)
    return pdf_response(html, f"plan-{slugify(episode.patient.record_number)}-v{version.number}.pdf")
