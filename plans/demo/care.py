"""An assessment with the engine's suggestion, and the plan version approved from it, as unsaved rows.

The engine (``plans.clinical.engine.suggest``) runs once per assessment; the stored fields are the
ones ``plans.services.assessments.assessment_record`` stores, and the plan is what the plan editor
starts from (``plans.selectors.plan_editor.editor_initial_from_suggestion``), approved unchanged.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from clinic import text
from patients.models import Episode, Patient, years_between
from plans.clinical.catalog import Catalog
from plans.clinical.engine import AssessmentInput, suggest
from plans.clinical.goals import suggested_goals
from plans.clinical.progress import Goal, ProgressThresholds
from plans.clinical.scoring import StageThresholds, body_mass_index
from plans.models import (
    Assessment,
    AssessmentFinding,
    Plan,
    PlanEducation,
    PlanExercise,
    PlanGoal,
    PlanVersion,
)


@dataclass
class ClinicContext:
    clinic: Any
    therapists: list
    progress: ProgressThresholds
    stages: StageThresholds


@dataclass
class Rows:
    """Everything one batch of patients writes, in the order it is inserted."""

    patients: list = field(default_factory=list)
    episodes: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    assessment_findings: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    versions: list = field(default_factory=list)
    plan_exercises: list = field(default_factory=list)
    plan_education: list = field(default_factory=list)
    plan_goals: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    visit_findings: list = field(default_factory=list)
    prompts: list = field(default_factory=list)
    referrals: list = field(default_factory=list)
    home_logs: list = field(default_factory=list)
    home_log_exercises: list = field(default_factory=list)  # (home log, plan exercise)
    clinical_notes: list = field(default_factory=list)


@dataclass(frozen=True)
class Approved:
    plan: Plan
    version: PlanVersion
    exercises: list[PlanExercise]
    goals: list[Goal]  # the measured goals, as the progress rules take them


@dataclass(frozen=True)
class Measured:
    """What the therapist measured at an assessment."""

    on: date
    nprs: int
    odi: tuple[int | None, ...] | None
    findings: frozenset[str]
    pain_distribution: str
    startback: tuple[int, ...] | None = None
    bothersomeness: str = ""
    height_cm: Decimal | None = None
    weight_kg: Decimal | None = None


def code_of(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from the seeded generator, so that a seed always gives the same codes."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of the clinic's local day (the settings' time zone)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def stamp(row, user, when: datetime):
    """Name who made the row and when, for its history row (bulk_create_with_history reads these)."""
    row._history_user = user
    row._history_date = when
    return row


def assessment_rows(
    rng: random.Random,
    rows: Rows,
    *,
    catalog: Catalog,
    where: ClinicContext,
    patient: Patient,
    episode: Episode,
    therapist,
    kind: str,
    measured: Measured,
) -> Assessment:
    """The assessment, scored and suggested by the engine, with its findings."""
    age = years_between(patient.date_of_birth, measured.on)
    duration_days = (measured.on - episode.onset_date).days
    bmi = None
    if measured.height_cm is not None and measured.weight_kg is not None:
        bmi = body_mass_index(measured.height_cm, measured.weight_kg)
    suggestion = suggest(
        AssessmentInput(
            age=age,
            region=episode.region,
            onset=episode.onset,
            duration_days=duration_days,
            sex=patient.sex or None,
            recurrent=episode.recurrent,
            mechanism=episode.mechanism,
            pain_distribution=measured.pain_distribution,
            nprs=measured.nprs,
            bmi=bmi,
            odi=measured.odi,
            startback_items=measured.startback,
            startback_bothersomeness=measured.bothersomeness or None,
            findings=measured.findings,
        ),
        catalog,
        stage_thresholds=where.stages,
    )
    odi, startback = suggestion.odi, suggestion.startback
    assessment = Assessment(
        code=code_of(rng),
        episode=episode,
        kind=kind,
        assessed_on=measured.on,
        assessed_by=therapist,
        age=age,
        region=episode.region,
        onset=episode.onset,
        duration_days=duration_days,
        mechanism=episode.mechanism,
        recurrent=episode.recurrent,
        pain_distribution=measured.pain_distribution,
        nprs_current=measured.nprs,
        nprs_worst=min(10, measured.nprs + rng.randint(0, 2)),
        odi_percent=odi.percent if odi else None,
        odi_band=odi.band.value if odi and odi.band else "",
        odi_answered=odi.answered if odi else 0,
        odi_valid=odi.valid if odi else False,
        startback_items="".join(map(str, measured.startback)) if measured.startback else "",
        startback_bothersomeness=measured.bothersomeness if startback else "",
        startback_total=startback.total if startback else None,
        startback_psychosocial=startback.psychosocial if startback else None,
        startback_risk=startback.risk.value if startback else "",
        height_cm=measured.height_cm,
        weight_kg=measured.weight_kg,
        bmi=bmi,
        stage=suggestion.stage,
        triage_level=suggestion.triage.level.value,
        suggestion=suggestion.as_dict(),
    )
    for number, value in enumerate(measured.odi or (None,) * 10, start=1):
        setattr(assessment, f"odi_{number}", value)
    when = at(measured.on, 8, 30)
    rows.assessments.append(stamp(assessment, therapist, when))
    rows.assessment_findings += [
        stamp(AssessmentFinding(assessment=assessment, code=code), therapist, when)
        for code in sorted(measured.findings)
    ]
    return assessment


def plan_rows(
    rng: random.Random,
    rows: Rows,
    *,
    ids: dict[str, dict[str, int]],
    where: ClinicContext,
    episode: Episode,
    plan: Plan | None,
    number: int,
    assessment: Assessment,
    therapist,
) -> Approved | None:
    """The suggested plan approved as version ``number`` on the assessment day, or None when the
    suggestion has no plan (an emergency)."""
    suggested = assessment.suggestion.get("plan") or {}
    if not suggested:
        return None
    approved = at(assessment.assessed_on, 9, rng.randrange(60))
    if plan is None:
        plan = stamp(Plan(code=code_of(rng), episode=episode), therapist, approved)
        rows.plans.append(plan)
    version = PlanVersion(
        plan=plan,
        number=number,
        approved_at=approved,
        approved_by=therapist,
        assessment=assessment,
        reason="" if number == 1 else "Re-evaluated: plan brought up to date with the new findings.",
        patient_note="" if number == 1 else "Your exercises were updated after your review.",
        review_date=assessment.assessed_on + timedelta(days=suggested.get("review_in_days", 14)),
        activity_advice="\n".join(suggested.get("activity_advice", []))[: text.NOTE],
        notes="\n".join(filter(None, [suggested.get("referral") or "", *suggested.get("notes", [])]))[
            : text.NOTE
        ],
    )
    rows.versions.append(stamp(version, therapist, approved))
    exercises: list[PlanExercise] = []
    seen: set[int] = set()
    for row in suggested.get("exercises", []):
        pk = ids["exercise"].get(row["slug"])
        if pk is None or pk in seen:
            continue
        seen.add(pk)
        exercises.append(
            PlanExercise(
                version=version,
                exercise_id=pk,
                order=len(exercises) + 1,
                sets=row["sets"],
                reps=row["reps"],
                hold_seconds=row["hold_seconds"],
                times_per_day=row["times_per_day"],
                days_per_week=row["days_per_week"],
                reason=(row.get("reason") or "")[:300],
            )
        )
    rows.plan_exercises += [stamp(e, therapist, approved) for e in exercises]
    education = [
        ids["education"][e["slug"]] for e in suggested.get("education", []) if e["slug"] in ids["education"]
    ]
    rows.plan_education += [
        stamp(PlanEducation(version=version, item_id=pk, order=order), therapist, approved)
        for order, pk in enumerate(dict.fromkeys(education))
    ]
    goals = suggested_goals(
        nprs=assessment.nprs_current, odi_percent=assessment.odi_percent, thresholds=where.progress
    )
    rows.plan_goals += [
        stamp(
            PlanGoal(
                version=version,
                measure=goal.measure,
                target=Decimal(goal.target),
                due_date=assessment.assessed_on + timedelta(days=goal.due_in_days),
            ),
            therapist,
            approved,
        )
        for goal in goals
    ]
    # plans.selectors.visits.plan_goals: every suggested goal is NPRS or ODI, with a target.
    return Approved(plan, version, exercises, [Goal(g.measure, Decimal(g.target)) for g in goals])
