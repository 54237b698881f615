"""POST /api/v1/progress/evaluate, version 2, over real HTTP: the v2 contract example, the new request
fields (baseline findings, age, sex; rmdq, psfs, fabq; adherence; goals) and their validation."""

import pytest

from tests.access_matrix import API_ENDPOINT, cells, check, row
from tests.api import PROGRESS_URL, token_client
from tests.api.test_progress import CONTRACT_REQUEST

V2_REQUEST = {
    "baseline": {
        "date": "2026-01-05",
        "nprs": 7,
        "odi": 44,
        "age": 62,
        "sex": "male",
        "findings": ["history_of_cancer"],
    },
    "goals": [{"measure": "nprs", "target": 3}, {"measure": "odi", "target": 34}],
    "visits": [
        {"date": "2026-01-12", "nprs": 4, "odi": 30, "adherence": 80, "findings": []},
        {"date": "2026-01-19", "nprs": 7, "odi": 36, "adherence": 40, "findings": ["weakness"]},
        {"date": "2026-02-09", "nprs": 3, "odi": 30, "adherence": 90, "findings": []},
    ],
}


def _m(change, status, best, from_best, from_previous):
    return {
        "change": change,
        "status": status,
        "best": best,
        "change_from_best": from_best,
        "change_from_previous": from_previous,
    }


V2_RESPONSE = {
    "rules_version": 2,
    "visits": [
        {
            "date": "2026-01-12",
            "status": "improved",
            "measures": {
                "nprs": _m(-3, "improved", 7, -3, -3),
                "odi": _m(-14, "improved", 44, -14, -14),
            },
        },
        {
            "date": "2026-01-19",
            "status": "unchanged",
            "measures": {"nprs": _m(0, "unchanged", 4, 3, 3), "odi": _m(-8, "unchanged", 30, 6, 6)},
        },
        {
            "date": "2026-02-09",
            "status": "improved",
            "measures": {"nprs": _m(-4, "improved", 4, -1, -4), "odi": _m(-14, "improved", 30, 0, -6)},
        },
    ],
    "prompts": [
        {
            "kind": "relapse",
            "date": "2026-01-19",
            "reasons": ["nprs"],
            "adherence_first": True,
            "message": "Relapse: pain (NPRS) worsened by at least the clinically important amount from its "
            "best value since the baseline. Look for a flare trigger or new findings before changing the "
            "plan. Home-exercise adherence is only 40%: address adherence (barriers, dose, timing) before "
            "changing the exercises.",
        },
        {
            "kind": "red_flag",
            "date": "2026-01-19",
            "level": "urgent",
            "holds_plan": True,
            "reasons": ["history_of_cancer", "weakness", "new_deficit:weakness"],
            "message": "Red flag (urgent): New or progressive neurological deficit: Same-day physician or "
            "spinal team review for MRI; Suspected metastatic spinal cord compression: Same-day oncology "
            "or spinal team contact for whole-spine MRI.",
        },
        {
            "kind": "goal_met",
            "date": "2026-02-09",
            "reasons": ["nprs", "odi"],
            "message": "Goal met: every goal reached (pain (NPRS), disability (ODI)). Consider discharge or "
            "new goals.",
        },
        {
            "kind": "reevaluation_due",
            "date": "2026-02-09",
            "reasons": ["30_days_since_baseline"],
            "message": "Re-evaluation due: 30 days since the baseline assessment. Record a re-evaluation to "
            "reset the baseline.",
        },
    ],
}


@pytest.fixture
def api(therapist):
    return token_client(therapist)


