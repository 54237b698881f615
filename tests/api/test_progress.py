"""POST /api/v1/progress/evaluate over real HTTP: the contract example, each rule, validation."""

from datetime import date, timedelta

import pytest

from tests.access_matrix import API_ENDPOINT, BAD_REQUEST, cells, check, row
from tests.api import PROGRESS_URL, token_client
from tests.factories import UserFactory

BASE = date(2026, 1, 5)

CONTRACT_REQUEST = {
    "baseline": {"date": "2026-01-05", "nprs": 7, "odi": 44},
    "visits": [
        {"date": "2026-01-12", "nprs": 6, "odi": 40, "findings": []},
        {"date": "2026-01-19", "nprs": 9, "findings": ["progressive_weakness"]},
    ],
}
CONTRACT_RESPONSE = {
    "visits": [
        {
            "date": "2026-01-12",
            "status": "unchanged",
            "measures": {
                "nprs": {"change": -1, "status": "unchanged"},
                "odi": {"change": -4, "status": "unchanged"},
            },
        },
        {
            "date": "2026-01-19",
            "status": "worsened",
            "measures": {"nprs": {"change": 2, "status": "worsened"}},
        },
    ],
    "prompts": [
        {"kind": "regression", "date": "2026-01-19", "reasons": ["nprs"]},
        {"kind": "red_flag", "date": "2026-01-19", "level": "urgent", "reasons": ["progressive_weakness"]},
    ],
}


@pytest.fixture
def api(therapist):
    return token_client(therapist)


def day(n: int) -> str:
    return (BASE + timedelta(days=n)).isoformat()


def series(baseline: dict, *visits: tuple[int, dict]) -> dict:
    return {
        "baseline": {"date": day(0), **baseline},
        "visits": [{"date": day(n), **measures} for n, measures in visits],
    }


V1_PROMPT_KEYS = ("kind", "date", "reasons", "level")


def evaluate(client, body) -> dict:
    """The response's v1 keys; the v2 additions are asserted in test_progress_v2."""
    response = client.post(PROGRESS_URL, body, format="json")
    assert response.status_code == 200, response.content
    return v1_of(response.json())


def v1_of(report: dict) -> dict:
    assert report.pop("rules_version") == 2
    for visit in report["visits"]:
        visit["measures"] = {
            name: {"change": m["change"], "status": m["status"]} for name, m in visit["measures"].items()
        }
    report["prompts"] = [{k: p[k] for k in V1_PROMPT_KEYS if k in p} for p in report["prompts"]]
    return report


def kinds(report: dict) -> list[tuple[str, str]]:
    return [(p["date"], p["kind"]) for p in report["prompts"]]


def prompts_of(report: dict, kind: str) -> list[dict]:
    return [p for p in report["prompts"] if p["kind"] == kind]


# The contract example --------------------------------------------------------------------------------


def test_contract_example_exact(api):
    assert evaluate(api, CONTRACT_REQUEST) == CONTRACT_RESPONSE


def test_contract_example_deterministic(api):
    first = api.post(PROGRESS_URL, CONTRACT_REQUEST, format="json")
    second = api.post(PROGRESS_URL, CONTRACT_REQUEST, format="json")
    assert first.content == second.content


def test_trailing_slash_variant(api):
    response = api.post(f"{PROGRESS_URL}/", CONTRACT_REQUEST, format="json")
    assert response.status_code == 200
    assert v1_of(response.json()) == CONTRACT_RESPONSE


def test_no_visits_gives_empty_results(api):
    assert evaluate(api, series({"nprs": 6})) == {"visits": [], "prompts": []}


# Each rule, one worked series ------------------------------------------------------------------------


def test_improved_by_mcid_points(api):
    # NPRS 8 -> 6: a fall of 2 meets the MCID (2) though it is only 25% of the baseline.
    report = evaluate(api, series({"nprs": 8}, (7, {"nprs": 6})))
    assert report["visits"][0]["measures"] == {"nprs": {"change": -2, "status": "improved"}}
    assert report["visits"][0]["status"] == "improved"
    assert report["prompts"] == []


def test_improved_by_30_percent_of_baseline(api):
    # ODI 20 -> 14: a fall of 6 is below the MCID (10) but 30% of the baseline.
    report = evaluate(api, series({"odi": 20}, (7, {"odi": 14})))
    assert report["visits"][0]["measures"] == {"odi": {"change": -6, "status": "improved"}}
    assert report["visits"][0]["status"] == "improved"


def test_fall_below_both_rules_unchanged(api):
    report = evaluate(api, series({"odi": 20}, (7, {"odi": 15})))
    assert report["visits"][0]["measures"] == {"odi": {"change": -5, "status": "unchanged"}}


