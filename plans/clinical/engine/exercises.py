"""Which library exercises a suggested plan holds: what the findings rule out, which kinds the likely
causes call for, and the level the stage allows."""

from __future__ import annotations

from plans.clinical.catalog import Catalog, CauseRule, ExerciseSpec
from plans.clinical.engine.causes import TOP_N, interleave, plan_causes
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.results import PlannedExercise, RankedCause
from plans.clinical.triage import Triage
from plans.clinical.triage.findings import BONE_FRAGILITY
from plans.clinical.vocabulary import (
    CauseCode,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    PainDistribution,
    Region,
    Stage,
    TriageFlag,
)

P = ExerciseProperty
TARGET_EXERCISES = 6
MAX_EXERCISES = 7
MAX_PER_KIND = 2

MAX_LEVEL = {Stage.ACUTE: 1, Stage.SUBACUTE: 2, Stage.CHRONIC: 3}
TARGET_LEVEL = {Stage.ACUTE: 1, Stage.SUBACUTE: 2, Stage.CHRONIC: 2}

# Kinds used to fill a plan when the likely causes' own kinds run out.
FALLBACK_KINDS = (
    ExerciseKind.MOBILITY,
    ExerciseKind.STABILIZATION,
    ExerciseKind.AEROBIC,
    ExerciseKind.STRENGTHENING,
    ExerciseKind.RELAXATION,
    ExerciseKind.BALANCE,
    ExerciseKind.POSTURE,
)

KIND_REASON: dict[str, str] = {
    ExerciseKind.MOBILITY: "Gentle movement to ease stiffness and keep your back moving.",
    ExerciseKind.DIRECTIONAL_PREFERENCE: "Repeats the movement that eased your pain when it was tested.",
    ExerciseKind.STABILIZATION: "Trains the deep tummy and back muscles that support your spine.",
    ExerciseKind.STRENGTHENING: "Builds strength so everyday tasks get easier.",
    ExerciseKind.AEROBIC: "Whole-body activity that eases pain and builds stamina.",
    ExerciseKind.NERVE_MOBILITY: "Helps an irritated nerve slide more freely.",
    ExerciseKind.BALANCE: "Improves balance and lowers the chance of a fall.",
    ExerciseKind.POSTURE: "Helps you change position and loosens a stiff upper back.",
    ExerciseKind.RELAXATION: "Calms tense muscles and a busy mind.",
}

LEG_PAIN = frozenset({PainDistribution.BUTTOCK_THIGH, PainDistribution.BELOW_KNEE})
NERVE_SIGNS = frozenset({Finding.POSITIVE_SLR, Finding.NUMBNESS, Finding.TINGLING, Finding.REFLEX_LOSS})
# Thin bones: spine-sparing, so no forward bending, twisting or jumping (Too Fit To Fracture).
BONE_RISK_FORBIDDEN = frozenset({P.LOADED_SPINAL_FLEXION, P.SPINAL_FLEXION, P.ROTATION, P.HIGH_IMPACT})


def forbidden_properties(
    assessment: AssessmentInput,
    top: tuple[RankedCause, ...],
    catalog: Catalog,
    *,
    triage: Triage | None = None,
) -> frozenset[str]:
    forbidden: set[str] = set()
    for ranked in top:
        rule = catalog.cause(ranked.code)
        if rule is not None:
            forbidden |= rule.contraindicated
    codes = {c.code for c in top}
    if CauseCode.VERTEBRAL_FRACTURE in codes:
        forbidden.add(P.LOADED_SPINAL_FLEXION)
    if assessment.findings & BONE_FRAGILITY:
        forbidden |= BONE_RISK_FORBIDDEN
    if Finding.PERIPHERALIZES_WITH_FLEXION in assessment.findings:
        forbidden.add(P.SPINAL_FLEXION)
        forbidden.add(P.LOADED_SPINAL_FLEXION)
    if Finding.WORSE_WITH_EXTENSION_OR_STANDING in assessment.findings:
        forbidden.add(P.SPINAL_EXTENSION)
    if triage is not None and any(f.code == TriageFlag.SPONDYLOLYSIS for f in triage.flags):
        # A possible pars stress injury: no extension or impact loading until cleared (§8.5).
        forbidden |= {P.SPINAL_EXTENSION, P.HIGH_IMPACT}
    return frozenset(str(p) for p in forbidden)


