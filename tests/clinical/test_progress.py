"""Progress against baseline: the rules at the end of api-contract.md, on worked series.

Each series asserts the exact ``ProgressReport.as_dict()`` (visits and prompts) and its JSON text,
so an int change that turns into a float (``-4`` vs ``-4.0``) is caught. Pure: no database.
"""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from plans.clinical.progress import (
    Measures,
    ProgressReport,
    ProgressThresholds,
    evaluate_progress,
    judge_visit,
    measure_change,
)
from plans.clinical.vocabulary import MeasureStatus

BASE = date(2026, 1, 5)
D = Decimal


def day(n: int) -> date:
    return BASE + timedelta(days=n)


def iso(n: int) -> str:
    return day(n).isoformat()


def visit(n: int, *, nprs=None, odi=None, findings=()) -> Measures:
    return Measures(day(n), nprs=nprs, odi=None if odi is None else D(str(odi)), findings=frozenset(findings))


def baseline(*, nprs=None, odi=None) -> Measures:
    return Measures(BASE, nprs=nprs, odi=None if odi is None else D(str(odi)))


def m(change, status):
    return {"change": change, "status": status}


def v(n: int, status, **measures) -> dict:
    return {"date": iso(n), "status": status, "measures": measures}


def p(kind: str, n: int, *reasons, level=None) -> dict:
    body = {"kind": kind, "date": iso(n), "reasons": list(reasons)}
    if level is not None:
        body["level"] = level
    return body


V1_PROMPT_KEYS = ("kind", "date", "reasons", "level")


def v1_keys(body: dict) -> dict:
    """The keys v1 returned; the v2 additions (best, message, ...) are asserted in test_progress_v2."""
    return {
        "visits": [
            {**visit, "measures": {n: m(c["change"], c["status"]) for n, c in visit["measures"].items()}}
            for visit in body["visits"]
        ],
        "prompts": [{k: p[k] for k in V1_PROMPT_KEYS if k in p} for p in body["prompts"]],
    }


def assert_report(report: ProgressReport, visits: list, prompts: list) -> None:
    expected = {"visits": visits, "prompts": prompts}
    got = v1_keys(report.as_dict())
    assert got == expected
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)


# --------------------------------------------------------------------------------------------------
# The contract's own example
# --------------------------------------------------------------------------------------------------


def test_contract_example_request_gives_the_example_response():
    request = {
        "baseline": {"date": "2026-01-05", "nprs": 7, "odi": 44},
        "visits": [
            {"date": "2026-01-12", "nprs": 6, "odi": 40, "findings": []},
            {"date": "2026-01-19", "nprs": 9, "findings": ["progressive_weakness"]},
        ],
    }
    response = {
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
            {
                "kind": "red_flag",
                "date": "2026-01-19",
                "level": "urgent",
                "reasons": ["progressive_weakness"],
            },
        ],
    }

    def measures(body: dict) -> Measures:
        return Measures(
            date=date.fromisoformat(body["date"]),
            nprs=body.get("nprs"),
            odi=None if body.get("odi") is None else D(str(body["odi"])),
            findings=frozenset(body.get("findings", ())),
        )

    report = evaluate_progress(measures(request["baseline"]), [measures(b) for b in request["visits"]])
    # A v1 request still gets every v1 key with its v1 value.
    assert v1_keys(report.as_dict()) == response
    assert json.dumps(v1_keys(report.as_dict()), sort_keys=True) == json.dumps(response, sort_keys=True)
    # Order: regression before red_flag.
    assert [x["kind"] for x in report.as_dict()["prompts"]] == ["regression", "red_flag"]


def test_default_thresholds_are_the_contract_defaults():
    t = ProgressThresholds()
    assert (t.nprs_mcid, t.odi_mcid, t.relative_improvement_percent) == (D(2), D(10), D(30))
    assert (t.plateau_days, t.reevaluation_days, t.reevaluation_visit_count) == (28, 30, 10)
    assert t.mcid("nprs") == 2
    assert t.mcid("odi") == 10


