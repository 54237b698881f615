"""The dose and the exercise text as the patient reads them on the portal."""

import pytest

from plans.clinical.dose import Dose, duration
from plans.clinical.instructions import steps, take_care
from plans.clinical.patient_words import jargon_in
from plans.clinical.vocabulary import ExerciseKind as K


def dose(
    sets: int = 1, reps: int | None = None, hold: int | None = None, times: int = 1, days: int = 7
) -> Dose:
    return Dose(sets=sets, reps=reps, hold_seconds=hold, times_per_day=times, days_per_week=days)


@pytest.mark.parametrize(
    ("seconds", "long", "short"),
    [
        (1, "1 second", "1 s"),
        (30, "30 seconds", "30 s"),
        (119, "119 seconds", "119 s"),
        (120, "2 minutes", "2 min"),  # from two minutes on, whole minutes
        (179, "2 minutes", "2 min"),
        (180, "3 minutes", "3 min"),
        (1200, "20 minutes", "20 min"),
    ],
)
def test_duration(seconds: int, long: str, short: str) -> None:
    assert duration(seconds) == long
    assert duration(seconds, short=True) == short


@pytest.mark.parametrize(
    ("value", "kind", "words"),
    [
        # Repetitions, with or without a hold of each one.
        (dose(sets=2, reps=10), K.STRENGTHENING, "2 sets of 10"),
        (dose(sets=1, reps=10), K.MOBILITY, "10 times"),
        (dose(sets=1, reps=2), K.MOBILITY, "Twice"),
        # One repetition held for a while is a hold, not "1 times".
        (dose(sets=1, reps=1, hold=120), K.DIRECTIONAL_PREFERENCE, "Stay in the position for 2 minutes"),
        (dose(sets=3, reps=1, hold=20), K.STABILIZATION, "Hold for 20 seconds, 3 times"),
        (dose(sets=1, reps=1, hold=600), K.AEROBIC, "For 10 minutes"),
        (dose(sets=2, reps=8, hold=5), K.STABILIZATION, "2 sets of 8, holding each one for 5 seconds"),
        (dose(sets=1, reps=8, hold=120), K.MOBILITY, "8 times, holding each one for 2 minutes"),
        # A position held still: seconds, "Hold for 30 seconds, 3 times".
        (dose(sets=3, hold=30), K.MOBILITY, "Hold for 30 seconds, 3 times"),
        (dose(sets=2, hold=30), K.STABILIZATION, "Hold for 30 seconds, twice"),
        (dose(sets=1, hold=45), K.BALANCE, "Hold for 45 seconds"),
        (dose(sets=1, hold=120), K.DIRECTIONAL_PREFERENCE, "Stay in the position for 2 minutes"),
        # A walk, a ride or calm breathing is a bout in minutes, never a "hold".
        (dose(sets=1, hold=1200), K.AEROBIC, "For 20 minutes"),
        (dose(sets=1, hold=900), K.AEROBIC, "For 15 minutes"),
        (dose(sets=2, hold=300), K.AEROBIC, "5 minutes, twice, with a rest in between"),
        (dose(sets=3, hold=600), K.AEROBIC, "10 minutes, 3 times, with a rest in between"),
        (dose(sets=1, hold=300), K.RELAXATION, "For 5 minutes"),
        # Graded activity: its quota is in the steps.
        (dose(sets=1), K.GRADED_ACTIVITY, "Follow the steps below"),
        (dose(sets=3), K.MOBILITY, "Follow the steps below, 3 times"),
        # Without a kind, a hold of two minutes or more reads as a bout, a shorter one as a hold.
        (dose(sets=1, hold=1200), None, "For 20 minutes"),
        (dose(sets=3, hold=30), None, "Hold for 30 seconds, 3 times"),
    ],
)
def test_amount_in_words(value: Dose, kind: str | None, words: str) -> None:
    assert value.amount_in_words(kind) == words
    assert jargon_in(words) == []


@pytest.mark.parametrize("kind", [K.AEROBIC, K.RELAXATION, K.GRADED_ACTIVITY, None])
@pytest.mark.parametrize("seconds", [120, 300, 900, 1200, 1800])
def test_a_bout_never_reads_as_a_hold(kind: str | None, seconds: int) -> None:
    for sets in (1, 2, 3):
        words = dose(sets=sets, hold=seconds).amount_in_words(kind)
        assert "hold" not in words.lower() and "minutes" in words


@pytest.mark.parametrize(
    ("times", "days", "words"),
    [
        (1, 7, "Once a day, every day"),
        (2, 5, "Twice a day, on 5 days a week"),
        (3, 6, "3 times a day, on 6 days a week"),
        (6, 1, "6 times a day, on 1 day a week"),
    ],
)
def test_how_often_in_words(times: int, days: int, words: str) -> None:
    assert dose(reps=10, times=times, days=days).how_often_in_words() == words


def test_the_short_and_the_patient_wording_say_the_same_dose() -> None:
    value = dose(sets=2, reps=8, hold=5, times=2, days=5)
    assert value.describe() == "2 × 8, hold 5 s, 2 times a day, 5 days a week"
    assert (value.amount_in_words(K.STABILIZATION), value.how_often_in_words()) == (
        "2 sets of 8, holding each one for 5 seconds",
        "Twice a day, on 5 days a week",
    )


def test_as_dict_names_the_five_fields() -> None:
    assert dose(sets=2, reps=8, days=3).as_dict() == {
        "sets": 2,
        "reps": 8,
        "hold_seconds": None,
        "times_per_day": 1,
        "days_per_week": 3,
    }


def test_steps_drop_the_library_numbering_and_blank_lines() -> None:
    text = "1. Lie on your back.\n\n2) Bend your knees.\n  3.Lift your hips.\nBreathe out as you lift."
    assert steps(text) == [
        "Lie on your back.",
        "Bend your knees.",
        "Lift your hips.",
        "Breathe out as you lift.",
    ]


@pytest.mark.parametrize(
    ("precautions", "shown"),
    [
        ("", ""),
        ("None", ""),
        ("None.", ""),
        ("none usual.", ""),
        ("  None usual  ", ""),
        ("Stop if your leg pain spreads.", "Stop if your leg pain spreads."),
        ("  Keep your back flat. ", "Keep your back flat."),
        ("None usual. Keep the range small while pain is high.", "Keep the range small while pain is high."),
        ("None. Stop if it hurts. Go slowly.", "Stop if it hurts. Go slowly."),
    ],
)
def test_take_care_shows_only_precautions_that_say_something(precautions: str, shown: str) -> None:
    assert take_care(precautions) == shown
