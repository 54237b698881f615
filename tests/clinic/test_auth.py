import pytest
from django.urls import reverse

from tests.access_matrix import DONE, LOGIN, OK, cells, check, profile, row
from tests.factories import PASSWORD


def test_login_page_in_product_look(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Log in to Upright" in response.text
    assert "vendor/bootstrap-5.3.9/bootstrap.min.css" in response.text
    assert "https://" not in response.text and "//cdn" not in response.text.lower()


def test_therapist_logs_in_and_lands_on_caseload(client, therapist):
    response = client.post(reverse("login"), {"username": "tessa", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:dashboard")


def test_admin_staff_logs_in_and_lands_on_patient_list(client, admin_staff):
    response = client.post(reverse("login"), {"username": "frontdesk", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("patients:list")


def test_patient_account_lands_on_portal(client, patient_account):
    response = client.post(reverse("login"), {"username": "maria", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "Hello, Maria" in response.text


def test_staff_cannot_open_portal(client, therapist):
    client.force_login(therapist)
    assert client.get(reverse("portal:home")).status_code == 403


def test_account_locked_after_repeated_failures(client, therapist, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "tessa", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "tessa", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_password_change(client, therapist):
    client.force_login(therapist)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-pass-77",
            "new_password2": "a-new-long-pass-77",
        },
    )
    assert response.status_code == 302
    therapist.refresh_from_db()
    assert therapist.check_password("a-new-long-pass-77")


def test_logout_is_a_post(client, therapist):
    client.force_login(therapist)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("patients:list")).status_code == 302


def test_account_without_role_sees_nothing(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 403
    assert client.get(reverse("patients:list")).status_code == 403


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row("home", lambda get: reverse("home"), profile(DONE, anonymous=LOGIN)),
    row("login page", lambda get: reverse("login"), profile(DONE, anonymous=OK)),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