# --------------------------------------------------------------------------------------------------
# Change per measure
# --------------------------------------------------------------------------------------------------


def test_improved_by_mcid_points_nprs_7_to_5():
    report = evaluate_progress(baseline(nprs=7), [visit(7, nprs=5)])
    assert_report(report, [v(7, "improved", nprs=m(-2, "improved"))], [])


def test_nprs_fall_of_one_from_7_is_unchanged():
    report = evaluate_progress(baseline(nprs=7), [visit(7, nprs=6)])
    assert_report(report, [v(7, "unchanged", nprs=m(-1, "unchanged"))], [])


def test_improved_by_30_percent_but_not_by_points_odi_20_to_14():
    # A fall of 6 is under the 10-point MCID, but 6 is exactly 30% of 20.
    report = evaluate_progress(baseline(odi=20), [visit(7, odi=14), visit(14, odi="14.1")])
    assert_report(
        report,
        [
            v(7, "improved", odi=m(-6, "improved")),
            v(14, "unchanged", odi=m(-5.9, "unchanged")),  # 29.5%: not enough
        ],
        [],
    )


def test_30_percent_rule_on_nprs_small_baseline_needs_the_2_point_floor():
    # NPRS 3 -> 2: one point but 33% of the baseline; (v2) the 30% path needs a fall of 2.
    report = evaluate_progress(baseline(nprs=3), [visit(7, nprs=2)])
    assert_report(report, [v(7, "unchanged", nprs=m(-1, "unchanged"))], [])


def test_30_percent_rule_never_marks_a_worsening_odi_20_to_26():
    # A rise of 6 is 30% of 20, but only a rise of the MCID (10) is a worsening.
    report = evaluate_progress(baseline(odi=20), [visit(7, odi=26), visit(14, odi=30)])
    assert_report(
        report,
        [
            v(7, "unchanged", odi=m(6, "unchanged")),
            v(14, "worsened", odi=m(10, "worsened")),
        ],
        [p("regression", 14, "odi")],
    )


def test_worsened_by_points_nprs_4_to_6():
    report = evaluate_progress(baseline(nprs=4), [visit(7, nprs=5), visit(14, nprs=6)])
    assert_report(
        report,
        [
            v(7, "unchanged", nprs=m(1, "unchanged")),
            v(14, "worsened", nprs=m(2, "worsened")),
        ],
        [p("regression", 14, "nprs")],
    )


def test_zero_baseline_cannot_improve_by_the_30_percent_rule():
    # 0 >= 30% of 0 would be true; the rule needs a non-zero baseline.
    assert measure_change(D(0), D(0), D(2), D(30)).status == MeasureStatus.UNCHANGED
    assert measure_change(D(0), D(0), D(10), D(30)).status == MeasureStatus.UNCHANGED
    # Through evaluate_progress: a zero baseline stays "unchanged"; (v2) a baseline already at the
    # recovery level gives no default goal, and 14 days are not a plateau.
    report = evaluate_progress(baseline(nprs=0, odi=0), [visit(7, nprs=0, odi=0), visit(14, nprs=1, odi=8)])
    assert_report(
        report,
        [
            v(7, "unchanged", nprs=m(0, "unchanged"), odi=m(0, "unchanged")),
            v(14, "unchanged", nprs=m(1, "unchanged"), odi=m(8, "unchanged")),
        ],
        [],
    )


