"""Progress v2: the "(v2)" rules of `POST /api/v1/progress/evaluate` (shared/api-contract.md) and the
worked cases of clinical-reference.md §8.3, §8.4 and §8.13, one test per rule and per boundary.

Pure: no database.
"""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from plans.clinical.progress import (
    Goal,
    Measures,
    ProgressThresholds,
    evaluate_progress,
)

BASE = date(2026, 1, 5)
D = Decimal


def day(n: int) -> date:
    return BASE + timedelta(days=n)


def iso(n: int) -> str:
    return day(n).isoformat()


def visit(n: int, **kwargs) -> Measures:
    kwargs["findings"] = frozenset(kwargs.get("findings", ()))
    return Measures(day(n), **_decimals(kwargs))


def baseline(**kwargs) -> Measures:
    if "findings" in kwargs:
        kwargs["findings"] = frozenset(kwargs["findings"])
    return Measures(BASE, **_decimals(kwargs))


def _decimals(kwargs: dict) -> dict:
    for name in ("odi", "psfs"):
        if kwargs.get(name) is not None:
            kwargs[name] = D(str(kwargs[name]))
    return kwargs


def report_of(base: Measures, visits: list[Measures], **kwargs) -> dict:
    body = evaluate_progress(base, visits, **kwargs).as_dict()
    json.dumps(body)  # always JSON-serialisable
    return body


def kinds(body: dict, n: int | None = None) -> list[str]:
    return [p["kind"] for p in body["prompts"] if n is None or p["date"] == iso(n)]


def prompt(body: dict, kind: str, n: int) -> dict:
    [found] = [p for p in body["prompts"] if p["kind"] == kind and p["date"] == iso(n)]
    return found


def status(body: dict, index: int, measure: str) -> str:
    return body["visits"][index]["measures"][measure]["status"]


# --------------------------------------------------------------------------------------------------
# The contract's own v2 example
# --------------------------------------------------------------------------------------------------


def test_contract_v2_example_request_gives_the_example_response():
    base = Measures(
        date(2026, 1, 5), nprs=7, odi=D(44), age=62, sex="male", findings=frozenset({"history_of_cancer"})
    )
    visits = [
        Measures(date(2026, 1, 12), nprs=4, odi=D(30), adherence=80, findings=frozenset()),
        Measures(date(2026, 1, 19), nprs=7, odi=D(36), adherence=40, findings=frozenset({"weakness"})),
        Measures(date(2026, 2, 9), nprs=3, odi=D(30), adherence=90, findings=frozenset()),
    ]
    goals = (Goal("nprs", D(3)), Goal("odi", D(34)))
    expected = {
        "rules_version": 2,
        "visits": [
            {
                "date": "2026-01-12",
                "status": "improved",
                "measures": {
                    "nprs": {
                        "change": -3,
                        "status": "improved",
                        "best": 7,
                        "change_from_best": -3,
                        "change_from_previous": -3,
                    },
                    "odi": {
                        "change": -14,
                        "status": "improved",
                        "best": 44,
                        "change_from_best": -14,
                        "change_from_previous": -14,
                    },
                },
            },
            {
                "date": "2026-01-19",
                "status": "unchanged",
                "measures": {
                    "nprs": {
                        "change": 0,
                        "status": "unchanged",
                        "best": 4,
                        "change_from_best": 3,
                        "change_from_previous": 3,
                    },
                    "odi": {
                        "change": -8,
                        "status": "unchanged",
                        "best": 30,
                        "change_from_best": 6,
                        "change_from_previous": 6,
                    },
                },
            },
            {
                "date": "2026-02-09",
                "status": "improved",
                "measures": {
                    "nprs": {
                        "change": -4,
                        "status": "improved",
                        "best": 4,
                        "change_from_best": -1,
                        "change_from_previous": -4,
                    },
                    "odi": {
                        "change": -14,
                        "status": "improved",
                        "best": 30,
                        "change_from_best": 0,
                        "change_from_previous": -6,
                    },
                },
            },
        ],
        "prompts": [
            {
                "kind": "relapse",
                "date": "2026-01-19",
                "reasons": ["nprs"],
                "adherence_first": True,
                "message": "Relapse: pain (NPRS) worsened by at least the clinically important amount from "
                "its best value since the baseline. Look for a flare trigger or new findings before "
                "changing the plan. Home-exercise adherence is only 40%: address adherence (barriers, "
                "dose, timing) before changing the exercises.",
            },
            {
                "kind": "red_flag",
                "date": "2026-01-19",
                "level": "urgent",
                "holds_plan": True,
                "reasons": ["history_of_cancer", "weakness", "new_deficit:weakness"],
                "message": "Red flag (urgent): New or progressive neurological deficit: Same-day physician "
                "or spinal team review for MRI; Suspected metastatic spinal cord compression: Same-day "
                "oncology or spinal team contact for whole-spine MRI.",
            },
            {
                "kind": "goal_met",
                "date": "2026-02-09",
                "reasons": ["nprs", "odi"],
                "message": "Goal met: every goal reached (pain (NPRS), disability (ODI)). Consider discharge "
                "or new goals.",
            },
            {
                "kind": "reevaluation_due",
                "date": "2026-02-09",
                "reasons": ["30_days_since_baseline"],
                "message": "Re-evaluation due: 30 days since the baseline assessment. Record a re-evaluation "
                "to reset the baseline.",
            },
        ],
    }
    got = evaluate_progress(base, visits, goals=goals).as_dict()
    red = next(p for p in got["prompts"] if p["kind"] == "red_flag")
    # Triage reasons carry no order (contract, triage.reasons (v2)): compare them as a set.
    assert set(red["reasons"]) == {"history_of_cancer", "weakness", "new_deficit:weakness"}
    red["reasons"] = next(p for p in expected["prompts"] if p["kind"] == "red_flag")["reasons"]
    assert got == expected
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)


