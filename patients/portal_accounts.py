"""A patient's portal login: inviting the patient (a login with a one-time link to set a password),
e-mailing the link, and revoking access.

The one-time link is Django's own password-reset machinery: ``default_token_generator`` signs the
account's state (including its password hash and last login), so the link stops working as soon as
the password is set or the patient logs in, and after ``PASSWORD_RESET_TIMEOUT`` (3 days)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from clinic.models import Membership
from patients.models import Patient

logger = logging.getLogger(__name__)
User = get_user_model()


@dataclass(frozen=True)
class Invitation:
    account: AbstractBaseUser
    uidb64: str
    token: str

    @property
    def path(self) -> str:
        return reverse("portal:set_password", kwargs={"uidb64": self.uidb64, "token": self.token})


def is_staff_account(user) -> bool:
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
        if account is not None and not is_staff_account(account):
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
    if account is not None and is_staff_account(account):
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
        patient._history_user = user  # type: ignore[attr-defined]  # simple_history's author
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
    patient._history_user = user  # type: ignore[attr-defined]  # simple_history's author
    patient.save(update_fields=["portal_user", "updated_at", "version"])
    return True


class InvitationEmailFailed(Exception):
    """Sending the invitation failed; raised inside the invitation's transaction so it rolls back."""


def invitation_email(*, patient: Patient, username: str, link: str) -> bool:
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
    emailed = invitation_email(patient=patient, username=username, link=link)
    return SentInvitation(username=username, link=link, emailed=emailed)