def test_worsening_never_by_30_percent(api):
    # ODI 20 -> 26: +6 is 30% of the baseline but below the MCID, so unchanged.
    report = evaluate(api, series({"odi": 20}, (7, {"odi": 26})))
    assert report["visits"][0]["measures"] == {"odi": {"change": 6, "status": "unchanged"}}
    assert report["visits"][0]["status"] == "unchanged"
    assert prompts_of(report, "regression") == []


def test_worsened_by_mcid_raises_regression(api):
    report = evaluate(api, series({"nprs": 4, "odi": 20}, (7, {"nprs": 3, "odi": 30})))
    visit = report["visits"][0]
    assert visit["measures"] == {
        "nprs": {"change": -1, "status": "unchanged"},
        "odi": {"change": 10, "status": "worsened"},
    }
    assert visit["status"] == "worsened"
    assert report["prompts"] == [{"kind": "regression", "date": day(7), "reasons": ["odi"]}]


def test_worsened_wins_over_improved(api):
    report = evaluate(api, series({"nprs": 8, "odi": 20}, (7, {"nprs": 4, "odi": 30})))
    assert report["visits"][0]["status"] == "worsened"


def test_decimal_odi_change(api):
    report = evaluate(api, series({"odi": 44.4}, (7, {"odi": 33.3})))
    change = report["visits"][0]["measures"]["odi"]
    assert change == {"change": pytest.approx(-11.1), "status": "improved"}


def test_plateau_after_21_days_unchanged(api):
    # (v2) Two unchanged visits are not a plateau before 21 days without a change.
    report = evaluate(api, series({"nprs": 6}, (7, {"nprs": 6}), (14, {"nprs": 5}), (21, {"nprs": 6})))
    assert [v["status"] for v in report["visits"]] == ["unchanged", "unchanged", "unchanged"]
    assert report["prompts"] == [
        {"kind": "plateau", "date": day(21), "reasons": ["no_change_21_days", "unchanged_twice"]}
    ]


def test_plateau_at_first_visit_28_days_without_improvement(api):
    report = evaluate(
        api,
        series({"nprs": 6}, (7, {"nprs": 8}), (28, {"nprs": 7}), (35, {"nprs": 8})),
    )
    assert [v["status"] for v in report["visits"]] == ["worsened", "unchanged", "worsened"]
    assert prompts_of(report, "plateau") == [
        {"kind": "plateau", "date": day(28), "reasons": ["no_change_21_days", "not_improved_by_day_28"]}
    ]


def test_plateau_checkpoint_counts_the_visit_itself(api):
    # Unchanged before, unchanged at day 30: both plateau reasons, on the first visit past 28 days only.
    report = evaluate(api, series({"nprs": 6}, (14, {"nprs": 6}), (30, {"nprs": 6})))
    assert prompts_of(report, "plateau") == [
        {
            "kind": "plateau",
            "date": day(30),
            "reasons": ["no_change_21_days", "unchanged_twice", "not_improved_by_day_28"],
        }
    ]


def test_no_day_28_reason_if_improved_earlier(api):
    # (v2) 21 days after the improvement of day 7 it is a plateau, without the day-28 reason; the
    # 2 points lost from the best (3) are a relapse.
    report = evaluate(api, series({"nprs": 6}, (7, {"nprs": 3}), (28, {"nprs": 5})))
    assert [v["status"] for v in report["visits"]] == ["improved", "unchanged"]
    assert kinds(report) == [(day(28), "relapse"), (day(28), "plateau")]
    assert prompts_of(report, "plateau")[0]["reasons"] == ["no_change_21_days"]


def test_no_plateau_when_improved_at_the_checkpoint(api):
    report = evaluate(api, series({"nprs": 6}, (7, {"nprs": 6}), (28, {"nprs": 3})))
    assert prompts_of(report, "plateau") == []


def test_red_flag_from_visit_findings(api):
    report = evaluate(
        api,
        series(
            {"nprs": 6},
            (7, {"nprs": 6, "findings": ["muscle_spasm"]}),
            (14, {"findings": ["saddle_anesthesia", "bladder_dysfunction"]}),
        ),
    )
    assert report["prompts"] == [
        {
            "kind": "red_flag",
            "date": day(14),
            "level": "emergency",
            "reasons": ["bladder_dysfunction", "saddle_anesthesia"],
        }
    ]


def test_goal_met(api):
    report = evaluate(
        api,
        series(
            {"nprs": 6, "odi": 40},
            (7, {"nprs": 2, "odi": 11}),
            (14, {"nprs": 1}),
            (21, {"odi": 10}),
            (28, {"nprs": 0, "odi": 4}),
        ),
    )
    # (v2) Every goal at the same visit.
    assert prompts_of(report, "goal_met") == [
        {"kind": "goal_met", "date": day(28), "reasons": ["nprs", "odi"]}
    ]