@pytest.mark.parametrize(
    "before, after, mcid, change, status",
    [
        ("7", "5", "2", "-2", MeasureStatus.IMPROVED),
        ("7", "6", "2", "-1", MeasureStatus.UNCHANGED),
        ("4", "6", "2", "2", MeasureStatus.WORSENED),
        ("4", "5", "2", "1", MeasureStatus.UNCHANGED),
        ("20", "14", "10", "-6", MeasureStatus.IMPROVED),
        ("20", "14.1", "10", "-5.9", MeasureStatus.UNCHANGED),
        ("20", "26", "10", "6", MeasureStatus.UNCHANGED),
        ("20", "30", "10", "10", MeasureStatus.WORSENED),
        ("44", "34", "10", "-10", MeasureStatus.IMPROVED),
        ("44", "35.6", "10", "-8.4", MeasureStatus.UNCHANGED),
        ("44", "30.8", "10", "-13.2", MeasureStatus.IMPROVED),
        ("0", "0", "2", "0", MeasureStatus.UNCHANGED),
        ("10", "10", "2", "0", MeasureStatus.UNCHANGED),
    ],
)
def test_measure_change(before, after, mcid, change, status):
    result = measure_change(D(before), D(after), D(mcid), D(30))
    assert result.change == D(change)
    assert result.status == status


def test_decimal_odi_change_is_a_float_44_to_35_6():
    report = evaluate_progress(baseline(odi=44), [visit(7, odi="35.6"), visit(14, odi="40.0")])
    assert_report(
        report,
        [
            v(7, "unchanged", odi=m(-8.4, "unchanged")),
            v(14, "unchanged", odi=m(-4, "unchanged")),  # 40.0 - 44 is the integer -4
        ],
        [],
    )
    changes = [x["measures"]["odi"]["change"] for x in report.as_dict()["visits"]]
    assert type(changes[0]) is float
    assert type(changes[1]) is int
    assert '"change": -8.4' in json.dumps(report.as_dict())


# --------------------------------------------------------------------------------------------------
# Visit status
# --------------------------------------------------------------------------------------------------


def test_worsened_beats_improved_in_the_visit_status():
    report = evaluate_progress(baseline(nprs=7, odi=30), [visit(7, nprs=4, odi=40)])
    assert_report(
        report,
        [v(7, "worsened", nprs=m(-3, "improved"), odi=m(10, "worsened"))],
        [p("regression", 7, "odi")],
    )


def test_improved_beats_unchanged_in_the_visit_status():
    report = evaluate_progress(baseline(nprs=7, odi=30), [visit(7, nprs=6, odi=20)])
    assert_report(report, [v(7, "improved", nprs=m(-1, "unchanged"), odi=m(-10, "improved"))], [])


def test_regression_lists_every_worsened_measure():
    report = evaluate_progress(baseline(nprs=3, odi=20), [visit(7, nprs=6, odi=35)])
    assert_report(
        report,
        [v(7, "worsened", nprs=m(3, "worsened"), odi=m(15, "worsened"))],
        [p("regression", 7, "nprs", "odi")],
    )


def test_visit_without_measures_has_status_none_and_no_regression_or_plateau():
    report = evaluate_progress(
        baseline(nprs=6),
        [visit(7, nprs=6), visit(10), visit(14, nprs=6), visit(21)],
    )
    assert_report(
        report,
        [
            v(7, "unchanged", nprs=m(0, "unchanged")),
            v(10, None),
            # The visit before was not "unchanged" (it had no status): no plateau.
            v(14, "unchanged", nprs=m(0, "unchanged")),
            v(21, None),
        ],
        [],
    )
    assert report.visits[1].status is None
    assert report.visits[1].measures == {}


def test_day_28_checkpoint_on_a_visit_without_measures_is_no_plateau():
    # (v2) A plateau needs an "unchanged" visit; a visit with status null is skipped.
    report = evaluate_progress(baseline(nprs=6), [visit(7, nprs=6), visit(28)])
    assert_report(report, [v(7, "unchanged", nprs=m(0, "unchanged")), v(28, None)], [])


def test_measure_absent_from_the_baseline_is_not_compared():
    report = evaluate_progress(
        baseline(nprs=7),
        [visit(7, nprs=7, odi=80), visit(14, odi=60)],
    )
    assert_report(
        report,
        [v(7, "unchanged", nprs=m(0, "unchanged")), v(14, None)],
        [],
    )


