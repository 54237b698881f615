"""POST /api/v1/suggest over real HTTP: the vignettes, the contract example, validation, queries."""

import copy
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.clinical.vocabulary import ExerciseKind
from plans.models import Cause, CauseEducation, CauseEvidence, EducationItem, Exercise
from tests.access_matrix import API_ENDPOINT, BAD_REQUEST, cells, check, row
from tests.api import SUGGEST_URL, token_client
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST, VIGNETTES
from tests.factories import UserFactory

MAX_QUERIES = 12
EXERCISE_KEYS = {
    "slug",
    "name",
    "kind",
    "loaded_spinal_flexion",
    "sets",
    "reps",
    "hold_seconds",
    "times_per_day",
    "days_per_week",
}


@pytest.fixture
def api(therapist):
    return token_client(therapist)


def _post(client, body):
    return client.post(SUGGEST_URL, body, format="json")


def _example(**changes):
    body = copy.deepcopy(CONTRACT_EXAMPLE_REQUEST)
    body.update(changes)
    return body


def _without(key):
    body = copy.deepcopy(CONTRACT_EXAMPLE_REQUEST)
    del body[key]
    return body


# The clinical vignettes, through the API ------------------------------------------------------------


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette(api, vignette):
    expect = vignette["expect"]
    response = _post(api, vignette["request"])
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["triage"]["level"] == expect["triage"], body["triage"]
    assert body["stage"] == expect["stage"]
    codes = [c["code"] for c in body["causes"]]
    if "cause" in expect:
        if expect["rank"] == "first":
            assert codes[0] == expect["cause"], codes
        else:
            assert expect["cause"] in codes[:3], codes
    if expect["plan"]:
        assert body["plan"] is not None
        assert body["plan"]["exercises"]
    else:
        assert body["plan"] is None
    assert (body["plan"] is None) == (body["triage"]["level"] == "emergency")


# The contract example -------------------------------------------------------------------------------