def preferred_direction(findings: frozenset[str]) -> str | None:
    """The movement direction repeated-movement exercises should follow, if the findings show one."""
    extension = findings & {
        Finding.CENTRALIZES_WITH_EXTENSION,
        Finding.PERIPHERALIZES_WITH_FLEXION,
        Finding.WORSE_WITH_FLEXION_OR_SITTING,
    }
    flexion = findings & {Finding.RELIEF_WITH_SITTING_OR_FLEXION, Finding.WORSE_WITH_EXTENSION_OR_STANDING}
    if extension and not flexion:
        return P.SPINAL_EXTENSION
    if flexion and not extension:
        return P.SPINAL_FLEXION
    return None


def _kind_order(causes: list[CauseRule]) -> list[str]:
    order: list[str] = []
    for kind in [*interleave([c.preferred_kinds for c in causes]), *FALLBACK_KINDS]:
        if kind not in order:
            order.append(str(kind))
    return order


def _candidate_key(ex: ExerciseSpec, target_level: int) -> tuple[int, int, bool, bool, int, str]:
    """Within a kind: nearest the stage's level, then the most neutral movement, then the start of a
    progression (so the therapist can step it up or down), then slug."""
    in_progression = ex.easier is not None or ex.harder is not None
    return (
        abs(ex.level - target_level),
        len(ex.properties),
        not in_progression,
        ex.easier is not None,
        ex.level,
        ex.slug,
    )


def _suits(
    ex: ExerciseSpec, stage: Stage, forbidden: frozenset[str], direction: str | None, nerve: bool
) -> bool:
    if not ex.approved or stage.value not in ex.stages or ex.level > MAX_LEVEL[stage]:
        return False
    if ex.properties & forbidden or (ex.loaded_spinal_flexion and P.LOADED_SPINAL_FLEXION in forbidden):
        return False
    if ex.kind == ExerciseKind.DIRECTIONAL_PREFERENCE:
        # Repeated movements need a tested direction; never guess one.
        return direction is not None and direction in ex.properties
    if ex.kind == ExerciseKind.NERVE_MOBILITY:
        # The library's nerve sliders are for the sciatic nerve: lumbar leg pain with nerve signs.
        return nerve
    return True


def _reason(ex: ExerciseSpec, causes: list[CauseRule]) -> str:
    fits = [c.name.lower() for c in causes if ex.kind in c.preferred_kinds]
    text = KIND_REASON.get(ex.kind, "Chosen by your therapist.")
    if fits:
        text += " Suits likely " + " and ".join(fits) + "."
    return text


def select_exercises(
    assessment: AssessmentInput,
    catalog: Catalog,
    stage: Stage,
    causes: tuple[RankedCause, ...],
    *,
    triage: Triage | None = None,
) -> tuple[PlannedExercise, ...]:
    forbidden = forbidden_properties(assessment, causes[:TOP_N], catalog, triage=triage)
    direction = preferred_direction(assessment.findings)
    leg_nerve_signs = (
        assessment.region == Region.LUMBAR
        and assessment.pain_distribution in LEG_PAIN
        and bool(assessment.findings & NERVE_SIGNS)
    )
    shaping = plan_causes(causes, catalog)

    by_kind: dict[str, list[ExerciseSpec]] = {}
    for ex in catalog.exercises:
        if _suits(ex, stage, forbidden, direction, leg_nerve_signs):
            by_kind.setdefault(ex.kind, []).append(ex)
    for candidates in by_kind.values():
        candidates.sort(key=lambda e: _candidate_key(e, TARGET_LEVEL[stage]))

    order = _kind_order(shaping)
    chosen: list[ExerciseSpec] = []
    for round_ in range(MAX_PER_KIND):
        for kind in order:
            if len(chosen) >= TARGET_EXERCISES:
                break
            candidates = by_kind.get(kind, [])
            if round_ < len(candidates):
                chosen.append(candidates[round_])
    return tuple(PlannedExercise.of(ex, _reason(ex, shaping)) for ex in chosen[:MAX_EXERCISES])
