"""Bodies no endpoint may answer with a 500 or an HTML page: strings holding lone UTF-16 surrogates,
and bodies over DATA_UPLOAD_MAX_MEMORY_SIZE. Each gets the contract's 400 ``{"body": [...]}``."""

import json

import pytest
from django.conf import settings
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from plans.api.errors import exception_handler
from tests.access_matrix import API_ENDPOINT, BAD_REQUEST, cells, check, row
from tests.api import PROGRESS_URL, SUGGEST_URL, TOKEN_URL, token_client
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST
from tests.factories import PASSWORD

PROGRESS_REQUEST = {
    "baseline": {"date": "2026-01-05", "nprs": 7},
    "visits": [{"date": "2026-01-12", "nprs": 6}],
}
TOKEN_REQUEST = {"username": "tessa", "password": PASSWORD}


@pytest.fixture
def clients(therapist):
    """The token endpoint needs no credentials; the decision endpoints get a therapist's token."""
    return {
        TOKEN_URL: APIClient(),
        SUGGEST_URL: token_client(therapist),
        PROGRESS_URL: token_client(therapist),
    }


def assert_body_error(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    errors = response.json()
    assert list(errors) == ["body"]
    assert errors["body"] and all(isinstance(message, str) for message in errors["body"])
    return errors["body"]


# Lone surrogates ---------------------------------------------------------------------------------
# Raw JSON text: json.dumps would escape the surrogate the same way, but writing the escapes out
# shows exactly what an integrator's client sent. "\\ud800" here is the six characters \ud800.

SURROGATE_BODIES = [
    (
        "suggest-enum-value",
        SUGGEST_URL,
        '{"age": 45, "region": "\\ud800", "onset": "sudden", "duration_days": 1}',
    ),
    (
        "suggest-finding",
        SUGGEST_URL,
        '{"age": 45, "region": "lumbar", "onset": "sudden", "duration_days": 1, "findings": ["\\udfff"]}',
    ),
    (
        "suggest-nested-value",
        SUGGEST_URL,
        '{"age": 45, "region": "lumbar", "onset": "sudden", "duration_days": 1,'
        ' "startback": {"items": [0, 0, 0, 0, 0, 0, 0, 0], "bothersomeness": "very\\udc00much"}}',
    ),
    (
        "suggest-ignored-key",
        SUGGEST_URL,
        '{"age": 45, "region": "lumbar", "onset": "sudden", "duration_days": 1, "\\ud800": 1}',
    ),
    (
        "suggest-deep-ignored-value",
        SUGGEST_URL,
        '{"age": 45, "region": "lumbar", "onset": "sudden", "duration_days": 1,'
        ' "extra": [[{"a": [{"b": "ok"}, "x\\udbff"]}]]}',
    ),
    (
        "suggest-pair-reversed",
        SUGGEST_URL,
        '{"age": 45, "region": "\\ude00\\ud83d", "onset": "sudden", "duration_days": 1}',
    ),
    (
        "progress-finding",
        PROGRESS_URL,
        '{"baseline": {"date": "2026-01-05"}, "visits": [{"date": "2026-01-12", "findings": ["\\udfff"]}]}',
    ),
    (
        "progress-date",
        PROGRESS_URL,
        '{"baseline": {"date": "2026-01-0\\ud800"}, "visits": []}',
    ),
    (
        "progress-nested-key",
        PROGRESS_URL,
        '{"baseline": {"date": "2026-01-05", "\\udfff": 1}, "visits": []}',
    ),
    ("token-username", TOKEN_URL, '{"username": "tessa\\ud800", "password": "x"}'),
    ("token-password", TOKEN_URL, '{"username": "tessa", "password": "\\udfff"}'),
    ("token-key", TOKEN_URL, '{"username": "tessa", "password": "x", "\\ud800": "y"}'),
]


@pytest.mark.parametrize("url, raw", [b[1:] for b in SURROGATE_BODIES], ids=[b[0] for b in SURROGATE_BODIES])
def test_lone_surrogate_rejected_on_body(clients, url, raw):
    response = clients[url].post(url, raw, content_type="application/json")
    messages = assert_body_error(response)
    assert "surrogate" in " ".join(messages)


def test_lone_surrogate_does_not_count_as_a_failed_login(therapist):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        raw = '{"username": "tessa", "password": "\\ud800"}'
        assert_body_error(client.post(TOKEN_URL, raw, content_type="application/json"))
    assert client.post(TOKEN_URL, TOKEN_REQUEST, format="json").status_code == 200


@pytest.mark.parametrize("url", [SUGGEST_URL, PROGRESS_URL])
def test_lone_surrogate_from_anonymous_still_401(db, url):
    raw = '{"age": 45, "region": "\\ud800"}'
    assert APIClient().post(url, raw, content_type="application/json").status_code == 401


def test_escaped_surrogate_pair_is_an_ordinary_character(clients):
    # "\ud83d\ude00" is one character (U+1F600), valid Unicode: an unknown region, reported on the field.
    raw = '{"age": 45, "region": "\\ud83d\\ude00", "onset": "sudden", "duration_days": 1}'
    response = clients[SUGGEST_URL].post(SUGGEST_URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["region"]
    assert "\U0001f600" in response.json()["region"][0]


def test_raw_utf8_astral_character_accepted_where_text_is_free(clients):
    body = {**TOKEN_REQUEST, "username": "tessa\U0001f600"}
    response = clients[TOKEN_URL].post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}


def test_error_messages_holding_a_surrogate_still_render():
    """Whatever reaches the exception handler, its answer can be encoded as UTF-8 JSON."""
    exc = exceptions.ValidationError({"region": ['"\ud800" is not a valid choice.'], "odi.3": ["x\udfff"]})
    response = exception_handler(exc, {})
    content = JSONRenderer().render(response.data)
    assert response.status_code == 400
    assert set(json.loads(content)) == {"region", "odi.3"}


# Bodies over DATA_UPLOAD_MAX_MEMORY_SIZE ----------------------------------------------------------

VALID_BODIES = {
    TOKEN_URL: TOKEN_REQUEST,
    SUGGEST_URL: CONTRACT_EXAMPLE_REQUEST,
    PROGRESS_URL: PROGRESS_REQUEST,
}
THREE_MB = 3 * 1024 * 1024


def padded(url: str, size: int) -> str:
    """The endpoint's valid example with an ignored key padding it to exactly ``size`` bytes."""
    raw = json.dumps({**VALID_BODIES[url], "padding": ""})
    return raw[:-2] + "x" * (size - len(raw)) + raw[-2:]


@pytest.mark.parametrize("url", [TOKEN_URL, SUGGEST_URL, PROGRESS_URL])
def test_body_over_the_size_limit_400_json(clients, url):
    raw = padded(url, THREE_MB)
    assert len(raw.encode()) == THREE_MB > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = clients[url].post(url, raw, content_type="application/json")
    messages = assert_body_error(response)
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}" in messages[0]