# --------------------------------------------------------------------------------------------------
# §8.13 change vectors and the absolute floors of the 30% path
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "vector, measure, before, after, expected",
    [
        ("V2-CH-01", "nprs", 3, 2, "unchanged"),  # 33% but only 1 point
        ("V2-CH-02", "nprs", 8, 6, "improved"),
        ("V2-CH-03", "odi", 15, 10, "unchanged"),  # 33% but 5 < floor 6
        ("V2-CH-04", "odi", 20, 14, "improved"),  # 30% and 6 points
        ("V2-CH-05", "rmdq", 10, 6, "improved"),  # 40% and 4 points
        ("V2-CH-06", "rmdq", 14, 10, "unchanged"),  # 28.6%, under MCID 5
        ("V2-CH-07", "psfs", "4.0", "6.33", "improved"),
    ],
)
def test_change_vectors_v2(vector, measure, before, after, expected):
    body = report_of(baseline(**{measure: before}), [visit(7, **{measure: after})])
    assert status(body, 0, measure) == expected, vector


@pytest.mark.parametrize(
    "measure, before, after, expected",
    [
        # NPRS floor 2: a 30% fall of exactly 2 points counts, one point never does.
        ("nprs", 6, 4, "improved"),
        ("nprs", 4, 3, "unchanged"),  # 25%
        ("nprs", 2, 1, "unchanged"),  # 50% but 1 point
        # ODI floor 6: 30% of 20 at exactly 6 counts; 5.9 does not; 30% of 19 at 5.9 still does not.
        ("odi", 20, 14, "improved"),
        ("odi", 19, "13.1", "unchanged"),  # 31% but 5.9 < 6
        ("odi", 18, 12, "improved"),  # 33%, exactly 6
        ("odi", 18, "12.1", "unchanged"),
        ("odi", 40, 34, "unchanged"),  # 6 points but only 15%
        # RMDQ floor 4: 30% of 12 with exactly 4 counts; 30% of 10 with 3 does not.
        ("rmdq", 12, 8, "improved"),
        ("rmdq", 10, 7, "unchanged"),  # 30% but 3 < 4
        ("rmdq", 20, 15, "improved"),  # MCID 5
        ("rmdq", 20, 16, "unchanged"),  # 4 points, 20%
        ("rmdq", 10, 15, "worsened"),  # MCID 5 upwards
        ("rmdq", 10, 14, "unchanged"),
        # PSFS: higher is better, 2 points either way, no relative path.
        ("psfs", "4.0", "6.0", "improved"),
        ("psfs", "4.0", "5.99", "unchanged"),
        ("psfs", "2.0", "3.5", "unchanged"),  # 75% up but under 2 points
        ("psfs", "6.0", "4.0", "worsened"),
        ("psfs", "6.0", "4.01", "unchanged"),
    ],
)
def test_floors_and_directions_at_the_boundary(measure, before, after, expected):
    body = report_of(baseline(**{measure: before}), [visit(7, **{measure: after})])
    assert status(body, 0, measure) == expected


