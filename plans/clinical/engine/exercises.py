"""Which library exercises a suggested plan holds (api-contract.md "Plan rules (v2)" rules 1-7): what
the findings and causes rule out, the region and the level allowed, the directional preference, the
required items, and how many the care pathway wants."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from plans.clinical.catalog import Catalog, CauseRule, ExerciseSpec
from plans.clinical.engine.causes import plan_causes
from plans.clinical.engine.direction import (
    SPONDYLOLYSIS_TRIAL_NOTE,
    TESTED_MAX_LEVEL,
    TRIAL_NOTE,
    TRIAL_REASON,
    TRIAL_RULED_OUT_NOTE,
    pick_position,
    pick_repeated,
    pick_trial,
    tested_directions,
    trial_direction,
)
from plans.clinical.engine.exclusions import (
    Exclusions,
    claudication_pattern,
    fracture_suspected,
    plan_exclusions,
    spondylolysis_flag,
)
from plans.clinical.engine.fill import (
    GENTLE_TARGET_LEVEL,
    RIB_GLIDE,
    WIDESPREAD_MAX,
    falls_risk,
    fill_avoids,
    fill_candidates,
    gentle_start,
    kind_fits,
    kind_order,
    rib_glide_fits,
)
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.pool import UPPER_REGIONS, Chosen, Picks, Pool
from plans.clinical.engine.required import Required, required_items, walking_dose
from plans.clinical.engine.results import PlannedExercise, RankedCause
from plans.clinical.engine.stratified import (
    MAX_PER_KIND,
    MAX_RELAXATION_HIGH,
    PT_TARGET,
    SELF_MANAGEMENT_MAX,
    WITHHELD_MAX,
)
from plans.clinical.scoring import FabqScore
from plans.clinical.triage import Triage
from plans.clinical.vocabulary import (
    CarePathway,
    CauseCode,
    DpBasis,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    PlanRule,
    Region,
    Stage,
    TargetRegion,
    TriageLevel,
)

K = ExerciseKind
P = ExerciseProperty
MAX_EXERCISES = 7

MAX_LEVEL = {Stage.ACUTE: 1, Stage.SUBACUTE: 2, Stage.CHRONIC: 3}
TARGET_LEVEL = {Stage.ACUTE: 1, Stage.SUBACUTE: 2, Stage.CHRONIC: 2}

SAFE_ACTIVITY_KINDS = (K.AEROBIC, K.MOBILITY, K.RELAXATION)

KIND_REASON: dict[str, str] = {
    K.MOBILITY: "Gentle movement to ease stiffness and keep your back moving.",
    K.DIRECTIONAL_PREFERENCE: "Repeats the movement that eased your pain when it was tested.",
    K.STABILIZATION: "Trains the deep tummy and back muscles that support your spine.",
    K.STRENGTHENING: "Builds strength so everyday tasks get easier.",
    K.AEROBIC: "Whole-body activity that eases pain and builds stamina.",
    K.NERVE_MOBILITY: "Helps an irritated nerve slide more freely.",
    K.BALANCE: "Improves balance and lowers the chance of a fall.",
    K.POSTURE: "Helps you change position often, so your back does not stiffen.",
    K.RELAXATION: "Calms tense muscles and a busy mind.",
    K.GRADED_ACTIVITY: "Builds up the activities that matter to you on a set schedule, not by how "
    "much it hurts.",
}
# Items whose own purpose the kind's reason does not say.
ITEM_REASON = {
    "wall-angel": "Eases a stiff upper back and helps you stand taller.",
    "thoracic-extension-towel": "Eases a stiff upper back and helps you stand taller.",
    "thoracic-extension-roller": "Eases a stiff upper back and helps you stand taller.",
}
TESTED_REASON = "Repeats the movement that eased your pain when your therapist tested it."
POSITION_REASON = "An easier way into the same movement, for when the full one is too much."
GRADED_EXPOSURE_REASON = "Helps you get back to movements you have been avoiding, one small step at a time."
SAFE_ACTIVITY_REASON = "Gentle, safe activity to keep you moving until a doctor has checked your back."
GRADED_ACTIVITY = "graded-activity-plan"
GRADED_EXPOSURE = "graded-exposure-plan"


@dataclass(frozen=True)
class ExerciseChoice:
    exercises: tuple[PlannedExercise, ...]
    dp_basis: str | None
    education: tuple[str, ...]  # slugs the required items call for
    advice: tuple[str, ...]  # for the patient
    notes: tuple[str, ...]  # for the therapist
    fracture_suspected: bool = False


def region_allows(assessment: AssessmentInput, ex: ExerciseSpec) -> bool:
    if assessment.region == Region.LUMBAR:
        return ex.target_region not in UPPER_REGIONS or Finding.SLOUCHED_POSTURE in assessment.findings
    if assessment.region == Region.THORACIC:
        return ex.target_region != TargetRegion.LUMBAR
    return True


def _pool(
    assessment: AssessmentInput, catalog: Catalog, stage: Stage, exclusions: Exclusions, max_level: int
) -> list[ExerciseSpec]:
    return [
        ex
        for ex in catalog.exercises
        if ex.approved
        and stage.value in ex.stages
        and ex.level <= max_level
        and exclusions.allows(ex)
        and region_allows(assessment, ex)
    ]


def _tested_pool(
    assessment: AssessmentInput, catalog: Catalog, exclusions: Exclusions, max_level: int
) -> list[ExerciseSpec]:
    """Directional items in a tested direction: up to level 2 in any stage, whatever their stages."""
    return [
        ex
        for ex in catalog.exercises
        if ex.approved
        and ex.kind == K.DIRECTIONAL_PREFERENCE
        and ex.level <= max_level
        and exclusions.allows(ex, tested=True)
        and region_allows(assessment, ex)
    ]


def _directions(findings: frozenset[str]) -> tuple[tuple[str, ...], str | None]:
    tested = tested_directions(findings)
    trial = None if tested else trial_direction(findings)
    if claudication_pattern(findings):
        # Flexion-biased: a directional item, if any, is in flexion.
        tested = tuple(d for d in tested if d == P.SPINAL_FLEXION)
        trial = trial if trial == P.SPINAL_FLEXION else None
    return tested, trial


def _of_kind(kind: str, *, general: bool) -> Callable[[ExerciseSpec], bool]:
    def wanted(ex: ExerciseSpec) -> bool:
        return ex.kind == kind and (not general or ex.target_region == TargetRegion.GENERAL)

    return wanted


def _safe_activity(pool: Pool, assessment: AssessmentInput) -> list[Chosen]:
    picks = Picks(assessment, max_relaxation=1)
    if not rib_glide_fits(assessment, []):
        pool = replace(pool, items=tuple(e for e in pool.items if e.slug != RIB_GLIDE))
    for kind in SAFE_ACTIVITY_KINDS:
        ex = pool.first_of(("walking-program",)) if kind == K.AEROBIC else None
        ex = ex or pool.best(_of_kind(kind, general=True)) or pool.best(_of_kind(kind, general=False))
        if ex is not None:
            picks.add(Chosen(ex, PlanRule.SAFE_ACTIVITY, SAFE_ACTIVITY_REASON))
    return picks.ordered()[:WITHHELD_MAX]


def _directional(
    tested: tuple[str, ...], trial: str | None, tested_pool: list[ExerciseSpec], pool: Pool
) -> tuple[list[Chosen], str | None]:
    chosen: list[Chosen] = []
    if tested:
        last: tuple[str, ExerciseSpec] | None = None
        for direction in tested:
            found = pick_repeated(tested_pool, direction)
            if found is not None:
                chosen.append(Chosen(found, PlanRule.DIRECTION_TESTED, TESTED_REASON))
                last = (direction, found)
        # At most one easier position, and at most two directional items in all.
        if len(chosen) == 1 and last is not None:
            position = pick_position(tested_pool, *last)
            if position is not None:
                chosen.append(Chosen(position, PlanRule.DIRECTION_POSITION, POSITION_REASON))
        return chosen, (str(DpBasis.TESTED) if chosen else None)
    if trial is not None:
        item = pick_trial(list(pool.items), trial)
        if item is not None:
            chosen.append(Chosen(item, PlanRule.DIRECTION_TRIAL, TRIAL_REASON, trial=True))
            return chosen, str(DpBasis.TRIAL)
    return chosen, None


def fill_reason(ex: ExerciseSpec) -> str:
    return ITEM_REASON.get(ex.slug) or KIND_REASON.get(ex.kind, "Chosen by your therapist.")


def _direction_notes(trial: str | None, dp_basis: str | None, *, spondylolysis: bool) -> tuple[str, ...]:
    if dp_basis == DpBasis.TRIAL:
        return (SPONDYLOLYSIS_TRIAL_NOTE if spondylolysis else TRIAL_NOTE,)
    if trial is not None and dp_basis is None:
        words = "an extension" if trial == P.SPINAL_EXTENSION else "a flexion"
        return (TRIAL_RULED_OUT_NOTE.format(direction=words),)
    return ()


def _graded(pool: Pool, fabq: FabqScore | None) -> Chosen | None:
    if fabq is not None and fabq.pa_high:
        exposure = pool.get(GRADED_EXPOSURE)
        if exposure is not None:
            return Chosen(exposure, PlanRule.GRADED_ACTIVITY, GRADED_EXPOSURE_REASON)
    activity = pool.get(GRADED_ACTIVITY) or pool.best(lambda e: e.kind == K.GRADED_ACTIVITY)
    if activity is None:
        return None
    return Chosen(activity, PlanRule.GRADED_ACTIVITY, KIND_REASON[K.GRADED_ACTIVITY])


def select_exercises(
    assessment: AssessmentInput,
    catalog: Catalog,
    stage: Stage,
    causes: tuple[RankedCause, ...],
    *,
    triage: Triage,
    pathway: str,
    causes_withheld: bool,
    fabq: FabqScore | None = None,
) -> ExerciseChoice:
    stage = Stage(stage)
    tested, trial = _directions(assessment.findings)
    exclusions = plan_exclusions(
        assessment,
        catalog,
        triage,
        causes,
        tested_extension=P.SPINAL_EXTENSION in tested,
        causes_withheld=causes_withheld,
    )
    fracture = not causes_withheld and fracture_suspected(triage, causes)
    cautious = causes_withheld or triage.level == TriageLevel.URGENT or fracture
    max_level = 1 if cautious else MAX_LEVEL[stage]
    gentle = cautious or gentle_start(assessment, stage)
    target = GENTLE_TARGET_LEVEL if gentle else TARGET_LEVEL[stage]
    pool = Pool(tuple(_pool(assessment, catalog, stage, exclusions, max_level)), target)

    if causes_withheld:
        items = _safe_activity(pool, assessment)
        return ExerciseChoice(tuple(c.planned() for c in items), None, (), (), ())
    shaping = plan_causes(causes, catalog)

    tested_level = TESTED_MAX_LEVEL if cautious else max(TESTED_MAX_LEVEL, max_level)
    tested_pool = _tested_pool(assessment, catalog, exclusions, tested_level)
    directional, dp_basis = _directional(tested, trial, tested_pool, pool)
    required = required_items(assessment, pool, stage, triage, causes, shaping)
    pars = spondylolysis_flag(triage) or bool(shaping and shaping[0].code == CauseCode.SPONDYLOLYSIS)
    notes = (*_direction_notes(trial, dp_basis, spondylolysis=pars), *required.notes)

    avoid = fill_avoids(assessment.findings, tested, trial, stage, age=assessment.age)
    planned_directions = frozenset(
        p for c in directional for p in c.spec.properties if p in (P.SPINAL_FLEXION, P.SPINAL_EXTENSION)
    )
    high = pathway == CarePathway.PSYCHOLOGICALLY_INFORMED
    picks = Picks(assessment, max_relaxation=MAX_RELAXATION_HIGH if high else None)
    if pathway == CarePathway.SELF_MANAGEMENT:
        _self_management(
            picks, directional, required, pool, assessment, shaping, avoid, planned_directions, fracture
        )
        limit = SELF_MANAGEMENT_MAX
    else:
        for chosen in directional:
            picks.add(chosen)
        graded = _graded(pool, fabq) if high else None
        if graded is not None:
            picks.add(graded)
        for chosen in required.items:
            picks.add(chosen)
        _fill(
            picks,
            pool,
            assessment,
            shaping,
            stage=Stage.ACUTE if cautious else stage,
            pathway=pathway,
            avoid=avoid,
            directions=planned_directions,
            spine_sparing=fracture,
        )
        limit = MAX_EXERCISES
    items = [walking_dose(c, assessment) for c in picks.ordered()[:limit]]
    return ExerciseChoice(
        exercises=tuple(c.planned() for c in items),
        dp_basis=dp_basis if any(c.spec.kind == K.DIRECTIONAL_PREFERENCE for c in items) else None,
        education=required.education,
        advice=required.advice,
        notes=notes,
        fracture_suspected=fracture,
    )


def _self_management(
    picks: Picks,
    directional: list[Chosen],
    required: Required,
    pool: Pool,
    assessment: AssessmentInput,
    shaping: list[CauseRule],
    avoid: frozenset[str],
    directions: frozenset[str],
    spine_sparing: bool,
) -> None:
    """At most 3, in the contract's order: the directional item, the required items, one mobility
    item, one aerobic item; an item a leading cause calls for (``PlanRule.CAUSE``) takes the
    mobility place."""
    rules = [c for c in required.items if c.rule != PlanRule.CAUSE]
    for_cause = [c for c in required.items if c.rule == PlanRule.CAUSE][:1]
    ordered = [*directional[:1], *rules, *for_cause]
    for kind in (K.AEROBIC,) if for_cause else (K.MOBILITY, K.AEROBIC):
        found = fill_candidates(
            pool, assessment, kind, shaping, avoid, directions, spine_sparing=spine_sparing
        )
        fresh = [e for e in found if all(c.spec.slug != e.slug for c in ordered)]
        if fresh:
            ordered.append(Chosen(fresh[0], PlanRule.CAUSE, fill_reason(fresh[0])))
    for chosen in ordered:
        if len(picks.items) >= SELF_MANAGEMENT_MAX:
            break
        picks.add(chosen)


def _fill(
    picks: Picks,
    pool: Pool,
    assessment: AssessmentInput,
    shaping: list[CauseRule],
    *,
    stage: Stage,
    pathway: str,
    avoid: frozenset[str],
    directions: frozenset[str],
    spine_sparing: bool,
) -> None:
    """v1: the causes' kinds in turn, at most 2 of a kind, up to the stage's target (a held or
    fracture-cautious plan as if acute); only kinds that fit the person."""
    fits = {str(k) for k in ExerciseKind if kind_fits(k, assessment, stage, pathway, shaping)}
    order = kind_order(shaping, fits, balance_early=falls_risk(assessment))
    by_kind = {
        kind: fill_candidates(pool, assessment, kind, shaping, avoid, directions, spine_sparing=spine_sparing)
        for kind in order
    }
    target = PT_TARGET[stage]
    if Finding.WIDESPREAD_PAIN in assessment.findings:
        target = min(target, WIDESPREAD_MAX)
    for _round in range(MAX_PER_KIND):
        for kind in order:
            if len(picks.items) >= target:
                return
            for ex in by_kind[kind]:
                if picks.fits(ex, per_kind=_round + 1):
                    picks.add(Chosen(ex, PlanRule.CAUSE, fill_reason(ex)))
                    break
