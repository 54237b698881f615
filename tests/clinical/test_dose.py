"""The Dose value: the wording shown for a dose, and the ranges a prescribed dose must keep."""

import pytest
from django import forms

from plans.clinical.dose import MINUTES, SECONDS, Dose, hold_as_prescribed, needs_an_amount
from plans.clinical.vocabulary import ExerciseKind
from plans.forms.plans import PlanExerciseForm
from plans.models import Exercise


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
    assert PlanExerciseForm.base_fields["hold"].clean(None) is None


def _hold_form(hold: str, unit: str) -> PlanExerciseForm:
    data = {
        "order": "1",
        "sets": "1",
        "hold": hold,
        "hold_unit": unit,
        "times_per_day": "1",
        "days_per_week": "7",
    }
    form = PlanExerciseForm(data, exercises=Exercise.objects.none())
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("hold", "unit", "seconds"),
    [("10", "min", 600), ("60", "min", 3600), ("30", "s", 30), ("3600", "s", 3600)],
)
def test_a_hold_or_bout_is_entered_in_its_unit_and_kept_in_seconds(
    hold: str, unit: str, seconds: int
) -> None:
    form = _hold_form(hold, unit)
    assert "hold" not in form.errors
    assert form.cleaned_data["hold_seconds"] == seconds


@pytest.mark.parametrize(
    ("hold", "unit", "message"), [("61", "min", "At most 60 min."), ("3601", "s", "At most 3600 s.")]
)
def test_a_hold_over_an_hour_is_refused_in_the_unit_typed(hold: str, unit: str, message: str) -> None:
    assert _hold_form(hold, unit).errors["hold"] == [message]


@pytest.mark.parametrize(
    ("seconds", "kind", "shown"),
    [
        (600, ExerciseKind.AEROBIC, (10, MINUTES)),
        (90, ExerciseKind.AEROBIC, (90, SECONDS)),
        (None, ExerciseKind.AEROBIC, (None, MINUTES)),
        (30, ExerciseKind.STABILIZATION, (30, SECONDS)),
        (60, ExerciseKind.STABILIZATION, (60, SECONDS)),
        (120, ExerciseKind.STABILIZATION, (2, MINUTES)),
        (None, ExerciseKind.MOBILITY, (None, SECONDS)),
    ],
)
def test_the_editor_shows_a_stored_hold_in_its_natural_unit(seconds, kind, shown) -> None:
    assert hold_as_prescribed(seconds, kind) == shown


@pytest.mark.parametrize(
    ("kind", "needed"), [(kind, kind != "graded_activity") for kind in ExerciseKind.values]
)
def test_every_kind_but_graded_activity_needs_repetitions_or_a_time(kind, needed):
    assert needs_an_amount(kind) is needed