def test_visit_status_counts_rmdq_and_psfs():
    body = report_of(baseline(nprs=6, rmdq=10, psfs="5"), [visit(7, nprs=6, psfs="3"), visit(14, rmdq=4)])
    assert [v["status"] for v in body["visits"]] == ["worsened", "improved"]
    assert kinds(body) == ["regression"]
    assert prompt(body, "regression", 7)["reasons"] == ["psfs"]


def test_fabq_is_reported_never_judged():
    body = report_of(
        baseline(nprs=6, fabq_pa=10), [visit(7, nprs=6, fabq_pa=15, fabq_w=34), visit(14, nprs=6)]
    )
    first, second = body["visits"]
    assert first["fabq"] == {"pa": 15, "w": 34, "pa_high": True, "w_high": False}
    assert "fabq" not in first["measures"]
    assert first["status"] == "unchanged"
    assert "fabq" not in second
    only_w = report_of(baseline(nprs=6), [visit(7, fabq_w=35)])
    assert only_w["visits"][0]["fabq"] == {"pa": None, "w": 35, "pa_high": None, "w_high": True}
    assert only_w["visits"][0]["status"] is None
    at_cut_off = report_of(baseline(nprs=6), [visit(7, fabq_pa=14)])
    assert at_cut_off["visits"][0]["fabq"]["pa_high"] is False


# --------------------------------------------------------------------------------------------------
# best, change_from_best, change_from_previous
# --------------------------------------------------------------------------------------------------


def test_best_is_the_lowest_so_far_and_previous_skips_visits_without_the_measure():
    body = report_of(baseline(nprs=8), [visit(7, nprs=5), visit(10), visit(14, nprs=6)])
    third = body["visits"][2]["measures"]["nprs"]
    assert (third["best"], third["change_from_best"], third["change_from_previous"]) == (5, 1, 1)
    first = body["visits"][0]["measures"]["nprs"]
    assert (first["best"], first["change_from_best"], first["change_from_previous"]) == (8, -3, -3)


def test_best_psfs_is_the_highest():
    body = report_of(baseline(psfs="3"), [visit(7, psfs="6.5"), visit(14, psfs="5.25")])
    second = body["visits"][1]["measures"]["psfs"]
    assert second == {
        "change": 2.25,
        "status": "improved",
        "best": 6.5,
        "change_from_best": -1.25,
        "change_from_previous": -1.25,
    }


# --------------------------------------------------------------------------------------------------
# Relapse
# --------------------------------------------------------------------------------------------------


def test_v2_pr_03_relapse_after_improvement_without_falling_back_to_baseline():
    # review PS-10: NPRS 8 -> 5 -> 3 -> 7 and ODI 50 -> 40 -> 24 -> 44.
    body = report_of(
        baseline(nprs=8, odi=50),
        [visit(7, nprs=5, odi=40), visit(14, nprs=3, odi=24), visit(21, nprs=7, odi=44)],
    )
    assert body["visits"][2]["status"] == "unchanged"
    assert kinds(body, 21) == ["relapse"]
    relapse = prompt(body, "relapse", 21)
    assert relapse["reasons"] == ["nprs", "odi"]
    assert relapse["adherence_first"] is False
    assert relapse["message"].startswith("Relapse: pain (NPRS), disability (ODI) worsened")


def test_relapse_exactly_at_the_mcid_from_best_and_one_below():
    at_mcid = report_of(baseline(nprs=8), [visit(7, nprs=4), visit(14, nprs=6)])
    assert kinds(at_mcid) == ["relapse"]
    below = report_of(baseline(nprs=8), [visit(7, nprs=4), visit(14, nprs=5)])
    assert kinds(below) == []
    odi_at = report_of(baseline(odi=50), [visit(7, odi=30), visit(14, odi=40)])
    assert kinds(odi_at) == ["relapse"]
    odi_below = report_of(baseline(odi=50), [visit(7, odi=30), visit(14, odi="39.9")])
    assert kinds(odi_below) == []


