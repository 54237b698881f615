"""Amending a visit or an assessment with a reason, and a record's history of values."""

from collections.abc import Callable
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
            "episode__patient__clinic", "recorded_by", "amended_by", "objective", "baseline"
        ),
        code=code,
    )


def _assessment(user, code) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(user).select_related("episode__patient__clinic", "objective"),
        code=code,
    )


def _amend(request, record, recorded_by_id, form, amend: Callable[..., object], done: str):
    """The amendment flow both records share: the gate, then the service, then a conflict (409,
    keeping what was typed), per-field errors or a redirect to the record. Returns the response to
    send, or the status to render the form with."""
    if not may_amend(request.user, clinic_id=record.episode.patient.clinic_id, recorded_by_id=recorded_by_id):
        raise PermissionDenied
    if request.method != "POST" or not form.is_valid():
        return HTTPStatus.OK
    try:
        amend(
            record,
            amendment=form.amendment,
            reason=form.cleaned_data["reason"],
            loaded_version=form.cleaned_data["version"],
            user=request.user,
        )
    except AmendConflict as conflict:
        form.refuse_stale(conflict.saved)
        return HTTPStatus.CONFLICT
    except ValidationError as error:
        add_service_errors(form, error)
        return HTTPStatus.OK
    messages.success(request, done)
    return redirect(_detail_url(record))


def _detail_url(record) -> str:
    name = "plans:visit_detail" if isinstance(record, Visit) else "plans:assessment_detail"
    return reverse(name, args=[record.code])


def _history(request, record):
    return render_episode_page(
        request,
        "plans/record_history.html",
        episode=record.episode,
        record=record,
        context={"record": record, "back": _detail_url(record), "rows": history_rows(record)},
    )


@therapist_required
def visit_amend_form(request, code):
    visit = _visit(request.user, code)
    form = VisitAmendForm(request.POST or None, record=visit)
    outcome = _amend(
        request,
        visit,
        visit.recorded_by_id,
        form,
        lambda record, **kw: visit_amend(visit=record, **kw),
        "The visit was amended; its judgement and prompts were made again.",
    )
    if not isinstance(outcome, HTTPStatus):
        return outcome
    return render_episode_page(
        request,
        "plans/visit_amend.html",
        episode=visit.episode,
        record=visit,
        context={"visit": visit, "form": form},
        status=outcome,
    )


@therapist_required
def visit_history(request, code):
    return _history(request, _visit(request.user, code))


@therapist_required
def assessment_history(request, code):
    return _history(request, _assessment(request.user, code))


@therapist_required
def assessment_amend_form(request, code):
    assessment = _assessment(request.user, code)
    form = AssessmentAmendForm(request.POST or None, record=assessment)
    outcome = _amend(
        request,
        assessment,
        assessment.assessed_by_id,
        form,
        lambda record, **kw: assessment_amend(assessment=record, **kw),
        "The assessment was amended; its triage and suggestion were made again.",
    )
    if not isinstance(outcome, HTTPStatus):
        return outcome
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
        status=outcome,
    )
