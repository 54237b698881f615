"""Suggested goals (plans.clinical.goals): one MCID better on NPRS and ODI, by the clinic's MCIDs."""

from decimal import Decimal

import pytest

from plans.clinical.goals import GOAL_DUE_IN_DAYS, SuggestedGoal, suggested_goals
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