def test_no_relapse_without_an_earlier_improvement_of_that_measure():
    # Best 6 at the first visit (-1, unchanged): +2 from it is not a relapse, nothing was improved.
    body = report_of(baseline(nprs=7), [visit(7, nprs=6), visit(14, nprs=8)])
    assert kinds(body) == []
    # ODI improved earlier but NPRS relapse needs NPRS itself to have improved.
    mixed = report_of(baseline(nprs=7, odi=50), [visit(7, nprs=6, odi=30), visit(14, nprs=8, odi=30)])
    assert kinds(mixed) == []


def test_worsened_against_the_baseline_is_a_regression_not_a_relapse():
    body = report_of(baseline(nprs=6), [visit(7, nprs=3), visit(14, nprs=8)])
    assert kinds(body, 14) == ["regression"]


def test_regression_and_relapse_at_one_visit_in_that_order():
    body = report_of(baseline(nprs=5, odi=50), [visit(7, nprs=3, odi=30), visit(14, nprs=7, odi=45)])
    assert kinds(body, 14) == ["regression", "relapse"]
    assert prompt(body, "regression", 14)["reasons"] == ["nprs"]
    assert prompt(body, "relapse", 14)["reasons"] == ["odi"]


def test_psfs_relapse_is_a_fall_from_the_highest():
    body = report_of(baseline(psfs="3"), [visit(7, psfs="6"), visit(14, psfs="4")])
    assert kinds(body) == ["relapse"]
    assert prompt(body, "relapse", 14)["reasons"] == ["psfs"]


# --------------------------------------------------------------------------------------------------
# Plateau
# --------------------------------------------------------------------------------------------------


def test_v2_pr_01_plateau_only_after_21_days():
    # review PS-02: unchanged at days 4, 7, 14 and 28.
    body = report_of(baseline(nprs=6), [visit(n, nprs=6) for n in (4, 7, 14, 28)])
    assert [p["date"] for p in body["prompts"] if p["kind"] == "plateau"] == [iso(28)]
    plateau = prompt(body, "plateau", 28)
    assert plateau["reasons"] == ["no_change_21_days", "unchanged_twice", "not_improved_by_day_28"]
    assert plateau["adherence_first"] is False
    assert "no clinically important change for 21 days" in plateau["message"]


def test_v2_pr_04_plateau_at_21_and_28_with_low_adherence_first():
    # review PS-03: weekly unchanged visits, 30% adherence.
    body = report_of(baseline(nprs=6), [visit(n, nprs=6, adherence=30) for n in (7, 14, 21, 28)])
    assert [p["date"] for p in body["prompts"] if p["kind"] == "plateau"] == [iso(21), iso(28)]
    assert prompt(body, "plateau", 21)["reasons"] == ["no_change_21_days", "unchanged_twice"]
    assert prompt(body, "plateau", 28)["reasons"] == [
        "no_change_21_days",
        "unchanged_twice",
        "not_improved_by_day_28",
    ]
    assert all(p["adherence_first"] for p in body["prompts"] if p["kind"] == "plateau")
    assert prompt(body, "plateau", 21)["message"].endswith(
        "Home-exercise adherence is only 30%: address adherence (barriers, dose, timing) before "
        "changing the exercises."
    )


def test_plateau_at_day_21_not_day_20():
    assert kinds(report_of(baseline(nprs=6), [visit(20, nprs=6)])) == []
    body = report_of(baseline(nprs=6), [visit(21, nprs=6)])
    assert kinds(body) == ["plateau"]
    assert prompt(body, "plateau", 21)["reasons"] == ["no_change_21_days"]


def test_plateau_window_starts_at_the_last_improved_or_worsened_visit():
    visits = [visit(7, nprs=4), visit(27, nprs=5), visit(28, nprs=5), visit(29, nprs=5)]
    body = report_of(baseline(nprs=6), visits)
    # Improved at day 7; unchanged from day 27: 20 days at 27, 21 at 28.
    assert [p["date"] for p in body["prompts"] if p["kind"] == "plateau"] == [iso(28), iso(29)]
    # Day 28 is the first visit on or after day 28 but a visit was improved: no day-28 reason.
    assert prompt(body, "plateau", 28)["reasons"] == ["no_change_21_days", "unchanged_twice"]


