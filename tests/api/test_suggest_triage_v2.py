"""POST /api/v1/suggest, triage v2 over real HTTP: flags with codes, plan_hold, the §8.13 vectors,
the new finding codes, and v1 requests unchanged (api-contract.md "Changes in v2", "Plan hold")."""

import pytest
from rest_framework.test import APIClient

from plans.clinical.vocabulary import Finding, TriageFlag
from tests.access_matrix import API_ENDPOINT, cells, check, row
from tests.api import SUGGEST_URL, token_client
from tests.clinical.test_triage_v2 import VECTORS
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST

FLAG_KEYS = {"code", "condition", "level", "reasons", "action"}
NEW_CODES = [
    "symptoms_progressing",
    "high_energy_trauma",
    "fracture_excluded",
    "repetitive_extension_sport",
    "pregnant",
    "postpartum",
    "better_with_exercise_not_rest",
    "night_waking_second_half",
    "alternating_buttock_pain",
    "widespread_pain",
    "centralizes_with_flexion",
    "peripheralizes_with_extension",
    "lateral_shift",
    "centralizes_with_lateral_shift_correction",
    "pelvic_girdle_pain",
    "sij_provocation_positive",
    "aberrant_movement",
]


@pytest.fixture
def api(therapist):
    return token_client(therapist)


def _post(client, body) -> dict:
    response = client.post(SUGGEST_URL, body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _request(vector: dict) -> dict:
    return {"region": "lumbar", **vector}


@pytest.mark.parametrize(
    ("request_", "level", "codes", "reasons"), [v[1:] for v in VECTORS], ids=[v[0] for v in VECTORS]
)
def test_reference_vectors_through_the_api(api, request_, level, codes, reasons):
    body = _post(api, _request(request_))
    triage = body["triage"]
    assert triage["level"] == level
    assert [f["code"] for f in triage["flags"]] == codes
    assert all(set(f) == FLAG_KEYS for f in triage["flags"])
    if reasons is not None:
        assert set(triage["reasons"]) == reasons
    assert (body["plan"] is None) == (level == "emergency")
    if level == "emergency":
        assert body["plan_hold"] == {
            "level": "emergency",
            "reasons": triage["reasons"],
            "release": ["referral_recorded"],
        }
    elif level == "urgent":
        assert body["plan_hold"] == {
            "level": "urgent",
            "reasons": triage["reasons"],
            "release": ["referral_recorded", "override"],
        }
        assert body["plan"]["referral"].startswith("Urgent referral")
    else:
        assert body["plan_hold"] is None


def test_reference_vector_05_is_radiating_pain_with_the_safety_net(api):
    # V2-TR-05: stable long-standing claudication in both legs: no flag, but the safety net is given.
    request = _request(dict(next(v for v in VECTORS if v[0] == "V2-TR-05")[1]))
    request["pain_distribution"] = "buttock_thigh"
    body = _post(api, request)
    assert body["triage"] == {"level": "none", "reasons": [], "flags": []}
    assert body["plan_hold"] is None
    assert "when-to-seek-help" in [e["slug"] for e in body["plan"]["education"]]


def test_v1_contract_example_keeps_its_answer_and_gains_plan_hold(api):
    body = _post(api, CONTRACT_EXAMPLE_REQUEST)
    assert body["triage"] == {"level": "none", "reasons": [], "flags": []}
    assert body["plan_hold"] is None
    assert set(body) >= {"triage", "stage", "scores", "causes", "plan", "plan_hold"}


def test_v1_only_request_flags_carry_codes(api):
    body = _post(
        api, {"age": 50, "region": "lumbar", "onset": "gradual", "duration_days": 30, "findings": ["fever"]}
    )
    assert body["triage"]["level"] == "urgent"
    assert body["triage"]["flags"][0]["code"] == "infection"
    assert body["plan_hold"]["release"] == ["referral_recorded", "override"]
    assert body["plan"] is not None


def test_prompt_has_no_hold_but_a_referral(api):
    body = _post(
        api,
        {"age": 30, "region": "lumbar", "onset": "gradual", "duration_days": 30, "findings": ["night_pain"]},
    )
    assert body["triage"]["level"] == "prompt"
    assert body["plan_hold"] is None
    assert body["plan"]["referral"].startswith("Prompt referral")


@pytest.mark.parametrize("code", NEW_CODES)
def test_every_new_finding_code_is_accepted(api, code):
    assert code in Finding.values
    _post(api, {"age": 40, "region": "lumbar", "onset": "gradual", "duration_days": 30, "findings": [code]})


def test_fracture_excluded_gates_out_vertebral_fracture(api):
    request = {
        "age": 74,
        "sex": "female",
        "region": "thoracic",
        "onset": "sudden",
        "duration_days": 6,
        "mechanism": "fall",
        "findings": ["osteoporosis", "bony_point_tenderness", "pain_with_movement"],
    }
    before = _post(api, request)
    assert "vertebral_fracture" in [c["code"] for c in before["causes"]]
    after = _post(api, {**request, "findings": [*request["findings"], "fracture_excluded"]})
    assert "vertebral_fracture" not in [c["code"] for c in after["causes"]]
    assert after["triage"]["level"] == "none"


def test_schema_documents_flag_codes_and_plan_hold(db):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    plan_hold = components["SuggestResponse"]["properties"]["plan_hold"]
    assert plan_hold.get("nullable") is True
    assert "plan_hold" in components["SuggestResponse"]["required"]
    assert components["PlanHold"]["required"] == ["level", "reasons", "release"]
    assert components["ReleaseEnum"]["enum"] == ["referral_recorded", "override"]
    assert "code" in components["RedFlag"]["required"]
    assert components["RedFlagCodeEnum"]["enum"] == list(TriageFlag.values)
    assert set(NEW_CODES) <= set(components["FindingsEnum"]["enum"])


@pytest.mark.parametrize(
    "findings",
    [
        ["centralizes_with_extension", "peripheralizes_with_extension"],
        ["centralizes_with_flexion", "peripheralizes_with_flexion"],
    ],
)
def test_a_direction_both_centralising_and_peripheralising_is_400_on_findings(api, findings):
    body = {"age": 40, "region": "lumbar", "onset": "gradual", "duration_days": 30, "findings": findings}
    response = api.post(SUGGEST_URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"findings"}
    assert "both" in response.json()["findings"][0]


def test_opposite_directions_that_do_not_contradict_are_accepted(api):
    _post(
        api,
        {
            "age": 40,
            "region": "lumbar",
            "onset": "gradual",
            "duration_days": 30,
            "findings": ["centralizes_with_extension", "peripheralizes_with_flexion"],
        },
    )


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
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
