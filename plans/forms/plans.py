from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.http import QueryDict

from clinic import dates
from clinic.forms import DateInput, SharedOptionsSelect
from clinic.text import NOTE, REASON, SHORT, text_field
from plans.clinical.dose import (
    HOLD_SECONDS,
    HOLD_UNITS,
    PRESCRIPTION_RANGES,
    SECONDS,
    UNIT_SECONDS,
    needs_an_amount,
)
from plans.clinical.goal_status import target_error
from plans.clinical.objective import ROM_MAX
from plans.clinical.plan_vocabulary import TargetRegion
from plans.clinical.vocabulary import ExerciseKind
from plans.forms.common import (
    MAX_PLAN_EXERCISES,
    MAX_PLAN_GOALS,
    ExerciseRowsFormSet,
    FilledRowsKeptMixin,
    is_deleted,
    row_formset,
)
from plans.models import EducationItem, Exercise, GoalMeasure, planned_day_error

# Short enough to wrap under a narrow dose field.
NUMBER_ERRORS = {
    "invalid": "Enter a whole number.",
    "min_value": "At least %(limit_value)s.",
    "max_value": "At most %(limit_value)s.",
}


def _dose_field(name: str, **kwargs) -> forms.IntegerField:
    allowed = PRESCRIPTION_RANGES[name]
    return forms.IntegerField(
        min_value=allowed.start, max_value=allowed.stop - 1, error_messages=NUMBER_ERRORS, **kwargs
    )


class PlanExerciseForm(forms.Form):
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(),
        widget=SharedOptionsSelect(attrs={"class": "form-select form-select-sm"}),
    )
    order = forms.IntegerField(min_value=1, max_value=99, error_messages=NUMBER_ERRORS)
    sets = _dose_field("sets")
    reps = _dose_field("reps", required=False)
    # A hold or a bout, in the unit it is prescribed in; stored in seconds (``hold_seconds``).
    hold = forms.IntegerField(min_value=1, required=False, label="Hold or time", error_messages=NUMBER_ERRORS)
    hold_unit = forms.ChoiceField(choices=HOLD_UNITS, required=False, initial=SECONDS, label="Unit")
    times_per_day = _dose_field("times_per_day", label="Times a day")
    days_per_week = _dose_field("days_per_week", label="Days a week")
    reason = forms.CharField(max_length=SHORT, required=False, label="Why (shown to the patient)")
    offer_variants = forms.BooleanField(required=False, initial=True, label="Offer variants")

    def __init__(self, *args, exercises, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["exercise"]).queryset = exercises

    def exercise_widget(self):
        """The exercise's select, marked invalid and pointing at its message when it has one."""
        field = self["exercise"]
        attrs: dict[str, str | bool] = {"class": "form-select form-select-sm"}
        if field.errors:
            attrs.update({"class": f"{attrs['class']} is-invalid", "aria-invalid": "true"})
            attrs["aria-describedby"] = f"{field.auto_id}-error"
        return field.as_widget(attrs=attrs)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        hold, unit = cleaned.get("hold"), cleaned.get("hold_unit") or SECONDS
        cleaned["hold_seconds"] = None if hold is None else hold * UNIT_SECONDS[unit]
        longest = HOLD_SECONDS.stop - 1
        if cleaned["hold_seconds"] is not None and cleaned["hold_seconds"] > longest:
            self.add_error("hold", f"At most {longest // UNIT_SECONDS[unit]} {unit}.")
        exercise = cleaned.get("exercise")
        if (
            cleaned.get("reps") is None
            and hold is None
            and not self.errors
            and needs_an_amount(getattr(exercise, "kind", None))
        ):
            self.add_error("reps", "Give repetitions, a time, or both.")
        return cleaned


class BasePlanExerciseFormSet(ExerciseRowsFormSet):
    key_field = "exercise"

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            exercises=self.exercises,
            renderer=self.renderer,  # type: ignore[attr-defined]
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        kept = 0
        for form in self.forms:
            if not form.cleaned_data or is_deleted(form):
                continue
            exercise = form.cleaned_data["exercise"]
            if exercise.pk in seen:
                form.add_error("exercise", f"{exercise} is already in the plan.")
            seen.add(exercise.pk)
            kept += 1
        if kept == 0:
            raise forms.ValidationError("A plan needs at least one exercise.")

    def kept_rows(self) -> list[dict]:
        rows = [form.cleaned_data for form in self.forms if form.cleaned_data and not is_deleted(form)]
        return sorted(rows, key=lambda row: (row["order"], row["exercise"].name))


PlanExerciseFormSet = row_formset(PlanExerciseForm, BasePlanExerciseFormSet, limit=MAX_PLAN_EXERCISES)


