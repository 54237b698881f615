"""Idle log-off and the absolute session limit.

A session ends after the clinic's idle time without a request (``Clinic.idle_logout_minutes``: a
staff member gets the smallest of their clinics' values, a patient their clinic's, anyone else
``DEFAULT_IDLE_MINUTES``), and ``SESSION_COOKIE_AGE`` after log-in whatever the activity. Activity
is written to the session at most once every ``ACTIVITY_WRITE_SECONDS``, so most requests neither
write the session nor query the limit; the limit is looked up again at each write, so a changed
clinic setting applies within a minute. The page carries the deadline for static/js/idle-logout.js,
which warns before it and can keep the session alive (``clinic.views.keep_alive``).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.db.models import Min, Q

from clinic.models import Clinic

DEFAULT_IDLE_MINUTES = 30
ACTIVITY_WRITE_SECONDS = 60
LAST_ACTIVITY_KEY = "upright_last_activity"
LOGGED_IN_AT_KEY = "upright_logged_in_at"
IDLE_MINUTES_KEY = "upright_idle_minutes"


def idle_logout_minutes_for(user) -> int:
    """One query: the smallest idle time of the clinics the user works at or is a patient of."""
    minutes = Clinic.objects.filter(Q(memberships__user=user) | Q(patients__portal_user=user)).aggregate(
        minutes=Min("idle_logout_minutes")
    )["minutes"]
    return minutes if minutes is not None else DEFAULT_IDLE_MINUTES


def record_activity(session, user, now: int | None = None) -> None:
    session[LAST_ACTIVITY_KEY] = int(time.time()) if now is None else now
    session[IDLE_MINUTES_KEY] = idle_logout_minutes_for(user)


def _start_clock(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    # Only a session log-in: the API's token endpoint sends this signal too, without one.
    if session is None or session.get(SESSION_KEY) != str(user.pk):
        return
    now = int(time.time())
    session[LOGGED_IN_AT_KEY] = now
    record_activity(session, user, now)


def connect_signals() -> None:
    user_logged_in.connect(_start_clock, dispatch_uid="upright_idle_logout_start_clock")


def _sign_out(request, reason: str) -> None:
    logout(request)
    messages.info(request, reason)


class IdleLogoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware. A session that is over is logged out
    and the request goes on as anonymous, so a page that needs a login redirects to it, where the
    message says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request, user) -> None:
        session = request.session
        now = int(time.time())
        last_activity = session.get(LAST_ACTIVITY_KEY)
        logged_in_at = session.get(LOGGED_IN_AT_KEY)
        if last_activity is None or logged_in_at is None:  # a session from before this check
            session.setdefault(LOGGED_IN_AT_KEY, now)
            record_activity(session, user, now)
            return
        if now - logged_in_at >= settings.SESSION_COOKIE_AGE:
            hours = settings.SESSION_COOKIE_AGE / 3600
            _sign_out(request, f"You were signed out {hours:g} hours after signing in. Please sign in again.")
            return
        idle_seconds = now - last_activity
        if idle_seconds < ACTIVITY_WRITE_SECONDS:
            return
        minutes = idle_logout_minutes_for(user)
        if idle_seconds >= minutes * 60:
            _sign_out(
                request,
                f"You were signed out after {minutes} minutes without activity, to protect patient "
                "information. Please sign in again.",
            )
            return
        session[LAST_ACTIVITY_KEY] = now
        session[IDLE_MINUTES_KEY] = minutes


def idle_logout_context(request) -> dict:
    """The idle limit and the time left, in seconds, for the warning script (base.html)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated:
        return {}
    minutes = session.get(IDLE_MINUTES_KEY)
    last_activity = session.get(LAST_ACTIVITY_KEY)
    if minutes is None or last_activity is None:
        return {}
    limit = minutes * 60
    return {
        "idle_logout": {
            "limit_seconds": limit,
            "remaining_seconds": max(0, last_activity + limit - int(time.time())),
        }
    }
