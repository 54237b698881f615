from collections.abc import Callable, Mapping
from typing import Any

from django import forms, template
from django.db.models import TextChoices
from django.forms import BoundField

from plans.clinical.dose import Dose
from plans.clinical.evidence import evidence_label as clinical_evidence_label
from plans.clinical.vocabulary import (
    CarePathway,
    CauseCode,
    CpgCategory,
    DpBasis,
    ExerciseKind,
    PlanRule,
    SeriousPathology,
    StartBackRisk,
    TriageLevel,
)
from plans.models import ReferralUrgency
from plans.selectors.amendments import amended_text as record_amended_text

register = template.Library()


@register.filter
def amended_text(record) -> str:
    """ "amended on <day> by <name>: <reason>", or empty (plans.selectors.amendments)."""
    return record_amended_text(record)


@register.filter
def evidence_label(key: str) -> str:
    """Plain words for a finding code or a derived evidence key such as "mechanism:lifting"."""
    return clinical_evidence_label(key)


def _choice_label(choices: type[TextChoices]) -> Callable[[str], str]:
    """A filter giving a code's label in ``choices``, or the code itself when it is not one of them."""

    def label(code: str) -> str:
        return str(choices(code).label) if code in choices.values else code

    return label


CHOICE_LABELS: dict[str, type[TextChoices]] = {
    "cause_label": CauseCode,
    "kind_label": ExerciseKind,
    "triage_label": TriageLevel,
    "urgency_label": ReferralUrgency,
    "cpg_label": CpgCategory,
    "pathway_label": CarePathway,
    "dp_basis_label": DpBasis,
    "rule_label": PlanRule,
    "pathology_label": SeriousPathology,
}
for _name, _choices in CHOICE_LABELS.items():
    register.filter(_name, _choice_label(_choices))


@register.simple_tag
def dose(
    sets: int, reps: int | None, hold_seconds: int | None, times_per_day: int, days_per_week: int
) -> str:
    return Dose(sets, reps, hold_seconds, times_per_day, days_per_week).describe()


@register.filter
def fields_named(form: forms.BaseForm, names: str) -> list[BoundField]:
    """The form's bound fields named in ``names`` (separated by spaces), in that order."""
    return [form[name] for name in names.split()]


# --- The suggestion page (v2): JOSPT category, care pathway, directional basis, plan rules, causes ---

STRENGTH_LABELS = ((0.75, "Strong"), (0.5, "Moderate"), (0.0, "Weak"))
PATHWAY_EFFECT = {
    CarePathway.SELF_MANAGEMENT: "self-management, at most 3 exercises, education on staying active "
    "and a flare-up plan",
    CarePathway.PT_EXERCISE: "physiotherapy exercise, up to 6 exercises with at most 2 of a kind",
    CarePathway.PSYCHOLOGICALLY_INFORMED: "psychologically informed physiotherapy: a graded activity "
    "plan, pain education, at most one relaxation item",
}


@register.filter
def cpg_others(matches: list[str] | None, category: str | None) -> str:
    """The other JOSPT categories that also match, in words."""
    return "; ".join(_choice_label(CpgCategory)(m) for m in matches or () if m != category)


def _in_weeks(days: int) -> str:
    if days % 7:
        return f"{days} days"
    weeks = days // 7
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def _risk_words(suggestion: Mapping[str, Any], pathway: str) -> str:
    scores = suggestion.get("scores") or {}
    risk = (scores.get("startback") or {}).get("risk")
    if risk in StartBackRisk.values:
        return f"{StartBackRisk(risk).label} (STarT Back)"
    if pathway == CarePathway.PSYCHOLOGICALLY_INFORMED:
        return "High fear-avoidance (FABQ, no STarT Back)"
    return "No STarT Back screen"


@register.simple_tag
def pathway_effect(suggestion: Mapping[str, Any]) -> str:
    """What the care pathway did to the plan, in words for the therapist, e.g. "Low risk (STarT
    Back): self-management, at most 3 exercises, ..., first review in 4 weeks"; empty for a stored
    suggestion made before care pathways."""
    plan = suggestion.get("plan") or {}
    pathway = plan.get("care_pathway")
    if pathway not in CarePathway.values:
        return ""
    words = f"{_risk_words(suggestion, pathway)}: {PATHWAY_EFFECT[CarePathway(pathway)]}"
    review = plan.get("review_in_days")
    if isinstance(review, int):
        words += f", first review in {_in_weeks(review)}"
        level = (suggestion.get("triage") or {}).get("level")
        if level in (TriageLevel.URGENT, TriageLevel.PROMPT):
            words += " (sooner because of the red flags)"
    return words + "."


@register.filter
def relative_strengths(causes: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each cause with its strength relative to the best one: a label (Strongest, Strong, Moderate or
    Weak) and a bar length out of 100. Scores are not probabilities, so no percentage is shown."""
    scores = [float(c.get("score") or 0) for c in causes]
    best = max(scores, default=0.0)
    rows = []
    for cause, score in zip(causes, scores, strict=True):
        ratio = score / best if best > 0 else 0.0
        if ratio >= 1:
            label = "Strongest"
        else:
            label = next(name for floor, name in STRENGTH_LABELS if ratio >= floor)
        rows.append({"cause": cause, "label": label, "bar": max(1, round(ratio * 100))})
    return rows


@register.filter
def goal_words(goal: Mapping[str, Any]) -> str:
    names = {"nprs": "Pain", "odi": "ODI", "rmdq": "RMDQ", "psfs": "PSFS mean"}
    measure = names.get(str(goal.get("measure")), str(goal.get("measure")))
    comparator = "at least" if goal.get("comparator") == ">=" else "at most"
    return f"{measure} {comparator} {goal.get('target')} within {goal.get('due_in_days')} days"
