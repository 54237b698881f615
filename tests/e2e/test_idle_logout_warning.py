"""The idle warning in a real browser: the page's clock is Playwright's (fast-forwarded), the
server's is moved by ageing the stored session."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore

from clinic.idle_logout import LAST_ACTIVITY_KEY
from tests.factories import PASSWORD


def _session(page) -> SessionStore:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=key)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_warning_keeps_the_session_alive_or_sends_to_login(live_server, page, clinic, therapist):
    clinic.idle_logout_minutes = 5
    clinic.save()
    page.clock.install()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(therapist.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/caseload/")
    warning = page.get_by_role("alertdialog", name="Still there?")
    assert not warning.is_visible()

    page.clock.fast_forward("02:50")
    assert not warning.is_visible()
    page.clock.fast_forward("00:20")  # 2 minutes before the end
    warning.wait_for(state="visible")
    assert page.get_by_role("button", name="Stay signed in").is_visible()
    assert page.evaluate("document.activeElement.dataset.idleStay") == ""  # focus is on the button

    session = _session(page)
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 200
    session.save()
    with page.expect_response("**/accounts/keep-alive/") as keep_alive:
        page.keyboard.press("Enter")
    assert keep_alive.value.status == 204
    warning.wait_for(state="hidden")
    assert int(time.time()) - _session(page)[LAST_ACTIVITY_KEY] < 10
    assert page.locator("[data-idle-stay]").is_enabled()

    # Nothing more happens: the server's idle time runs out, and so does the page's.
    session = _session(page)
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 5 * 60 - 1
    session.save()
    page.clock.fast_forward("05:01")
    page.wait_for_url("**/accounts/login/?next=%2Fcaseload%2F")
    assert page.get_by_text("signed out after 5 minutes without activity").is_visible()
