"""Suggested goals (plans.clinical.goals): one MCID better on NPRS and ODI, by the clinic's MCIDs, and
the suggest contract's goals (NPRS, ODI, RMDQ, PSFS at the defaults, exact arithmetic)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from plans.clinical.goals import (
    AT_LEAST,
    AT_MOST,
    GOAL_DUE_IN_DAYS,
    PlanGoal,
    SuggestedGoal,
    plan_goals,
    suggested_goals,
)
from plans.clinical.progress import ProgressThresholds

DEFAULT = ProgressThresholds()
STRICT = ProgressThresholds(nprs_mcid=Decimal(3), odi_mcid=Decimal(15))


def goals(nprs, odi, thresholds=DEFAULT):
    return {g.measure: g.target for g in suggested_goals(nprs=nprs, odi_percent=odi, thresholds=thresholds)}


def test_defaults_are_two_points_of_pain_and_ten_points_of_odi():
    assert goals(6, Decimal(36)) == {"nprs": 4, "odi": 26}
    assert suggested_goals(nprs=6, odi_percent=None, thresholds=DEFAULT) == (
        SuggestedGoal("nprs", 4, GOAL_DUE_IN_DAYS),
    )


@pytest.mark.parametrize(
    ("nprs", "expected"), [(0, {}), (1, {"nprs": 0}), (2, {"nprs": 0}), (3, {"nprs": 1}), (None, {})]
)
def test_pain_goal_needs_pain_and_never_goes_below_zero(nprs, expected):
    assert goals(nprs, None) == expected


@pytest.mark.parametrize(
    ("odi", "expected"),
    [
        (Decimal("9.9"), {}),
        (Decimal(10), {"odi": 0}),
        (Decimal("24.5"), {"odi": 15}),
        (Decimal("24.4"), {"odi": 14}),
    ],
)
def test_odi_goal_from_one_mcid_up_rounded_half_up(odi, expected):
    assert goals(None, odi) == expected


def test_a_clinic_with_other_mcids_gets_other_goals():
    assert goals(6, Decimal(36), STRICT) == {"nprs": 3, "odi": 21}
    assert goals(2, Decimal(14), STRICT) == {"nprs": 0}
    assert goals(None, Decimal(15), STRICT) == {"odi": 0}


# The suggest contract's goals (api-contract.md, plan.goals) ----------------------------------------


def contract_goals(nprs=None, odi=None, rmdq=None, psfs=None):
    return {
        g.measure: (g.target, g.comparator)
        for g in plan_goals(nprs=nprs, odi_percent=odi, rmdq_total=rmdq, psfs_mean=psfs)
    }


def test_contract_example_goals():
    assert plan_goals(nprs=6, odi_percent=Decimal("35.6"), rmdq_total=9, psfs_mean=Fraction(4)) == (
        PlanGoal("nprs", 4, AT_MOST, 28),
        PlanGoal("odi", 26, AT_MOST, 28),
        PlanGoal("rmdq", 4, AT_MOST, 28),
        PlanGoal("psfs", Decimal("6.0"), AT_LEAST, 28),
    )


@pytest.mark.parametrize(
    ("nprs", "expected"),
    [(0, {}), (1, {"nprs": (0, "<=")}), (2, {"nprs": (0, "<=")}), (10, {"nprs": (8, "<=")})],
)
def test_contract_nprs_goal(nprs, expected):
    assert contract_goals(nprs=nprs) == expected


@pytest.mark.parametrize(
    ("odi", "expected"),
    [
        ("9.9", None),
        ("10", 0),
        ("10.4", 0),
        ("10.5", 1),
        ("24.5", 15),
        ("24.4", 14),
        ("35.6", 26),
        ("100", 90),
    ],
)
def test_contract_odi_goal_half_up(odi, expected):
    assert contract_goals(odi=Decimal(odi)).get("odi") == (None if expected is None else (expected, "<="))


@pytest.mark.parametrize(("rmdq", "expected"), [(0, None), (4, None), (5, 0), (9, 4), (24, 19)])
def test_contract_rmdq_goal(rmdq, expected):
    assert contract_goals(rmdq=rmdq).get("rmdq") == (None if expected is None else (expected, "<="))


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([3, 5, 4], "6.0"),
        ([4, 5, 4], "6.3"),  # 13/3 = 4.333.. + 2
        ([2, 3, 3], "4.7"),  # 8/3 = 2.666.. + 2
        ([1, 2, 2, 2], "3.8"),  # 1.75 + 2 = 3.75, half-up
        ([0, 0, 0], "2.0"),
        ([8, 8, 8, 8, 8], "10.0"),
        ([8, 8, 9], None),  # 25/3 > 8: no goal
        ([10, 10, 10], None),
    ],
)
def test_contract_psfs_goal_on_the_exact_mean(ratings, expected):
    mean = Fraction(sum(ratings), len(ratings))
    assert contract_goals(psfs=mean).get("psfs") == (None if expected is None else (Decimal(expected), ">="))
