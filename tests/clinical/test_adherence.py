"""Adherence arithmetic at its boundaries (plans.clinical.adherence), from plain values."""

from datetime import date, timedelta
from fractions import Fraction

import pytest

from plans.clinical.adherence import LoggedSession, PrescribedExercise, VersionPeriod, compute_adherence

D1 = date(2026, 3, 2)
DAILY = PrescribedExercise(exercise_id=1, name="Bridge", times_per_day=1, days_per_week=7)
WEEKLY_3 = PrescribedExercise(exercise_id=2, name="Walk", times_per_day=1, days_per_week=3)


def day(n: int) -> date:
    return D1 + timedelta(days=n - 1)


def logged(exercise_id: int, days) -> list[LoggedSession]:
    return [LoggedSession(day(n), frozenset({exercise_id})) for n in days]


def test_percent_rounds_half_up():
    # 1 of 8 days = 12.5% -> 13 (Python's round would give 12)
    summary = compute_adherence([VersionPeriod(1, D1, (DAILY,))], logged(1, [1]), day(1), day(8))
    assert summary.percent == 13


def test_a_fractional_prescription_counts_in_whole_sessions():
    # 3 days a week for 10 days = 30/7 = 4.29 sessions: 4 whole sessions.
    summary = compute_adherence([VersionPeriod(1, D1, (WEEKLY_3,))], [], day(1), day(10))
    assert summary.prescribed_exact == Fraction(30, 7)
    assert summary.prescribed == 4 and isinstance(summary.prescribed, int)
    assert summary.percent == 0 and not summary.was_logged


@pytest.mark.parametrize(
    ("days", "exact", "whole"),
    [(1, Fraction(3, 7), 0), (2, Fraction(6, 7), 1), (3, Fraction(9, 7), 1), (4, Fraction(12, 7), 2)],
)
def test_whole_sessions_round_half_up_at_the_half_session_boundary(days, exact, whole):
    # A weekly count over part of a week is a number of sevenths: 3/7 is under half a session
    # (none), 4/7 over it (one); 9/7 = 1.29 is one, 12/7 = 1.71 two.
    summary = compute_adherence([VersionPeriod(1, D1, (WEEKLY_3,))], [], day(1), day(days))
    assert summary.prescribed_exact == exact
    assert summary.prescribed == whole


def test_under_half_a_session_prescribed_has_no_percent_but_counts_what_was_logged():
    summary = compute_adherence([VersionPeriod(1, D1, (WEEKLY_3,))], logged(2, [1]), day(1), day(1))
    assert summary.prescribed == 0 and summary.percent is None
    assert summary.was_logged and summary.done == 1


def test_percent_is_of_whole_sessions():
    # 2 walks of 4 whole sessions (30/7 exact) is 50%, the share the page states.
    summary = compute_adherence([VersionPeriod(1, D1, (WEEKLY_3,))], logged(2, [2, 6]), day(1), day(10))
    assert (summary.done, summary.prescribed, summary.percent) == (2, 4, 50)


def test_overdoing_is_capped_at_the_prescription():
    summary = compute_adherence([VersionPeriod(1, D1, (DAILY,))], logged(1, [1, 1, 1, 2]), day(1), day(2))
    assert summary.done == 4 and summary.percent == 100


def test_a_session_counts_for_the_version_in_force_that_day():
    periods = [VersionPeriod(1, D1, (DAILY,)), VersionPeriod(2, day(3), (WEEKLY_3,))]
    summary = compute_adherence(periods, logged(1, [2, 3]), day(1), day(4))
    by_version = {(row.version_number, row.exercise_id): row.done for row in summary.rows}
    assert by_version == {(1, 1): 1, (2, 2): 0}
    assert [(row.first_day, row.last_day) for row in summary.rows] == [(day(1), day(2)), (day(3), day(4))]


def test_sessions_outside_the_period_are_ignored():
    summary = compute_adherence([VersionPeriod(1, D1, (DAILY,))], logged(1, [0, 1, 3]), day(1), day(2))
    assert summary.logged_sessions == 1 and summary.percent == 50


def test_no_plan_in_force_and_an_inverted_period():
    assert compute_adherence([VersionPeriod(1, day(5), (DAILY,))], [], day(1), day(4)) is None
    with pytest.raises(ValueError):
        compute_adherence([], [], day(2), day(1))
