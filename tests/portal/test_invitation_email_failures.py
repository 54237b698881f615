"""When the invitation e-mail cannot be sent, whatever the backend raises, nothing changes: the
patient's login, its password and the patient's record stay as they were, and the staff member is
told why, on the portal-access page (never a 500)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.access_matrix import STAFF_PAGE, cells, check, row

BACKENDS = [
    "SMTPRecipientsRefusedBackend",
    "SMTPServerDisconnectedBackend",
    "ConnectionRefusedBackend",
    "BadHeaderBackend",
    "UnicodeEncodeBackend",
    "RuntimeErrorBackend",
]
User = get_user_model()


@pytest.fixture
def with_email(patient):
    patient.email = "maria@example.org"
    patient.save()
    return patient


def _invite_with(client, patient, backend):
    with override_settings(EMAIL_BACKEND=f"tests.portal.failing_email.{backend}"):
        return client.post(reverse("portal_access:invite", args=[patient.code]), follow=True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_failed_email_leaves_an_existing_login_as_it_was(
    client, therapist, with_email, patient_account, backend
):
    patient_account.set_password("the-patients-own-pass-42")
    patient_account.save()
    before = User.objects.filter(pk=patient_account.pk).values().get()
    history_rows = with_email.history.count()
    client.force_login(therapist)

    response = _invite_with(client, with_email, backend)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("portal_access:detail", args=[with_email.code])
    page = response.content.decode()
    assert "could not be sent" in page and "nothing was changed" in page
    assert 'data-testid="invitation-link"' not in page
    assert User.objects.filter(pk=patient_account.pk).values().get() == before
    patient_account.refresh_from_db()
    assert patient_account.check_password("the-patients-own-pass-42")
    with_email.refresh_from_db()
    assert with_email.portal_user == patient_account and with_email.history.count() == history_rows
    assert mail.outbox == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_failed_email_creates_no_login(client, therapist, with_email, backend):
    users_before = set(User.objects.values_list("pk", flat=True))
    client.force_login(therapist)

    response = _invite_with(client, with_email, backend)

    assert response.status_code == 200 and "could not be sent" in response.content.decode()
    assert set(User.objects.values_list("pk", flat=True)) == users_before
    with_email.refresh_from_db()
    assert with_email.portal_user is None


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row(
        "invite",
        lambda get: reverse("portal_access:invite", args=[get("patient").code]),
        STAFF_PAGE,
        method="post",
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
