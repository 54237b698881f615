"""Adherence arithmetic at its boundaries (plans.clinical.adherence), from plain values."""

from datetime import date, timedelta
from decimal import Decimal

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


def test_fractional_prescription_to_one_decimal():
    summary = compute_adherence([VersionPeriod(1, D1, (WEEKLY_3,))], [], day(1), day(10))
    assert summary.prescribed == Decimal("4.3")
    assert summary.percent == 0


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
