from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from clinic import dates
from clinic.text import NOTE, REASON, SHORT, text_field
from plans.clinical.scoring import BMI_RANGE, body_mass_index
from plans.clinical.vocabulary import (
    FINDING_GROUPS,
    Bothersomeness,
    FindingGroup,
    Mechanism,
    Onset,
    PainDistribution,
    Region,
    contradictory_direction_messages,
)
from plans.models import (
    OVERRIDE_REASON_MIN,
    URGENCY_FOR_LEVEL,
    Assessment,
    EducationItem,
    Exercise,
    GoalMeasure,
    PatientRating,
    ReferralUrgency,
    planned_day_error,
)
from plans.questionnaires import ODI_SECTIONS, STARTBACK_BOTHERSOMENESS_QUESTION, STARTBACK_ITEMS


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


def _now_to_the_minute():
    return timezone.localtime().time().replace(second=0, microsecond=0)


def _pain_field(label: str, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def odi_field_name(number: int) -> str:
    return f"odi_{number}"


def startback_field_name(number: int) -> str:
    return f"startback_{number}"


FINDING_FIELD_NAMES = {group: f"findings_{group.value}" for group in FindingGroup}


class FindingsAndOdiMixin:
    """Grouped finding checkboxes and the ten ODI sections, shared by assessments and visits."""

    def add_finding_fields(self):
        for group, findings in FINDING_GROUPS.items():
            self.fields[FINDING_FIELD_NAMES[group]] = forms.MultipleChoiceField(
                label=group.label,
                required=False,
                choices=[(finding.value, finding.label) for finding in findings],
                widget=forms.CheckboxSelectMultiple,
            )

    def add_odi_fields(self):
        for number, (title, statements) in enumerate(ODI_SECTIONS, start=1):
            self.fields[odi_field_name(number)] = forms.TypedChoiceField(
                label=f"{number}. {title}",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "Skipped / not answered")] + list(enumerate(statements)),
                widget=forms.RadioSelect,
            )

    def clean_findings_mechanical(self):
        codes = self.cleaned_data.get(FINDING_FIELD_NAMES[FindingGroup.MECHANICAL]) or []
        if errors := contradictory_direction_messages(codes):
            raise forms.ValidationError(errors)
        return codes

    @property
    def finding_fields(self):
        return [self[FINDING_FIELD_NAMES[group]] for group in FindingGroup]

    @property
    def odi_fields(self):
        return [self[odi_field_name(n)] for n in range(1, 11)]

    @property
    def findings(self) -> frozenset[str]:
        codes = set()
        for name in FINDING_FIELD_NAMES.values():
            codes.update(self.cleaned_data.get(name) or ())
        return frozenset(codes)

    @property
    def odi_sections(self) -> tuple[int | None, ...] | None:
        sections = tuple(self.cleaned_data.get(odi_field_name(n)) for n in range(1, 11))
        return None if all(value is None for value in sections) else sections


