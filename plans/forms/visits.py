from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone

from clinic import dates
from clinic.forms import DateInput, TimeInput
from clinic.text import NOTE, REASON, text_field
from plans.forms.common import (
    MAX_PLAN_EXERCISES,
    ExerciseRowsFormSet,
    FindingsAndOdiMixin,
    pain_field,
    row_formset,
)
from plans.forms.measures import OutcomeMeasuresMixin
from plans.forms.objective import ObjectiveMeasuresMixin
from plans.models import Exercise, PatientRating
from plans.selectors.visits import baseline_for


def _now_to_the_minute():
    return timezone.localtime().time().replace(second=0, microsecond=0)


class VisitForm(ObjectiveMeasuresMixin, OutcomeMeasuresMixin, FindingsAndOdiMixin, forms.Form):
    visit_date = forms.DateField(initial=dates.today, widget=DateInput())
    visit_time = forms.TimeField(
        label="Time",
        required=False,
        initial=_now_to_the_minute,
        widget=TimeInput(format="%H:%M"),
        help_text="Orders several visits on one day; now when left empty.",
    )
    nprs = pain_field("Pain now (0-10)", required=False)
    patient_rating = forms.ChoiceField(
        choices=[("", "Not asked")] + PatientRating.choices,
        required=False,
        label="Since last time, the patient feels",
        widget=forms.RadioSelect,
    )
    adherence_percent = forms.IntegerField(
        label="Home exercises done (% of prescribed sessions)",
        required=False,
        help_text="Filled in from the home log when the patient logged sessions; empty when not known.",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = text_field(NOTE, rows=2, required=False)
    next_visit_date = forms.DateField(
        label="Next visit",
        required=False,
        widget=DateInput(),
        help_text="The front desk sees it in who is coming.",
    )

    def __init__(self, *args, episode, **kwargs):
        self.episode = episode
        super().__init__(*args, **kwargs)
        self.fields["visit_date"].widget.attrs.update(
            min=episode.onset_date.isoformat(), max=dates.today().isoformat()
        )
        self.add_finding_fields()
        self.add_odi_fields()
        self.add_objective_fields()
        # PSFS re-rates the activities of the baseline a visit today is compared with.
        self.baseline = baseline_for(episode, dates.today())
        activities = tuple(self.baseline.psfs_activities) if self.baseline else ()
        if activities:
            self.add_psfs_fields(activities)
        self.add_rmdq_fields(with_total=True)
        self.add_fabq_subscale_fields()

    @property
    def outcome_measures(self) -> dict:
        """The PSFS, RMDQ and FABQ answers, as ``VisitEntry`` fields."""
        items = self.rmdq_items
        return {
            "psfs_ratings": self.psfs_ratings,
            "rmdq_items": items,
            "rmdq_total": sum(items) if items is not None else self.cleaned_data.get("rmdq_total"),
            "fabq_pa": self.cleaned_data.get("fabq_pa"),
            "fabq_w": self.cleaned_data.get("fabq_w"),
        }

    def clean_visit_date(self):
        visit_date = self.cleaned_data["visit_date"]
        if visit_date > dates.today():
            raise forms.ValidationError("The visit date cannot be in the future.")
        if visit_date < self.episode.onset_date:
            raise forms.ValidationError("The visit cannot be before the episode's onset date.")
        return visit_date

    def clean_next_visit_date(self):
        next_visit = self.cleaned_data["next_visit_date"]
        visit_date = self.cleaned_data.get("visit_date")
        if next_visit is not None and visit_date is not None and next_visit <= visit_date:
            raise forms.ValidationError("The next visit must be after this one.")
        if (
            next_visit is not None
            and visit_date is not None
            and next_visit > dates.planning_horizon(visit_date)
        ):
            raise forms.ValidationError(f"The next visit must be within {dates.PLANNING_YEARS} years.")
        return next_visit

    def clean(self):
        from plans.services.visits import out_of_order

        super().clean()
        cleaned = self.cleaned_data
        self.clean_odi()
        self.clean_outcome_measures()
        self.clean_objective()
        if cleaned.get("visit_date") is None:
            return cleaned
        if cleaned.get("visit_time") is None:
            cleaned["visit_time"] = timezone.localtime().time().replace(microsecond=0)
        for field, message in out_of_order(
            self.episode, cleaned["visit_date"], cleaned["visit_time"]
        ).items():
            self.add_error(field, message)
        return cleaned


class VisitExerciseForm(forms.Form):
    done = forms.BooleanField(required=False, label="Done today")
    exercise = forms.ModelChoiceField(queryset=Exercise.objects.none(), widget=forms.HiddenInput)
    sets = forms.IntegerField(min_value=1, max_value=10, required=False)
    reps = forms.IntegerField(min_value=1, max_value=100, required=False)
    hold_seconds = forms.IntegerField(min_value=1, max_value=3600, required=False, label="Hold (s)")
    load = forms.CharField(max_length=60, required=False, label="Load or level")

    def __init__(self, *args, exercises, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["exercise"]).queryset = exercises


class BaseVisitExerciseFormSet(ExerciseRowsFormSet):
    key_field = "done"

    def done_rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("done")]


# One row per exercise of the plan.
VisitExerciseFormSet = row_formset(
    VisitExerciseForm, BaseVisitExerciseFormSet, limit=MAX_PLAN_EXERCISES, extra=0, can_delete=False
)


class PromptDismissForm(forms.Form):
    reason = text_field(
        REASON,
        rows=2,
        label="Why dismiss this prompt?",
        error_messages={"required": "Say why the prompt is dismissed."},
    )