def test_measure_absent_from_the_visit_is_not_compared():
    report = evaluate_progress(baseline(nprs=7, odi=40), [visit(7, odi=28)])
    assert_report(report, [v(7, "improved", odi=m(-12, "improved"))], [])


def test_judge_visit_directly():
    judgement = judge_visit(baseline(nprs=7, odi=44), visit(7, nprs=5, odi="35.6"), ProgressThresholds())
    assert judgement.date == day(7)
    assert judgement.status == MeasureStatus.IMPROVED
    assert list(judgement.measures) == ["nprs", "odi"]
    nprs = {**m(-2, "improved"), "best": 7, "change_from_best": -2, "change_from_previous": -2}
    odi = {**m(-8.4, "unchanged"), "best": 44, "change_from_best": -8.4, "change_from_previous": -8.4}
    assert judgement.as_dict() == v(7, "improved", nprs=nprs, odi=odi)


# --------------------------------------------------------------------------------------------------
# Plateau
# --------------------------------------------------------------------------------------------------


def test_plateau_after_21_days_of_unchanged_visits():
    report = evaluate_progress(
        baseline(nprs=6),
        [visit(7, nprs=5), visit(14, nprs=6), visit(21, nprs=5)],
    )
    assert_report(
        report,
        [
            v(7, "unchanged", nprs=m(-1, "unchanged")),
            v(14, "unchanged", nprs=m(0, "unchanged")),
            v(21, "unchanged", nprs=m(-1, "unchanged")),
        ],
        # (v2) Unchanged at days 7 and 14 is not yet a plateau: 21 days without a change are needed.
        [p("plateau", 21, "no_change_21_days", "unchanged_twice")],
    )


def test_no_plateau_when_the_visit_before_improved():
    report = evaluate_progress(baseline(nprs=6), [visit(7, nprs=4), visit(14, nprs=5)])
    assert_report(
        report,
        [
            v(7, "improved", nprs=m(-2, "improved")),
            v(14, "unchanged", nprs=m(-1, "unchanged")),
        ],
        [],
    )


def test_no_plateau_when_the_visit_before_worsened():
    report = evaluate_progress(baseline(nprs=6), [visit(7, nprs=8), visit(14, nprs=7)])
    assert_report(
        report,
        [
            v(7, "worsened", nprs=m(2, "worsened")),
            v(14, "unchanged", nprs=m(1, "unchanged")),
        ],
        [p("regression", 7, "nprs")],
    )


def test_plateau_at_the_first_visit_on_or_after_day_28_only():
    report = evaluate_progress(
        baseline(nprs=6),
        [
            visit(10, nprs=8),
            visit(27, nprs=7),
            visit(28, nprs=7),
            visit(29, nprs=8),
            visit(35, nprs=7),
            visit(42, nprs=8),
        ],
    )
    assert_report(
        report,
        [
            v(10, "worsened", nprs=m(2, "worsened")),
            v(27, "unchanged", nprs=m(1, "unchanged")),
            v(28, "unchanged", nprs=m(1, "unchanged")),
            v(29, "worsened", nprs=m(2, "worsened")),
            v(35, "unchanged", nprs=m(1, "unchanged")),
            v(42, "worsened", nprs=m(2, "worsened")),
        ],
        [
            p("regression", 10, "nprs"),
            # (v2) Days 27 and 28 are only 17 and 18 days after the worsening of day 10: no plateau,
            # and the day-28 reason only comes with a plateau.
            p("regression", 29, "nprs"),
            p("reevaluation_due", 35, "30_days_since_baseline"),
            p("regression", 42, "nprs"),
        ],
    )


def test_no_day_28_plateau_within_21_days_of_a_worsening():
    report = evaluate_progress(baseline(nprs=6), [visit(10, nprs=8), visit(28, nprs=7)])
    assert_report(
        report,
        [v(10, "worsened", nprs=m(2, "worsened")), v(28, "unchanged", nprs=m(1, "unchanged"))],
        [p("regression", 10, "nprs")],
    )