def test_reevaluation_at_30_days_and_tenth_visit(api):
    visits = [(7 * (i + 1), {"nprs": 3}) for i in range(11)]  # weekly; all improved from 6
    report = evaluate(api, series({"nprs": 6}, *visits))
    assert prompts_of(report, "reevaluation_due") == [
        {"kind": "reevaluation_due", "date": day(35), "reasons": ["30_days_since_baseline"]},
        {"kind": "reevaluation_due", "date": day(70), "reasons": ["visit_10"]},
    ]
    assert kinds(report) == [(day(35), "reevaluation_due"), (day(70), "reevaluation_due")]


def test_reevaluation_exactly_at_day_30(api):
    report = evaluate(api, series({"nprs": 6}, (29, {"nprs": 3}), (30, {"nprs": 3}), (31, {"nprs": 3})))
    assert prompts_of(report, "reevaluation_due") == [
        {"kind": "reevaluation_due", "date": day(30), "reasons": ["30_days_since_baseline"]}
    ]


def test_visit_without_measures_has_null_status(api):
    report = evaluate(api, series({"nprs": 6, "odi": 30}, (7, {}), (14, {"nprs": None, "odi": None})))
    assert report["visits"] == [
        {"date": day(7), "status": None, "measures": {}},
        {"date": day(14), "status": None, "measures": {}},
    ]


def test_measure_absent_from_baseline_not_compared(api):
    report = evaluate(api, series({"nprs": 6}, (7, {"nprs": 5, "odi": 80})))
    assert report["visits"][0]["measures"] == {"nprs": {"change": -1, "status": "unchanged"}}
    assert report["visits"][0]["status"] == "unchanged"


def test_baseline_without_measures_compares_nothing(api):
    report = evaluate(api, series({}, (7, {"nprs": 9, "odi": 80})))
    assert report["visits"][0] == {"date": day(7), "status": None, "measures": {}}


# Clinic thresholds -----------------------------------------------------------------------------------


def test_clinic_mcid_honoured(api, clinic, db):
    body = series({"nprs": 8}, (7, {"nprs": 6}))  # a 2-point fall, 25% of the baseline
    assert evaluate(api, body)["visits"][0]["status"] == "improved"
    clinic.nprs_mcid = 3
    clinic.save()
    assert evaluate(api, body)["visits"][0]["measures"]["nprs"] == {"change": -2, "status": "unchanged"}
    # A superuser without a clinic gets the defaults.
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert evaluate(token_client(superuser), body)["visits"][0]["status"] == "improved"


def test_other_clinic_has_its_own_thresholds(api, clinic, outsider):
    clinic.nprs_mcid = 3
    clinic.save()
    body = series({"nprs": 8}, (7, {"nprs": 6}))
    assert evaluate(api, body)["visits"][0]["status"] == "unchanged"
    assert evaluate(token_client(outsider), body)["visits"][0]["status"] == "improved"


def test_clinic_plateau_and_reevaluation_days_honoured(api, clinic):
    clinic.plateau_window_days = 14
    clinic.plateau_days = 14
    clinic.reevaluation_days = 14
    clinic.save()
    report = evaluate(api, series({"nprs": 6}, (14, {"nprs": 7})))
    assert report["prompts"] == [
        {"kind": "plateau", "date": day(14), "reasons": ["no_change_14_days", "not_improved_by_day_14"]},
        {"kind": "reevaluation_due", "date": day(14), "reasons": ["14_days_since_baseline"]},
    ]


