from django import forms, template
from django.forms import BoundField

from plans.clinical.dose import Dose
from plans.clinical.evidence import evidence_label as clinical_evidence_label
from plans.clinical.vocabulary import CauseCode, ExerciseKind, TriageLevel
from plans.models import ReferralUrgency

register = template.Library()


@register.filter
def evidence_label(key: str) -> str:
    """Plain words for a finding code or a derived evidence key such as "mechanism:lifting"."""
    return clinical_evidence_label(key)


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
def percent(score: float | str) -> str:
    return f"{round(float(score) * 100)}%"


@register.simple_tag
def dose(
    sets: int, reps: int | None, hold_seconds: int | None, times_per_day: int, days_per_week: int
) -> str:
    return Dose(sets, reps, hold_seconds, times_per_day, days_per_week).describe()


@register.filter
def urgency_label(value: str) -> str:
    return ReferralUrgency(value).label if value in ReferralUrgency.values else value


@register.filter
def fields_named(form: forms.BaseForm, names: str) -> list[BoundField]:
    """The form's bound fields named in ``names`` (separated by spaces), in that order."""
    return [form[name] for name in names.split()]