def test_plateau_window_skips_visits_without_status_and_unchanged_twice_skips_them_too():
    visits = [visit(3, nprs=8), visit(14, nprs=6), visit(20), visit(24, nprs=6)]
    body = report_of(baseline(nprs=6), visits)
    # Worsened at day 3: the window runs from day 3; day 24 is 21 days later.
    assert prompt(body, "plateau", 24)["reasons"] == ["no_change_21_days", "unchanged_twice"]


def test_no_plateau_on_a_worsened_or_unmeasured_visit_at_day_28():
    assert kinds(report_of(baseline(nprs=6), [visit(28, nprs=8)])) == ["regression"]
    assert kinds(report_of(baseline(nprs=6), [visit(28)])) == []


def test_plateau_window_is_the_clinics():
    thresholds = ProgressThresholds(plateau_window_days=14)
    body = report_of(baseline(nprs=6), [visit(14, nprs=6)], thresholds=thresholds)
    assert prompt(body, "plateau", 14)["reasons"] == ["no_change_14_days"]
    assert ProgressThresholds().plateau_window_days == 21


# --------------------------------------------------------------------------------------------------
# Goal met
# --------------------------------------------------------------------------------------------------


def test_v2_pr_02_no_default_goal_for_a_measure_already_at_recovery():
    # review PS-09: ODI 8 at baseline gives no ODI goal; NPRS 6 is not at its goal of 1.
    body = report_of(baseline(nprs=6, odi=8), [visit(7, nprs=6, odi=8)])
    assert body["prompts"] == []


def test_default_goals_need_every_goal_met_at_the_same_visit():
    body = report_of(
        baseline(nprs=7, odi=44),
        [visit(7, nprs=1, odi="10.1"), visit(14, nprs=2, odi=10), visit(21, nprs=1, odi=10)],
    )
    assert [p["date"] for p in body["prompts"] if p["kind"] == "goal_met"] == [iso(21)]
    assert prompt(body, "goal_met", 21)["reasons"] == ["nprs", "odi"]


def test_default_goal_needs_the_measure_recorded_at_the_visit():
    body = report_of(baseline(nprs=7, odi=44), [visit(7, nprs=0)])
    assert "goal_met" not in kinds(body)


def test_default_rmdq_goal_at_2_and_none_for_psfs():
    met = report_of(baseline(rmdq=10, psfs="3"), [visit(7, rmdq=2, psfs="3")])
    assert prompt(met, "goal_met", 7)["reasons"] == ["rmdq"]
    not_met = report_of(baseline(rmdq=10), [visit(7, rmdq=3)])
    assert "goal_met" not in kinds(not_met)
    psfs_only = report_of(baseline(psfs="3"), [visit(7, psfs="10")])
    assert "goal_met" not in kinds(psfs_only)


def test_no_goals_no_prompt():
    body = report_of(baseline(nprs=1, odi=10), [visit(7, nprs=0, odi=0)])
    assert body["prompts"] == []


def test_request_goals_replace_the_defaults():
    goals = (Goal("nprs", D(3)), Goal("psfs", D(7)))
    body = report_of(
        baseline(nprs=7, psfs="2"),
        [visit(7, nprs=3, psfs="6.99"), visit(14, nprs=3, psfs="7"), visit(21, nprs=4, psfs="9")],
        goals=goals,
    )
    assert [p["date"] for p in body["prompts"] if p["kind"] == "goal_met"] == [iso(14)]
    assert prompt(body, "goal_met", 14)["reasons"] == ["nprs", "psfs"]


# --------------------------------------------------------------------------------------------------
# Adherence
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("adherence, first", [(49, True), (50, False), (None, False), (0, True)])
def test_adherence_first_below_50_percent(adherence, first):
    body = report_of(baseline(nprs=4), [visit(7, nprs=6, adherence=adherence)])
    regression = prompt(body, "regression", 7)
    assert regression["adherence_first"] is first
    assert ("address adherence" in regression["message"]) is first
    if first:
        assert f"adherence is only {adherence}%" in regression["message"]


def test_adherence_first_only_on_regression_relapse_and_plateau():
    body = report_of(baseline(nprs=7, odi=44), [visit(30, nprs=1, odi=10, adherence=10)])
    assert kinds(body) == ["goal_met", "reevaluation_due"]
    assert all("adherence_first" not in p for p in body["prompts"])


