"""A goal's status from the visits: met, partly met (at least half-way from baseline to target on
the latest value), not met, or dropped."""

from decimal import Decimal

import pytest

from plans.clinical.goal_status import goal_status, target_error
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


@pytest.mark.parametrize("judged", [GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET])
def test_a_functional_goal_carries_the_therapists_judgement(judged):
    none = {"baseline": None, "target": None, "latest": None}
    assert goal_status(**none, higher_is_better=False, judged=judged) == judged


def test_a_dropped_functional_goal_is_dropped_whatever_the_judgement():
    assert (
        goal_status(
            baseline=None,
            target=None,
            latest=None,
            higher_is_better=False,
            dropped=True,
            judged=GoalStatus.MET,
        )  # fmt: skip
        == GoalStatus.DROPPED
    )


def test_a_measured_goal_ignores_a_judgement():
    assert (
        goal_status(baseline=D(8), target=D(4), latest=D(8), higher_is_better=False, judged=GoalStatus.MET)
        == GoalStatus.NOT_MET
    )


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [
        (D(30), D(60), GoalStatus.MET),  # lumbar flexion in degrees, higher is better: at the target
        (D(30), D(45), GoalStatus.PARTLY_MET),  # exactly half-way from 30 to 60
        (D(30), D(44), GoalStatus.NOT_MET),
        (D(30), D(25), GoalStatus.NOT_MET),  # stiffer than at the baseline
    ],
)
def test_a_range_of_motion_goal_in_degrees(baseline, latest, expected):
    assert goal_status(baseline=baseline, target=D(60), latest=latest, higher_is_better=True) == expected


@pytest.mark.parametrize(
    ("measure", "target", "error"),
    [
        ("nprs", D(10), ""),
        ("nprs", D("10.5"), "This target is between 0 and 10."),
        ("odi", D(100), ""),
        ("rmdq", D(24), ""),
        ("rmdq", D(25), "This target is between 0 and 24."),
        ("psfs", D(0), ""),
        ("psfs", D(-1), "This target is between 0 and 10."),
        ("lumbar_flexion", D(120), ""),
        ("lumbar_flexion", D(121), "This target is between 0 and 120."),
        ("slr_right", D(90), ""),
        ("slr_right", D(91), "This target is between 0 and 90."),
        ("slr_left", None, "Give a target for this measure."),
        ("function", None, ""),
    ],
)
def test_target_ranges(measure, target, error):
    assert target_error(measure, target) == error