def test_day_28_checkpoint_is_the_first_visit_after_day_28_when_none_fell_on_it():
    report = evaluate_progress(baseline(nprs=6), [visit(14, nprs=8), visit(40, nprs=7)])
    assert_report(
        report,
        [v(14, "worsened", nprs=m(2, "worsened")), v(40, "unchanged", nprs=m(1, "unchanged"))],
        [
            p("regression", 14, "nprs"),
            p("plateau", 40, "no_change_21_days", "not_improved_by_day_28"),
            p("reevaluation_due", 40, "30_days_since_baseline"),
        ],
    )


def test_day_28_checkpoint_on_a_worsened_visit_prompts_regression_only():
    report = evaluate_progress(baseline(nprs=6), [visit(28, nprs=8)])
    assert_report(report, [v(28, "worsened", nprs=m(2, "worsened"))], [p("regression", 28, "nprs")])


def test_no_day_28_plateau_when_an_earlier_visit_improved():
    report = evaluate_progress(baseline(nprs=6), [visit(7, nprs=4), visit(14, nprs=8), visit(28, nprs=7)])
    assert_report(
        report,
        [
            v(7, "improved", nprs=m(-2, "improved")),
            v(14, "worsened", nprs=m(2, "worsened")),
            v(28, "unchanged", nprs=m(1, "unchanged")),
        ],
        # (v2) Day 28 is 3 points above the best (4, day 7): a relapse.
        [p("regression", 14, "nprs"), p("relapse", 28, "nprs")],
    )


def test_no_day_28_plateau_when_the_day_28_visit_itself_improved():
    report = evaluate_progress(baseline(nprs=6), [visit(7, nprs=6), visit(28, nprs=4), visit(35, nprs=6)])
    assert_report(
        report,
        [
            v(7, "unchanged", nprs=m(0, "unchanged")),
            v(28, "improved", nprs=m(-2, "improved")),
            v(35, "unchanged", nprs=m(0, "unchanged")),
        ],
        # (v2) Day 35 is 2 points above the best (4, day 28): a relapse.
        [p("relapse", 35, "nprs"), p("reevaluation_due", 35, "30_days_since_baseline")],
    )


# --------------------------------------------------------------------------------------------------
# Red flags, goals, re-evaluation
# --------------------------------------------------------------------------------------------------


def test_red_flag_prompts_carry_the_triage_level():
    report = evaluate_progress(
        baseline(nprs=6),
        [
            visit(3, nprs=4, findings=["muscle_spasm", "pain_with_movement"]),
            visit(7, nprs=4, findings=["history_of_cancer"]),
            visit(10, findings=["saddle_anesthesia", "bladder_dysfunction"]),
            visit(14, nprs=3, findings=["fever", "iv_drug_use"]),
        ],
    )
    assert_report(
        report,
        [
            v(3, "improved", nprs=m(-2, "improved")),
            v(7, "improved", nprs=m(-2, "improved")),
            v(10, None),
            v(14, "improved", nprs=m(-3, "improved")),
        ],
        [
            p("red_flag", 7, "history_of_cancer", level="prompt"),
            p("red_flag", 10, "bladder_dysfunction", "saddle_anesthesia", level="emergency"),
            p("red_flag", 14, "fever", "iv_drug_use", level="urgent"),
        ],
    )


def test_red_flag_at_a_visit_uses_findings_alone():
    # A fall at 70 is a PROMPT flag at assessment, but a visit has no age or mechanism: only
    # findings count, and osteoporosis alone raises nothing.
    report = evaluate_progress(baseline(nprs=6), [visit(7, nprs=6, findings=["osteoporosis"])])
    assert_report(report, [v(7, "unchanged", nprs=m(0, "unchanged"))], [])


