"""`manage.py housekeeping` removes what has expired, through Django's and django-axes' own commands,
and keeps what is still live: sessions, login attempts, the login log and API tokens, in the real
database."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from knox.models import AuthToken

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _housekeeping() -> str:
    out = StringIO()
    call_command("housekeeping", stdout=out)
    return out.getvalue()


def _session(expire_in: timedelta) -> str:
    store = SessionStore()
    store["seen"] = True
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expire_in)
    return store.session_key


def _aged(model, age: timedelta, username="sam", **fields):
    row = model.objects.create(
        user_agent="test",
        ip_address="10.0.0.1",
        username=username,
        http_accept="*/*",
        path_info="/",
        **fields,
    )
    model.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - age)
    return row


def test_expired_sessions_go_and_live_ones_stay():
    expired = _session(-timedelta(minutes=1))
    live = _session(timedelta(hours=1))

    output = _housekeeping()

    assert not Session.objects.filter(session_key=expired).exists()
    assert SessionStore(session_key=live).load() == {"seen": True}
    assert "expired sessions: 1 removed" in output


def test_login_attempts_past_the_cool_off_go_and_a_current_lock_out_stays(settings):
    settings.AXES_COOLOFF_TIME = 1.0  # hours
    attempt = {"get_data": "", "post_data": "", "failures_since_start": 5}
    old = _aged(AccessAttempt, timedelta(hours=2), **attempt)
    current = _aged(AccessAttempt, timedelta(minutes=10), username="alex", **attempt)

    output = _housekeeping()

    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [current.pk]
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
    assert "expired login attempts: 1 removed" in output


def test_the_login_log_is_kept_for_the_configured_days(settings):
    settings.LOGIN_LOG_RETENTION_DAYS = 30
    old_log = _aged(AccessLog, timedelta(days=31))
    recent_log = _aged(AccessLog, timedelta(days=29))
    old_failure = _aged(AccessFailureLog, timedelta(days=31))
    recent_failure = _aged(AccessFailureLog, timedelta(days=29))

    output = _housekeeping()

    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent_log.pk]
    assert list(AccessFailureLog.objects.values_list("pk", flat=True)) == [recent_failure.pk]
    assert not AccessLog.objects.filter(pk=old_log.pk).exists()
    assert not AccessFailureLog.objects.filter(pk=old_failure.pk).exists()
    assert "login log older than 30 days: 1 logs removed." in output
    assert "failed-login log older than 30 days: 1 logs removed." in output


def test_expired_api_tokens_go_and_live_ones_stay():
    user = UserFactory()
    expired, _ = AuthToken.objects.create(user=user, expiry=-timedelta(minutes=1))
    live, _ = AuthToken.objects.create(user=user, expiry=timedelta(hours=1))

    output = _housekeeping()

    assert list(AuthToken.objects.values_list("digest", flat=True)) == [live.digest]
    assert "expired API tokens: 1 removed" in output


def test_nothing_to_remove_reports_nothing():
    output = _housekeeping()

    assert "expired sessions: 0 removed" in output
    assert "login log older than 365 days: No logs found." in output