class AssessmentForm(FindingsAndOdiMixin, forms.Form):
    kind = forms.ChoiceField(choices=Assessment.Kind.choices, initial=Assessment.Kind.INITIAL)
    assessed_on = forms.DateField(initial=dates.today, widget=DateInput())
    region = forms.ChoiceField(choices=Region.choices)
    onset = forms.ChoiceField(choices=Onset.choices)
    mechanism = forms.ChoiceField(choices=Mechanism.choices)
    recurrent = forms.BooleanField(required=False, label="Recurrent (has had episodes like this before)")
    pain_distribution = forms.ChoiceField(
        choices=PainDistribution.choices, label="How far does the pain spread?"
    )
    nprs_current = _pain_field("Pain now (0-10)", required=True)
    nprs_best = _pain_field("Pain at its best in the last 24 h (0-10)", required=False)
    nprs_worst = _pain_field("Pain at its worst in the last 24 h (0-10)", required=False)
    startback_bothersomeness = forms.ChoiceField(
        choices=[("", "Not asked")] + Bothersomeness.choices,
        required=False,
        label=f"9. {STARTBACK_BOTHERSOMENESS_QUESTION}",
    )
    height_cm = forms.DecimalField(
        label="Height (cm)",
        required=False,
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(50)), MaxValueValidator(Decimal(250))],
    )
    weight_kg = forms.DecimalField(
        label="Weight (kg)",
        required=False,
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(20)), MaxValueValidator(Decimal(350))],
    )
    notes = text_field(NOTE, rows=3, required=False)

    def __init__(self, *args, episode, **kwargs):
        self.episode = episode
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("region", episode.region)
        initial.setdefault("onset", episode.onset)
        initial.setdefault("mechanism", episode.mechanism)
        initial.setdefault("recurrent", episode.recurrent)
        if episode.assessments.exists():
            initial.setdefault("kind", Assessment.Kind.REEVALUATION)
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].widget.attrs.update(
            min=episode.onset_date.isoformat(), max=dates.today().isoformat()
        )
        self.add_finding_fields()
        self.add_odi_fields()
        for number, text in enumerate(STARTBACK_ITEMS, start=1):
            self.fields[startback_field_name(number)] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "Not asked"), (1, "Agree"), (0, "Disagree")],
                widget=forms.RadioSelect,
            )

    @property
    def startback_fields(self):
        return [self[startback_field_name(n)] for n in range(1, 9)]

    def clean_assessed_on(self):
        assessed_on = self.cleaned_data["assessed_on"]
        if assessed_on > dates.today():
            self.add_error("assessed_on", "The assessment date cannot be in the future.")
        if assessed_on < self.episode.onset_date:
            self.add_error("assessed_on", "The assessment cannot be before the episode's onset date.")
        if assessed_on < self.episode.patient.date_of_birth:
            self.add_error("assessed_on", "The assessment cannot be before the patient was born.")
        return assessed_on

    def clean(self):
        cleaned = super().clean()
        best, current, worst = (cleaned.get(f"nprs_{k}") for k in ("best", "current", "worst"))
        if best is not None and worst is not None and best > worst:
            self.add_error("nprs_best", "Pain at its best cannot be higher than pain at its worst.")
        if current is not None and worst is not None and current > worst:
            self.add_error("nprs_worst", "Pain at its worst cannot be lower than pain now.")

        startback_names = [startback_field_name(n) for n in range(1, 9)] + ["startback_bothersomeness"]
        answered = [name for name in startback_names if cleaned.get(name) not in (None, "")]
        if answered and len(answered) < len(startback_names):
            for name in startback_names:
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, "Answer every STarT Back item, or none of them.")

        height, weight = cleaned.get("height_cm"), cleaned.get("weight_kg")
        if (
            (height is None) != (weight is None)
            and not self.errors.get("height_cm")
            and not self.errors.get("weight_kg")
        ):
            missing = "weight_kg" if weight is None else "height_cm"
            self.add_error(missing, "Enter both height and weight to work out BMI, or neither.")
        elif height is not None and weight is not None:
            bmi = body_mass_index(height, weight)
            if not BMI_RANGE[0] <= bmi <= BMI_RANGE[1]:
                self.add_error(
                    "weight_kg",
                    f"{height} cm and {weight} kg give a BMI of {bmi}, outside {BMI_RANGE[0]} to "
                    f"{BMI_RANGE[1]}: check both.",
                )
        return cleaned

    @property
    def startback_items(self) -> tuple[int, ...] | None:
        items = tuple(self.cleaned_data.get(startback_field_name(n)) for n in range(1, 9))
        return None if any(value is None for value in items) else items


