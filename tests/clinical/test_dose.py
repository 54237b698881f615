"""The Dose value: the wording shown for a dose, and the ranges a prescribed dose must keep."""

import pytest
from django import forms

from plans.clinical.dose import Dose
from plans.forms.plans import PlanExerciseForm


def dose(
    sets: int = 1, reps: int | None = None, hold: int | None = None, times: int = 1, days: int = 7
) -> Dose:
    return Dose(sets=sets, reps=reps, hold_seconds=hold, times_per_day=times, days_per_week=days)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (dose(sets=3, reps=10), "3 × 10, once a day, every day"),
        (dose(sets=1, reps=10), "10 times, once a day, every day"),
        (dose(sets=3), "3 sets, once a day, every day"),
        (dose(sets=1), "once a day, every day"),
        (dose(sets=3, hold=30), "3 sets, hold 30 s, once a day, every day"),
        (dose(hold=119), "hold 119 s, once a day, every day"),
        (dose(hold=120), "hold 2 min, once a day, every day"),
        (dose(hold=600), "hold 10 min, once a day, every day"),
        (dose(reps=10, hold=5, times=2), "10 times, hold 5 s, 2 times a day, every day"),
        (dose(reps=10, times=6, days=6), "10 times, 6 times a day, 6 days a week"),
        (dose(reps=10, days=2), "10 times, once a day, 2 days a week"),
    ],
)
def test_describe(value: Dose, words: str) -> None:
    assert value.describe() == words


class Row:
    sets, reps, hold_seconds, times_per_day, days_per_week = 2, 8, None, 1, 3


def test_of_reads_the_five_fields_of_any_item() -> None:
    assert Dose.of(Row()) == dose(sets=2, reps=8, days=3)


def test_as_dict_keeps_the_contract_keys_in_order() -> None:
    assert list(dose().as_dict()) == ["sets", "reps", "hold_seconds", "times_per_day", "days_per_week"]


@pytest.mark.parametrize(
    ("field", "low", "high"),
    [
        ("sets", 1, 10),
        ("reps", 1, 100),
        ("hold_seconds", 1, 3600),
        ("times_per_day", 1, 24),
        ("days_per_week", 1, 7),
    ],
)
def test_the_plan_editor_keeps_each_dose_field_in_its_range(field: str, low: int, high: int) -> None:
    editor_field = PlanExerciseForm.base_fields[field]
    for ok in (low, high):
        assert editor_field.clean(ok) == ok
    for bad in (low - 1, high + 1):
        with pytest.raises(forms.ValidationError):
            editor_field.clean(bad)


def test_no_reps_and_no_hold_are_allowed() -> None:
    assert PlanExerciseForm.base_fields["reps"].clean(None) is None
    assert PlanExerciseForm.base_fields["hold_seconds"].clean(None) is None
