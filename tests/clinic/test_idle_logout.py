"""Idle log-off and the session limits, through real requests. Time passing is simulated by moving
the session's stored timestamps back (no clock freezing)."""

import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.idle_logout import LAST_ACTIVITY_KEY, LOGGED_IN_AT_KEY, idle_logout_minutes_for
from clinic.models import Membership
from clinic.roles import membership_grant
from tests.access_matrix import NO_CONTENT, UNAUTHORIZED, cells, check, profile, row
from tests.factories import PASSWORD, ClinicFactory, UserFactory

STAFF_PAGE = "/patients/"


def _age_session(client, *, idle_seconds: int = 0, since_login_seconds: int | None = None) -> None:
    session = client.session
    now = int(time.time())
    session[LAST_ACTIVITY_KEY] = now - idle_seconds
    if since_login_seconds is None:
        since_login_seconds = idle_seconds
    session[LOGGED_IN_AT_KEY] = now - since_login_seconds
    session.save()


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# The limit ---------------------------------------------------------------------------------------


def test_clinic_default_is_30_minutes(clinic):
    assert clinic.idle_logout_minutes == 30


@pytest.mark.parametrize("minutes", [4, 481])
def test_limit_out_of_range_refused_by_validation_and_database(clinic, minutes):
    clinic.idle_logout_minutes = minutes
    with pytest.raises(ValidationError) as error:
        clinic.full_clean()
    assert "idle_logout_minutes" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        clinic.save()


def test_staff_get_the_smallest_of_their_clinics(therapist, clinic, other_clinic):
    clinic.idle_logout_minutes = 45
    clinic.save()
    other_clinic.idle_logout_minutes = 15
    other_clinic.save()
    assert idle_logout_minutes_for(therapist) == 45
    membership_grant(user=therapist, clinic=other_clinic, role=Membership.Role.ADMIN_STAFF)
    assert idle_logout_minutes_for(therapist) == 15


def test_patient_gets_their_clinics(patient_account, clinic, other_clinic):
    clinic.idle_logout_minutes = 10
    clinic.save()
    other_clinic.idle_logout_minutes = 5
    other_clinic.save()
    assert idle_logout_minutes_for(patient_account) == 10


def test_superuser_without_clinic_gets_30(superuser):
    ClinicFactory(idle_logout_minutes=5)
    assert idle_logout_minutes_for(superuser) == 30


def test_clinic_admin_shows_the_setting_under_security(client, superuser, clinic):
    client.force_login(superuser)
    response = client.get(reverse("admin:clinic_clinic_change", args=[clinic.pk]))
    assert response.status_code == 200
    fieldsets = [fieldset.name for fieldset in response.context["adminform"]]
    assert "Security (set by the practice manager)" in fieldsets
    assert 'name="idle_logout_minutes"' in response.text


def test_clinic_admin_refuses_an_out_of_range_limit(client, superuser, clinic):
    client.force_login(superuser)
    url = reverse("admin:clinic_clinic_change", args=[clinic.pk])
    form = response_form_data(client.get(url))
    form["idle_logout_minutes"] = "2"
    response = client.post(url, form)
    assert response.status_code == 200
    assert "idle_logout_minutes" in response.context["adminform"].form.errors
    clinic.refresh_from_db()
    assert clinic.idle_logout_minutes == 30


