"""Recording an assessment: its scored results, the engine's suggestion and its findings, in one
transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from patients.models import Episode
from plans.clinical.engine import AssessmentInput, suggest
from plans.clinical.scoring import body_mass_index
from plans.models import Assessment, AssessmentFinding, episode_day_error
from plans.selectors.library import load_catalog, stage_thresholds
from plans.services.history import audited_save
from plans.services.prompts import reevaluation_prompts_resolve


@dataclass(frozen=True)
class AssessmentEntry:
    """What the therapist entered; everything else is derived."""

    kind: str
    assessed_on: date
    region: str
    onset: str
    mechanism: str
    recurrent: bool
    pain_distribution: str
    nprs_current: int
    nprs_best: int | None = None
    nprs_worst: int | None = None
    odi_sections: tuple[int | None, ...] | None = None
    startback_items: tuple[int, ...] | None = None
    startback_bothersomeness: str = ""
    height_cm: Decimal | None = None
    weight_kg: Decimal | None = None
    notes: str = ""
    findings: frozenset[str] = field(default_factory=frozenset)

    # The form fields whose cleaned values the entry holds unchanged.
    FIELDS_FROM_FORM: ClassVar[tuple[str, ...]] = (
        "kind", "assessed_on", "region", "onset", "mechanism", "recurrent", "pain_distribution",
        "nprs_current", "nprs_best", "nprs_worst", "height_cm", "weight_kg",
    )  # fmt: skip

    @classmethod
    def from_form(cls, form) -> AssessmentEntry:
        data = form.cleaned_data
        return cls(
            **{name: data.get(name) for name in cls.FIELDS_FROM_FORM},
            odi_sections=form.odi_sections,
            startback_items=form.startback_items,
            startback_bothersomeness=data.get("startback_bothersomeness") or "",
            notes=data.get("notes", ""),
            findings=form.findings,
        )


@transaction.atomic
def assessment_record(*, episode: Episode, entry: AssessmentEntry, user) -> Assessment:
    if error := episode_day_error(entry.assessed_on, episode, "assessment"):
        raise ValidationError({"assessed_on": error})
    patient = episode.patient
    age = patient.age_on(entry.assessed_on)
    duration_days = episode.duration_days_on(entry.assessed_on)
    bmi = None
    if entry.height_cm is not None and entry.weight_kg is not None:
        bmi = body_mass_index(entry.height_cm, entry.weight_kg)
    engine_input = AssessmentInput(
        age=age,
        region=entry.region,
        onset=entry.onset,
        duration_days=duration_days,
        sex=patient.sex or None,
        recurrent=entry.recurrent,
        mechanism=entry.mechanism,
        pain_distribution=entry.pain_distribution,
        nprs=entry.nprs_current,
        bmi=bmi,
        odi=entry.odi_sections,
        startback_items=entry.startback_items,
        startback_bothersomeness=entry.startback_bothersomeness or None,
        findings=entry.findings,
    )
    suggestion = suggest(engine_input, load_catalog(), stage_thresholds=stage_thresholds(patient.clinic))
    odi, startback = suggestion.odi, suggestion.startback  # scored once, by the engine
    assessment = Assessment(
        episode=episode,
        kind=entry.kind,
        assessed_on=entry.assessed_on,
        assessed_by=user,
        age=age,
        region=entry.region,
        onset=entry.onset,
        duration_days=duration_days,
        mechanism=entry.mechanism,
        recurrent=entry.recurrent,
        pain_distribution=entry.pain_distribution,
        nprs_current=entry.nprs_current,
        nprs_best=entry.nprs_best,
        nprs_worst=entry.nprs_worst,
        odi_percent=odi.percent if odi else None,
        odi_band=odi.band.value if odi and odi.band else "",
        odi_answered=odi.answered if odi else 0,
        odi_valid=odi.valid if odi else False,
        startback_items="".join(str(i) for i in entry.startback_items) if entry.startback_items else "",
        startback_bothersomeness=entry.startback_bothersomeness if startback else "",
        startback_total=startback.total if startback else None,
        startback_psychosocial=startback.psychosocial if startback else None,
        startback_risk=startback.risk.value if startback else "",
        height_cm=entry.height_cm,
        weight_kg=entry.weight_kg,
        bmi=bmi,
        notes=entry.notes,
        stage=suggestion.stage,
        triage_level=suggestion.triage.level.value,
        suggestion=suggestion.as_dict(),
    )
    for number, value in enumerate(entry.odi_sections or (None,) * 10, start=1):
        setattr(assessment, f"odi_{number}", value)
    audited_save(assessment, user)
    bulk_create_with_history(
        [AssessmentFinding(assessment=assessment, code=code) for code in sorted(entry.findings)],
        AssessmentFinding,
        default_user=user,
    )
    if assessment.kind == Assessment.Kind.REEVALUATION:
        reevaluation_prompts_resolve(episode=episode, user=user)
    return assessment
