"""API tokens (django-rest-knox) through real HTTP: stored only as a digest, expiring, revoked by
logout, by every way a password can change and by deactivation; the token endpoint is throttled on
every attempt, and the rest of the API per user."""

from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from patients.portal_accounts import portal_invite
from tests.access_matrix import ROLES, UNAUTHORIZED, cells, check, row
from tests.api import LOGOUT_ALL_URL, LOGOUT_URL, SUGGEST_URL, TOKEN_URL, client_with_token
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "another-long-pass-91"


def _obtain(username: str = "tessa", password: str = PASSWORD, client: APIClient | None = None):
    credentials = {"username": username, "password": password}
    return (client or APIClient()).post(TOKEN_URL, credentials, format="json")


def _set_rate(settings, scope: str, rate: str) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], scope: rate}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def _token_for(user) -> str:
    _, token = AuthToken.objects.create(user=user)
    return token


def _works(token: str) -> bool:
    status = client_with_token(token).post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, format="json").status_code
    assert status in (200, 401, 403), status
    return status == 200


def _authenticates(token: str) -> bool:
    """For accounts that may not call the engine: 403 means the token itself was accepted."""
    status = client_with_token(token).post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, format="json").status_code
    assert status in (200, 401, 403), status
    return status != 401


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# Storage and expiry --------------------------------------------------------------------------------


def test_stored_value_is_a_digest_not_the_token(therapist):
    token = _obtain().json()["token"]
    row = AuthToken.objects.get()
    assert token not in (row.digest, row.token_key)
    assert row.digest == hash_token(token)
    assert len(row.token_key) == 15 and token.startswith(row.token_key)


def test_expired_token_is_refused(therapist):
    _, token = AuthToken.objects.create(user=therapist, expiry=timedelta(seconds=-1))
    response = client_with_token(token).post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, format="json")
    assert response.status_code == 401
    assert not AuthToken.objects.exists()


def test_issuing_a_token_clears_the_users_expired_ones(therapist, colleague):
    AuthToken.objects.create(user=therapist, expiry=timedelta(seconds=-1))
    AuthToken.objects.create(user=colleague, expiry=timedelta(seconds=-1))
    _obtain()
    assert AuthToken.objects.filter(user=therapist).count() == 1
    assert AuthToken.objects.filter(user=colleague).count() == 1


# Logout ----------------------------------------------------------------------------------------------


def test_logout_revokes_the_presented_token_only(therapist):
    first, second = _obtain().json()["token"], _obtain().json()["token"]
    response = client_with_token(first).post(LOGOUT_URL)
    assert response.status_code == 204
    assert not _works(first)
    assert _works(second)


def test_logoutall_revokes_every_token_of_the_user_only(therapist, colleague):
    mine = [_obtain().json()["token"] for _ in range(2)]
    theirs = _obtain("ben").json()["token"]
    assert client_with_token(mine[0]).post(LOGOUT_ALL_URL).status_code == 204
    assert not any(_works(token) for token in mine)
    assert _works(theirs)


@pytest.mark.parametrize("url", [LOGOUT_URL, LOGOUT_ALL_URL], ids=["logout", "logoutall"])
def test_logout_without_a_token_401(therapist, url):
    assert APIClient().post(url).status_code == 401
    browser = APIClient()
    browser.force_login(therapist)
    assert browser.post(url).status_code == 401


@pytest.mark.parametrize("url", [LOGOUT_URL, LOGOUT_ALL_URL], ids=["logout", "logoutall"])
def test_logout_with_trailing_slash_also_works(therapist, url):
    token = _obtain().json()["token"]
    assert client_with_token(token).post(f"{url}/").status_code == 204
    assert not _works(token)


# Password changes and deactivation revoke every token ---------------------------------------------


def test_set_password_and_save_revokes_tokens(therapist, colleague):
    token, theirs = _token_for(therapist), _token_for(colleague)
    therapist.set_password(NEW_PASSWORD)
    therapist.save()
    assert not _works(token)
    assert _works(theirs)


