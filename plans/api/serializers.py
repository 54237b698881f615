"""Request validation and documented response shapes for the decision-support API.

Validation is strict where JSON makes a difference: integers must be JSON integers (``4`` or ``4.0``,
never ``"4"``, ``4.5`` or ``true``), booleans must be ``true``/``false``, codes must be strings from
the vocabulary. Optional fields may be ``null``, which means "not given". Unknown keys are ignored.

List items are named by their 0-based index in error keys: ``"odi.3"`` is the fourth ODI section,
``"startback.items.2"`` the third STarT Back item, ``"visits.1.date"`` the second visit's date.
The response serializers only document the shapes; the views return the engine's ``as_dict()``.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth import authenticate
from rest_framework import serializers

from clinic import dates
from plans.clinical.scoring import BMI_RANGE
from plans.clinical.vocabulary import (
    Bothersomeness,
    CauseCode,
    ExerciseKind,
    Finding,
    MeasureStatus,
    Mechanism,
    OdiBand,
    Onset,
    PainDistribution,
    PromptKind,
    Region,
    Sex,
    Stage,
    StartBackRisk,
    TriageFlag,
    TriageLevel,
    contradictory_direction_messages,
)

ODI_SECTIONS = 10
STARTBACK_ITEMS = 8
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Strict JSON fields -----------------------------------------------------------------------------


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: rejects strings, booleans and numbers with a fractional part."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float):
            if not data.is_integer():
                self.fail("invalid")
            data = int(data)
        return data


class StrictNumberField(serializers.FloatField):
    """A finite JSON number: rejects strings and booleans."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        try:
            value = float(data)
        except OverflowError:
            self.fail("invalid")
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class StrictBooleanField(serializers.BooleanField):
    """JSON ``true`` or ``false`` only; DRF would also take "yes", "1" and 1."""

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        self.fail("invalid")


CODE_MAX_LENGTH = 50  # the width of the finding code columns (the longest code is 41 characters)


class StrictChoiceField(serializers.ChoiceField):
    """A code from the vocabulary, as a JSON string (DRF would also match the number 1 to "1").
    A string longer than any code is refused without being echoed in the error."""

    default_error_messages = {
        "max_length": f"Ensure this field has no more than {CODE_MAX_LENGTH} characters.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        if len(data) > CODE_MAX_LENGTH:
            self.fail("max_length")
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    """An ISO calendar date, ``YYYY-MM-DD``, that exists (no 30 February) and has already happened
    (from 1900 to today): the API's dates are those of assessments and visits."""

    default_error_messages = {
        "not_a_date": "{input} is not a real calendar date.",
        "too_early": "The date cannot be before 1900.",
        "future": "The date cannot be in the future.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "iso-8601")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not ISO_DATE.match(data):
            self.fail("invalid", format="YYYY-MM-DD")
        try:
            day = date.fromisoformat(data)
        except ValueError:
            self.fail("not_a_date", input=data)
        if day < dates.EARLIEST_CLINICAL_DATE:
            self.fail("too_early")
        if day > dates.today():
            self.fail("future")
        return day


class JsonDecimalField(serializers.DecimalField):
    """A JSON number in a range with at most ``decimal_places`` decimals, as a Decimal."""

    def __init__(self, *, decimal_places: int, min_value, max_value, **kwargs):
        super().__init__(
            max_digits=None, decimal_places=decimal_places, min_value=min_value, max_value=max_value, **kwargs
        )

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float) and not math.isfinite(data):
            self.fail("invalid")
        try:
            value = Decimal(str(data))
        except InvalidOperation:
            self.fail("invalid")
        # Range first: DRF's quantize fails on values far beyond it (1e300) before its validators run.
        if value < self.min_value:
            self.fail("min_value", min_value=self.min_value)
        if value > self.max_value:
            self.fail("max_value", max_value=self.max_value)
        return super().to_internal_value(value)


class OdiPercentField(JsonDecimalField):
    """An already-scored ODI percentage: a JSON number 0-100 with at most one decimal."""

    def __init__(self, **kwargs):
        super().__init__(decimal_places=1, min_value=0, max_value=100, **kwargs)


class PsfsMeanField(JsonDecimalField):
    """A PSFS score (the mean activity rating): a JSON number 0-10 with at most two decimals."""

    def __init__(self, **kwargs):
        super().__init__(decimal_places=2, min_value=0, max_value=10, **kwargs)


def _codes(choices, **kwargs) -> StrictChoiceField:
    return StrictChoiceField(choices=choices.choices, **kwargs)


def _optional(field_class, **kwargs):
    return field_class(required=False, allow_null=True, **kwargs)


def _findings(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=_codes(Finding),
        required=False,
        allow_null=True,
        max_length=len(Finding),
        help_text="Finding codes present (each means 'yes'); unknown codes are errors.",
        **kwargs,
    )


# POST /api/v1/suggest ---------------------------------------------------------------------------


class StartBackSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=StrictIntegerField(min_value=0, max_value=1),
        min_length=STARTBACK_ITEMS,
        max_length=STARTBACK_ITEMS,
        help_text="Items 1-8, each 0 or 1. Errors name an item by 0-based index: 'startback.items.2'.",
    )
    bothersomeness = _codes(Bothersomeness, help_text="Item 9.")


