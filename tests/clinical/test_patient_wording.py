"""The dose and the exercise text as the patient reads them on the portal."""

import pytest

from plans.clinical.dose import Dose, duration
from plans.clinical.instructions import steps, take_care


def dose(
    sets: int = 1, reps: int | None = None, hold: int | None = None, times: int = 1, days: int = 7
) -> Dose:
    return Dose(sets=sets, reps=reps, hold_seconds=hold, times_per_day=times, days_per_week=days)


@pytest.mark.parametrize(
    ("seconds", "long", "short"),
    [
        (1, "1 seconds", "1 s"),
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
    ("value", "words"),
    [
        (dose(sets=2, reps=10), "2 sets of 10 repetitions"),
        (dose(sets=1, reps=10), "10 repetitions"),
        (dose(sets=2, reps=8, hold=5), "2 sets of 8 repetitions; hold each one for 5 seconds"),
        (dose(sets=1, reps=8, hold=120), "8 repetitions; hold each one for 2 minutes"),
        (dose(sets=3, hold=30), "3 times, 30 seconds each time"),
        (dose(sets=1, hold=1200), "For 20 minutes"),
        (dose(sets=1, hold=119), "For 119 seconds"),
        (dose(sets=3), "3 sets"),
        (dose(sets=1), "1 sets"),  # as the portal has always said for a dose with neither
    ],
)
def test_amount_in_words(value: Dose, words: str) -> None:
    assert value.amount_in_words() == words


@pytest.mark.parametrize(
    ("times", "days", "words"),
    [
        (1, 7, "Once a day, every day"),
        (2, 5, "Twice a day, on 5 days a week"),
        (3, 6, "3 times a day, on 6 days a week"),
        (6, 1, "6 times a day, on 1 days a week"),
    ],
)
def test_how_often_in_words(times: int, days: int, words: str) -> None:
    assert dose(reps=10, times=times, days=days).how_often_in_words() == words


def test_the_short_and_the_patient_wording_say_the_same_dose() -> None:
    value = dose(sets=2, reps=8, hold=5, times=2, days=5)
    assert value.describe() == "2 × 8, hold 5 s, 2 times a day, 5 days a week"
    assert (value.amount_in_words(), value.how_often_in_words()) == (
        "2 sets of 8 repetitions; hold each one for 5 seconds",
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
    ],
)
def test_take_care_shows_only_precautions_that_say_something(precautions: str, shown: str) -> None:
    assert take_care(precautions) == shown
