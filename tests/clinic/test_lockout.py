"""django-axes locks a user name from the address that failed, not either on its own; behind the
trusted-proxy setting the address is the X-Forwarded-For client, and without it the header is
ignored. Real POSTs to the log-in page (axes needs the request)."""

import runpy
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.access_matrix import DONE, OK, cells, check, profile, row
from tests.factories import PASSWORD

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "clinic" / "settings.py"
CLIENT_ADDRESS_SETTINGS = (
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "AXES_IPWARE_PROXY_COUNT",
    "AXES_IPWARE_PROXY_ORDER",
    "IPWARE_STRICT",
)
PROXY = "127.0.0.1"  # the reverse proxy, on the same host: what REMOTE_ADDR shows
ADDRESS_A, ADDRESS_B = "203.0.113.10", "203.0.113.20"


def _log_in(client, username="tessa", password=PASSWORD, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def _fail(client, times, username="tessa", **meta):
    statuses = [_log_in(client, username, "wrong-password", **meta).status_code for _ in range(times)]
    # The failure that reaches the limit is the first one answered with the lock-out page.
    assert statuses == [200] * (times - 1) + [429]


@pytest.fixture
def proxy_settings(settings, monkeypatch):
    """The settings module's client-address settings for a TRUSTED_PROXY_COUNT, applied."""

    def apply(trusted_proxy_count: int) -> None:
        monkeypatch.setenv("TRUSTED_PROXY_COUNT", str(trusted_proxy_count))
        module = runpy.run_path(str(SETTINGS_FILE))
        for name in CLIENT_ADDRESS_SETTINGS:
            setattr(settings, name, module[name])
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": module["TRUSTED_PROXY_COUNT"]}

    return apply


def test_lockout_is_by_user_name_and_address_together(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_failures_under_made_up_names_do_not_lock_a_real_user_out(client, therapist, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        assert _log_in(client, f"ghost{n}", "wrong-password").status_code == 200
    _fail(client, settings.AXES_FAILURE_LIMIT, username="ghost")
    response = _log_in(client)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(client, therapist, settings):
    _fail(client, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=ADDRESS_A)
    assert _log_in(client, REMOTE_ADDR=ADDRESS_A).status_code == 429
    response = _log_in(client, REMOTE_ADDR=ADDRESS_B)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_behind_the_trusted_proxy_the_client_is_counted(client, therapist, settings, proxy_settings):
    proxy_settings(1)
    _fail(client, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_A)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}
    assert _log_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_A).status_code == 429
    # Another client behind the same proxy is not locked out.
    assert _log_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_B).status_code == 302


def test_behind_the_proxy_a_client_cannot_choose_its_address(client, therapist, settings, proxy_settings):
    proxy_settings(1)
    # The client sends its own header; the proxy appends the address it really came from.
    _fail(
        client,
        settings.AXES_FAILURE_LIMIT,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{ADDRESS_B}, {ADDRESS_A}",
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}
    assert _log_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_A).status_code == 429


def test_two_trusted_proxies(client, therapist, settings, proxy_settings):
    proxy_settings(2)
    cdn = "198.51.100.50"
    _fail(client, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{ADDRESS_A}, {cdn}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}


def test_without_the_proxy_setting_the_header_is_ignored(client, therapist, settings, proxy_settings):
    proxy_settings(0)
    _fail(client, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=ADDRESS_A, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}
    # A made-up header does not buy a fresh address.
    response = _log_in(client, REMOTE_ADDR=ADDRESS_A, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 429


def test_default_trusts_no_proxy(settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0


def test_token_throttle_counts_the_forwarded_client_behind_the_proxy(therapist, settings, proxy_settings):
    from rest_framework.test import APIClient

    from tests.api import TOKEN_URL

    proxy_settings(1)
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth_token": "1/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    credentials = {"username": "tessa", "password": PASSWORD}

    def obtain(forwarded_for):
        client = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
        return client.post(TOKEN_URL, credentials, format="json").status_code

    assert obtain(ADDRESS_A) == 200
    assert obtain(ADDRESS_B) == 200
    assert obtain(f"{ADDRESS_B}, {ADDRESS_A}") == 429


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(row("login page", lambda get: reverse("login"), profile(DONE, anonymous=OK)))


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