# --------------------------------------------------------------------------------------------------
# Prompt order, message, red flags suppressing plateau and goal met
# --------------------------------------------------------------------------------------------------


def test_prompts_within_a_visit_in_v2_order_and_each_with_a_message():
    # Regression (NPRS), relapse (ODI), a prompt-level red flag, plateau-free (worsened), re-evaluation.
    body = report_of(
        baseline(nprs=5, odi=50),
        [visit(7, nprs=3, odi=30), visit(30, nprs=7, odi=45, findings=["night_pain"])],
    )
    assert kinds(body, 30) == ["regression", "relapse", "red_flag", "reevaluation_due"]
    assert all(p["message"] for p in body["prompts"])
    red = prompt(body, "red_flag", 30)
    assert (red["level"], red["holds_plan"]) == ("prompt", False)


def test_prompt_level_red_flag_keeps_plateau_and_goal_met():
    body = report_of(baseline(nprs=1, odi=20), [visit(21, nprs=1, odi=10, findings=["night_pain"])])
    assert kinds(body) == ["red_flag", "goal_met"]
    plateau = report_of(baseline(nprs=6), [visit(21, nprs=6, findings=["night_pain"])])
    assert kinds(plateau) == ["red_flag", "plateau"]


@pytest.mark.parametrize("findings, level", [(["fever"], "urgent"), (["saddle_anesthesia"], "emergency")])
def test_urgent_or_emergency_red_flag_suppresses_plateau_and_goal_met(findings, level):
    plateau = report_of(baseline(nprs=6), [visit(21, nprs=6, findings=findings)])
    assert kinds(plateau) == ["red_flag"]
    assert prompt(plateau, "red_flag", 21)["holds_plan"] is True
    assert prompt(plateau, "red_flag", 21)["level"] == level
    goal = report_of(baseline(nprs=5), [visit(7, nprs=1, findings=findings)])
    assert kinds(goal) == ["red_flag"]
    # Regression and re-evaluation still show.
    both = report_of(baseline(nprs=4), [visit(30, nprs=7, findings=findings)])
    assert kinds(both) == ["regression", "red_flag", "reevaluation_due"]


# --------------------------------------------------------------------------------------------------
# Visit red-flag screening with the episode's history (§8.3)
# --------------------------------------------------------------------------------------------------


def test_known_cancer_and_new_weakness_is_urgent_with_history():
    body = report_of(
        baseline(nprs=5, findings=["history_of_cancer"]), [visit(7, nprs=5, findings=["weakness"])]
    )
    red = prompt(body, "red_flag", 7)
    assert red["level"] == "urgent"
    # Triage reasons carry no order (contract, triage.reasons (v2)).
    assert set(red["reasons"]) == {"history_of_cancer", "weakness", "new_deficit:weakness"}
    assert "Suspected metastatic spinal cord compression" in red["message"]


def test_without_a_baseline_findings_key_the_visit_is_screened_alone_v1():
    body = report_of(baseline(nprs=5), [visit(7, nprs=5, findings=["weakness"])])
    assert body["prompts"] == []  # weakness alone raises nothing in v1
    v1_flag = report_of(baseline(nprs=5), [visit(7, nprs=5, findings=["history_of_cancer"])])
    assert prompt(v1_flag, "red_flag", 7)["level"] == "prompt"
    assert prompt(v1_flag, "red_flag", 7)["holds_plan"] is False


@pytest.mark.parametrize("deficit", ["weakness", "reflex_loss", "numbness"])
def test_each_new_deficit_is_progressive_and_urgent(deficit):
    body = report_of(baseline(nprs=5, findings=[]), [visit(7, nprs=5, findings=[deficit])])
    red = prompt(body, "red_flag", 7)
    assert red["level"] == "urgent"
    assert red["reasons"] == [deficit, f"new_deficit:{deficit}"]
    assert red["holds_plan"] is True
    assert red["message"].startswith("Red flag (urgent): New or progressive neurological deficit")


def test_a_deficit_already_at_baseline_is_not_new():
    body = report_of(baseline(nprs=5, findings=["numbness"]), [visit(7, nprs=5, findings=["numbness"])])
    assert body["prompts"] == []


