"""Amending a visit or an assessment with a reason, and a visit's history of values."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from clinic.access import may_amend, therapist_required
from clinic.forms import add_service_errors
from plans.forms.amend import AssessmentAmendForm, VisitAmendForm
from plans.models import Assessment, PlanVersion, Visit
from plans.selectors.amendments import history_rows
from plans.services.assessment_amend import assessment_amend
from plans.services.visit_amend import AmendConflict, visit_amend
from plans.views.pages import render_episode_page


def _visit(user, code) -> Visit:
    return get_object_or_404(
        Visit.objects.visible_to(user).select_related(
            "episode__patient__clinic", "recorded_by", "amended_by"
        ),
        code=code,
    )


@therapist_required
def visit_amend_form(request, code):
    visit = _visit(request.user, code)
    if not may_amend(
        request.user, clinic_id=visit.episode.patient.clinic_id, recorded_by_id=visit.recorded_by_id
    ):
        raise PermissionDenied
    form = VisitAmendForm(request.POST or None, record=visit)
    status = HTTPStatus.OK
    if request.method == "POST" and form.is_valid():
        try:
            visit_amend(
                visit=visit,
                amendment=form.amendment,
                reason=form.cleaned_data["reason"],
                loaded_version=form.cleaned_data["version"],
                user=request.user,
            )
        except AmendConflict as conflict:
            form.refuse_stale(conflict.saved)
            status = HTTPStatus.CONFLICT
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The visit was amended; its judgement and prompts were made again.")
            return redirect("plans:visit_detail", code=visit.code)
    return render_episode_page(
        request,
        "plans/visit_amend.html",
        episode=visit.episode,
        record=visit,
        context={"visit": visit, "form": form},
        status=status,
    )


@therapist_required
def visit_history(request, code):
    visit = _visit(request.user, code)
    return render_episode_page(
        request,
        "plans/record_history.html",
        episode=visit.episode,
        record=visit,
        context={
            "record": visit,
            "back": reverse("plans:visit_detail", args=[visit.code]),
            "rows": history_rows(visit),
        },
    )


@therapist_required
def assessment_history(request, code):
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("episode__patient"), code=code
    )
    return render_episode_page(
        request,
        "plans/record_history.html",
        episode=assessment.episode,
        record=assessment,
        context={
            "record": assessment,
            "back": reverse("plans:assessment_detail", args=[assessment.code]),
            "rows": history_rows(assessment),
        },
    )


@therapist_required
def assessment_amend_form(request, code):
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("episode__patient__clinic"),
        code=code,
    )
    clinic_id = assessment.episode.patient.clinic_id
    if not may_amend(request.user, clinic_id=clinic_id, recorded_by_id=assessment.assessed_by_id):
        raise PermissionDenied
    form = AssessmentAmendForm(request.POST or None, record=assessment)
    status = HTTPStatus.OK
    if request.method == "POST" and form.is_valid():
        try:
            assessment_amend(
                assessment=assessment,
                amendment=form.amendment,
                reason=form.cleaned_data["reason"],
                loaded_version=form.cleaned_data["version"],
                user=request.user,
            )
        except AmendConflict as conflict:
            form.refuse_stale(conflict.saved)
            status = HTTPStatus.CONFLICT
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "The assessment was amended; its triage and suggestion were made again."
            )
            return redirect("plans:assessment_detail", code=assessment.code)
    return render_episode_page(
        request,
        "plans/assessment_amend.html",
        episode=assessment.episode,
        record=assessment,
        context={
            "assessment": assessment,
            "form": form,
            "has_plan": PlanVersion.objects.filter(plan__episode=assessment.episode).exists(),
        },
        status=status,
    )
