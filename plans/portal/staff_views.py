"""Portal access managed from the staff side: inviting a patient to the portal, revoking access, and
sending questionnaires to fill in before a visit. Therapists and admin staff of the patient's clinic
may do this; anyone else gets 404 for the patient."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.access import clinic_staff_required
from clinic.feedback import report_outcome
from patients.audit import record_access
from patients.models import Patient
from patients.portal_accounts import InvitationEmailFailed, portal_invite_and_email, portal_revoke
from patients.selectors import get_patient_for_user
from plans.models import QuestionnaireRequest
from plans.portal.forms import SendQuestionnairesForm
from plans.services import questionnaires as questionnaire_services


def _patient(user, code: UUID) -> Patient:
    return get_patient_for_user(user, code, "portal_user")


@clinic_staff_required
def portal_access(request: HttpRequest, code: UUID) -> HttpResponse:
    patient = _patient(request.user, code)
    questionnaires = (
        QuestionnaireRequest.objects.filter(episode__patient=patient)
        .select_related("requested_by")
        .order_by("-created_at")
    )
    shows_results = Patient.objects.visible_to(request.user, clinical=True).filter(pk=patient.pk).exists()
    record_access(request, patient=patient, record=patient)
    return render(
        request,
        "portal/staff_access.html",
        {
            "patient": patient,
            "account": patient.portal_user,
            "questionnaires": list(questionnaires[:20]),
            "shows_results": shows_results,
            "has_open_episode": patient.episodes.open().active().exists(),
        },
    )


@clinic_staff_required
@require_POST
@never_cache
def invite(request: HttpRequest, code: UUID) -> HttpResponse:
    patient = _patient(request.user, code)
    try:
        sent = portal_invite_and_email(
            patient=patient, user=request.user, absolute_url=request.build_absolute_uri
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal_access:detail", code=patient.code)
    except InvitationEmailFailed:
        messages.error(
            request,
            f"The invitation e-mail to {patient.email} could not be sent, so nothing was changed: the "
            "patient's login and password are as they were. Check the e-mail address and try again, "
            "or clear the address on the patient's record to get a link to hand over instead.",
        )
        return redirect("portal_access:detail", code=patient.code)
    record_access(request, patient=patient, record=patient)
    return render(
        request,
        "portal/invitation_created.html",
        {"patient": patient, "username": sent.username, "link": sent.link, "emailed": sent.emailed},
    )


@clinic_staff_required
@require_POST
def revoke(request: HttpRequest, code: UUID) -> HttpResponse:
    patient = _patient(request.user, code)
    if portal_revoke(patient=patient, user=request.user):
        messages.success(request, f"{patient.full_name} can no longer log in to the portal.")
    else:
        messages.info(request, f"{patient.full_name} had no portal login.")
    return redirect("portal_access:detail", code=patient.code)


@clinic_staff_required
@require_POST
def questionnaires_send(request: HttpRequest, code: UUID) -> HttpResponse:
    patient = _patient(request.user, code)
    form = SendQuestionnairesForm(request.POST)
    form.is_valid()  # two optional tick boxes: always valid
    episode = patient.episodes.open().active().order_by("-onset_date", "-id").first()
    if episode is None:
        messages.error(request, "Open an episode of care for this patient before sending questionnaires.")
        return redirect("portal_access:detail", code=patient.code)
    try:
        questionnaire, created = questionnaire_services.questionnaire_send(
            episode=episode, user=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal_access:detail", code=patient.code)
    messages.add_message(request, *_sent_message(patient, questionnaire, created=created))
    return redirect("portal_access:detail", code=patient.code)


def _sent_message(patient: Patient, questionnaire: QuestionnaireRequest, *, created: bool) -> tuple[int, str]:
    """What sending questionnaires did: nothing new while some still wait, or sent, with a warning
    when the patient cannot log in to fill them in yet."""
    if not created:
        return messages.INFO, (
            f"Questionnaires sent on {questionnaire.created_at:%d %b %Y} are still waiting for the "
            "patient; nothing new was sent."
        )
    if patient.portal_user_id is None:
        return messages.WARNING, (
            "The questionnaires are ready, but the patient has no portal login yet: invite them to "
            "the portal so they can fill them in."
        )
    return messages.SUCCESS, f"Sent. {patient.given_name} will see the questionnaires on the portal."


@clinic_staff_required
@require_POST
def questionnaire_cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    questionnaire = get_object_or_404(
        QuestionnaireRequest.objects.filter(
            episode__patient__in=Patient.objects.visible_to(request.user)
        ).select_related("episode__patient"),
        code=code,
    )
    report_outcome(
        request,
        lambda: questionnaire_services.questionnaire_cancel(questionnaire=questionnaire, user=request.user),
        success="The questionnaires were cancelled.",
    )
    return redirect("portal_access:detail", code=questionnaire.episode.patient.code)