def test_goal_met_nprs_at_most_1_and_odi_at_most_10_at_the_same_visit():
    report = evaluate_progress(
        baseline(nprs=7, odi=44),
        [
            visit(7, nprs=2, odi="10.1"),
            visit(14, nprs=1, odi="10.0"),
            visit(17, nprs=0, odi=11),
            visit(21, nprs=3, odi=10),
        ],
    )
    assert_report(
        report,
        [
            v(7, "improved", nprs=m(-5, "improved"), odi=m(-33.9, "improved")),
            v(14, "improved", nprs=m(-6, "improved"), odi=m(-34, "improved")),
            v(17, "improved", nprs=m(-7, "improved"), odi=m(-33, "improved")),
            v(21, "improved", nprs=m(-4, "improved"), odi=m(-34, "improved")),
        ],
        # (v2) Every goal at the same visit; day 21 is 3 NPRS points above the best: a relapse.
        [p("goal_met", 14, "nprs", "odi"), p("relapse", 21, "nprs")],
    )


def test_default_goals_come_from_the_baseline_measures():
    # (v2) Baseline NPRS 7 gives the goal NPRS <= 1 only; an ODI of 8 at the visit meets no goal.
    report = evaluate_progress(baseline(nprs=7), [visit(7, odi=8)])
    assert_report(report, [v(7, None)], [])


def test_reevaluation_due_at_the_first_visit_on_or_after_day_30():
    report = evaluate_progress(
        baseline(nprs=7),
        [visit(29, nprs=4), visit(30, nprs=4), visit(60, nprs=4)],
    )
    assert_report(
        report,
        [
            v(29, "improved", nprs=m(-3, "improved")),
            v(30, "improved", nprs=m(-3, "improved")),
            v(60, "improved", nprs=m(-3, "improved")),
        ],
        [p("reevaluation_due", 30, "30_days_since_baseline")],
    )


def test_reevaluation_due_at_the_tenth_visit_and_later_at_day_30():
    visits = [visit(2 * i, nprs=4) for i in range(1, 11)] + [visit(31, nprs=4), visit(33, nprs=4)]
    report = evaluate_progress(baseline(nprs=7), visits)
    assert_report(
        report,
        [v(2 * i, "improved", nprs=m(-3, "improved")) for i in range(1, 11)]
        + [v(31, "improved", nprs=m(-3, "improved")), v(33, "improved", nprs=m(-3, "improved"))],
        [
            p("reevaluation_due", 20, "visit_10"),
            p("reevaluation_due", 31, "30_days_since_baseline"),
        ],
    )
    assert [x.visit_index for x in report.prompts] == [9, 10]
    assert report.prompts_for(9) == (report.prompts[0],)


def test_reevaluation_reasons_combine_when_the_tenth_visit_is_the_first_after_day_30():
    visits = [visit(3 * i, nprs=4) for i in range(1, 11)]  # the tenth is on day 30
    report = evaluate_progress(baseline(nprs=7), visits)
    assert_report(
        report,
        [v(3 * i, "improved", nprs=m(-3, "improved")) for i in range(1, 11)],
        [p("reevaluation_due", 30, "30_days_since_baseline", "visit_10")],
    )


def test_reevaluation_by_visit_count_is_only_the_tenth_visit():
    # Contract: "the tenth visit" -- not every tenth; visit 20 raises nothing.
    visits = [visit(i, nprs=4) for i in range(1, 21)]
    report = evaluate_progress(baseline(nprs=7), visits)
    assert v1_keys(report.as_dict())["prompts"] == [p("reevaluation_due", 10, "visit_10")]


def test_prompts_of_one_visit_come_in_contract_order():
    # (v2) An urgent red flag leaves no plateau or goal met at its visit; the v2 order is tested
    # in test_progress_v2.
    report = evaluate_progress(baseline(nprs=0, odi=10), [visit(30, nprs=1, odi=20, findings=["fever"])])
    assert_report(
        report,
        [v(30, "worsened", nprs=m(1, "unchanged"), odi=m(10, "worsened"))],
        [
            p("regression", 30, "odi"),
            p("red_flag", 30, "fever", level="urgent"),
            p("reevaluation_due", 30, "30_days_since_baseline"),
        ],
    )