def response_form_data(response) -> dict:
    """The change form's current values, as the browser would post them back."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


# Idle log-off ------------------------------------------------------------------------------------


def test_idle_past_the_limit_logs_out_and_says_why(client, therapist):
    client.force_login(therapist)
    _age_session(client, idle_seconds=30 * 60 + 1)
    response = client.get(STAFF_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not _logged_in(client)
    page = client.get(response["Location"])
    assert "signed out after 30 minutes without activity" in page.text


def test_activity_within_the_limit_keeps_the_session(client, therapist):
    client.force_login(therapist)
    _age_session(client, idle_seconds=29 * 60)
    assert client.get(STAFF_PAGE).status_code == 200
    assert _logged_in(client)
    # The request counted as activity: the clock starts again.
    assert int(time.time()) - client.session[LAST_ACTIVITY_KEY] < 5


def test_activity_is_written_at_most_once_a_minute(client, therapist):
    client.force_login(therapist)
    _age_session(client, idle_seconds=20)
    stored = client.session[LAST_ACTIVITY_KEY]
    assert client.get(STAFF_PAGE).status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] == stored


def test_limit_follows_the_clinic_setting(client, therapist, clinic):
    clinic.idle_logout_minutes = 10
    clinic.save()
    client.force_login(therapist)
    _age_session(client, idle_seconds=9 * 60)
    assert client.get(STAFF_PAGE).status_code == 200
    _age_session(client, idle_seconds=10 * 60 + 1)
    assert client.get(STAFF_PAGE).status_code == 302
    assert not _logged_in(client)


def test_a_changed_clinic_setting_applies_to_open_sessions(client, therapist, clinic):
    client.force_login(therapist)
    clinic.idle_logout_minutes = 10
    clinic.save()
    _age_session(client, idle_seconds=11 * 60)
    assert client.get(STAFF_PAGE).status_code == 302
    assert not _logged_in(client)


def test_patient_idle_past_their_clinics_limit_is_logged_out(client, patient_account, clinic):
    clinic.idle_logout_minutes = 5
    clinic.save()
    client.force_login(patient_account)
    _age_session(client, idle_seconds=5 * 60 + 1)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert not _logged_in(client)


def test_session_ends_12_hours_after_login_however_active(client, therapist, settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    client.force_login(therapist)
    _age_session(client, idle_seconds=0, since_login_seconds=12 * 3600)
    response = client.get(STAFF_PAGE)
    assert response.status_code == 302
    assert not _logged_in(client)
    assert "12 hours after signing in" in client.get(response["Location"]).text


def test_session_cookie_ends_with_the_browser(client, therapist, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    response = client.post(reverse("login"), {"username": "tessa", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]


def test_real_login_starts_the_clock(client, therapist):
    client.post(reverse("login"), {"username": "tessa", "password": PASSWORD})
    now = int(time.time())
    assert now - client.session[LAST_ACTIVITY_KEY] < 5
    assert now - client.session[LOGGED_IN_AT_KEY] < 5


def test_a_session_from_before_gets_a_clock(client, therapist):
    client.force_login(therapist)
    session = client.session
    del session[LAST_ACTIVITY_KEY]
    del session[LOGGED_IN_AT_KEY]
    session.save()
    assert client.get(STAFF_PAGE).status_code == 200
    assert LAST_ACTIVITY_KEY in client.session


# Keep-alive ---------------------------------------------------------------------------------------


def test_keep_alive_refreshes_the_session(client, therapist):
    client.force_login(therapist)
    _age_session(client, idle_seconds=29 * 60)
    response = client.post(reverse("keep_alive"))
    assert response.status_code == 204
    assert int(time.time()) - client.session[LAST_ACTIVITY_KEY] < 5
    _age_session(client, idle_seconds=29 * 60)  # another 29 minutes: still within the limit
    assert client.get(STAFF_PAGE).status_code == 200


def test_keep_alive_after_the_limit_is_too_late(client, therapist):
    client.force_login(therapist)
    _age_session(client, idle_seconds=31 * 60)
    assert client.post(reverse("keep_alive")).status_code == 401
    assert not _logged_in(client)


def test_keep_alive_needs_post_and_csrf(client, therapist):
    client.force_login(therapist)
    assert client.get(reverse("keep_alive")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(therapist)
    assert strict.post(reverse("keep_alive")).status_code == 403
    csrf = _warning_attributes(strict.get(STAFF_PAGE).text)["csrf-token"]
    assert strict.post(reverse("keep_alive"), HTTP_X_CSRFTOKEN=csrf).status_code == 204


def test_keep_alive_anonymous_401(client, db):
    assert client.post(reverse("keep_alive")).status_code == 401


# The warning on the page --------------------------------------------------------------------------


def _warning_attributes(html: str) -> dict:
    dialog = re.search(r'<div id="idle-warning"[^>]*>', html).group(0)
    assert 'role="alertdialog"' in dialog
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', dialog))


def test_warning_markup_on_staff_pages(client, therapist, clinic):
    clinic.idle_logout_minutes = 20
    clinic.save()
    client.force_login(therapist)
    html = client.get(STAFF_PAGE).text
    attributes = _warning_attributes(html)
    assert attributes["idle-logout-seconds"] == "1200"
    assert 1190 <= int(attributes["idle-remaining-seconds"]) <= 1200
    assert attributes["keep-alive-url"] == reverse("keep_alive")
    assert attributes["login-url"] == reverse("login")
    assert attributes["csrf-token"]
    assert '<button type="button" class="idle-warning-stay" data-idle-stay>Stay signed in</button>' in html
    assert "js/idle-logout.js" in html


def test_warning_markup_on_portal_pages(client, patient_account):
    client.force_login(patient_account)
    html = client.get(reverse("portal:home")).text
    assert _warning_attributes(html)["idle-logout-seconds"] == "1800"
    assert "js/idle-logout.js" in html


def test_warning_markup_on_admin_pages(client, admin_staff):
    client.force_login(admin_staff)
    html = client.get(reverse("admin:index")).text
    assert _warning_attributes(html)["idle-logout-seconds"] == "1800"
    assert "js/idle-logout.js" in html


def test_no_warning_for_anonymous_pages(client, db):
    html = client.get(reverse("login")).text
    assert "idle-warning" not in html
    assert "js/idle-logout.js" not in html


def test_remaining_time_counts_down_from_the_last_activity(client, therapist):
    client.force_login(therapist)
    _age_session(client, idle_seconds=50)
    attributes = _warning_attributes(client.get(STAFF_PAGE).text)
    assert 30 * 60 - 55 <= int(attributes["idle-remaining-seconds"]) <= 30 * 60 - 50


def test_the_check_costs_queries_only_once_a_minute(client, therapist):
    client.force_login(therapist)

    def queries_for_a_page(idle_seconds: int) -> list[str]:
        _age_session(client, idle_seconds=idle_seconds)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(STAFF_PAGE).status_code == 200
        # (the session's save is atomic: savepoints here, inside the test's transaction)
        return [
            query["sql"]
            for query in captured.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        ]

    quiet = queries_for_a_page(idle_seconds=20)
    recording = queries_for_a_page(idle_seconds=120)
    assert not any("clinic_clinic" in sql and "MIN(" in sql for sql in quiet)
    assert not any(sql.startswith("UPDATE") and "django_session" in sql for sql in quiet)
    # A minute on: the clinic's limit (one query) and the session write.
    assert len(recording) == len(quiet) + 2


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row(
        "keep alive",
        lambda get: reverse("keep_alive"),
        profile(NO_CONTENT, anonymous=UNAUTHORIZED),
        method="post",
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
