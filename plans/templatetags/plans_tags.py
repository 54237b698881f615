from django import template

from plans.clinical.vocabulary import (
    CauseCode,
    ExerciseKind,
    Finding,
    Mechanism,
    Onset,
    PainDistribution,
    Region,
    Stage,
    TriageLevel,
)
from plans.models import ReferralUrgency

register = template.Library()

PREFIXED = {
    "mechanism": ("Mechanism", Mechanism),
    "onset": ("Onset", Onset),
    "region": ("Region", Region),
    "distribution": ("Pain reaches", PainDistribution),
    "stage": ("Stage", Stage),
}
DERIVED = {
    "age": "Age",
    "age:under_40": "Under 40",
    "age:50_plus": "Aged 50 or over",
    "age:65_plus": "Aged 65 or over",
    "bmi:30_plus": "BMI 30 or more",
    "recurrent": "Recurrent episode",
    "startback:high": "STarT Back high risk",
}
TRIAGE_STYLE = {
    TriageLevel.EMERGENCY: "danger",
    TriageLevel.URGENT: "danger",
    TriageLevel.PROMPT: "warning",
    TriageLevel.NONE: "success",
}


@register.filter
def evidence_label(key: str) -> str:
    """Plain words for a finding code or a derived evidence key such as "mechanism:lifting"."""
    if key in Finding.values:
        return Finding(key).label
    if key in DERIVED:
        return DERIVED[key]
    prefix, _, value = key.partition(":")
    if prefix in PREFIXED:
        label, choices = PREFIXED[prefix]
        if value in choices.values:
            return f"{label}: {choices(value).label.lower()}"
    return key


@register.filter
def cause_label(code: str) -> str:
    return CauseCode(code).label if code in CauseCode.values else code


@register.filter
def kind_label(kind: str) -> str:
    return ExerciseKind(kind).label if kind in ExerciseKind.values else kind


@register.filter
def triage_label(level: str) -> str:
    return TriageLevel(level).label if level in TriageLevel.values else level


@register.filter
def triage_style(level: str) -> str:
    return TRIAGE_STYLE.get(level, "secondary")


@register.filter
def percent(score) -> str:
    return f"{round(float(score) * 100)}%"


@register.simple_tag
def dose(sets, reps, hold_seconds, times_per_day, days_per_week) -> str:
    from plans.models import describe_dose

    return describe_dose(
        sets=sets,
        reps=reps,
        hold_seconds=hold_seconds,
        times_per_day=times_per_day,
        days_per_week=days_per_week,
    )


@register.filter
def urgency_label(value: str) -> str:
    return ReferralUrgency(value).label if value in ReferralUrgency.values else value