def evaluate(client, body) -> dict:
    response = client.post(PROGRESS_URL, body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _reasons_as_sets(report: dict) -> dict:
    # Triage reasons carry no order (contract, triage.reasons (v2)): compare a red flag's as a set.
    prompts = [
        {**prompt, "reasons": sorted(prompt["reasons"])} if prompt["kind"] == "red_flag" else prompt
        for prompt in report["prompts"]
    ]
    return {**report, "prompts": prompts}


def test_v2_contract_example_exact(api):
    assert _reasons_as_sets(evaluate(api, V2_REQUEST)) == _reasons_as_sets(V2_RESPONSE)


def test_v1_request_keeps_every_v1_key_and_gets_the_v2_keys(api):
    report = evaluate(
        api,
        {
            "baseline": {"date": "2026-01-05", "nprs": 7},
            "visits": [{"date": "2026-01-12", "nprs": 9, "findings": ["weakness"]}],
        },
    )
    assert report["rules_version"] == 2
    assert report["visits"][0]["measures"]["nprs"]["change"] == 2
    assert report["visits"][0]["measures"]["nprs"]["status"] == "worsened"
    # No baseline findings: the visit is screened alone, and weakness alone is no red flag.
    assert [p["kind"] for p in report["prompts"]] == ["regression"]
    assert report["prompts"][0]["adherence_first"] is False
    assert report["prompts"][0]["message"].startswith("Regression: pain (NPRS) worsened")


def test_baseline_findings_null_means_not_given(api):
    body = {
        "baseline": {"date": "2026-01-05", "nprs": 5, "findings": None},
        "visits": [{"date": "2026-01-12", "nprs": 5, "findings": ["weakness"]}],
    }
    assert evaluate(api, body)["prompts"] == []
    body["baseline"]["findings"] = []
    [red] = evaluate(api, body)["prompts"]
    assert (red["kind"], red["level"], red["holds_plan"]) == ("red_flag", "urgent", True)


def test_adherence_turns_plateau_into_adherence_first(api):
    body = {
        "baseline": {"date": "2026-01-05", "nprs": 6},
        "visits": [{"date": "2026-01-26", "nprs": 6, "adherence": 49}],
    }
    [plateau] = evaluate(api, body)["prompts"]
    assert plateau["kind"] == "plateau"
    assert plateau["adherence_first"] is True
    body["visits"][0]["adherence"] = 50
    assert evaluate(api, body)["prompts"][0]["adherence_first"] is False


def test_rmdq_psfs_and_fabq_at_visits(api):
    body = {
        "baseline": {"date": "2026-01-05", "rmdq": 10, "psfs": 4.0, "fabq_pa": 16},
        "visits": [{"date": "2026-01-12", "rmdq": 6, "psfs": 6.33, "fabq_pa": 15, "fabq_w": 35}],
    }
    [visit] = evaluate(api, body)["visits"]
    assert visit["measures"]["rmdq"]["status"] == "improved"
    assert visit["measures"]["psfs"] == {
        "change": 2.33,
        "status": "improved",
        "best": 4,
        "change_from_best": 2.33,
        "change_from_previous": 2.33,
    }
    assert visit["fabq"] == {"pa": 15, "w": 35, "pa_high": True, "w_high": True}


def test_psfs_goal_at_or_above_its_target(api):
    body = {
        "baseline": {"date": "2026-01-05", "psfs": 3},
        "goals": [{"measure": "psfs", "target": 7.5}],
        "visits": [{"date": "2026-01-12", "psfs": 7.49}, {"date": "2026-01-19", "psfs": 7.5}],
    }
    prompts = evaluate(api, body)["prompts"]
    assert [(p["date"], p["kind"]) for p in prompts] == [("2026-01-19", "goal_met")]
    assert prompts[0]["reasons"] == ["psfs"]


def test_new_request_fields_are_documented_in_the_schema(db):
    from rest_framework.test import APIClient

    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert {"goals", "baseline", "visits"} <= set(components["ProgressRequest"]["properties"])
    assert {"findings", "age", "sex", "rmdq", "psfs", "fabq_pa", "fabq_w"} <= set(
        components["ProgressBaseline"]["properties"]
    )
    assert "adherence" in components["ProgressVisit"]["properties"]
    assert "adherence" not in components["ProgressBaseline"]["properties"]
    assert {"rules_version", "visits", "prompts"} == set(components["ProgressResponse"]["properties"])
    assert {"message", "adherence_first", "holds_plan"} <= set(components["ProgressPrompt"]["properties"])
    assert {"best", "change_from_best", "change_from_previous"} <= set(
        components["MeasureChange"]["properties"]
    )


BASE = {"date": "2026-01-05", "nprs": 6}
VISIT = {"date": "2026-01-12", "nprs": 5}
BAD_V2_INPUTS = [
    ("adherence-101", {"baseline": BASE, "visits": [{**VISIT, "adherence": 101}]}, "visits.0.adherence"),
    ("adherence-negative", {"baseline": BASE, "visits": [{**VISIT, "adherence": -1}]}, "visits.0.adherence"),
    (
        "adherence-fraction",
        {"baseline": BASE, "visits": [{**VISIT, "adherence": 49.5}]},
        "visits.0.adherence",
    ),
    ("adherence-string", {"baseline": BASE, "visits": [{**VISIT, "adherence": "80"}]}, "visits.0.adherence"),
    ("rmdq-25", {"baseline": {**BASE, "rmdq": 25}, "visits": []}, "baseline.rmdq"),
    ("rmdq-fraction", {"baseline": BASE, "visits": [{**VISIT, "rmdq": 4.5}]}, "visits.0.rmdq"),
    ("psfs-10.5", {"baseline": {**BASE, "psfs": 10.5}, "visits": []}, "baseline.psfs"),
    ("psfs-three-decimals", {"baseline": BASE, "visits": [{**VISIT, "psfs": 6.333}]}, "visits.0.psfs"),
    ("psfs-string", {"baseline": BASE, "visits": [{**VISIT, "psfs": "6"}]}, "visits.0.psfs"),
    ("fabq-pa-25", {"baseline": BASE, "visits": [{**VISIT, "fabq_pa": 25}]}, "visits.0.fabq_pa"),
    ("fabq-w-43", {"baseline": {**BASE, "fabq_w": 43}, "visits": []}, "baseline.fabq_w"),
    ("age-121", {"baseline": {**BASE, "age": 121}, "visits": []}, "baseline.age"),
    ("sex-unknown-code", {"baseline": {**BASE, "sex": "x"}, "visits": []}, "baseline.sex"),
    (
        "baseline-unknown-finding",
        {"baseline": {**BASE, "findings": ["headache"]}, "visits": []},
        "baseline.findings.0",
    ),
    (
        "goal-measure-unknown",
        {"baseline": BASE, "goals": [{"measure": "fabq", "target": 3}], "visits": []},
        "goals.0.measure",
    ),
    (
        "goal-nprs-11",
        {"baseline": BASE, "goals": [{"measure": "nprs", "target": 11}], "visits": []},
        "goals.0.target",
    ),
    (
        "goal-target-string",
        {"baseline": BASE, "goals": [{"measure": "nprs", "target": "2"}], "visits": []},
        "goals.0.target",
    ),
    (
        "goal-odi-101",
        {"baseline": BASE, "goals": [{"measure": "odi", "target": 101}], "visits": []},
        "goals.0.target",
    ),
    (
        "goal-rmdq-25",
        {"baseline": BASE, "goals": [{"measure": "rmdq", "target": 25}], "visits": []},
        "goals.0.target",
    ),
    (
        "goal-psfs-10.01",
        {"baseline": BASE, "goals": [{"measure": "psfs", "target": 10.01}], "visits": []},
        "goals.0.target",
    ),
    (
        "goal-target-missing",
        {"baseline": BASE, "goals": [{"measure": "odi"}], "visits": []},
        "goals.0.target",
    ),
    (
        "goal-measure-twice",
        {
            "baseline": BASE,
            "goals": [{"measure": "nprs", "target": 3}, {"measure": "nprs", "target": 2}],
            "visits": [],
        },
        "goals",
    ),
    ("goals-not-a-list", {"baseline": BASE, "goals": {"measure": "nprs"}, "visits": []}, "goals"),
]


@pytest.mark.parametrize("body, key", [b[1:] for b in BAD_V2_INPUTS], ids=[b[0] for b in BAD_V2_INPUTS])
def test_bad_v2_input_400_on_the_field(api, body, key):
    response = api.post(PROGRESS_URL, body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert key in errors, errors
    assert isinstance(errors[key], list) and all(isinstance(m, str) for m in errors[key])


# §8.13 progress vectors over HTTP ----------------------------------------------------------------


def _series(baseline: dict, visits: list[tuple[int, dict]]) -> dict:
    from datetime import date, timedelta

    start = date(2026, 1, 5)
    return {
        "baseline": {"date": start.isoformat(), **baseline},
        "visits": [{"date": (start + timedelta(days=n)).isoformat(), **v} for n, v in visits],
    }


def _plateaus(report: dict) -> list[dict]:
    return [p for p in report["prompts"] if p["kind"] == "plateau"]


def test_v2_pr_01_over_http(api):
    report = evaluate(api, _series({"nprs": 6}, [(n, {"nprs": 6}) for n in (4, 7, 14, 28)]))
    [plateau] = _plateaus(report)
    assert plateau["date"] == "2026-02-02"
    assert plateau["reasons"] == ["no_change_21_days", "unchanged_twice", "not_improved_by_day_28"]


def test_v2_pr_02_over_http(api):
    assert evaluate(api, _series({"nprs": 6, "odi": 8}, [(7, {"nprs": 6, "odi": 8})]))["prompts"] == []


def test_v2_pr_03_over_http(api):
    visits = [(7, {"nprs": 5, "odi": 40}), (14, {"nprs": 3, "odi": 24}), (21, {"nprs": 7, "odi": 44})]
    report = evaluate(api, _series({"nprs": 8, "odi": 50}, visits))
    assert report["visits"][2]["status"] == "unchanged"
    assert [(p["kind"], p["reasons"]) for p in report["prompts"]] == [("relapse", ["nprs", "odi"])]


def test_v2_pr_04_over_http(api):
    visits = [(n, {"nprs": 6, "adherence": 30}) for n in (7, 14, 21, 28)]
    plateaus = _plateaus(evaluate(api, _series({"nprs": 6}, visits)))
    assert [p["date"] for p in plateaus] == ["2026-01-26", "2026-02-02"]
    assert all(p["adherence_first"] for p in plateaus)


@pytest.mark.parametrize(
    "measure, before, after, expected",
    [
        ("nprs", 3, 2, "unchanged"),
        ("nprs", 8, 6, "improved"),
        ("odi", 15, 10, "unchanged"),
        ("odi", 20, 14, "improved"),
        ("rmdq", 10, 6, "improved"),
        ("rmdq", 14, 10, "unchanged"),
        ("psfs", 4.0, 6.33, "improved"),
    ],
    ids=[f"V2-CH-0{n}" for n in range(1, 8)],
)
def test_v2_change_vectors_over_http(api, measure, before, after, expected):
    report = evaluate(api, _series({measure: before}, [(7, {measure: after})]))
    assert report["visits"][0]["measures"][measure]["status"] == expected


@pytest.mark.parametrize("where", ["baseline", "visits.0"])
def test_a_direction_both_centralising_and_peripheralising_is_400_on_its_findings(api, where):
    contradiction = {"findings": ["centralizes_with_flexion", "peripheralizes_with_flexion"]}
    body = {"baseline": BASE, "visits": [VISIT]}
    if where == "baseline":
        body["baseline"] = {**BASE, **contradiction}
    else:
        body["visits"] = [{**VISIT, **contradiction}]
    response = api.post(PROGRESS_URL, body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [f"{where}.findings"]
    assert "cannot both be ticked" in response.json()[f"{where}.findings"][0]


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row(
        "evaluate",
        lambda get: PROGRESS_URL,
        API_ENDPOINT,
        method="post",
        json=True,
        data=lambda get: CONTRACT_REQUEST,
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