@pytest.mark.parametrize("url", [TOKEN_URL, SUGGEST_URL, PROGRESS_URL])
def test_body_at_the_size_limit_accepted(clients, url):
    raw = padded(url, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    response = clients[url].post(url, raw, content_type="application/json")
    assert response.status_code == 200, response.content[:500]


def test_body_over_the_size_limit_honours_the_setting(clients, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = clients[SUGGEST_URL].post(
        SUGGEST_URL, padded(SUGGEST_URL, 1001), content_type="application/json"
    )
    assert assert_body_error(response) == ["The body is too large: send at most 1,000 bytes."]


@pytest.mark.parametrize("url", [SUGGEST_URL, PROGRESS_URL])
def test_body_over_the_size_limit_from_anonymous_still_401(db, url):
    response = APIClient().post(url, padded(url, THREE_MB), content_type="application/json")
    assert response.status_code == 401


# --- Who may open it ------------------------------------------------------------------------------

BAD_BODY = {role: BAD_REQUEST for role in ("therapist", "colleague", "lead", "outsider", "superuser")}

# A body that is not JSON: a 400 for those who may call, the same refusals as ever for the others.
ACCESS = cells(
    *[
        row(
            name,
            lambda get, url=url: url,
            {**API_ENDPOINT, **BAD_BODY},
            method="post",
            json=True,
            data=lambda get: "[",
        )
        for name, url in (("suggest", SUGGEST_URL), ("evaluate", PROGRESS_URL))
    ],
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