class SuggestRequestSerializer(serializers.Serializer):
    age = StrictIntegerField(min_value=0, max_value=120)
    sex = _optional(StrictChoiceField, choices=Sex.choices)
    region = _codes(Region)
    onset = _codes(Onset)
    duration_days = StrictIntegerField(min_value=0, max_value=36500, help_text="Days since onset.")
    recurrent = _optional(StrictBooleanField)
    mechanism = _optional(StrictChoiceField, choices=Mechanism.choices)
    pain_distribution = _optional(
        StrictChoiceField, choices=PainDistribution.choices, help_text="Most distal extent of the pain."
    )
    nprs = _optional(StrictIntegerField, min_value=0, max_value=10)
    bmi = _optional(StrictNumberField, min_value=BMI_RANGE[0], max_value=BMI_RANGE[1])
    odi = serializers.ListField(
        child=StrictIntegerField(min_value=0, max_value=5, allow_null=True),
        min_length=ODI_SECTIONS,
        max_length=ODI_SECTIONS,
        required=False,
        allow_null=True,
        help_text=(
            "Exactly ten Oswestry sections, each 0-5 or null when skipped. Errors name a section by "
            "0-based index: 'odi.3' is the fourth section."
        ),
    )
    startback = StartBackSerializer(required=False, allow_null=True)
    findings = _findings()

    def validate_findings(self, findings):
        if errors := contradictory_direction_messages(findings or ()):
            raise serializers.ValidationError(errors)
        return findings

    def to_contract(self) -> dict:
        """The validated body with "not given" values dropped, for ``assessment_from_contract``."""
        return {key: value for key, value in self.validated_data.items() if value is not None}


# POST /api/v1/progress/evaluate -----------------------------------------------------------------


# A tested direction cannot both centralise and peripheralise (v2). The codes are v2 vocabulary:
# until the vocabulary holds them they are refused as unknown codes anyway.
CONTRADICTORY_DIRECTIONS = (
    ("centralizes_with_extension", "peripheralizes_with_extension"),
    ("centralizes_with_flexion", "peripheralizes_with_flexion"),
)
# Goal targets: the measure's range (PSFS and NPRS 0-10, ODI 0-100, RMDQ 0-24).
GOAL_RANGES = {"nprs": (0, 10), "odi": (0, 100), "rmdq": (0, 24), "psfs": (0, 10)}


def _without_contradictions(findings):
    for centralises, peripheralises in CONTRADICTORY_DIRECTIONS:
        if findings and centralises in findings and peripheralises in findings:
            raise serializers.ValidationError(
                f"'{centralises}' and '{peripheralises}' contradict each other: one tested direction "
                "cannot both centralise and peripheralise."
            )
    return findings


class ProgressMeasuresSerializer(serializers.Serializer):
    date = StrictDateField()
    nprs = _optional(StrictIntegerField, min_value=0, max_value=10)
    odi = _optional(OdiPercentField, help_text="ODI percentage, 0-100, at most one decimal.")
    rmdq = _optional(StrictIntegerField, min_value=0, max_value=24, help_text="RMDQ score, 0-24.")
    psfs = _optional(PsfsMeanField, help_text="PSFS mean rating, 0-10, at most two decimals.")
    fabq_pa = _optional(StrictIntegerField, min_value=0, max_value=24, help_text="FABQ physical activity.")
    fabq_w = _optional(StrictIntegerField, min_value=0, max_value=42, help_text="FABQ work.")

    def validate_findings(self, findings):
        return _without_contradictions(findings)