def test_contract_example_pinned_values(api):
    response = _post(api, CONTRACT_EXAMPLE_REQUEST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["triage"]["level"] == "none"
    assert body["triage"]["reasons"] == []
    assert body["stage"] == "acute"
    assert body["rules_version"] == 2
    assert body["scores"] == {
        "odi": {"percent": 35.6, "band": "moderate", "answered": 9, "valid": True},
        "startback": {"total": 5, "psychosocial": 4, "risk": "high"},
        "psfs": {"mean": 4.0, "items": 3},
        "rmdq": {"total": 9},
        "fabq": {"pa": 14, "w": 30, "pa_high": False, "w_high": False},
    }
    assert body["causes_withheld"] is False
    assert body["serious_pathology_suspected"] == []
    assert body["cpg_category"] == "cognitive_affective_tendencies"
    assert body["cpg_matches"] == ["cognitive_affective_tendencies", "mobility_deficits"]
    top = body["causes"][0]
    assert top["code"] == "muscle_strain_sprain"
    assert {"mechanism:lifting", "muscle_spasm"} <= set(top["supporting"])
    assert body["plan"]["referral"] is None
    # STarT Back high risk (contract example): psychologically informed care, graded activity, 7 days.
    assert body["plan"]["review_in_days"] == 7
    assert body["plan"]["care_pathway"] == "psychologically_informed"
    assert "graded_activity" in [item["kind"] for item in body["plan"]["exercises"]]
    assert body["plan"]["goals"] == [
        {"measure": "nprs", "target": 4, "comparator": "<=", "due_in_days": 28},
        {"measure": "odi", "target": 26, "comparator": "<=", "due_in_days": 28},
        {"measure": "rmdq", "target": 4, "comparator": "<=", "due_in_days": 28},
        {"measure": "psfs", "target": 6.0, "comparator": ">=", "due_in_days": 28},
    ]
    assert {"slug": "stay-active", "title": "Keep moving"} in body["plan"]["education"]


def test_contract_example_shape(api):
    body = _post(api, CONTRACT_EXAMPLE_REQUEST).json()
    assert set(body) >= {"triage", "stage", "scores", "causes", "plan"}
    assert set(body["triage"]) >= {"level", "reasons"}
    for cause in body["causes"]:
        assert set(cause) >= {"code", "score", "supporting", "against"}
        assert 0 <= cause["score"] <= 1
    scores = [c["score"] for c in body["causes"]]
    assert scores == sorted(scores, reverse=True)
    plan = body["plan"]
    assert set(plan) >= {"exercises", "education", "activity_advice", "referral", "goals", "review_in_days"}
    for exercise in plan["exercises"]:
        assert set(exercise) >= EXERCISE_KEYS
        assert exercise["kind"] in ExerciseKind.values
        assert isinstance(exercise["loaded_spinal_flexion"], bool)
    for item in plan["education"]:
        assert set(item) >= {"slug", "title"}
    for goal in plan["goals"]:
        assert set(goal) >= {"measure", "target", "due_in_days"}
    assert all(isinstance(a, str) for a in plan["activity_advice"])


def test_scores_only_for_what_was_sent(api):
    questionnaires = ("odi", "startback", "psfs", "rmdq", "fabq")
    body = {k: v for k, v in CONTRACT_EXAMPLE_REQUEST.items() if k not in questionnaires}
    assert _post(api, body).json()["scores"] == {}


def test_same_request_twice_gives_identical_response(api):
    first = _post(api, CONTRACT_EXAMPLE_REQUEST)
    second = _post(api, CONTRACT_EXAMPLE_REQUEST)
    assert first.content == second.content


def test_only_required_fields(api):
    response = _post(api, {"age": 45, "region": "lumbar", "onset": "sudden", "duration_days": 10})
    assert response.status_code == 200
    assert response.json()["scores"] == {}


def test_null_optional_fields_mean_not_given(api):
    required = {"age": 45, "region": "lumbar", "onset": "sudden", "duration_days": 10}
    nulls = dict.fromkeys(
        [
            "sex",
            "recurrent",
            "mechanism",
            "pain_distribution",
            "nprs",
            "bmi",
            "odi",
            "startback",
            "psfs",
            "rmdq",
            "fabq",
            "pregnancy_weeks",
            "walking_tolerance_minutes",
            "findings",
        ]
    )
    assert _post(api, {**required, **nulls}).json() == _post(api, required).json()


def test_unknown_keys_ignored(api):
    body = _example(patient_name="ignored", extra={"nested": [1, 2]})
    assert _post(api, body).json() == _post(api, CONTRACT_EXAMPLE_REQUEST).json()


def test_integral_float_accepted_as_integer(api):
    assert _post(api, _example(age=45.0)).json() == _post(api, CONTRACT_EXAMPLE_REQUEST).json()


def test_trailing_slash_variant(api):
    response = api.post(f"{SUGGEST_URL}/", CONTRACT_EXAMPLE_REQUEST, format="json")
    assert response.status_code == 200
    assert response.json() == _post(api, CONTRACT_EXAMPLE_REQUEST).json()


def test_odi_all_skipped_has_no_percent(api):
    body = _post(api, _example(odi=[None] * 10)).json()
    assert body["scores"]["odi"] == {"percent": None, "band": None, "answered": 0, "valid": False}


def test_clinic_stage_thresholds_honoured(api, clinic, db):
    clinic.subacute_from_days = 7
    clinic.chronic_from_days = 30
    clinic.save()
    assert _post(api, CONTRACT_EXAMPLE_REQUEST).json()["stage"] == "subacute"
    # A superuser has no clinic: the defaults apply (10 days is acute).
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert _post(token_client(superuser), CONTRACT_EXAMPLE_REQUEST).json()["stage"] == "acute"


# Bad input: 400 with the offending field's dotted path ----------------------------------------------

BAD_INPUTS = [
    ("missing-age", _without("age"), "age"),
    ("missing-region", _without("region"), "region"),
    ("missing-onset", _without("onset"), "onset"),
    ("missing-duration", _without("duration_days"), "duration_days"),
    ("region-unknown", _example(region="cervical"), "region"),
    ("onset-unknown", _example(onset="slow"), "onset"),
    ("mechanism-unknown", _example(mechanism="skiing"), "mechanism"),
    ("distribution-unknown", _example(pain_distribution="foot"), "pain_distribution"),
    ("sex-unknown", _example(sex="f"), "sex"),
    ("sex-number", _example(sex=1), "sex"),
    ("finding-unknown", _example(findings=["muscle_spasm", "sore_back"]), "findings.1"),
    ("finding-number", _example(findings=[3]), "findings.0"),
    ("findings-not-a-list", _example(findings="muscle_spasm"), "findings"),
    ("odi-9-entries", _example(odi=[1] * 9), "odi"),
    ("odi-11-entries", _example(odi=[1] * 11), "odi"),
    ("odi-entry-6", _example(odi=[2, 1, 2, 6, 2, 2, 1, None, 2, 3]), "odi.3"),
    ("odi-entry-negative", _example(odi=[-1, 1, 2, 1, 2, 2, 1, None, 2, 3]), "odi.0"),
    ("odi-entry-string", _example(odi=["2", 1, 2, 1, 2, 2, 1, None, 2, 3]), "odi.0"),
    ("odi-entry-fraction", _example(odi=[2, 1.5, 2, 1, 2, 2, 1, None, 2, 3]), "odi.1"),
    ("odi-entry-bool", _example(odi=[2, 1, 2, 1, 2, 2, 1, None, 2, True]), "odi.9"),
    ("odi-not-a-list", _example(odi=35), "odi"),
    (
        "startback-7-items",
        _example(startback={"items": [1] * 7, "bothersomeness": "slightly"}),
        "startback.items",
    ),
    (
        "startback-item-2",
        _example(startback={"items": [1, 0, 2, 0, 1, 1, 1, 0], "bothersomeness": "slightly"}),
        "startback.items.2",
    ),
    (
        "startback-item-bool",
        _example(startback={"items": [1, 0, 0, 0, 1, 1, 1, False], "bothersomeness": "slightly"}),
        "startback.items.7",
    ),
    (
        "startback-no-bothersomeness",
        _example(startback={"items": [1, 0, 0, 0, 1, 1, 1, 0]}),
        "startback.bothersomeness",
    ),
    (
        "startback-bothersomeness-unknown",
        _example(startback={"items": [1, 0, 0, 0, 1, 1, 1, 0], "bothersomeness": "a_lot"}),
        "startback.bothersomeness",
    ),
    ("startback-no-items", _example(startback={"bothersomeness": "slightly"}), "startback.items"),
    ("startback-not-an-object", _example(startback="high"), "startback"),
    ("nprs-11", _example(nprs=11), "nprs"),
    ("nprs-negative", _example(nprs=-1), "nprs"),
    ("nprs-4.5", _example(nprs=4.5), "nprs"),
    ("nprs-string", _example(nprs="4"), "nprs"),
    ("nprs-bool", _example(nprs=True), "nprs"),
    ("age-negative", _example(age=-1), "age"),
    ("age-121", _example(age=121), "age"),
    ("age-string", _example(age="45"), "age"),
    ("age-huge", _example(age=10**400), "age"),
    ("bmi-5", _example(bmi=5), "bmi"),
    ("bmi-91", _example(bmi=91), "bmi"),
    ("bmi-string", _example(bmi="27.4"), "bmi"),
    ("bmi-bool", _example(bmi=False), "bmi"),
    ("duration-40000", _example(duration_days=40000), "duration_days"),
    ("duration-negative", _example(duration_days=-1), "duration_days"),
    ("duration-fraction", _example(duration_days=10.5), "duration_days"),
    ("recurrent-yes", _example(recurrent="yes"), "recurrent"),
    ("recurrent-1", _example(recurrent=1), "recurrent"),
    ("recurrent-string-true", _example(recurrent="true"), "recurrent"),
]


@pytest.mark.parametrize("body, key", [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_400_on_the_field(api, body, key):
    response = _post(api, body)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert key in errors, errors
    assert isinstance(errors[key], list) and all(isinstance(m, str) for m in errors[key])


def test_missing_required_fields_all_reported(api):
    errors = _post(api, {"sex": "female"}).json()
    assert set(errors) == {"age", "region", "onset", "duration_days"}


def test_errors_are_flat_dotted_paths(api):
    body = _example(
        odi=[2, 1, 2, 6, 2, 2, 1, None, 9, 3],
        startback={"items": [1, 0, 2, 0, 1, 1, 1, 0]},
        nprs=11,
    )
    errors = _post(api, body).json()
    assert set(errors) == {"odi.3", "odi.8", "startback.items.2", "startback.bothersomeness", "nprs"}
    assert all(isinstance(messages, list) for messages in errors.values())


RAW_BODIES = [
    ("list", '[{"age": 45}]', "application/json"),
    ("string", '"hello"', "application/json"),
    ("number", "42", "application/json"),
    ("null", "null", "application/json"),
    ("malformed", '{"age": 45,', "application/json"),
    ("not-json", "age=45", "application/json"),
    ("nan", '{"age": NaN, "region": "lumbar", "onset": "sudden", "duration_days": 1}', "application/json"),
    ("empty", "", "application/json"),
    ("text-plain", json.dumps(CONTRACT_EXAMPLE_REQUEST), "text/plain"),
    ("form", "age=45&region=lumbar", "application/x-www-form-urlencoded"),
    ("deeply-nested", "[" * 100_000 + "]" * 100_000, "application/json"),
    ("bad-utf8", b'{"age": "\xff\xfe"}', "application/json"),
]


@pytest.mark.parametrize("raw, content_type", [r[1:] for r in RAW_BODIES], ids=[r[0] for r in RAW_BODIES])
def test_body_that_is_not_a_json_object_400_on_body(api, raw, content_type):
    response = api.post(SUGGEST_URL, raw, content_type=content_type)
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["body"]


def test_unknown_charset_read_as_utf8(api):
    raw = json.dumps(CONTRACT_EXAMPLE_REQUEST)
    response = api.post(SUGGEST_URL, raw, content_type="application/json; charset=klingon")
    assert response.status_code == 200


# Queries: a fixed number, however large the library ------------------------------------------------


def _grow_library():
    items = EducationItem.objects.bulk_create(
        EducationItem(slug=f"extra-{i}", title=f"Extra {i}", category="education", summary="s", body="b")
        for i in range(10)
    )
    Exercise.objects.bulk_create(
        Exercise(slug=f"extra-ex-{i}", name=f"Extra {i}", kind="mobility", instructions="i", approved=True)
        for i in range(30)
    )
    for cause in Cause.objects.all():
        CauseEvidence.objects.bulk_create(
            CauseEvidence(cause=cause, key=f"extra:{i}", weight="0.10") for i in range(5)
        )
        CauseEducation.objects.bulk_create(
            CauseEducation(cause=cause, item=item, order=100 + i) for i, item in enumerate(items)
        )


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, CONTRACT_EXAMPLE_REQUEST).status_code == 200
    return len(queries)


def test_suggest_query_count_bounded(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        assert _post(api, CONTRACT_EXAMPLE_REQUEST).status_code == 200
    before = _count_queries(api)
    _grow_library()
    with django_assert_max_num_queries(MAX_QUERIES):
        assert _post(api, CONTRACT_EXAMPLE_REQUEST).status_code == 200
    assert _count_queries(api) == before


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row(
        "suggest",
        lambda get: SUGGEST_URL,
        API_ENDPOINT,
        method="post",
        json=True,
        data=lambda get: CONTRACT_EXAMPLE_REQUEST,
    ),
    row("suggest nothing", lambda get: SUGGEST_URL, therapist=BAD_REQUEST, method="post", json=True),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
