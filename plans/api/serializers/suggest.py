"""POST /api/v1/suggest: the request, and the response the engine's ``Suggestion.as_dict()`` must match."""

from __future__ import annotations

from rest_framework import serializers

from plans.api.serializers.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    StrictNumberField,
    code_field,
    findings_field,
    optional,
)
from plans.api.serializers.progress import FabqReportSerializer
from plans.clinical.scoring import (
    BMI_RANGE,
    FABQ_ITEMS,
    FABQ_MAX_PER_ITEM,
    PSFS_ITEMS,
    PSFS_MAX,
    RMDQ_ITEMS,
)
from plans.clinical.vocabulary import (
    Bothersomeness,
    CarePathway,
    CauseCode,
    CpgCategory,
    DpBasis,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    Mechanism,
    OdiBand,
    Onset,
    PainDistribution,
    PlanRule,
    Region,
    SeriousPathology,
    Sex,
    Stage,
    StartBackRisk,
    TargetRegion,
    TriageFlag,
    TriageLevel,
)

ODI_SECTIONS = 10
STARTBACK_ITEMS = 8
PSFS_ACTIVITY_MAX_LENGTH = 100
PREGNANCY_WEEKS = (1, 42)  # completed weeks
WALKING_TOLERANCE_MINUTES = (1, 240)


class StartBackSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=StrictIntegerField(min_value=0, max_value=1),
        min_length=STARTBACK_ITEMS,
        max_length=STARTBACK_ITEMS,
        help_text="Items 1-8, each 0 or 1. Errors name an item by 0-based index: 'startback.items.2'.",
    )
    bothersomeness = code_field(Bothersomeness, help_text="Item 9.")


class PsfsSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=StrictIntegerField(min_value=0, max_value=PSFS_MAX),
        min_length=PSFS_ITEMS[0],
        max_length=PSFS_ITEMS[1],
        help_text="3 to 5 activity ratings, each 0 (unable) to 10 (as before the problem). Errors name "
        "an item by 0-based index: 'psfs.items.2'.",
    )
    activities = serializers.ListField(
        child=StrictCharField(min_length=1, max_length=PSFS_ACTIVITY_MAX_LENGTH),
        required=False,
        allow_null=True,
        help_text="The activities in the patient's words, one per rating (same length as items).",
    )

    def validate(self, attrs: dict) -> dict:
        activities = attrs.get("activities")
        if activities is not None and len(activities) != len(attrs["items"]):
            raise serializers.ValidationError(
                {
                    "activities": [
                        f"Give one activity per rating: {len(attrs['items'])}, not {len(activities)}."
                    ]
                }
            )
        return attrs


class RmdqSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=StrictIntegerField(min_value=0, max_value=1),
        min_length=RMDQ_ITEMS,
        max_length=RMDQ_ITEMS,
        help_text="The 24 Roland-Morris statements, 1 when it applies today and 0 when not ticked.",
    )


class FabqSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=StrictIntegerField(min_value=0, max_value=FABQ_MAX_PER_ITEM, allow_null=True),
        min_length=FABQ_ITEMS,
        max_length=FABQ_ITEMS,
        help_text="The 16 FABQ items, each 0 (completely disagree) to 6 (completely agree), or null "
        "when unanswered; a subscale with an unanswered scored item is not computed.",
    )


class SuggestRequestSerializer(serializers.Serializer):
    age = StrictIntegerField(min_value=0, max_value=120)
    sex = optional(StrictChoiceField, choices=Sex.choices)
    region = code_field(Region)
    onset = code_field(Onset)
    duration_days = StrictIntegerField(min_value=0, max_value=36500, help_text="Days since onset.")
    recurrent = optional(StrictBooleanField)
    mechanism = optional(StrictChoiceField, choices=Mechanism.choices)
    pain_distribution = optional(
        StrictChoiceField, choices=PainDistribution.choices, help_text="Most distal extent of the pain."
    )
    nprs = optional(StrictIntegerField, min_value=0, max_value=10)
    bmi = optional(StrictNumberField, min_value=BMI_RANGE[0], max_value=BMI_RANGE[1])
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
    psfs = PsfsSerializer(required=False, allow_null=True, help_text="Patient-Specific Functional Scale.")
    rmdq = RmdqSerializer(
        required=False, allow_null=True, help_text="Roland-Morris Disability Questionnaire."
    )
    fabq = FabqSerializer(required=False, allow_null=True, help_text="Fear-Avoidance Beliefs Questionnaire.")
    pregnancy_weeks = optional(
        StrictIntegerField,
        min_value=PREGNANCY_WEEKS[0],
        max_value=PREGNANCY_WEEKS[1],
        help_text="Completed weeks of pregnancy; only with the finding 'pregnant'.",
    )
    walking_tolerance_minutes = optional(
        StrictIntegerField,
        min_value=WALKING_TOLERANCE_MINUTES[0],
        max_value=WALKING_TOLERANCE_MINUTES[1],
        help_text="Minutes walked before leg symptoms force a stop.",
    )
    findings = findings_field()

    def validate(self, attrs: dict) -> dict:
        if attrs.get("pregnancy_weeks") is not None and Finding.PREGNANT not in (attrs.get("findings") or ()):
            raise serializers.ValidationError(
                {"pregnancy_weeks": ["Weeks of pregnancy need the finding 'pregnant'."]}
            )
        return attrs

    def to_contract(self) -> dict:
        """The validated body with "not given" values dropped, for ``assessment_from_contract``."""
        return {key: value for key, value in self.validated_data.items() if value is not None}


