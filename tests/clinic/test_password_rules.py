"""Password rules (ASVS level 2) on every page that sets a password: at least 12 characters, and not
the user's own name, user name or e-mail address. Each refusal names the rule and saves nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clinic.management.commands.seed_demo import DEMO_PASSWORD
from patients.portal_accounts import portal_invite
from tests.access_matrix import LOGIN, OK, cells, check, profile, row
from tests.factories import PASSWORD, PatientFactory, UserFactory, make_staff

User = get_user_model()

ELEVEN_CHARACTERS = "Xq7#mPz2!vL"
TOO_SHORT = "This password is too short. It must contain at least 12 characters."
USERNAME = "receptionist.north"
FIRST_NAME = "Christabella"
LAST_NAME = "Featherstonehaugh"
EMAIL = "front.desk.north@example.org"

# (case id, password, the message it must get)
ATTRIBUTE_CASES = [
    ("username", USERNAME, "The password is too similar to the username."),
    ("first-name", FIRST_NAME, "The password is too similar to the first name."),
    ("last-name", LAST_NAME, "The password is too similar to the last name."),
    ("email", EMAIL, "The password is too similar to the email address."),
]
CASES = [("eleven-characters", ELEVEN_CHARACTERS, TOO_SHORT), *ATTRIBUTE_CASES]
CASE_IDS = [case[0] for case in CASES]


@pytest.fixture
def account(clinic):
    return make_staff(clinic, username=USERNAME, first_name=FIRST_NAME, last_name=LAST_NAME, email=EMAIL)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _errors(response, field: str) -> list[str]:
    form = response.context["form"] if "form" in response.context else response.context["adminform"].form
    return form.errors.get(field, [])


def _password_unchanged(user) -> None:
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_settings_ask_for_12_characters_and_check_the_users_attributes(settings):
    validators = {
        v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS", {}) for v in settings.AUTH_PASSWORD_VALIDATORS
    }
    assert validators["MinimumLengthValidator"] == {"min_length": 12}
    assert "UserAttributeSimilarityValidator" in validators


def test_the_demo_password_and_the_test_password_pass_the_rules():
    from django.contrib.auth.password_validation import validate_password

    assert len(DEMO_PASSWORD) >= 12
    validate_password(DEMO_PASSWORD, User(username="therapist", first_name="Tessa", last_name="Reed"))
    validate_password(PASSWORD, User(username="tessa", first_name="Tessa", last_name="Reed"))


@pytest.mark.parametrize("case, password, message", CASES, ids=CASE_IDS)
def test_password_change_page(client, account, case, password, message):
    client.force_login(account)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in _errors(response, "new_password2")
    assert message in response.text
    _password_unchanged(account)


@pytest.mark.parametrize("case, password, message", CASES, ids=CASE_IDS)
def test_admin_password_change(client, superuser, account, case, password, message):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[account.pk]),
        {"password1": password, "password2": password, "usable_password": "true"},
    )
    assert response.status_code == 200
    assert message in _errors(response, "password2")
    _password_unchanged(account)


@pytest.mark.parametrize(
    "case, password, message",
    [CASES[0], ("username", USERNAME, "The password is too similar to the username.")],
    ids=["eleven-characters", "username"],
)
def test_admin_add_user(client, superuser, case, password, message):
    # The add form asks only for the user name and the password; names and e-mail come after.
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": USERNAME, "password1": password, "password2": password, "usable_password": "true"},
    )
    assert response.status_code == 200
    assert message in _errors(response, "password2")
    assert not User.objects.filter(username=USERNAME).exists()


def test_admin_add_user_with_a_good_password(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": USERNAME, "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert User.objects.get(username=USERNAME).check_password(PASSWORD)


@pytest.mark.parametrize("case, password, message", CASES, ids=CASE_IDS)
def test_password_reset_link(client, account, case, password, message):
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    assert message in _errors(response, "new_password2")
    _password_unchanged(account)


@pytest.mark.parametrize("case, password, message", CASES, ids=CASE_IDS)
def test_invitation_set_password_page(client, clinic, therapist, case, password, message):
    # The portal login takes the patient's names and e-mail. Its user name is made from the names,
    # so here it is changed (as for a login kept from earlier) to tell the rules apart.
    patient = PatientFactory(clinic=clinic, given_name=FIRST_NAME, family_name=LAST_NAME, email=EMAIL)
    invitation = portal_invite(patient=patient, user=therapist)
    account = invitation.account
    assert (account.first_name, account.last_name, account.email) == (FIRST_NAME, LAST_NAME, EMAIL)
    account.username = USERNAME
    account.save(update_fields=["username"])
    form_page = client.get(invitation.path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    assert message in _errors(response, "new_password2")
    assert message in response.text
    account.refresh_from_db()
    assert not account.has_usable_password()


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row("change password", lambda get: reverse("password_change"), profile(OK, anonymous=LOGIN)),
    row("reset password", lambda get: reverse("password_reset"), profile(OK)),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
