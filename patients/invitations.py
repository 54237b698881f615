"""Portal access managed from the staff side: inviting a patient (a login with a one-time link to set
a password), revoking access, and sending questionnaires to fill in before a visit. Therapists and
admin staff of the patient's clinic may do this; anyone else gets 404 for the patient.

The one-time link is Django's own password-reset machinery: ``default_token_generator`` signs the
account's state (including its password hash and last login), so the link stops working as soon as
the password is set or the patient logs in, and after ``PASSWORD_RESET_TIMEOUT`` (3 days)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.access import clinic_staff_required
from clinic.models import Membership
from patients.audit import record_access
from patients.models import Patient
from patients.portal_forms import SendQuestionnairesForm
from plans import questionnaire_services
from plans.models import QuestionnaireRequest

logger = logging.getLogger(__name__)
User = get_user_model()


# --- Services ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    account: object
    uidb64: str
    token: str

    @property
    def path(self) -> str:
        return reverse("portal:set_password", kwargs={"uidb64": self.uidb64, "token": self.token})


def _is_staff_account(user) -> bool:
    return user.is_staff or user.is_superuser or Membership.objects.filter(user=user).exists()


def _unique_username(patient: Patient) -> str:
    base = slugify(f"{patient.given_name} {patient.family_name}").replace("-", ".")[:140] or "patient"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


def _previous_account(patient: Patient):
    """The login the patient had before access was revoked, so a new invitation keeps the username."""
    previous_ids = (
        patient.history.exclude(portal_user_id=None)
        .order_by("-history_date")
        .values_list("portal_user_id", flat=True)
    )
    for account_id in previous_ids[:5]:
        account = User.objects.filter(pk=account_id, patient_record__isnull=True).first()
        if account is not None and not _is_staff_account(account):
            return account
    return None


@transaction.atomic
def portal_invite(*, patient: Patient, user) -> Invitation:
    """Give the patient a portal login (new, or their earlier one) with no usable password, and a
    one-time link to set one. Any earlier link or password stops working."""
    patient = (
        Patient.objects.select_for_update(of=("self",))
        .select_related("portal_user", "clinic")
        .get(pk=patient.pk)
    )
    if not patient.is_active:
        raise ValidationError("Restore the patient's record before inviting them to the portal.")
    account = patient.portal_user or _previous_account(patient)
    if account is not None and _is_staff_account(account):
        raise ValidationError("This patient's login is a staff account; it cannot be used for the portal.")
    if account is None:
        account = User(username=_unique_username(patient))
    account.first_name = patient.given_name[:150]
    account.last_name = patient.family_name[:150]
    if patient.email:
        account.email = patient.email
    account.is_active = True
    account.set_unusable_password()
    account.save()
    if patient.portal_user_id != account.pk:
        patient.portal_user = account
        patient._history_user = user
        patient.save(update_fields=["portal_user", "updated_at", "version"])
    return Invitation(
        account=account,
        uidb64=urlsafe_base64_encode(force_bytes(account.pk)),
        token=default_token_generator.make_token(account),
    )


@transaction.atomic
def portal_revoke(*, patient: Patient, user) -> bool:
    """Unlink and deactivate the patient's login (the patient's history records who did it). False
    when the patient had no login."""
    patient = (
        Patient.objects.select_for_update(of=("self",))
        .select_related("portal_user", "clinic")
        .get(pk=patient.pk)
    )
    account = patient.portal_user
    if account is None:
        return False
    account.is_active = False
    account.set_unusable_password()
    account.save(update_fields=["is_active", "password"])
    patient.portal_user = None
    patient._history_user = user
    patient.save(update_fields=["portal_user", "updated_at", "version"])
    return True


class InvitationEmailFailed(Exception):
    """Sending the invitation failed; raised inside the invitation's transaction so it rolls back."""


def email_invitation(*, patient: Patient, username: str, link: str) -> bool:
    """E-mail the link when the patient has an address; False if there is none. Any failure to send
    (SMTP refusals, bad headers, encoding errors, a provider's API error) raises InvitationEmailFailed."""
    if not patient.email:
        return False
    try:
        body = render_to_string(
            "portal/invitation_email.txt",
            {"patient": patient, "username": username, "link": link, "clinic": patient.clinic},
        )
        send_mail("Your Upright patient portal", body, None, [patient.email])
    except Exception as error:  # whatever the configured backend raises; the caller rolls back
        logger.exception("Could not e-mail the portal invitation of patient %s", patient.pk)
        raise InvitationEmailFailed(str(error)) from error
    return True


@dataclass(frozen=True)
class SentInvitation:
    username: str
    link: str
    emailed: bool


@transaction.atomic
def portal_invite_and_email(*, patient: Patient, user, absolute_url: Callable[[str], str]) -> SentInvitation:
    """Invite the patient and e-mail the link in one transaction: if the e-mail cannot be sent, the
    login is neither created nor reset, so an existing password keeps working."""
    invitation = portal_invite(patient=patient, user=user)
    username = invitation.account.get_username()
    link = absolute_url(invitation.path)
    emailed = email_invitation(patient=patient, username=username, link=link)
    return SentInvitation(username=username, link=link, emailed=emailed)


# --- Staff views ------------------------------------------------------------------------------------


def _patient(user, code: UUID) -> Patient:
    return get_object_or_404(
        Patient.objects.visible_to(user).select_related("clinic", "portal_user"), code=code
    )


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
    questionnaire, created = questionnaire_services.questionnaire_send(
        episode=episode,
        user=request.user,
        include_odi=form.cleaned_data["include_odi"],
        include_startback=form.cleaned_data["include_startback"],
    )
    if not created:
        messages.info(
            request,
            f"Questionnaires sent on {questionnaire.created_at:%d %b %Y} are still waiting for the "
            "patient; nothing new was sent.",
        )
    elif patient.portal_user_id is None:
        messages.warning(
            request,
            "The questionnaires are ready, but the patient has no portal login yet: invite them to "
            "the portal so they can fill them in.",
        )
    else:
        messages.success(request, f"Sent. {patient.given_name} will see the questionnaires on the portal.")
    return redirect("portal_access:detail", code=patient.code)


@clinic_staff_required
@require_POST
def questionnaire_cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    questionnaire = get_object_or_404(
        QuestionnaireRequest.objects.filter(
            episode__patient__in=Patient.objects.visible_to(request.user)
        ).select_related("episode__patient"),
        code=code,
    )
    try:
        questionnaire_services.questionnaire_cancel(questionnaire=questionnaire, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The questionnaires were cancelled.")
    return redirect("portal_access:detail", code=questionnaire.episode.patient.code)


# --- The patient's one-time link ------------------------------------------------------------------


class PortalSetPasswordView(PasswordResetConfirmView):
    """Django's password-reset confirmation, for portal accounts only."""

    template_name = "portal/set_password.html"
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_active or _is_staff_account(user):
            return None
        if not Patient.objects.filter(portal_user=user, is_active=True).exists():
            return None
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            f"Your password is set. Log in with your username, {form.user.get_username()}, "
            "and your new password.",
        )
        return response