# The response -----------------------------------------------------------------------------------


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


class PsfsScoreSerializer(serializers.Serializer):
    mean = serializers.FloatField(help_text="Sum / number of items, rounded half-up to two decimals.")
    items = serializers.IntegerField(help_text="How many activities were rated (3 to 5).")


class RmdqScoreSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Statements that apply today, 0-24; higher is worse.")


class ScoresSerializer(serializers.Serializer):
    odi = OdiScoreSerializer(required=False, help_text="Only when odi was sent.")
    startback = StartBackScoreSerializer(required=False, help_text="Only when startback was sent.")
    psfs = PsfsScoreSerializer(required=False, help_text="Only when psfs was sent.")
    rmdq = RmdqScoreSerializer(required=False, help_text="Only when rmdq was sent.")
    fabq = FabqReportSerializer(required=False, help_text="Only when fabq was sent; never judged.")


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
    properties = serializers.ListField(child=serializers.ChoiceField(choices=ExerciseProperty.choices))
    target_region = serializers.ChoiceField(choices=TargetRegion.choices)
    trial = serializers.BooleanField(help_text="True only for a guessed directional preference.")
    sets = serializers.IntegerField()
    reps = serializers.IntegerField(allow_null=True)
    hold_seconds = serializers.IntegerField(allow_null=True)
    times_per_day = serializers.IntegerField()
    days_per_week = serializers.IntegerField()
    reason = serializers.CharField(help_text="Why it is in the plan, in plain words for the patient.")
    rule = serializers.ChoiceField(choices=PlanRule.choices, help_text="The plan rule that chose it.")


class EducationRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class GoalSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(
        choices=[("nprs", "NPRS"), ("odi", "ODI"), ("rmdq", "RMDQ"), ("psfs", "PSFS")]
    )
    target = serializers.FloatField(help_text="A whole number, or one decimal for PSFS.")
    comparator = serializers.ChoiceField(choices=["<=", ">="], help_text='">=" for PSFS (higher is better).')
    due_in_days = serializers.IntegerField()


class PlanSuggestionSerializer(serializers.Serializer):
    care_pathway = serializers.ChoiceField(choices=CarePathway.choices, help_text="Stratified care.")
    dp_basis = serializers.ChoiceField(choices=DpBasis.choices, allow_null=True)
    exercises = PlannedExerciseSerializer(many=True)
    education = EducationRefSerializer(many=True)
    activity_advice = serializers.ListField(child=serializers.CharField())
    referral = serializers.CharField(allow_null=True, help_text="Set when triage is urgent or prompt.")
    notes = serializers.ListField(child=serializers.CharField())
    goals = GoalSerializer(many=True)
    review_in_days = serializers.IntegerField()


class SuggestResponseSerializer(serializers.Serializer):
    rules_version = serializers.IntegerField(help_text="2")
    triage = TriageSerializer()
    plan_hold = PlanHoldSerializer(
        allow_null=True, help_text="Null when triage is none or prompt; approval waits while held."
    )
    stage = serializers.ChoiceField(choices=Stage.choices)
    scores = ScoresSerializer()
    causes_withheld = serializers.BooleanField(help_text="True when serious pathology is suspected.")
    serious_pathology_suspected = serializers.ListField(
        child=serializers.ChoiceField(choices=SeriousPathology.choices)
    )
    causes = RankedCauseSerializer(many=True, help_text="Every cause with supporting evidence, best first.")
    cpg_category = serializers.ChoiceField(choices=CpgCategory.choices, allow_null=True)
    cpg_matches = serializers.ListField(child=serializers.ChoiceField(choices=CpgCategory.choices))
    plan = PlanSuggestionSerializer(allow_null=True, help_text="Null when triage is emergency.")