class ProgressBaselineSerializer(ProgressMeasuresSerializer):
    findings = _findings()
    age = _optional(StrictIntegerField, min_value=0, max_value=120)
    sex = _optional(StrictChoiceField, choices=Sex.choices)


class ProgressVisitSerializer(ProgressMeasuresSerializer):
    findings = _findings()
    adherence = _optional(
        StrictIntegerField,
        min_value=0,
        max_value=100,
        help_text="Share of the prescribed home sessions done, 0-100 (%).",
    )


class ProgressGoalSerializer(serializers.Serializer):
    measure = StrictChoiceField(choices=[(m, m) for m in GOAL_RANGES])
    target = JsonDecimalField(
        decimal_places=2,
        min_value=0,
        max_value=100,
        help_text="At or below it (at or above for PSFS) the goal is met; within the measure's range.",
    )

    def validate(self, attrs: dict) -> dict:
        low, high = GOAL_RANGES[attrs["measure"]]
        if not low <= attrs["target"] <= high:
            raise serializers.ValidationError(
                {"target": [f"A {attrs['measure']} target is between {low} and {high}."]}
            )
        return attrs


MAX_VISITS = 500  # years of weekly visits in one episode


class ProgressRequestSerializer(serializers.Serializer):
    baseline = ProgressBaselineSerializer(
        help_text="With 'findings' (even []) visits are screened with the episode's history."
    )
    goals = ProgressGoalSerializer(
        many=True,
        required=False,
        allow_null=True,
        help_text="At most one per measure; without goals, the recovery levels (NPRS 1, ODI 10, RMDQ 2).",
    )
    visits = ProgressVisitSerializer(
        many=True,
        max_length=MAX_VISITS,
        help_text="In date order, each strictly after the one before and after the baseline; may be empty.",
    )

    def validate(self, attrs: dict) -> dict:
        baseline = attrs["baseline"]["date"]
        errors: dict[str, list[str]] = {}
        measures = [goal["measure"] for goal in attrs.get("goals") or ()]
        if twice := sorted({m for m in measures if measures.count(m) > 1}):
            errors["goals"] = [f"One goal per measure: {', '.join(twice)} is listed more than once."]
        for index, visit in enumerate(attrs["visits"]):
            when = visit["date"]
            if when <= baseline:
                message = f"A visit must be dated after the baseline ({baseline.isoformat()})."
            elif index > 0 and when <= attrs["visits"][index - 1]["date"]:
                before = attrs["visits"][index - 1]["date"].isoformat()
                message = f"Visit dates must be strictly increasing: this one is not after {before}."
            else:
                continue
            errors[f"visits.{index}.date"] = [message]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# POST /api/v1/auth/token ------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    """The credentials, checked through Django's ``authenticate`` (so django-axes sees each try)."""

    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"), username=attrs["username"], password=attrs["password"]
        )
        if user is None:
            raise serializers.ValidationError(
                "Unable to log in with provided credentials.", code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as 'Authorization: Token <token>'.")
    expiry = serializers.DateTimeField(help_text="After this the token is refused; obtain a new one.")


# Response shapes (documentation only) -----------------------------------------------------------


class RedFlagSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=TriageFlag.choices, help_text="The rule that fired (v2).")
    condition = serializers.CharField()
    level = serializers.ChoiceField(choices=TriageLevel.choices)
    reasons = serializers.ListField(child=serializers.CharField())
    action = serializers.CharField()


class TriageSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=TriageLevel.choices)
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="What raised the level: finding codes, 'mechanism:<value>', 'age' or 'onset:sudden'. "
        "Their order carries no meaning.",
    )
    flags = RedFlagSerializer(
        many=True, help_text="Every flag that fired, most severe first, then in the contract's table order."
    )


class PlanHoldSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=TriageLevel.choices, help_text="Always urgent or emergency.")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="The triage reasons.")
    release = serializers.ListField(
        child=serializers.ChoiceField(choices=["referral_recorded", "override"]),
        help_text="What releases the hold: a recorded referral, or for an urgent case also an override.",
    )


class OdiScoreSerializer(serializers.Serializer):
    percent = serializers.FloatField(allow_null=True, help_text="Rounded half-up to one decimal.")
    band = serializers.ChoiceField(choices=OdiBand.choices, allow_null=True)
    answered = serializers.IntegerField()
    valid = serializers.BooleanField(help_text="False when more than one section was skipped.")


class StartBackScoreSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    psychosocial = serializers.IntegerField()
    risk = serializers.ChoiceField(choices=StartBackRisk.choices)


class ScoresSerializer(serializers.Serializer):
    odi = OdiScoreSerializer(required=False, help_text="Only when odi was sent.")
    startback = StartBackScoreSerializer(required=False, help_text="Only when startback was sent.")


class RankedCauseSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=CauseCode.choices)
    name = serializers.CharField()
    description = serializers.CharField(help_text="What the cause is, in plain words.")
    score = serializers.FloatField(min_value=0, max_value=1)
    supporting = serializers.ListField(child=serializers.CharField())
    against = serializers.ListField(child=serializers.CharField())


class PlannedExerciseSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ExerciseKind.choices)
    loaded_spinal_flexion = serializers.BooleanField()
    sets = serializers.IntegerField()
    reps = serializers.IntegerField(allow_null=True)
    hold_seconds = serializers.IntegerField(allow_null=True)
    times_per_day = serializers.IntegerField()
    days_per_week = serializers.IntegerField()
    reason = serializers.CharField()


class EducationRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class GoalSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=[("nprs", "NPRS"), ("odi", "ODI")])
    target = serializers.IntegerField()
    due_in_days = serializers.IntegerField()


class PlanSuggestionSerializer(serializers.Serializer):
    exercises = PlannedExerciseSerializer(many=True)
    education = EducationRefSerializer(many=True)
    activity_advice = serializers.ListField(child=serializers.CharField())
    referral = serializers.CharField(allow_null=True, help_text="Set when triage is urgent or prompt.")
    notes = serializers.ListField(child=serializers.CharField())
    goals = GoalSerializer(many=True)
    review_in_days = serializers.IntegerField()


class SuggestResponseSerializer(serializers.Serializer):
    triage = TriageSerializer()
    plan_hold = PlanHoldSerializer(
        allow_null=True, help_text="Null when triage is none or prompt; approval waits while held."
    )
    stage = serializers.ChoiceField(choices=Stage.choices)
    scores = ScoresSerializer()
    causes = RankedCauseSerializer(many=True, help_text="Every cause with supporting evidence, best first.")
    plan = PlanSuggestionSerializer(allow_null=True, help_text="Null when triage is emergency.")


class MeasureChangeSerializer(serializers.Serializer):
    change = serializers.FloatField(help_text="Visit value minus baseline value.")
    status = serializers.ChoiceField(choices=MeasureStatus.choices)
    best = serializers.FloatField(
        help_text="Best value at the baseline and earlier visits (lowest; highest for PSFS)."
    )
    change_from_best = serializers.FloatField(help_text="Visit value minus best.")
    change_from_previous = serializers.FloatField(
        help_text="Visit value minus the most recent earlier value, baseline included."
    )


class FabqReportSerializer(serializers.Serializer):
    pa = serializers.IntegerField(allow_null=True)
    w = serializers.IntegerField(allow_null=True)
    pa_high = serializers.BooleanField(allow_null=True, help_text="FABQ-PA above 14.")
    w_high = serializers.BooleanField(allow_null=True, help_text="FABQ-W above 34.")


class VisitJudgementSerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(
        choices=MeasureStatus.choices, allow_null=True, help_text="Null when the visit has no measure."
    )
    measures = serializers.DictField(
        child=MeasureChangeSerializer(),
        help_text="Keyed 'nprs', 'odi', 'rmdq', 'psfs'; only measures compared (at the baseline and visit).",
    )
    fabq = FabqReportSerializer(required=False, help_text="Reported, never judged; when the visit sent FABQ.")


class ProgressPromptSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PromptKind.choices)
    date = serializers.DateField()
    reasons = serializers.ListField(child=serializers.CharField())
    level = serializers.ChoiceField(choices=TriageLevel.choices, required=False, help_text="Red flags only.")
    holds_plan = serializers.BooleanField(
        required=False, help_text="Red flags only: true for urgent and emergency."
    )
    adherence_first = serializers.BooleanField(
        required=False, help_text="Regression, relapse and plateau only: adherence under 50%."
    )
    message = serializers.CharField(help_text="The app's text, for display only; do not parse it.")


class ProgressResponseSerializer(serializers.Serializer):
    rules_version = serializers.IntegerField()
    visits = VisitJudgementSerializer(many=True)
    prompts = ProgressPromptSerializer(many=True)