class PlanExerciseForm(forms.Form):
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    order = forms.IntegerField(
        min_value=1, max_value=99, widget=forms.NumberInput(attrs={"class": "order-input"})
    )
    sets = forms.IntegerField(min_value=1, max_value=10)
    reps = forms.IntegerField(min_value=1, max_value=100, required=False)
    hold_seconds = forms.IntegerField(min_value=1, max_value=3600, required=False, label="Hold (s)")
    times_per_day = forms.IntegerField(min_value=1, max_value=24, label="Times a day")
    days_per_week = forms.IntegerField(min_value=1, max_value=7, label="Days a week")
    reason = forms.CharField(max_length=SHORT, required=False, label="Why (shown to the patient)")
    offer_variants = forms.BooleanField(required=False, initial=True, label="Offer variants")

    def __init__(self, *args, exercises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exercise"].queryset = exercises

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reps") is None and cleaned.get("hold_seconds") is None and not self.errors:
            self.add_error("reps", "Give repetitions, a hold time, or both.")
        return cleaned


class FilledRowsKeptMixin:
    """A submitted row that names its key field is always validated and kept, even when it equals
    the initial data it was offered with (Django skips unchanged extra rows otherwise); a row
    without it is ignored."""

    key_field: str

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.is_bound:
            # A row whose key field is blank is an unused row, whatever else the page filled in.
            form.empty_permitted = not self.data.get(form.add_prefix(self.key_field))
            if form.empty_permitted:
                form.has_changed = lambda: False
        return form


class ExerciseRowsFormSet(FilledRowsKeptMixin, forms.BaseFormSet):
    """Rows that each pick from the same ``exercises`` queryset."""

    def __init__(self, *args, exercises, **kwargs):
        self.exercises = exercises
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "exercises": self.exercises}


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
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        kept = 0
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            exercise = form.cleaned_data["exercise"]
            if exercise.pk in seen:
                form.add_error("exercise", f"{exercise} is already in the plan.")
            seen.add(exercise.pk)
            kept += 1
        if kept == 0:
            raise forms.ValidationError("A plan needs at least one exercise.")

    def kept_rows(self) -> list[dict]:
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        return sorted(rows, key=lambda row: (row["order"], row["exercise"].name))


# Row limits: far above any real home programme, and low enough that a forged TOTAL_FORMS builds
# no more than this many forms before the "at most" error.
MAX_PLAN_EXERCISES = 20
MAX_PLAN_GOALS = 10

PlanExerciseFormSet = forms.formset_factory(
    PlanExerciseForm,
    formset=BasePlanExerciseFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_PLAN_EXERCISES,
    absolute_max=MAX_PLAN_EXERCISES,
    validate_max=True,
)


class PlanGoalForm(forms.Form):
    measure = forms.ChoiceField(choices=GoalMeasure.choices)
    target = forms.DecimalField(required=False, max_digits=4, decimal_places=1, min_value=0, max_value=100)
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
        cleaned = super().clean()
        measure, target = cleaned.get("measure"), cleaned.get("target")
        if measure in (GoalMeasure.NPRS, GoalMeasure.ODI) and target is None:
            self.add_error("target", "Give a target for this measure.")
        if measure == GoalMeasure.NPRS and target is not None and target > 10:
            self.add_error("target", "A pain target is between 0 and 10.")
        if measure == GoalMeasure.FUNCTION and not cleaned.get("description"):
            self.add_error("description", "Describe the functional goal.")
        return cleaned


class BasePlanGoalFormSet(FilledRowsKeptMixin, forms.BaseFormSet):
    key_field = "due_date"

    def kept_goals(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]


PlanGoalFormSet = forms.formset_factory(
    PlanGoalForm,
    formset=BasePlanGoalFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_PLAN_GOALS,
    absolute_max=MAX_PLAN_GOALS,
    validate_max=True,
)


class PlanVersionForm(forms.Form):
    # The number of the version the editor started from (0: no plan yet); see approve_plan_version.
    based_on = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
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
        data = self.data.copy()
        data[self.add_prefix("based_on")] = str(number)
        self.data = data


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _now_for_input():
    return timezone.localtime().replace(second=0, microsecond=0)


