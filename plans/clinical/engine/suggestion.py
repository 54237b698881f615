"""Suggestion engine: triage, stage, scores, cause ranking, classification and a first plan from one
assessment.

Pure and deterministic: no ORM, no HTTP, no clock.
"""

from __future__ import annotations

from plans.clinical.catalog import Catalog
from plans.clinical.engine.causes import ranked_causes
from plans.clinical.engine.cpg import cpg_category, cpg_matches
from plans.clinical.engine.inputs import AssessmentInput, evidence_keys
from plans.clinical.engine.pathology import serious_pathology_suspected
from plans.clinical.engine.plan import build_plan
from plans.clinical.engine.results import Goal, Suggestion
from plans.clinical.goals import plan_goals
from plans.clinical.scoring import (
    OdiScore,
    PsfsScore,
    RmdqScore,
    StageThresholds,
    score_fabq,
    score_odi,
    score_psfs,
    score_rmdq,
    score_startback,
    stage_for_duration,
)
from plans.clinical.triage import assess_red_flags
from plans.clinical.vocabulary import Stage


def suggested_plan_goals(
    assessment: AssessmentInput, odi: OdiScore | None, rmdq: RmdqScore | None, psfs: PsfsScore | None
) -> tuple[Goal, ...]:
    """The contract's goals for the plan (goals.plan_goals), as the engine's results."""
    goals = plan_goals(
        nprs=assessment.nprs,
        odi_percent=None if odi is None else odi.percent,
        rmdq_total=None if rmdq is None else rmdq.total,
        psfs_mean=None if psfs is None else psfs.exact,
    )
    return tuple(
        Goal(
            measure=goal.measure,
            target=goal.target if isinstance(goal.target, int) else float(goal.target),
            comparator=goal.comparator,
            due_in_days=goal.due_in_days,
        )
        for goal in goals
    )


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
    suspected = serious_pathology_suspected(triage, assessment.findings)
    withheld = bool(suspected)
    causes = ranked_causes(assessment, evidence, catalog, triage, withheld=withheld)
    matches = cpg_matches(assessment, stage.value, risk, fabq, causes_withheld=withheld)
    goals = suggested_plan_goals(assessment, odi, rmdq, psfs)

    plan = None
    if not triage.blocks_plan:
        plan = build_plan(
            assessment,
            catalog,
            stage,
            triage,
            odi,
            risk,
            causes,
            fabq=fabq,
            causes_withheld=withheld,
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
        causes_withheld=withheld,
        serious_pathology_suspected=suspected,
        cpg_category=cpg_category(matches),
        cpg_matches=matches,
        evidence=evidence,
    )