def test_password_change_page_revokes_tokens(client, therapist):
    token = _token_for(therapist)
    client.force_login(therapist)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not _works(token)


def test_admin_password_change_revokes_tokens(client, therapist, superuser):
    token = _token_for(therapist)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[therapist.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert not _works(token)


def test_password_reset_revokes_tokens(client, therapist):
    token = _token_for(therapist)
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(therapist.pk)),
            "token": default_token_generator.make_token(therapist),
        },
    )
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert not _works(token)


def test_invitation_set_password_revokes_tokens(client, therapist, patient):
    invitation = portal_invite(patient=patient, user=therapist)
    # No token is issued to a portal account; one made directly stands for any left from before.
    token = _token_for(invitation.account)
    assert _authenticates(token)
    form_page = client.get(invitation.path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert not _authenticates(token)


def test_deactivation_revokes_tokens(therapist):
    token = _token_for(therapist)
    therapist.is_active = False
    therapist.save(update_fields=["is_active"])
    assert not AuthToken.objects.filter(user=therapist).exists()
    # Reactivating the account does not bring the token back.
    therapist.is_active = True
    therapist.save(update_fields=["is_active"])
    assert not _works(token)


def test_saving_the_user_otherwise_keeps_tokens(client, therapist):
    token = _token_for(therapist)
    therapist.first_name = "Tess"
    therapist.save()
    client.post(reverse("login"), {"username": "tessa", "password": PASSWORD})  # saves last_login
    assert _works(token)


# Throttling -----------------------------------------------------------------------------------------


def test_token_endpoint_throttled_on_every_attempt_successes_included(therapist, settings):
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_token"].split("/")[0])
    client = APIClient()
    for _ in range(limit):
        assert _obtain(client=client).status_code == 200
    response = _obtain(client=client)
    assert response.status_code == 429
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0
    assert AuthToken.objects.count() == limit


def test_token_endpoint_throttle_counts_failures_and_bad_bodies(therapist, settings):
    _set_rate(settings, "auth_token", "3/hour")
    client = APIClient()
    assert _obtain("nobody", client=client).status_code == 400
    assert client.post(TOKEN_URL, "[", content_type="application/json").status_code == 400
    assert _obtain(client=client).status_code == 200
    assert _obtain(client=client).status_code == 429


def test_token_endpoint_throttle_is_per_client_address(therapist, settings):
    _set_rate(settings, "auth_token", "1/hour")
    assert _obtain(client=APIClient(REMOTE_ADDR="192.0.2.1")).status_code == 200
    assert _obtain(client=APIClient(REMOTE_ADDR="192.0.2.1")).status_code == 429
    assert _obtain(client=APIClient(REMOTE_ADDR="192.0.2.2")).status_code == 200
    # Without a trusted proxy the X-Forwarded-For header cannot buy a fresh address.
    spoofer = APIClient(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _obtain(client=spoofer).status_code == 429


def test_rest_of_the_api_throttled_per_user(therapist, colleague, settings):
    _set_rate(settings, "user", "2/minute")
    mine, theirs = _token_for(therapist), _token_for(colleague)
    assert _works(mine) and _works(mine)
    response = client_with_token(mine).post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, format="json")
    assert response.status_code == 429
    assert _works(theirs)


def test_default_rates_are_sane(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"auth_token": "20/hour", "user": "120/minute"}


# --- Who may open it ------------------------------------------------------------------------------

# Logging out is by token only: a session, whoever's, is refused.
ACCESS = cells(
    *[
        row(name, lambda get, url=url: url, method="post", json=True, **dict.fromkeys(ROLES, UNAUTHORIZED))
        for name, url in (("logout", LOGOUT_URL), ("logout everywhere", LOGOUT_ALL_URL))
    ],
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
