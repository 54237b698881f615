"""Recording an assessment: its scored results, the engine's suggestion and its findings, in one
transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from patients.models import Episode
from plans.clinical.engine import AssessmentInput, suggest
from plans.clinical.objective import derive_findings
from plans.clinical.scoring import body_mass_index, score_fabq, score_psfs, score_rmdq
from plans.clinical.vocabulary import Finding
from plans.models import Assessment, AssessmentFinding, ObjectiveMeasures, episode_day_error
from plans.models.measures import PSFS_ACTIVITY_LENGTH
from plans.selectors.library import load_catalog, stage_thresholds
from plans.services.caseload_state import caseload_state_refresh
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
    psfs_activities: tuple[str, ...] | None = None  # the patient's words, one per rating
    psfs_ratings: tuple[int, ...] | None = None  # 3-5 ratings 0-10
    rmdq_items: tuple[int, ...] | None = None  # 24 values 0/1; None: not taken
    fabq_items: tuple[int | None, ...] | None = None  # 16 values 0-6 or None; None: not taken
    pregnancy_weeks: int | None = None
    walking_tolerance_minutes: int | None = None
    objective: Mapping[str, Any] | None = None  # plans.models.objective.MEASURE_FIELDS; None: not taken

    # The form fields whose cleaned values the entry holds unchanged.
    FIELDS_FROM_FORM: ClassVar[tuple[str, ...]] = (
        "kind", "assessed_on", "region", "onset", "mechanism", "recurrent", "pain_distribution",
        "nprs_current", "nprs_best", "nprs_worst", "height_cm", "weight_kg", "pregnancy_weeks",
        "walking_tolerance_minutes",
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
            psfs_activities=form.psfs_activities,
            psfs_ratings=form.psfs_ratings,
            rmdq_items=form.rmdq_items,
            fabq_items=form.fabq_items,
            objective=form.objective_values,
        )


def _check_measures(entry: AssessmentEntry) -> None:
    """What the engine's scoring would refuse, as errors on the form's fields."""
    errors: dict[str, str] = {}
    if entry.pregnancy_weeks is not None and Finding.PREGNANT not in entry.findings:
        errors["pregnancy_weeks"] = "Weeks pregnant are recorded only with the finding “Pregnant”."
    if entry.psfs_ratings is not None:
        try:
            score_psfs(list(entry.psfs_ratings))
        except ValueError as error:
            errors["psfs_rating_1"] = str(error)
        activities = entry.psfs_activities or ()
        if len(activities) != len(entry.psfs_ratings) or not all(
            0 < len(a) <= PSFS_ACTIVITY_LENGTH for a in activities
        ):
            errors["psfs_activity_1"] = "Name each rated activity in 1 to 100 characters."
    if entry.rmdq_items is not None:
        try:
            score_rmdq(list(entry.rmdq_items))
        except ValueError as error:
            errors["rmdq_taken"] = str(error)
    if entry.fabq_items is not None:
        try:
            score_fabq(list(entry.fabq_items))
        except ValueError as error:
            errors["fabq_1"] = str(error)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assessment_record(*, episode: Episode, entry: AssessmentEntry, user) -> Assessment:
    if error := episode_day_error(entry.assessed_on, episode, "assessment"):
        raise ValidationError({"assessed_on": error})
    _check_measures(entry)
    if entry.objective:
        entry = replace(entry, findings=entry.findings | derive_findings(entry.objective))
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
        pregnancy_weeks=entry.pregnancy_weeks,
        walking_tolerance_minutes=entry.walking_tolerance_minutes,
        psfs_items=entry.psfs_ratings,
        psfs_activities=entry.psfs_activities,
        rmdq_items=entry.rmdq_items,
        fabq_items=entry.fabq_items,
    )
    suggestion = suggest(engine_input, load_catalog(), stage_thresholds=stage_thresholds(patient.clinic))
    odi, startback = suggestion.odi, suggestion.startback  # scored once, by the engine
    psfs, rmdq, fabq = suggestion.psfs, suggestion.rmdq, suggestion.fabq
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
        psfs_activities=list(entry.psfs_activities or ()) if psfs else [],
        psfs_ratings=list(psfs.ratings) if psfs else [],
        psfs_mean=psfs.mean if psfs else None,
        rmdq_items="".join(str(i) for i in entry.rmdq_items) if rmdq and entry.rmdq_items else "",
        rmdq_total=rmdq.total if rmdq else None,
        fabq_items=list(entry.fabq_items) if fabq and entry.fabq_items else [],
        fabq_pa=fabq.pa if fabq else None,
        fabq_w=fabq.w if fabq else None,
        pregnancy_weeks=entry.pregnancy_weeks,
        walking_tolerance_minutes=entry.walking_tolerance_minutes,
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
    if entry.objective:
        audited_save(ObjectiveMeasures(assessment=assessment, episode=episode, **entry.objective), user)
    if assessment.kind == Assessment.Kind.REEVALUATION:
        reevaluation_prompts_resolve(episode=episode, user=user)
    caseload_state_refresh(episode_ids=[episode.pk])
    return assessment