class PlanGoalForm(forms.Form):
    measure = forms.ChoiceField(choices=GoalMeasure.choices)
    target = forms.DecimalField(
        required=False, max_digits=4, decimal_places=1, min_value=0, max_value=ROM_MAX
    )
    due_date = forms.DateField(widget=DateInput())
    description = text_field(SHORT, required=False)

    def __init__(self, *args, earliest: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest
        self.fields["due_date"].widget.attrs["max"] = dates.planning_horizon(dates.today()).isoformat()
        if earliest is not None:
            self.fields["due_date"].widget.attrs["min"] = earliest.isoformat()

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if self.earliest is not None and due_date < self.earliest:
            raise forms.ValidationError("The due date cannot be before the episode's onset date.")
        if error := planned_day_error(due_date, start=dates.today(), what="due date"):
            raise forms.ValidationError(error)
        return due_date

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        measure, target = cleaned.get("measure"), cleaned.get("target")
        if measure and "target" not in self.errors and (error := target_error(measure, target)):
            self.add_error("target", error)
        if measure == GoalMeasure.FUNCTION and not cleaned.get("description"):
            self.add_error("description", "Describe the functional goal.")
        return cleaned


class BasePlanGoalFormSet(FilledRowsKeptMixin, forms.BaseFormSet):
    key_field = "due_date"

    def kept_goals(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not is_deleted(f)]


PlanGoalFormSet = row_formset(PlanGoalForm, BasePlanGoalFormSet, limit=MAX_PLAN_GOALS)


class PlanVersionForm(forms.Form):
    # The number of the version the editor started from (0: no plan yet); see plan_version_approve.
    based_on = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # The saved draft's version the editor started from (0: no draft); see plan_draft_save.
    draft_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    review_date = forms.DateField(widget=DateInput())
    education = forms.ModelMultipleChoiceField(
        queryset=EducationItem.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Education, posture and body-mechanics items",
    )
    activity_advice = text_field(NOTE, rows=3, required=False)
    notes = text_field(NOTE, rows=2, required=False, label="Notes for the team")
    reason = text_field(REASON, rows=2, required=False, label="Why is the plan changing? (for the team)")
    patient_note = text_field(
        REASON,
        rows=2,
        required=False,
        label="What changed, in plain words for the patient (shown on the portal and the printout)",
    )

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        today = dates.today()
        self.fields["review_date"].widget.attrs.update(
            min=today.isoformat(), max=dates.planning_horizon(today).isoformat()
        )
        self.needs_reason = needs_reason
        # A submitted form asks for a reason if it changes a version, whatever the plan has become
        # since the editor was opened: a repeat of the first approval must reach the service.
        based_on = self.data.get(self.add_prefix("based_on")) if self.is_bound else None
        self.fields["reason"].required = needs_reason if based_on is None else based_on not in ("", "0")
        if not needs_reason:
            self.fields["reason"].widget = forms.HiddenInput()
            self.fields["patient_note"].widget = forms.HiddenInput()

    def clean_review_date(self):
        review_date = self.cleaned_data["review_date"]
        today = dates.today()
        if review_date < today:
            raise forms.ValidationError("The review date cannot be in the past.")
        if error := planned_day_error(review_date, start=today, what="review date"):
            raise forms.ValidationError(error)
        return review_date

    def move_to(self, number: int) -> None:
        """After a conflict: the form, with what was typed, now works from version ``number``."""
        self._replace("based_on", number)

    def move_to_draft(self, draft_version: int) -> None:
        """After a draft conflict: saving again replaces the draft saved at ``draft_version``."""
        self._replace("draft_version", draft_version)

    def _replace(self, name: str, value: int) -> None:
        data = cast(QueryDict, self.data).copy()
        data[self.add_prefix(name)] = str(value)
        self.data = data

    @property
    def loaded_draft_version(self) -> int:
        return self.cleaned_data.get("draft_version") or 0


ANY = [("", "Any")]


class LibrarySearchForm(forms.Form):
    """The plan editor's search of the library: words of the name or the steps, kind, region, level."""

    q = forms.CharField(max_length=100, required=False, label="Search the library by name or step")
    kind = forms.ChoiceField(choices=ANY + list(ExerciseKind.choices), required=False)
    region = forms.ChoiceField(choices=ANY + list(TargetRegion.choices), required=False)
    level = forms.TypedChoiceField(
        choices=ANY + [(1, "1 (easiest)"), (2, "2"), (3, "3 (hardest)")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    @property
    def is_searching(self) -> bool:
        return self.is_valid() and any(self.cleaned_data[name] for name in ("q", "kind", "region", "level"))