def test_no_visits_gives_an_empty_report():
    assert_report(evaluate_progress(baseline(nprs=7, odi=44), []), [], [])


# --------------------------------------------------------------------------------------------------
# Clinic thresholds
# --------------------------------------------------------------------------------------------------


def test_custom_thresholds():
    thresholds = ProgressThresholds(
        nprs_mcid=D(3), plateau_window_days=14, plateau_days=14, reevaluation_visit_count=5
    )
    visits = [
        visit(3, nprs=5),  # -2: improved by default, unchanged with MCID 3 (30% of 7 is 2.1)
        visit(7, nprs=9),  # +2: worsened by default, unchanged with MCID 3
        visit(14, nprs=7),  # day-14 checkpoint, nothing improved
        visit(16, nprs=10),  # +3: worsened
        visit(18, nprs=4),  # -3: improved; fifth visit
        visit(20, nprs=4),
        visit(22, nprs=4),
        visit(24, nprs=4),
        visit(26, nprs=4),
        visit(28, nprs=4),  # tenth visit: no prompt with a count of 5
    ]
    report = evaluate_progress(baseline(nprs=7), visits, thresholds)
    assert_report(
        report,
        [
            v(3, "unchanged", nprs=m(-2, "unchanged")),
            v(7, "unchanged", nprs=m(2, "unchanged")),
            v(14, "unchanged", nprs=m(0, "unchanged")),
            v(16, "worsened", nprs=m(3, "worsened")),
            v(18, "improved", nprs=m(-3, "improved")),
        ]
        + [v(n, "improved", nprs=m(-3, "improved")) for n in (20, 22, 24, 26, 28)],
        [
            p("plateau", 14, "no_change_14_days", "unchanged_twice", "not_improved_by_day_14"),
            p("regression", 16, "nprs"),
            p("reevaluation_due", 18, "visit_5"),
        ],
    )
    # The same first two visits under the defaults.
    default = evaluate_progress(baseline(nprs=7), visits[:2])
    assert [x.status for x in default.visits] == [MeasureStatus.IMPROVED, MeasureStatus.WORSENED]


def test_custom_odi_mcid_and_relative_share():
    thresholds = ProgressThresholds(odi_mcid=D(6), relative_improvement_percent=D(50), reevaluation_days=60)
    report = evaluate_progress(
        baseline(odi=40),
        [visit(7, odi=35), visit(14, odi=34), visit(35, odi=46)],
        thresholds,
    )
    assert_report(
        report,
        [
            v(7, "unchanged", odi=m(-5, "unchanged")),
            v(14, "improved", odi=m(-6, "improved")),
            v(35, "worsened", odi=m(6, "worsened")),
        ],
        [p("regression", 35, "odi")],
    )


def test_reason_codes_are_the_contract_strings_and_read_as_words() -> None:
    from plans.clinical.progress import reasons as r

    cases = [
        (r.MeasureReason("nprs"), "nprs", "pain (NPRS)"),
        (
            r.Template.NO_CHANGE_FOR_DAYS.reason(21),
            "no_change_21_days",
            "no clinically important change for 21 days",
        ),
        (r.Template.UNCHANGED_TWICE.reason(), "unchanged_twice", "unchanged at two visits in a row"),
        (
            r.Template.NOT_IMPROVED_BY_DAY.reason(42),
            "not_improved_by_day_42",
            "no clinically important improvement by day 42",
        ),
        (
            r.Template.DAYS_SINCE_BASELINE.reason(30),
            "30_days_since_baseline",
            "30 days since the baseline assessment",
        ),
        (r.Template.VISIT_NUMBER.reason(10), "visit_10", "visit number 10 since the baseline"),
        (r.TriageReason("new_deficit:weakness"), "new_deficit:weakness", "new deficit:weakness"),
    ]
    for reason, code, words in cases:
        assert (reason.code, r.reason_text(reason)) == (code, words)
