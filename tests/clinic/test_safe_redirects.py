"""Every view that follows a ``next`` address: a forged value never leaves the site, never reaches a
page that does not exist, and never turns a saved change into a 500; a good value is followed."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from plans.models import Prompt
from tests.access_matrix import DONE, LOGIN, OK, cells, check, profile, row
from tests.factories import EpisodeFactory, UserFactory
from tests.plans.test_visits import _baseline, _plan, _visit

PASSWORD = "a-long-test-pass-42"
BAD_NEXT = ["-1", "//evil.example", "https://evil.example/phish", "javascript:alert(1)", "/nonexistent/"]


@pytest.fixture
def prompt(therapist_client, patient, therapist):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=50))
    _baseline(episode, therapist)
    _plan(episode, therapist)
    _visit(therapist_client, episode, 33, nprs="9")
    return Prompt.objects.get(kind="regression")


def _dismiss(client, prompt, next_url):
    url = reverse("plans:prompt_dismiss", args=[prompt.pk])
    return client.post(url, {"reason": "Reviewed.", "next": next_url})


@pytest.mark.parametrize("next_url", BAD_NEXT)
def test_prompt_dismissal_ignores_a_bad_next_and_still_dismisses(therapist_client, prompt, next_url):
    response = _dismiss(therapist_client, prompt, next_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:episode_detail", args=[prompt.episode.code])
    prompt.refresh_from_db()
    assert prompt.status == "dismissed"


def test_prompt_dismissal_follows_a_good_next(therapist_client, prompt):
    good = reverse("plans:dashboard") + "?attention=1"
    response = _dismiss(therapist_client, prompt, good)
    assert response.status_code == 302 and response["Location"] == good


@pytest.fixture
def staff_with_password(therapist):
    therapist.set_password(PASSWORD)
    therapist.save()
    return therapist


@pytest.mark.parametrize("next_url", BAD_NEXT)
def test_login_ignores_a_bad_next(client, staff_with_password, next_url):
    response = client.post(
        reverse("login"), {"username": staff_with_password.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.mark.parametrize("next_url", BAD_NEXT)
def test_login_page_does_not_echo_a_bad_next(client, next_url):
    response = client.get(reverse("login"), {"next": next_url})
    assert response.status_code == 200
    assert 'name="next" value=""' in response.text


def test_login_follows_a_good_next(client, staff_with_password):
    good = reverse("patients:list") + "?q=lopez"
    response = client.post(
        reverse("login"), {"username": staff_with_password.username, "password": PASSWORD, "next": good}
    )
    assert response.status_code == 302 and response["Location"] == good


@pytest.mark.parametrize("next_url", BAD_NEXT)
def test_logout_ignores_a_bad_next(db, client, next_url):
    client.force_login(UserFactory())
    response = client.post(reverse("logout"), {"next": next_url})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_logout_follows_a_good_next(db, client):
    client.force_login(UserFactory())
    response = client.post(reverse("logout"), {"next": reverse("password_reset")})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset")


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row(
        "login page with a next",
        lambda get: reverse("login") + "?next=https://evil.example/",
        profile(DONE, anonymous=OK),
    ),
    row("home", lambda get: reverse("home"), profile(DONE, anonymous=LOGIN)),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
