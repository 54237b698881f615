"""Home logs (plans.clinical.adherence, plans.selectors.home_logs, plans.services.home_logs):
adherence with worked examples (pure, then from the database), flares, writing a log."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients.models import Episode
from plans.clinical.adherence import LoggedSession, PrescribedExercise, VersionPeriod, compute_adherence
from plans.models import HomeLog, PlanVersion
from plans.selectors.home_logs import adherence, flares_since
from plans.services.home_logs import home_log_record
from tests.portal.conftest import approve, exercise_row

D1 = date(2026, 3, 2)  # day 1 of the worked examples


def day(n: int) -> date:
    return D1 + timedelta(days=n - 1)


A = PrescribedExercise(exercise_id=1, name="Bridge", times_per_day=1, days_per_week=7)
B = PrescribedExercise(exercise_id=2, name="Bird-dog", times_per_day=2, days_per_week=3)
C = PrescribedExercise(exercise_id=3, name="Walk", times_per_day=1, days_per_week=3)


def sessions(exercise_ids, days):
    return [LoggedSession(day(n), frozenset(exercise_ids)) for n in days]


# Worked examples -------------------------------------------------------------------------------------


def test_example_one_version_two_exercises():
    """14 days of: Bridge once a day every day (14 sessions) and Bird-dog twice a day on 3 days a week
    (2 x 3 x 14 / 7 = 12 sessions): 26 prescribed. Bridge done on 10 days, Bird-dog 4 times:
    14 of 26 = 53.8% -> 54%."""
    periods = [VersionPeriod(1, D1, (A, B))]
    logged = sessions({1, 2}, [1, 2, 3, 4]) + sessions({1}, [5, 6, 7, 8, 9, 10])
    summary = compute_adherence(periods, logged, day(1), day(14))
    assert summary.prescribed_exact == 26 and summary.prescribed == 26
    assert summary.done == 14 and summary.credited == 14
    assert summary.exact == Fraction(14, 26)
    assert summary.percent == 54
    assert summary.logged_sessions == 10
    assert [(r.name, r.prescribed, r.done) for r in summary.rows] == [("Bridge", 14, 10), ("Bird-dog", 12, 4)]


def test_example_overdoing_one_exercise_does_not_hide_skipping_another():
    """Bridge 20 times in 14 days (only 14 credited), Bird-dog never: 14 of 26 = 54%, not 77%."""
    periods = [VersionPeriod(1, D1, (A, B))]
    logged = sessions({1}, range(1, 15)) + sessions({1}, range(1, 7))
    summary = compute_adherence(periods, logged, day(1), day(14))
    assert summary.done == 20
    assert summary.credited == 14
    assert summary.percent == 54


def test_example_plan_changes_mid_period():
    """Version 1 (Bridge daily) in force days 1-7: 7 prescribed; version 2 (Walk 3 days a week) from
    day 8 to 14: 3 prescribed. Bridge on days 1-7 and Walk on days 8, 10, 12: 10 of 10 = 100%. A Bridge
    on day 9 is no longer prescribed and earns nothing."""
    periods = [VersionPeriod(1, day(1), (A,)), VersionPeriod(2, day(8), (C,))]
    logged = sessions({1}, range(1, 8)) + sessions({3}, [8, 10, 12]) + sessions({1}, [9])
    summary = compute_adherence(periods, logged, day(1), day(14))
    assert summary.prescribed == 10
    assert summary.percent == 100
    assert [(r.version_number, r.first_day, r.last_day) for r in summary.rows] == [
        (1, day(1), day(7)),
        (2, day(8), day(14)),
    ]


def test_example_fractional_prescription():
    """Walk on 3 days a week for 10 days: 30/7 = 4.29 sessions, counted as 4 whole sessions; 2 done:
    2 / 4 = 50%."""
    summary = compute_adherence([VersionPeriod(1, D1, (C,))], sessions({3}, [2, 6]), day(1), day(10))
    assert summary.prescribed_exact == Fraction(30, 7)
    assert summary.prescribed == 4
    assert summary.percent == 50


def test_days_before_the_plan_prescribe_nothing():
    """The plan started on day 5: days 1-4 do not count; Bridge daily on days 5-14 = 10; 5 done = 50%."""
    summary = compute_adherence(
        [VersionPeriod(1, day(5), (A,))], sessions({1}, [1, 2, 5, 6, 7, 8, 9]), day(1), day(14)
    )
    assert summary.prescribed == 10
    assert summary.done == 5
    assert summary.logged_sessions == 7
    assert summary.percent == 50


def test_no_plan_in_force_gives_none():
    assert compute_adherence([], sessions({1}, [1]), day(1), day(7)) is None
    assert compute_adherence([VersionPeriod(1, day(10), (A,))], [], day(1), day(7)) is None


def test_of_two_versions_approved_the_same_day_the_later_is_in_force():
    periods = [VersionPeriod(1, day(1), (A,)), VersionPeriod(2, day(1), (C,))]
    summary = compute_adherence(periods, sessions({3}, [1, 3, 5]), day(1), day(7))
    assert [r.version_number for r in summary.rows] == [2]
    assert summary.percent == 100


def test_nothing_done_is_zero_percent_and_a_backwards_period_is_an_error():
    assert compute_adherence([VersionPeriod(1, D1, (A,))], [], day(1), day(7)).percent == 0
    with pytest.raises(ValueError):
        compute_adherence([VersionPeriod(1, D1, (A,))], [], day(7), day(1))


# From the database ------------------------------------------------------------------------------------


def _backdate(version: PlanVersion, days_ago: int):
    approved_at = timezone.now() - timedelta(days=days_ago)
    PlanVersion.objects.filter(pk=version.pk).update(approved_at=approved_at)
    version.approved_at = approved_at
    return version


def _log(version, user, done_on, exercises, before=3, after=3):
    return home_log_record(
        episode=version.plan.episode,
        plan_version=version,
        done_on=done_on,
        exercises=exercises,
        pain_before=before,
        pain_after=after,
        user=user,
    )


def test_adherence_of_an_episode(episode, therapist, patient_account, django_assert_max_num_queries):
    """The first worked example with real rows: 14 days, bridge daily + bird-dog 2x/day 3 days/week."""
    version = _backdate(
        approve(
            episode,
            therapist,
            exercises=[
                exercise_row("glute-bridge"),
                exercise_row("bird-dog", times_per_day=2, days_per_week=3),
            ],
        ),
        days_ago=13,
    )
    bridge, bird_dog = version.exercises.all()
    start = timezone.localdate() - timedelta(days=13)
    for n in range(10):
        _log(version, patient_account, start + timedelta(days=n), [bridge, bird_dog] if n < 4 else [bridge])
    with django_assert_max_num_queries(3):
        summary = adherence(episode, start, timezone.localdate())
    assert (summary.prescribed, summary.done, summary.percent) == (26, 14, 54)
    # Before the plan existed there was nothing to adhere to; an empty period has no answer either.
    assert adherence(episode, start - timedelta(days=30), start - timedelta(days=1)) is None
    assert adherence(episode, start, start - timedelta(days=1)) is None


def test_adherence_counts_a_late_log_against_the_version_in_force_that_day(
    episode, therapist, patient_account
):
    v1 = _backdate(approve(episode, therapist, exercises=[exercise_row("glute-bridge")]), days_ago=6)
    v2 = approve(episode, therapist, exercises=[exercise_row("glute-bridge", sets=3)], reason="More sets")
    start, today = timezone.localdate() - timedelta(days=6), timezone.localdate()
    # Logged today, on the current version's row, for a day when version 1 was in force.
    _log(v2, patient_account, start, list(v2.exercises.all()))
    summary = adherence(episode, start, today)
    assert [(r.version_number, r.done) for r in summary.rows] == [(1, 1), (2, 0)]
    assert summary.prescribed == 7 and summary.percent == 14
    assert v1.number == 1


def test_adherence_stops_at_discharge(episode, therapist, patient_account):
    version = _backdate(approve(episode, therapist, exercises=[exercise_row("glute-bridge")]), days_ago=9)
    start = timezone.localdate() - timedelta(days=9)
    for n in range(5):
        _log(version, patient_account, start + timedelta(days=n), list(version.exercises.all()))
    Episode.objects.filter(pk=episode.pk).update(
        status=Episode.Status.DISCHARGED,
        discharge_date=start + timedelta(days=4),
        discharge_reason="goals_met",
    )
    episode.refresh_from_db()
    summary = adherence(episode, start, timezone.localdate())
    assert summary.end == start + timedelta(days=4)
    assert summary.percent == 100


def test_flares_since(episode, therapist, patient_account, plan_version, django_assert_num_queries):
    items = list(plan_version.exercises.select_related("exercise"))
    names = [item.exercise.name for item in items]
    today = timezone.localdate()
    _log(plan_version, patient_account, today, items, before=2, after=5)  # +3: a flare
    _log(plan_version, patient_account, today, items, before=2, after=4)  # +2: not a flare
    _log(plan_version, patient_account, today, items, before=5, after=9)  # +4: a flare
    _log(plan_version, patient_account, today, items, before=6, after=1)  # better
    HomeLog.objects.filter(pain_before=5).update(done_on=today - timedelta(days=1))
    with django_assert_num_queries(2):
        flares = flares_since(episode, today - timedelta(days=1))
        assert [(f.pain_before, f.pain_after) for f in flares] == [(5, 9), (2, 5)]
        assert all(f.flared for f in flares)
        assert [item.exercise.name for item in flares[0].exercises.all()] == names
    assert [(f.pain_before, f.pain_after) for f in flares_since(episode, today)] == [(2, 5)]


# Writing a log -----------------------------------------------------------------------------------------


def test_log_home_session_refuses_what_the_form_would(
    episode, therapist, patient_account, plan_version, other_plan
):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        _log(plan_version, patient_account, today, [])
    assert "exercises" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _log(plan_version, patient_account, today, list(other_plan.exercises.all()))
    assert "exercises" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _log(plan_version, patient_account, today + timedelta(days=1), list(plan_version.exercises.all()))
    assert "done_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _log(plan_version, patient_account, today, list(plan_version.exercises.all()), after=11)
    assert "pain_after" in error.value.message_dict or "__all__" in error.value.message_dict
    with pytest.raises(ValidationError):
        home_log_record(
            episode=other_plan.plan.episode,
            plan_version=plan_version,
            done_on=today,
            exercises=list(plan_version.exercises.all()),
            pain_before=1,
            pain_after=1,
            user=patient_account,
        )
    assert HomeLog.objects.count() == 0
