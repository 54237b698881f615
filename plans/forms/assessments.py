from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from clinic import dates
from clinic.forms import DateInput
from clinic.text import NOTE, text_field
from plans.clinical.questionnaires import STARTBACK_BOTHERSOMENESS_QUESTION, STARTBACK_ITEMS
from plans.clinical.scoring import BMI_RANGE, body_mass_index
from plans.clinical.vocabulary import Bothersomeness, Finding, Mechanism, Onset, PainDistribution, Region
from plans.forms.common import FindingsAndOdiMixin, pain_field
from plans.forms.measures import OutcomeMeasuresMixin
from plans.forms.objective import ObjectiveMeasuresMixin
from plans.models import PREGNANCY_WEEKS, WALKING_TOLERANCE_MINUTES, Assessment

if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object


def _measurement_field(label: str, low: int, high: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(low)), MaxValueValidator(Decimal(high))],
    )


def startback_field_name(number: int) -> str:
    return f"startback_{number}"


def _minutes_or_weeks(label: str, bounds: tuple[int, int], help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=bounds[0],
        max_value=bounds[1],
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def startback_bothersomeness_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", "Not asked")] + Bothersomeness.choices,
        required=False,
        label=f"9. {STARTBACK_BOTHERSOMENESS_QUESTION}",
    )


class StartBackMixin(_FormBase):
    """Keele STarT Back's eight agree/disagree items; the form declares ``startback_bothersomeness``
    (``startback_bothersomeness_field``), the ninth. All nine are answered or none."""

    def add_startback_fields(self) -> None:
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

    def clean_startback(self) -> None:
        cleaned = self.cleaned_data
        startback_names = [startback_field_name(n) for n in range(1, 9)] + ["startback_bothersomeness"]
        answered = [name for name in startback_names if cleaned.get(name) not in (None, "")]
        if answered and len(answered) < len(startback_names):
            for name in startback_names:
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, "Answer every STarT Back item, or none of them.")

    @property
    def startback_items(self) -> tuple[int, ...] | None:
        items = tuple(self.cleaned_data.get(startback_field_name(n)) for n in range(1, 9))
        return None if any(value is None for value in items) else cast(tuple[int, ...], items)


class AssessmentForm(
    StartBackMixin, ObjectiveMeasuresMixin, OutcomeMeasuresMixin, FindingsAndOdiMixin, forms.Form
):
    kind = forms.ChoiceField(choices=Assessment.Kind.choices, initial=Assessment.Kind.INITIAL)
    assessed_on = forms.DateField(initial=dates.today, widget=DateInput())
    region = forms.ChoiceField(choices=Region.choices)
    onset = forms.ChoiceField(choices=Onset.choices)
    mechanism = forms.ChoiceField(choices=Mechanism.choices)
    recurrent = forms.BooleanField(required=False, label="Recurrent (has had episodes like this before)")
    # No answer is chosen for the therapist: "Back only" picked by default would be saved untouched.
    pain_distribution = forms.ChoiceField(
        choices=[("", "Choose…"), *PainDistribution.choices],
        label="How far does the pain spread?",
        error_messages={"required": "Choose how far the pain spreads."},
    )
    nprs_current = pain_field("Pain now (0-10)", required=True)
    nprs_best = pain_field("Pain at its best in the last 24 h (0-10)", required=False)
    nprs_worst = pain_field("Pain at its worst in the last 24 h (0-10)", required=False)
    startback_bothersomeness = startback_bothersomeness_field()
    pregnancy_weeks = _minutes_or_weeks(
        "Weeks pregnant", PREGNANCY_WEEKS, "Completed weeks (1-42); only with the finding “Pregnant”."
    )
    walking_tolerance_minutes = _minutes_or_weeks(
        "Walking tolerance (minutes)",
        WALKING_TOLERANCE_MINUTES,
        "Minutes walked before leg symptoms force a stop (1-240).",
    )
    height_cm = _measurement_field("Height (cm)", 50, 250)
    weight_kg = _measurement_field("Weight (kg)", 20, 350)
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
        self.add_startback_fields()
        self.add_psfs_fields()
        self.add_rmdq_fields()
        self.add_fabq_item_fields()
        self.add_objective_fields()

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
        super().clean()
        cleaned = self.cleaned_data
        self.clean_odi()
        best, current, worst = (cleaned.get(f"nprs_{k}") for k in ("best", "current", "worst"))
        if best is not None and worst is not None and best > worst:
            self.add_error("nprs_best", "Pain at its best cannot be higher than pain at its worst.")
        if current is not None and worst is not None and current > worst:
            self.add_error("nprs_worst", "Pain at its worst cannot be lower than pain now.")

        self.clean_startback()

        self.clean_outcome_measures()
        self.clean_objective()
        if cleaned.get("pregnancy_weeks") is not None and Finding.PREGNANT not in self.findings:
            self.add_error(
                "pregnancy_weeks",
                "Weeks pregnant are recorded only with the finding “Pregnant”: tick it, or clear the weeks.",
            )

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
