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
from plans.models import PlanVersion, Referral
from plans.render.letters import render_discharge_html, render_referral_html
from plans.render.pdf import pdf_response, render_plan_html


@therapist_required
def plan_pdf(request: HttpRequest, code: UUID, number: int) -> HttpResponse:
    episode = get_episode_for_user(request.user, code)
    versions = PlanVersion.objects.with_items().with_hold().filter(plan__episode=episode)
    version = get_object_or_404(versions, number=number)
    html = render_plan_html(version=version, patient=episode.patient)
    record_access(request, patient=episode.patient, record=version, kind=RecordAccess.Kind.PDF)
    return pdf_response(html, f"plan-{slugify(episode.patient.record_number)}-v{version.number}.pdf")


@therapist_required
def discharge_summary_pdf(request: HttpRequest, code: UUID) -> HttpResponse:
    episode = get_episode_for_user(request.user, code)
    html = render_discharge_html(episode=episode)
    record_access(request, patient=episode.patient, record=episode, kind=RecordAccess.Kind.PDF)
    return pdf_response(html, f"discharge-{slugify(episode.patient.record_number)}.pdf")


@therapist_required
def referral_letter_pdf(request: HttpRequest, code: UUID, pk: int) -> HttpResponse:
    episode = get_episode_for_user(request.user, code)
    referral = get_object_or_404(
        Referral.objects.select_related("recorded_by", "assessment", "prompt__visit"), episode=episode, pk=pk
    )
    html = render_referral_html(referral=referral)
    record_access(request, patient=episode.patient, record=referral, kind=RecordAccess.Kind.PDF)
    return pdf_response(html, f"referral-{slugify(episode.patient.record_number)}-{referral.pk}.pdf")