def test_progress_query_count(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        evaluate(api, CONTRACT_REQUEST)


# Bad input: 400 with the dotted field ----------------------------------------------------------------

GOOD_VISIT = {"date": "2026-01-12", "nprs": 6}
BAD_INPUTS = [
    (
        "decreasing-dates",
        {
            "baseline": {"date": "2026-01-05"},
            "visits": [{"date": "2026-01-19"}, {"date": "2026-01-12"}],
        },
        "visits.1.date",
    ),
    (
        "repeated-date",
        {"baseline": {"date": "2026-01-05"}, "visits": [GOOD_VISIT, GOOD_VISIT]},
        "visits.1.date",
    ),
    (
        "visit-on-baseline",
        {"baseline": {"date": "2026-01-05"}, "visits": [{"date": "2026-01-05"}]},
        "visits.0.date",
    ),
    (
        "visit-before-baseline",
        {"baseline": {"date": "2026-01-05"}, "visits": [{"date": "2025-12-30"}]},
        "visits.0.date",
    ),
    (
        "visit-nprs-11",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "nprs": 11}]},
        "visits.0.nprs",
    ),
    (
        "visit-nprs-4.5",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "nprs": 4.5}]},
        "visits.0.nprs",
    ),
    (
        "visit-nprs-string",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "nprs": "4"}]},
        "visits.0.nprs",
    ),
    ("baseline-nprs-11", {"baseline": {"date": "2026-01-05", "nprs": 11}, "visits": []}, "baseline.nprs"),
    (
        "visit-odi-100.5",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "odi": 100.5}]},
        "visits.0.odi",
    ),
    (
        "visit-odi-33.33",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "odi": 33.33}]},
        "visits.0.odi",
    ),
    (
        "visit-odi-negative",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "odi": -1}]},
        "visits.0.odi",
    ),
    (
        "visit-odi-string",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "odi": "40"}]},
        "visits.0.odi",
    ),
    (
        "visit-odi-bool",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "odi": True}]},
        "visits.0.odi",
    ),
    ("baseline-odi-101", {"baseline": {"date": "2026-01-05", "odi": 101}, "visits": []}, "baseline.odi"),
    ("baseline-odi-huge", {"baseline": {"date": "2026-01-05", "odi": 1e300}, "visits": []}, "baseline.odi"),
    (
        "visit-impossible-date",
        {"baseline": {"date": "2026-01-05"}, "visits": [{"date": "2026-02-30"}]},
        "visits.0.date",
    ),
    ("baseline-impossible-date", {"baseline": {"date": "2026-02-30"}, "visits": []}, "baseline.date"),
    ("baseline-date-format", {"baseline": {"date": "05/01/2026"}, "visits": []}, "baseline.date"),
    ("baseline-date-number", {"baseline": {"date": 20260105}, "visits": []}, "baseline.date"),
    ("baseline-datetime", {"baseline": {"date": "2026-01-05T10:00:00"}, "visits": []}, "baseline.date"),
    ("baseline-missing-date", {"baseline": {"nprs": 5}, "visits": []}, "baseline.date"),
    ("baseline-missing", {"visits": []}, "baseline"),
    ("baseline-not-an-object", {"baseline": "2026-01-05", "visits": []}, "baseline"),
    ("visits-missing", {"baseline": {"date": "2026-01-05"}}, "visits"),
    ("visits-not-a-list", {"baseline": {"date": "2026-01-05"}, "visits": {"date": "2026-01-12"}}, "visits"),
    (
        "visit-not-an-object",
        {"baseline": {"date": "2026-01-05"}, "visits": [GOOD_VISIT, "2026-01-19"]},
        "visits.1",
    ),
    ("visit-null", {"baseline": {"date": "2026-01-05"}, "visits": [None]}, "visits.0"),
    (
        "unknown-finding",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "findings": ["fever", "headache"]}]},
        "visits.0.findings.1",
    ),
    (
        "findings-not-a-list",
        {"baseline": {"date": "2026-01-05"}, "visits": [{**GOOD_VISIT, "findings": "fever"}]},
        "visits.0.findings",
    ),
]


@pytest.mark.parametrize("body, key", [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_400_on_the_field(api, body, key):
    response = api.post(PROGRESS_URL, body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert key in errors, errors
    assert isinstance(errors[key], list) and all(isinstance(m, str) for m in errors[key])


def test_every_out_of_order_visit_reported(api):
    body = {
        "baseline": {"date": "2026-01-05"},
        "visits": [
            {"date": "2026-01-05"},
            {"date": "2026-01-12"},
            {"date": "2026-01-10"},
            {"date": "2026-01-20"},
        ],
    }
    errors = api.post(PROGRESS_URL, body, format="json").json()
    assert set(errors) == {"visits.0.date", "visits.2.date"}


def test_field_errors_in_several_visits(api):
    body = {
        "baseline": {"date": "2026-01-05", "odi": 33.33},
        "visits": [{"date": "2026-01-12", "nprs": 11}, {"date": "2026-01-19"}, {"date": "2026-02-30"}],
    }
    errors = api.post(PROGRESS_URL, body, format="json").json()
    assert set(errors) == {"baseline.odi", "visits.0.nprs", "visits.2.date"}


@pytest.mark.parametrize(
    "raw, content_type",
    [
        ("[]", "application/json"),
        ('"text"', "application/json"),
        ("3.5", "application/json"),
        ("null", "application/json"),
        ('{"baseline": ', "application/json"),
        ("", "application/json"),
        ('{"baseline": {"date": "2026-01-05"}, "visits": []}', "text/plain"),
    ],
    ids=["list", "string", "number", "null", "malformed", "empty", "text-plain"],
)
def test_body_that_is_not_a_json_object_400_on_body(api, raw, content_type):
    response = api.post(PROGRESS_URL, raw, content_type=content_type)
    assert response.status_code == 400
    assert list(response.json()) == ["body"]


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
    row("evaluate nothing", lambda get: PROGRESS_URL, therapist=BAD_REQUEST, method="post", json=True),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
