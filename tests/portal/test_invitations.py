"""Inviting a patient to the portal and revoking access, through real HTTP: the one-time link sets a
password once, the patient logs in with it, and then the link is dead; revoking blocks the login."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from patients.models import Patient
from tests.access_matrix import NOT_ALLOWED, NOT_FOUND, STAFF_PAGE, cells, check, done, row

NEW_PASSWORD = "a-long-portal-pass-42"


def _invite(client, patient):
    return client.post(reverse("portal_access:invite", args=[patient.code]))


def _link(response) -> str:
    return re.search(r'data-testid="invitation-link" value="([^"]+)"', response.text).group(1)


def _set_password(client, link, password=NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    return form_page, client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


def _log_in(client, username, password=NEW_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


@pytest.fixture
def with_email(patient):
    patient.email = "maria@example.org"
    patient.save()
    return patient


def test_invitation_makes_an_account_and_a_working_one_time_link(client, therapist, with_email):
    patient = with_email
    client.force_login(therapist)
    response = _invite(client, patient)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    link = _link(response)
    assert link.startswith("http://testserver/portal/welcome/")
    patient.refresh_from_db()
    account = patient.portal_user
    assert account.username == "maria.lopez" and account.is_active
    assert not account.has_usable_password()
    assert (account.first_name, account.last_name, account.email) == ("Maria", "Lopez", "maria@example.org")
    assert patient.history.first().history_user == therapist  # who linked the account
    # E-mailed too.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maria@example.org"] and link in mail.outbox[0].body
    assert "maria.lopez" in mail.outbox[0].body
    assert "Sent to maria@example.org" in response.text

    client.logout()
    form_page, done = _set_password(client, link)
    assert "maria.lopez" in form_page.text and form_page.context["validlink"]
    assert done.status_code == 302 and done["Location"] == reverse("login")
    landed = _log_in(client, "maria.lopez")
    assert landed.redirect_chain[-1][0] == reverse("portal:home")
    assert "Hello, Maria" in landed.text

    # The link worked once; now it is dead, even for someone else's browser.
    client.logout()
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link no longer works" in again.text


def test_the_password_rules_apply(client, therapist, patient):
    client.force_login(therapist)
    link = _link(_invite(client, patient))
    client.logout()
    _, response = _set_password(client, link, password="12345678")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert 'id="id_new_password2_error"' in response.text
    patient.refresh_from_db()
    assert not patient.portal_user.has_usable_password()


def test_without_an_email_address_the_link_is_only_shown(client, therapist, patient):
    client.force_login(therapist)
    response = _invite(client, patient)
    assert "No e-mail address on file" in response.text
    assert mail.outbox == []


def test_a_new_invitation_kills_the_old_link_and_password(client, admin_staff, patient_account, patient):
    client.force_login(admin_staff)
    first = _link(_invite(client, patient))
    second = _link(_invite(client, patient))
    patient.refresh_from_db()
    assert patient.portal_user == patient_account  # the same login, reused
    patient_account.refresh_from_db()
    assert not patient_account.has_usable_password()
    client.logout()
    assert client.get(first, follow=True).context["validlink"] is False
    assert client.get(second, follow=True).context["validlink"] is True


def test_revoking_access_blocks_login(client, therapist, patient, patient_account):
    from tests.factories import PASSWORD

    client.force_login(patient_account)
    assert client.get("/portal/").status_code == 200
    staff = client.__class__()
    staff.force_login(therapist)
    response = staff.post(reverse("portal_access:revoke", args=[patient.code]))
    assert response.status_code == 302
    patient.refresh_from_db()
    patient_account.refresh_from_db()
    assert patient.portal_user is None and not patient_account.is_active
    revoked = patient.history.first()
    assert revoked.history_user == therapist and revoked.portal_user_id is None
    assert patient.history.all()[1].portal_user_id == patient_account.pk  # what it was before
    # The open session is over, and the old password no longer logs in.
    assert client.get("/portal/")["Location"].startswith(reverse("login"))
    client.logout()
    response = _log_in(client, "maria", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.redirect_chain == []


def test_reinviting_after_revoking_keeps_the_username(client, therapist, patient, patient_account):
    client.force_login(therapist)
    client.post(reverse("portal_access:revoke", args=[patient.code]))
    response = _invite(client, patient)
    assert "maria" in response.text
    patient.refresh_from_db()
    assert patient.portal_user == patient_account
    assert patient.portal_user.is_active


def test_usernames_are_unique(client, therapist, patient, clinic):
    from tests.factories import PatientFactory, UserFactory

    UserFactory(username="maria.lopez")
    twin = PatientFactory(clinic=clinic, given_name="María", family_name="López", record_number="R-9")
    client.force_login(therapist)
    _invite(client, patient)
    _invite(client, twin)
    assert Patient.objects.get(pk=patient.pk).portal_user.username == "maria.lopez2"
    assert Patient.objects.get(pk=twin.pk).portal_user.username == "maria.lopez3"


def test_a_link_cannot_be_made_for_a_staff_account(client, therapist, patient):
    """A signed token for a staff member (say from the normal password reset) is useless here."""
    link = reverse(
        "portal:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(therapist.pk)),
            "token": default_token_generator.make_token(therapist),
        },
    )
    assert client.get(link, follow=True).context["validlink"] is False


def test_a_forged_token_is_refused(client, therapist, patient):
    client.force_login(therapist)
    link = _link(_invite(client, patient))
    client.logout()
    forged = link.rsplit("/", 2)[0] + "/1234-abcdef/"
    assert client.get(forged, follow=True).context["validlink"] is False


def test_a_link_stops_working_once_the_patient_is_archived(client, therapist, patient):
    client.force_login(therapist)
    link = _link(_invite(client, patient))
    client.logout()
    Patient.objects.filter(pk=patient.pk).update(is_active=False)
    assert client.get(link, follow=True).context["validlink"] is False


def test_a_link_for_an_account_with_no_patient_record_is_refused(client, db):
    user = get_user_model().objects.create_user(username="nobody", password="x-long-pass-99")
    link = reverse(
        "portal:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    assert client.get(link, follow=True).context["validlink"] is False


def test_archived_patients_are_not_invited(client, therapist, patient):
    patient.is_active = False
    patient.save()
    client.force_login(therapist)
    response = _invite(client, patient)
    assert response.status_code == 302
    assert get_user_model().objects.filter(username__startswith="maria").count() == 0


def test_the_partial_for_the_patient_page_needs_only_the_patient(therapist, patient, patient_account):
    request = RequestFactory().get("/")
    request.user = therapist
    html = render_to_string("patients/_portal_access.html", {"patient": patient}, request=request)
    assert reverse("portal_access:invite", args=[patient.code]) in html
    assert reverse("portal_access:revoke", args=[patient.code]) in html
    assert reverse("portal_access:questionnaires_send", args=[patient.code]) in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Maria has a portal login." in html


def test_staff_page_shows_the_login_state(
    client, admin_staff, patient, patient_account, django_assert_max_num_queries
):
    client.force_login(admin_staff)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("portal_access:detail", args=[patient.code])).text
    assert "maria" in html and "Active" in html


# --- Who may open it ------------------------------------------------------------------------------


def _portal_access(name, code=None):
    return lambda get: reverse(f"portal_access:{name}", args=[code or get("patient").code])


NO_PATIENT = "00000000-0000-0000-0000-000000000000"

ACCESS = cells(
    row("detail", _portal_access("detail"), STAFF_PAGE),
    row("invite", _portal_access("invite"), STAFF_PAGE, method="post"),
    row("revoke", _portal_access("revoke"), done(STAFF_PAGE), method="post"),
    *[row(f"{name} by GET", _portal_access(name), therapist=NOT_ALLOWED) for name in ("invite", "revoke")],
    row("detail of no patient", _portal_access("detail", NO_PATIENT), therapist=NOT_FOUND),
    *[
        row(f"{name} of no patient", _portal_access(name, NO_PATIENT), therapist=NOT_FOUND, method="post")
        for name in ("invite", "revoke")
    ],
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
