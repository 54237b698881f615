"""Suggestion engine: triage, stage, scores, cause ranking and a first plan from one assessment.

Pure and deterministic: no ORM, no HTTP, no clock.
"""

from __future__ import annotations

from plans.clinical.catalog import Catalog
from plans.clinical.engine.causes import rank_causes
from plans.clinical.engine.inputs import AssessmentInput, evidence_keys
from plans.clinical.engine.plan import build_plan
from plans.clinical.engine.results import Goal, Suggestion
from plans.clinical.goals import suggested_goals
from plans.clinical.progress import ProgressThresholds
from plans.clinical.scoring import (
    StageThresholds,
    score_fabq,
    score_odi,
    score_psfs,
    score_rmdq,
    score_startback,
    stage_for_duration,
)
from plans.clinical.triage import assess_red_flags
from plans.clinical.vocabulary import CauseCode, Finding, Stage


def suggest(
    assessment: AssessmentInput,
    catalog: Catalog,
    *,
    stage_thresholds: StageThresholds = StageThresholds(),  # noqa: B008 - frozen, immutable default
) -> Suggestion:
    triage = assess_red_flags(
        findings=assessment.findings,
        age=assessment.age,
        mechanism=assessment.mechanism,
        region=assessment.region,
        duration_days=assessment.duration_days,
        sex=assessment.sex,
        onset=assessment.onset,
    )
    stage = Stage(stage_for_duration(assessment.duration_days, stage_thresholds))
    odi = score_odi(list(assessment.odi)) if assessment.odi is not None else None
    startback = None
    if assessment.startback_items is not None:
        startback = score_startback(
            list(assessment.startback_items), str(assessment.startback_bothersomeness)
        )
    psfs = None if assessment.psfs_items is None else score_psfs(list(assessment.psfs_items))
    rmdq = None if assessment.rmdq_items is None else score_rmdq(list(assessment.rmdq_items))
    fabq = None if assessment.fabq_items is None else score_fabq(list(assessment.fabq_items))
    risk = None if startback is None else str(startback.risk)
    evidence = evidence_keys(assessment, stage.value, risk)
    causes = rank_causes(evidence, catalog.causes)
    if Finding.FRACTURE_EXCLUDED in assessment.findings:
        causes = tuple(c for c in causes if c.code != CauseCode.VERTEBRAL_FRACTURE)

    plan = None
    if not triage.blocks_plan:
        goals = tuple(
            Goal(g.measure, g.target, "<=", g.due_in_days)
            for g in suggested_goals(
                nprs=assessment.nprs,
                odi_percent=None if odi is None else odi.percent,
                thresholds=ProgressThresholds(),
            )
        )
        plan = build_plan(
            assessment,
            catalog,
            stage,
            triage,
            odi,
            risk,
            causes,
            fabq=fabq,
            causes_withheld=False,
            goals=goals,
        )
    return Suggestion(
        triage=triage,
        stage=stage.value,
        odi=odi,
        startback=startback,
        causes=causes,
        plan=plan,
        psfs=psfs,
        rmdq=rmdq,
        fabq=fabq,
        evidence=evidence,
    )
