"""Token login and who may call the API: therapists and superusers yes; admin staff, patients and
users without a clinic 403; nobody else 401. Tokens: tests/api/test_token_lifecycle.py."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.models import AuthToken
from rest_framework.test import APIClient

from clinic.models import Membership
from clinic.roles import membership_grant
from tests.access_matrix import API_ENDPOINT, BAD_REQUEST, cells, check, row
from tests.api import PROGRESS_URL, SUGGEST_URL, TOKEN_URL, client_with_token, token_client
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST
from tests.factories import PASSWORD, UserFactory

PROGRESS_REQUEST = {
    "baseline": {"date": "2026-01-05", "nprs": 7},
    "visits": [{"date": "2026-01-12", "nprs": 6}],
}
ENDPOINTS = [(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST), (PROGRESS_URL, PROGRESS_REQUEST)]
ENDPOINT_IDS = ["suggest", "progress"]
REFUSED = "Only therapists and superusers may use this API."


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# POST /api/v1/auth/token --------------------------------------------------------------------------


def test_token_obtained_with_good_credentials(therapist, settings):
    response = APIClient().post(TOKEN_URL, {"username": "tessa", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    assert AuthToken.objects.get().user == therapist
    expected_expiry = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    assert abs(parse_datetime(body["expiry"]) - expected_expiry) < timedelta(minutes=1)


def test_token_lives_ten_hours_by_default(settings):
    assert settings.REST_KNOX["TOKEN_TTL"] == timedelta(hours=10)


def test_each_login_issues_a_new_token(therapist):
    first = APIClient().post(TOKEN_URL, {"username": "tessa", "password": PASSWORD}, format="json")
    second = APIClient().post(TOKEN_URL, {"username": "tessa", "password": PASSWORD}, format="json")
    assert first.json()["token"] != second.json()["token"]
    assert AuthToken.objects.filter(user=therapist).count() == 2


def test_token_works_as_authorization_header(therapist):
    token = (
        APIClient()
        .post(TOKEN_URL, {"username": "tessa", "password": PASSWORD}, format="json")
        .json()["token"]
    )
    response = client_with_token(token).post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, format="json")
    assert response.status_code == 200


def test_bearer_prefix_is_refused(therapist):
    _, token = AuthToken.objects.create(user=therapist)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, format="json").status_code == 401


def test_token_path_with_trailing_slash_also_works(therapist):
    response = APIClient().post(f"{TOKEN_URL}/", {"username": "tessa", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert set(response.json()) == {"token", "expiry"}


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "tessa", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "TESSA", "password": PASSWORD},
    ],
    ids=["wrong-password", "unknown-user", "wrong-case"],
)
def test_bad_credentials_400(therapist, credentials):
    response = APIClient().post(TOKEN_URL, credentials, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert not AuthToken.objects.exists()


def test_inactive_user_gets_no_token(therapist):
    therapist.is_active = False
    therapist.save()
    response = APIClient().post(TOKEN_URL, {"username": "tessa", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


@pytest.mark.parametrize(
    "body, keys",
    [
        ({}, {"username", "password"}),
        ({"username": "tessa"}, {"password"}),
        ({"password": PASSWORD}, {"username"}),
        ({"username": "", "password": ""}, {"username", "password"}),
        ({"username": ["tessa"], "password": PASSWORD}, {"username"}),
    ],
    ids=["both-missing", "password-missing", "username-missing", "blank", "username-list"],
)
def test_missing_or_bad_fields_400(therapist, body, keys):
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == keys


@pytest.mark.parametrize(
    "raw, content_type",
    [
        ('["tessa"]', "application/json"),
        ('{"username": ', "application/json"),
        ("username=tessa&password=x", "application/x-www-form-urlencoded"),
    ],
    ids=["list", "malformed", "form-encoded"],
)
def test_token_body_must_be_a_json_object(therapist, raw, content_type):
    response = APIClient().post(TOKEN_URL, raw, content_type=content_type)
    assert response.status_code == 400
    assert list(response.json()) == ["body"]


def test_token_endpoint_needs_no_csrf_for_a_logged_in_browser(therapist):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(therapist)
    response = client.post(TOKEN_URL, {"username": "tessa", "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_token_login_locked_out_after_repeated_failures(therapist, settings):
    client = APIClient()
    wrong = {"username": "tessa", "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(TOKEN_URL, wrong, format="json").status_code == 400
    # The failure that reaches the limit locks the account; then even the right password is refused.
    assert client.post(TOKEN_URL, wrong, format="json").status_code == 429
    response = client.post(TOKEN_URL, {"username": "tessa", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert list(response.json()) == ["non_field_errors"]
    assert not AuthToken.objects.exists()


# Who may call the endpoints ------------------------------------------------------------------------


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_gets_401(db, url, body):
    response = APIClient().post(url, body, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_unknown_token_gets_401(db, url, body):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.post(url, body, format="json").status_code == 401


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_with_bad_body_still_gets_401(db, url, body):
    assert APIClient().post(url, "[", content_type="application/json").status_code == 401


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_patient_account_gets_403_by_token(patient_account, url, body):
    response = token_client(patient_account).post(url, body, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED}


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_patient_account_gets_403_by_session(patient_account, url, body):
    client = APIClient()
    client.force_login(patient_account)
    assert client.post(url, body, format="json").status_code == 403


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_user_without_clinic_gets_403(db, url, body):
    assert token_client(UserFactory()).post(url, body, format="json").status_code == 403


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_admin_staff_gets_403_by_token(admin_staff, url, body):
    response = token_client(admin_staff).post(url, body, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED}


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_admin_staff_gets_403_by_session(admin_staff, url, body):
    client = APIClient()
    client.force_login(admin_staff)
    response = client.post(url, body, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED}


def test_admin_staff_may_still_obtain_a_token(admin_staff):
    # Clinic staff get a token; what it may reach is the endpoints' business.
    response = APIClient().post(TOKEN_URL, {"username": "frontdesk", "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_superuser_without_clinic_obtains_a_token(superuser):
    response = APIClient().post(TOKEN_URL, {"username": "root", "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_patient_account_gets_no_token(patient_account):
    response = APIClient().post(TOKEN_URL, {"username": "maria", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only clinic staff may obtain an API token."}
    assert not AuthToken.objects.exists()


def test_account_without_clinic_role_gets_no_token(db):
    UserFactory(username="drifter")
    response = APIClient().post(TOKEN_URL, {"username": "drifter", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert not AuthToken.objects.exists()


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_admin_staff_who_is_also_a_therapist_elsewhere_allowed(admin_staff, other_clinic, url, body):
    membership_grant(user=admin_staff, clinic=other_clinic, role=Membership.Role.THERAPIST)
    response = token_client(admin_staff).post(url, body, format="json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("who", ["therapist", "colleague", "outsider", "superuser"])
def test_therapists_and_superusers_allowed_by_token(request, who, url, body):
    user = request.getfixturevalue(who)
    response = token_client(user).post(url, body, format="json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_session_login_works_with_csrf_token(therapist, url, body):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(therapist)
    # A session without the CSRF token is refused (DRF's SessionAuthentication) ...
    assert client.post(url, body, format="json").status_code == 403
    # ... and accepted with it, as a logged-in page's script would send it.
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(url, body, format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 200


def test_therapist_client_fixture_session_works(therapist_client):
    response = therapist_client.post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["triage"]["level"] == "none"


@pytest.mark.parametrize("url, body", ENDPOINTS, ids=ENDPOINT_IDS)
def test_get_not_allowed(therapist, url, body):
    assert token_client(therapist).get(url).status_code == 405


# --- Who may open it ------------------------------------------------------------------------------

# By session (the browsable API and the docs page); tokens are tested above.
ACCESS = cells(
    *[
        row(
            name,
            lambda get, url=url: url,
            API_ENDPOINT,
            method="post",
            json=True,
            data=lambda get, body=body: body,
        )
        for name, (url, body) in zip(ENDPOINT_IDS, ENDPOINTS, strict=True)
    ],
    row(
        "token without credentials",
        lambda get: TOKEN_URL,
        anonymous=BAD_REQUEST,
        therapist=BAD_REQUEST,
        method="post",
        json=True,
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