def test_tingling_is_not_a_counted_deficit():
    body = report_of(baseline(nprs=5, findings=[]), [visit(7, nprs=5, findings=["tingling"])])
    assert body["prompts"] == []


def test_known_history_alone_does_not_prompt_at_every_visit():
    body = report_of(
        baseline(nprs=5, findings=["history_of_cancer", "osteoporosis", "immunosuppression"]),
        [visit(7, nprs=5), visit(14, nprs=5, findings=["history_of_cancer"])],
    )
    assert body["prompts"] == []


@pytest.mark.parametrize(
    "history, finding, level",
    [
        ("immunosuppression", "night_pain", "urgent"),  # infection risk + new worrying pain
        ("long_term_corticosteroids", "bony_point_tenderness", "prompt"),  # fragility fracture
        ("iv_drug_use", "night_pain", "urgent"),
    ],
)
def test_history_combines_with_a_new_visit_finding(history, finding, level):
    body = report_of(baseline(nprs=5, findings=[history]), [visit(7, nprs=5, findings=[finding])])
    red = prompt(body, "red_flag", 7)
    assert red["level"] == level
    assert history in red["reasons"] and finding in red["reasons"]


def test_only_flags_with_new_information_are_raised():
    # Osteoporosis and a tender bone were known: only the new fever raises (urgent infection).
    body = report_of(
        baseline(nprs=5, findings=["osteoporosis", "bony_point_tenderness"]),
        [visit(7, nprs=5, findings=["bony_point_tenderness", "fever"])],
    )
    red = prompt(body, "red_flag", 7)
    assert red["level"] == "urgent"
    assert "osteoporotic" not in red["message"]
    assert red["reasons"] == ["fever"]


def test_known_bilateral_leg_symptoms_raise_only_when_progressing():
    known = report_of(
        baseline(nprs=5, findings=["bilateral_leg_symptoms"]),
        [visit(7, nprs=5, findings=["bilateral_leg_symptoms"])],
    )
    assert known["prompts"] == []
    progressing = report_of(
        baseline(nprs=5, findings=["bilateral_leg_symptoms"]),
        [visit(7, nprs=5, findings=["bilateral_leg_symptoms", "progressive_weakness"])],
    )
    red = prompt(progressing, "red_flag", 7)
    assert red["level"] == "urgent"
    # progressive_deficit fires on the new progressive weakness; bilateral_leg's own reasons
    # (bilateral_leg_symptoms, symptoms_progressing) hold nothing new here, so it is not raised.
    assert "progressive_weakness" in red["reasons"]


def test_known_bilateral_leg_symptoms_with_symptoms_progressing_raise_bilateral_leg():
    body = report_of(
        baseline(nprs=5, findings=["bilateral_leg_symptoms"]),
        [visit(7, nprs=5, findings=["bilateral_leg_symptoms", "symptoms_progressing"])],
    )
    red = prompt(body, "red_flag", 7)
    assert red["level"] == "urgent"
    assert red["reasons"] == ["bilateral_leg_symptoms", "symptoms_progressing"]


def test_new_bilateral_leg_symptoms_count_as_not_stable():
    body = report_of(baseline(nprs=5, findings=[]), [visit(7, nprs=5, findings=["bilateral_leg_symptoms"])])
    red = prompt(body, "red_flag", 7)
    assert red["level"] == "urgent"
    assert red["reasons"][0] == "bilateral_leg_symptoms"


# --------------------------------------------------------------------------------------------------
# Same-day and several visits a day (the pages' series)
# --------------------------------------------------------------------------------------------------


def test_visit_on_the_baseline_day_is_judged_against_it():
    body = report_of(baseline(nprs=7), [visit(0, nprs=5)])
    assert body["visits"][0]["measures"]["nprs"]["status"] == "improved"


def test_several_visits_a_day_are_judged_in_the_order_given():
    body = report_of(baseline(nprs=7), [visit(3, nprs=4), visit(3, nprs=7)])
    second = body["visits"][1]["measures"]["nprs"]
    assert (second["best"], second["change_from_previous"]) == (4, 3)
    assert kinds(body) == ["relapse"]


def test_report_carries_the_rules_version():
    assert report_of(baseline(nprs=5), [])["rules_version"] == 2
