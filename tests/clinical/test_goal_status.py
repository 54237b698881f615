"""A goal's status from the visits: met, partly met (at least half-way from baseline to target on
the latest value), not met, or dropped."""

from decimal import Decimal

import pytest

from plans.clinical.goal_status import goal_status
from plans.clinical.vocabulary import GoalStatus

D = Decimal


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "expected"),
    [
        (D(8), D(4), D(4), GoalStatus.MET),  # exactly at the target
        (D(8), D(4), D(3), GoalStatus.MET),
        (D(8), D(4), D(5), GoalStatus.PARTLY_MET),  # three quarters of the way
        (D(8), D(4), D(6), GoalStatus.PARTLY_MET),  # exactly half-way
        (D(8), D(4), D("6.1"), GoalStatus.NOT_MET),  # just short of half-way
        (D(8), D(4), D(8), GoalStatus.NOT_MET),
        (D(8), D(4), D(9), GoalStatus.NOT_MET),  # worse than the baseline
        (D(40), D(25), D("32.5"), GoalStatus.PARTLY_MET),
        (D(40), D(25), D("32.6"), GoalStatus.NOT_MET),
    ],
)
def test_lower_is_better(baseline, target, latest, expected):
    assert goal_status(baseline=baseline, target=target, latest=latest, higher_is_better=False) == expected


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        (D(7), GoalStatus.MET),
        (D("7.5"), GoalStatus.MET),
        (D("6.9"), GoalStatus.PARTLY_MET),
        (D(5), GoalStatus.PARTLY_MET),  # exactly half-way from 3 to 7
        (D("4.9"), GoalStatus.NOT_MET),
        (D(2), GoalStatus.NOT_MET),
    ],
)
def test_higher_is_better(latest, expected):
    assert goal_status(baseline=D(3), target=D(7), latest=latest, higher_is_better=True) == expected


def test_no_measure_since_the_baseline_is_not_met():
    assert goal_status(baseline=D(8), target=D(4), latest=None, higher_is_better=False) == GoalStatus.NOT_MET


def test_without_a_baseline_only_met_or_not_met():
    assert goal_status(baseline=None, target=D(4), latest=D(4), higher_is_better=False) == GoalStatus.MET
    assert goal_status(baseline=None, target=D(4), latest=D(5), higher_is_better=False) == GoalStatus.NOT_MET


def test_a_baseline_already_at_the_target_that_worsened_is_not_met():
    assert goal_status(baseline=D(3), target=D(4), latest=D(6), higher_is_better=False) == GoalStatus.NOT_MET


def test_dropped_wins_over_everything():
    assert (
        goal_status(baseline=D(8), target=D(4), latest=D(2), higher_is_better=False, dropped=True)
        == GoalStatus.DROPPED
    )
    assert goal_status(baseline=None, target=None, latest=None, higher_is_better=False, dropped=True) == (
        GoalStatus.DROPPED
    )


def test_a_functional_goal_without_a_target_is_not_judged():
    assert goal_status(baseline=None, target=None, latest=None, higher_is_better=False) is None
