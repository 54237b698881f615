"""POST /api/v1/progress/evaluate: the request, and the response the engine's
``ProgressReport.as_dict()`` must match."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from plans.api.serializers.fields import (
    DictWithKeysField,
    JsonDecimalField,
    OdiPercentField,
    PsfsMeanField,
    StrictChoiceField,
    StrictDateField,
    StrictIntegerField,
    findings_field,
    optional,
)
from plans.clinical.progress import Goal, Measures
from plans.clinical.vocabulary import MeasureStatus, PromptKind, Sex, TriageLevel

# Goal targets: the measure's range (PSFS and NPRS 0-10, ODI 0-100, RMDQ 0-24).
GOAL_RANGES = {"nprs": (0, 10), "odi": (0, 100), "rmdq": (0, 24), "psfs": (0, 10)}
MAX_VISITS = 500  # years of weekly visits in one episode
MEASURE_FIELDS = ("nprs", "odi", "rmdq", "psfs", "fabq_pa", "fabq_w")
JUDGED_MEASURES = ("nprs", "odi", "rmdq", "psfs")


class ProgressMeasuresSerializer(serializers.Serializer):
    date = StrictDateField()
    nprs = optional(StrictIntegerField, min_value=0, max_value=10)
    odi = optional(OdiPercentField, help_text="ODI percentage, 0-100, at most one decimal.")
    rmdq = optional(StrictIntegerField, min_value=0, max_value=24, help_text="RMDQ score, 0-24.")
    psfs = optional(PsfsMeanField, help_text="PSFS mean rating, 0-10, at most two decimals.")
    fabq_pa = optional(StrictIntegerField, min_value=0, max_value=24, help_text="FABQ physical activity.")
    fabq_w = optional(StrictIntegerField, min_value=0, max_value=42, help_text="FABQ work.")
    findings = findings_field()


class ProgressBaselineSerializer(ProgressMeasuresSerializer):
    age = optional(StrictIntegerField, min_value=0, max_value=120)
    sex = optional(StrictChoiceField, choices=Sex.choices)


class ProgressVisitSerializer(ProgressMeasuresSerializer):
    adherence = optional(
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
    visits: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=ProgressVisitSerializer(),
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

    def to_engine_input(self) -> tuple[Measures, list[Measures], list[Goal]]:
        """The validated baseline, visits and goals, for ``evaluate_progress``."""
        data = self.validated_data
        goals = [Goal(goal["measure"], goal["target"]) for goal in data.get("goals") or ()]
        return _measures(data["baseline"]), [_measures(visit) for visit in data["visits"]], goals


def _measures(body: dict[str, Any]) -> Measures:
    """A validated baseline or visit; a baseline's ``findings`` stays None when not given (v1)."""
    findings = body.get("findings")
    measures: dict[str, Any] = {name: body.get(name) for name in MEASURE_FIELDS}
    return Measures(
        date=body["date"],
        **measures,
        findings=None if findings is None else frozenset(findings),
        adherence=body.get("adherence"),
        age=body.get("age"),
        sex=body.get("sex"),
    )


# The response -----------------------------------------------------------------------------------


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
    measures = DictWithKeysField(
        keys=JUDGED_MEASURES,
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
