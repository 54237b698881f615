"""Forms of the patient portal (plain words, big touch targets) and the staff's questionnaire form."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.utils.formats import date_format

from clinic import dates, text
from clinic.forms import DateInput
from clinic.text import up_to
from plans.clinical.questionnaires import (
    FABQ_ACTIVITY_ITEMS,
    FABQ_SCALE,
    FABQ_STATEMENTS,
    ODI_SECTIONS,
    PSFS_RATING_CHOICES,
    RMDQ_STATEMENTS,
    STARTBACK_BOTHERSOMENESS_QUESTION,
    STARTBACK_ITEMS,
)
from plans.clinical.vocabulary import Bothersomeness
from plans.forms.common import odi_section_field
from plans.models import PlanExercise, PlanVersion, QuestionnaireRequest

PAIN_CHOICES = [(n, str(n)) for n in range(11)]
# The page's heading already says nothing was saved.
PLAN_CHANGED = (
    "Your therapist changed your plan while you were filling this in. The exercises below are your new "
    "plan: tick the ones you did again."
)


def pain_field(label: str, moment: str) -> forms.TypedChoiceField:
    message = f"Choose a number from 0 (no pain) to 10 (worst pain imaginable) for your pain {moment}."
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class PlanExerciseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PlanExercise) -> str:
        return obj.exercise.name


class HomeLogForm(forms.Form):
    done_on = forms.DateField(
        label="When did you do them?",
        widget=DateInput(),
        error_messages={"required": "Give the day you did the exercises.", "invalid": "Enter a real date."},
    )
    exercises = PlanExerciseChoiceField(
        label="Which exercises did you do?",
        queryset=PlanExercise.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick at least one exercise you did.",
            "invalid_choice": "Tick only exercises from your plan.",
            "invalid_pk_value": "Tick only exercises from your plan.",
        },
    )
    pain_before = pain_field("Pain before you started (0-10)", "before you started")
    pain_after = pain_field("Pain when you finished (0-10)", "when you finished")
    comment = forms.CharField(
        label="Anything to tell your therapist? (optional)",
        required=False,
        max_length=text.REASON,
        help_text=up_to(text.REASON),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep your note under 1,000 characters."},
    )

    def __init__(self, *args, version: PlanVersion, plan_started_on: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.plan_started_on = plan_started_on
        exercises = cast(forms.ModelMultipleChoiceField, self.fields["exercises"])
        exercises.queryset = version.exercises.select_related("exercise").order_by("order", "id")
        today = dates.today()
        self.fields["done_on"].initial = today
        self.fields["done_on"].widget.attrs.update(max=today.isoformat(), min=plan_started_on.isoformat())

    def clean(self):
        cleaned = super().clean()
        if "exercises" in self.errors and self._ticked_from_an_earlier_version():
            self.errors["exercises"] = self.error_class([PLAN_CHANGED])
        return cleaned

    def _ticked_from_an_earlier_version(self) -> bool:
        """Whether the ticks are exercises of this plan's earlier version: the therapist approved a
        new one while the patient had the form open."""
        ticked = [pk for pk in self["exercises"].value() or () if str(pk).isascii() and str(pk).isdigit()]
        return (
            PlanExercise.objects.filter(pk__in=ticked, version__plan_id=self.version.plan_id)
            .exclude(version=self.version)
            .exists()
        )

    def clean_done_on(self) -> date:
        done_on = self.cleaned_data["done_on"]
        if done_on > dates.today():
            raise forms.ValidationError("The date cannot be in the future.")
        if done_on < self.plan_started_on:
            raise forms.ValidationError(
                f"Your plan started on {date_format(self.plan_started_on, 'j F Y')}; pick a day from then on."
            )
        return done_on


class QuestionnaireForm(forms.Form):
    """The pain rating, and the ODI and STarT Back when the therapist asked for them. Each ODI section
    is answered or skipped on purpose; STarT Back needs every answer to be scored."""

    nprs = pain_field("How bad is your back pain right now? (0-10)", "right now")

    def __init__(self, *args, questionnaire: QuestionnaireRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        if questionnaire.include_odi:
            for number in range(1, len(ODI_SECTIONS) + 1):
                self.fields[f"odi_{number}"] = odi_section_field(
                    number,
                    skip_label="Skip this section",
                    required=True,
                    message="Choose the statement that fits you best, or choose “Skip this section”.",
                )
        if questionnaire.include_startback:
            for number, text in enumerate(STARTBACK_ITEMS, start=1):
                self.fields[f"startback_{number}"] = forms.TypedChoiceField(
                    label=f"{number}. {text}",
                    coerce=int,
                    empty_value=None,
                    choices=[(1, "Agree"), (0, "Disagree")],
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": "Choose agree or disagree.",
                        "invalid_choice": "Choose agree or disagree.",
                    },
                )
            self.fields["startback_bothersomeness"] = forms.ChoiceField(
                label=f"9. {STARTBACK_BOTHERSOMENESS_QUESTION}",
                choices=Bothersomeness.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Choose how bothersome your back pain has been.",
                    "invalid_choice": "Choose how bothersome your back pain has been.",
                },
            )

        self._add_measure_fields(questionnaire)

    def _add_measure_fields(self, questionnaire: QuestionnaireRequest) -> None:
        """The activities the patient named before, the 24 statements to tick and the 16 statements
        to agree or disagree with: in the patient's words, never the questionnaires' names."""
        if questionnaire.include_psfs:
            for number, activity in enumerate(questionnaire.psfs_activities, start=1):
                message = f"Choose a number from 0 to 10 for “{activity}”."
                self.fields[f"psfs_{number}"] = forms.TypedChoiceField(
                    label=activity,
                    choices=PSFS_RATING_CHOICES,
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    error_messages={"required": message, "invalid_choice": message},
                )
        if questionnaire.include_rmdq:
            self.fields["rmdq"] = forms.TypedMultipleChoiceField(
                label="Tick each sentence that describes you today",
                required=False,
                coerce=int,
                choices=list(enumerate(RMDQ_STATEMENTS, start=1)),
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Tick only the sentences on this page."},
            )
        if questionnaire.include_fabq:
            for number, statement in enumerate(FABQ_STATEMENTS, start=1):
                message = "Choose a number from 0 (completely disagree) to 6 (completely agree)."
                self.fields[f"fabq_{number}"] = forms.TypedChoiceField(
                    label=f"{number}. {statement}",
                    choices=FABQ_SCALE,
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    error_messages={"required": message, "invalid_choice": message},
                )

    @property
    def odi_fields(self) -> list[forms.BoundField]:
        return [self[f"odi_{n}"] for n in range(1, 11)] if self.questionnaire.include_odi else []

    @property
    def psfs_fields(self) -> list[forms.BoundField]:
        if not self.questionnaire.include_psfs:
            return []
        return [self[f"psfs_{n}"] for n in range(1, len(self.questionnaire.psfs_activities) + 1)]

    @property
    def fabq_activity_fields(self) -> list[forms.BoundField]:
        return (
            [self[f"fabq_{n}"] for n in range(1, FABQ_ACTIVITY_ITEMS + 1)]
            if self.questionnaire.include_fabq
            else []
        )

    @property
    def fabq_work_fields(self) -> list[forms.BoundField]:
        if not self.questionnaire.include_fabq:
            return []
        return [self[f"fabq_{n}"] for n in range(FABQ_ACTIVITY_ITEMS + 1, len(FABQ_STATEMENTS) + 1)]

    @property
    def measure_answers(self) -> dict:
        """PSFS ratings, RMDQ answers (24 values 0/1) and FABQ items, as questionnaire_complete takes them."""
        q, data = self.questionnaire, self.cleaned_data
        ticked = set(data.get("rmdq") or ())
        return {
            "psfs_ratings": [data[f"psfs_{n}"] for n in range(1, len(q.psfs_activities) + 1)]
            if q.include_psfs
            else None,
            "rmdq_items": [1 if n in ticked else 0 for n in range(1, len(RMDQ_STATEMENTS) + 1)]
            if q.include_rmdq
            else None,
            "fabq_items": [data[f"fabq_{n}"] for n in range(1, len(FABQ_STATEMENTS) + 1)]
            if q.include_fabq
            else None,
        }

    @property
    def startback_fields(self) -> list[forms.BoundField]:
        if not self.questionnaire.include_startback:
            return []
        return [self[f"startback_{n}"] for n in range(1, 9)] + [self["startback_bothersomeness"]]

    @property
    def odi_sections(self) -> list[int | None] | None:
        if not self.questionnaire.include_odi:
            return None
        return [self.cleaned_data.get(f"odi_{n}") for n in range(1, 11)]

    @property
    def startback_items(self) -> list[int] | None:
        if not self.questionnaire.include_startback:
            return None
        return [self.cleaned_data[f"startback_{n}"] for n in range(1, 9)]


class SendQuestionnairesForm(forms.Form):
    include_odi = forms.BooleanField(label="Oswestry Disability Index (ODI)", required=False, initial=True)
    include_startback = forms.BooleanField(label="STarT Back screening tool", required=False, initial=True)
    include_psfs = forms.BooleanField(
        label="Patient-Specific Functional Scale (PSFS): re-rate the activities of the latest assessment",
        required=False,
    )
    include_rmdq = forms.BooleanField(label="Roland-Morris Disability Questionnaire (RMDQ)", required=False)
    include_fabq = forms.BooleanField(label="Fear-Avoidance Beliefs Questionnaire (FABQ)", required=False)