class ReferralForm(forms.Form):
    """A referral made for a red flag: to whom, when, how urgently; the urgency the level calls for is
    pre-selected (``level``)."""

    referred_to = forms.CharField(
        max_length=200,
        label="Referred to",
        help_text='Who or where, e.g. "Emergency department, St Mary\'s" or "GP Dr Shah".',
    )
    referred_at = forms.DateTimeField(
        label="Referral made at",
        initial=_now_for_input,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        help_text="Date and time; now unless it was made earlier.",
    )
    urgency = forms.ChoiceField(label="How urgently", choices=ReferralUrgency.choices)
    note = text_field(REASON, rows=2, required=False, label="Note (how it was made, what was said)")

    def __init__(self, *args, level: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if level in URGENCY_FOR_LEVEL:
            self.fields["urgency"].initial = URGENCY_FOR_LEVEL[level]
        for name, bound_field in self.fields.items():
            bound_field.widget.attrs["class"] = "form-select" if name == "urgency" else "form-control"

    def clean_referred_at(self):
        referred_at = self.cleaned_data["referred_at"]
        if referred_at > timezone.now():
            raise forms.ValidationError("The referral cannot be made in the future.")
        return referred_at


class HoldOverrideForm(forms.Form):
    reason = text_field(
        REASON,
        rows=2,
        min_length=OVERRIDE_REASON_MIN,
        label="Why care goes on before the referral",
        help_text=f"Who cleared the patient, or why care goes on; at least {OVERRIDE_REASON_MIN} characters.",
        error_messages={
            "min_length": f"Say in at least {OVERRIDE_REASON_MIN} characters who cleared the patient or "
            "why care goes on (you wrote %(show_value)d).",
            "required": "Say who cleared the patient or why care goes on.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["class"] = "form-control"


class VisitForm(FindingsAndOdiMixin, forms.Form):
    visit_date = forms.DateField(initial=dates.today, widget=DateInput())
    visit_time = forms.TimeField(
        label="Time",
        required=False,
        initial=_now_to_the_minute,
        widget=TimeInput(format="%H:%M"),
        help_text="Orders several visits on one day; now when left empty.",
    )
    nprs = _pain_field("Pain now (0-10)", required=False)
    patient_rating = forms.ChoiceField(
        choices=[("", "Not asked")] + PatientRating.choices,
        required=False,
        label="Since last time, the patient feels",
        widget=forms.RadioSelect,
    )
    adherence_percent = forms.IntegerField(
        label="Home exercises done (% of prescribed sessions)",
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = text_field(NOTE, rows=2, required=False)

    def __init__(self, *args, episode, **kwargs):
        self.episode = episode
        super().__init__(*args, **kwargs)
        self.fields["visit_date"].widget.attrs.update(
            min=episode.onset_date.isoformat(), max=dates.today().isoformat()
        )
        self.add_finding_fields()
        self.add_odi_fields()

    def clean_visit_date(self):
        visit_date = self.cleaned_data["visit_date"]
        if visit_date > dates.today():
            raise forms.ValidationError("The visit date cannot be in the future.")
        if visit_date < self.episode.onset_date:
            raise forms.ValidationError("The visit cannot be before the episode's onset date.")
        return visit_date

    def clean(self):
        from plans.visits import out_of_order

        cleaned = super().clean()
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
        self.fields["exercise"].queryset = exercises


class BaseVisitExerciseFormSet(ExerciseRowsFormSet):
    key_field = "done"

    def done_rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("done")]


VisitExerciseFormSet = forms.formset_factory(
    VisitExerciseForm,
    formset=BaseVisitExerciseFormSet,
    extra=0,
    max_num=MAX_PLAN_EXERCISES,  # one row per exercise of the plan
    absolute_max=MAX_PLAN_EXERCISES,
    validate_max=True,
)


class PromptDismissForm(forms.Form):
    reason = text_field(
        REASON,
        rows=2,
        label="Why dismiss this prompt?",
        error_messages={"required": "Say why the prompt is dismissed."},
    )
