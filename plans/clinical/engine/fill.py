"""Filling a physiotherapy plan after the rules' own items (api-contract.md "Plan rules (v2)" rule 6,
"as v1"): the likely causes' kinds in turn, but only kinds and items that fit the person, so a plan
never pads itself out with balance work for a young adult or a stretch that pulls on an irritated
nerve."""

from __future__ import annotations

from plans.clinical.catalog import CauseRule, ExerciseSpec
from plans.clinical.engine.causes import interleave
from plans.clinical.engine.exclusions import bmi_35, claudication_pattern
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.pool import Pool, candidate_key
from plans.clinical.engine.required import WALKING, nerve_root_signs
from plans.clinical.triage.findings import BONE_FRAGILITY
from plans.clinical.vocabulary import (
    CarePathway,
    CauseCode,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    Mechanism,
    PainDistribution,
    Region,
    Stage,
    TargetRegion,
)

K = ExerciseKind
F = Finding
P = ExerciseProperty

# Kinds used to fill a plan when the likely causes' own kinds run out.
FALLBACK_KINDS = (
    K.MOBILITY,
    K.STABILIZATION,
    K.AEROBIC,
    K.STRENGTHENING,
    K.RELAXATION,
    K.BALANCE,
    K.POSTURE,
)
# Only their own rules plan these kinds and items (pelvic-floor training is the pregnancy rule's).
RULE_ONLY_KINDS = frozenset({K.DIRECTIONAL_PREFERENCE, K.NERVE_MOBILITY, K.GRADED_ACTIVITY})
RULE_ONLY_ITEMS = frozenset({"pelvic-floor-transversus"})

AEROBIC_BY = 1  # index in the fill order
BALANCE_BY = 2
# Balance work is for falls risk: older adults, unsteady walking, thin bones.
BALANCE_FROM_AGE = 60
POSTURE_FINDINGS = frozenset({F.DESK_WORK, F.SLOUCHED_POSTURE, F.SUSTAINED_POSTURE_AGGRAVATES})
POSTURE_CAUSES = frozenset({CauseCode.POOR_POSTURE, CauseCode.VERTEBRAL_FRACTURE})
# Hip stretches: after the back's own mobility work; those with a straight knee also tension the
# sciatic nerve, so they stay out of a plan for an irritated nerve root.
HIP_STRETCHES = frozenset({"seated-hamstring-stretch", "hamstring-stretch-strap", "hip-flexor-stretch"})
NERVE_TENSION_STRETCHES = frozenset({"seated-hamstring-stretch", "hamstring-stretch-strap"})
LEG = frozenset({PainDistribution.BUTTOCK_THIGH, PainDistribution.BELOW_KNEE})
# Strength work that matches the person's day: lifting patterns for heavy work or a lifting injury,
# functional strength (standing up, steps, heels, pushing) for older adults.
LIFTING_PATTERN = frozenset({"hip-hinge-dowel", "goblet-squat", "neutral-spine-deadlift"})
FUNCTIONAL_STRENGTH = frozenset({"sit-to-stand", "heel-raise", "wall-push-up", "step-up"})
FUNCTIONAL_FROM_AGE = 65
# Getting down on hands and knees (or kneeling) and back up: not for the very old or the unsteady.
KNEELING = frozenset(
    {"bird-dog", "cat-camel", "four-point-arm-lift", "quadruped-rock-back", "hip-flexor-stretch"}
)
FLOOR_FREE_FROM_AGE = 75
SPINE_SPARING_FROM_AGE = 75
# The rib glide is made for pain around the chest; elsewhere it only fills a slot.
RIB_GLIDE = "rib-glide-breathing"
# A one-minute break from sitting: for people who sit, and never while a fracture is suspected (its
# "move your back any way that feels good" is not spine-sparing).
DESK_BREAK = "desk-movement-break"
SITTING_FINDINGS = frozenset({F.DESK_WORK, F.SEDENTARY, F.SLOUCHED_POSTURE})
# A first walk of 10 minutes (not a brisk 20) for the inactive and for older adults.
GENTLE_AEROBIC = frozenset({"walking-program", "stationary-cycling", "water-walking"})
# A gentler start (level 1 first) for widespread chronic pain and a BMI of 35 or more.
GENTLE_TARGET_LEVEL = 1


# Widespread pain: a small first plan, built up from there.
WIDESPREAD_MAX = 4


def gentle_start(assessment: AssessmentInput, stage: Stage) -> bool:
    widespread = F.WIDESPREAD_PAIN in assessment.findings and stage == Stage.CHRONIC
    return widespread or bmi_35(assessment)


def kind_fits(
    kind: str, assessment: AssessmentInput, stage: Stage, pathway: str, shaping: list[CauseRule]
) -> bool:
    """Whether a kind no rule asked for suits this person."""
    findings = assessment.findings
    if kind == K.BALANCE:
        return (
            assessment.age >= BALANCE_FROM_AGE
            or F.GAIT_DISTURBANCE in findings
            or bool(findings & BONE_FRAGILITY)
        )
    if kind == K.RELAXATION:
        return (
            pathway == CarePathway.PSYCHOLOGICALLY_INFORMED
            or bool(findings & {F.WIDESPREAD_PAIN, F.MUSCLE_SPASM})
            or assessment.mechanism == Mechanism.STRESS
        )
    if kind == K.POSTURE:
        return (
            assessment.region == Region.THORACIC
            or bool(findings & POSTURE_FINDINGS)
            or any(c.code in POSTURE_CAUSES for c in shaping)
        )
    return True


def nerve_irritated(assessment: AssessmentInput, shaping: list[CauseRule]) -> bool:
    findings = assessment.findings
    disc_leg = assessment.pain_distribution in LEG and any(
        c.code == CauseCode.HERNIATED_DISC for c in shaping
    )
    return (
        nerve_root_signs(assessment)
        or bool(findings & {F.POSITIVE_SLR, F.PERIPHERALIZES_WITH_FLEXION})
        or disc_leg
    )


def falls_risk(assessment: AssessmentInput) -> bool:
    """An older adult who has fallen or walks unsteadily: balance work comes early in the plan."""
    return assessment.age >= FUNCTIONAL_FROM_AGE and (
        assessment.mechanism == Mechanism.FALL or F.GAIT_DISTURBANCE in assessment.findings
    )


def kind_order(
    shaping: list[CauseRule], fits: set[str] | None = None, *, balance_early: bool = False
) -> list[str]:
    """The causes' kinds in turn, then the fallbacks; aerobic work comes no later than second, so
    every plan that can hold one has a walk or a ride in it (stay active), and with ``balance_early``
    balance work no later than third."""
    order: list[str] = []
    for kind in [*interleave([c.preferred_kinds for c in shaping]), *FALLBACK_KINDS]:
        if kind not in order and kind not in RULE_ONLY_KINDS and (fits is None or kind in fits):
            order.append(str(kind))
    if K.AEROBIC in order and order.index(K.AEROBIC) > AEROBIC_BY:
        order.remove(K.AEROBIC)
        order.insert(AEROBIC_BY, str(K.AEROBIC))
    if balance_early and K.BALANCE in order and order.index(K.BALANCE) > BALANCE_BY:
        order.remove(K.BALANCE)
        order.insert(BALANCE_BY, str(K.BALANCE))
    return order


def fill_avoids(
    findings: frozenset[str], tested: tuple[str, ...], trial: str | None, stage: Stage, *, age: int = 0
) -> frozenset[str]:
    """Movements a filling item should not bring in: the direction opposite the preferred one,
    bending forward when sitting and bending aggravate, and twisting while a tested direction is
    settling an acute back."""
    directions = {*tested, *((trial,) if trial else ())}
    avoid: set[str] = set()
    if directions & {P.SPINAL_EXTENSION, P.LATERAL_GLIDE} or F.WORSE_WITH_FLEXION_OR_SITTING in findings:
        avoid.add(P.SPINAL_FLEXION)
    if P.SPINAL_FLEXION in directions:
        avoid.add(P.SPINAL_EXTENSION)
    if tested and stage == Stage.ACUTE:
        avoid.add(P.ROTATION)
    if age >= SPINE_SPARING_FROM_AGE:
        # Bone health is rarely known at this age: no forward bending or twisting to fill a plan.
        avoid |= {P.SPINAL_FLEXION, P.ROTATION}
    return frozenset(str(p) for p in avoid)


def preferred_items(assessment: AssessmentInput, kind: str, shaping: list[CauseRule]) -> frozenset[str]:
    """The items of ``kind`` that fit this person's day best, chosen first."""
    older = assessment.age >= FUNCTIONAL_FROM_AGE
    if kind == K.STRENGTHENING:
        if older:
            return FUNCTIONAL_STRENGTH
        if F.STRENUOUS_JOB in assessment.findings or assessment.mechanism == Mechanism.LIFTING:
            return LIFTING_PATTERN
    if kind == K.AEROBIC:
        inactive = F.SEDENTARY in assessment.findings or any(
            c.code == CauseCode.DECONDITIONING for c in shaping[:1]
        )
        if older or inactive:
            return GENTLE_AEROBIC
    return frozenset()


def rib_glide_fits(assessment: AssessmentInput, shaping: list[CauseRule]) -> bool:
    return assessment.pain_distribution == PainDistribution.CHEST_ABDOMEN_BAND or any(
        c.code == CauseCode.THORACIC_RADICULOPATHY for c in shaping
    )


def floor_work_fits(assessment: AssessmentInput) -> bool:
    """Kneeling and face-down work: not for the very old, the unsteady, or widespread pain (sore knees
    and shoulders)."""
    findings = assessment.findings
    return assessment.age < FLOOR_FREE_FROM_AGE and not findings & {F.GAIT_DISTURBANCE, F.WIDESPREAD_PAIN}


def desk_break_fits(assessment: AssessmentInput, *, spine_sparing: bool) -> bool:
    return bool(assessment.findings & SITTING_FINDINGS) and not spine_sparing


def fill_candidates(
    pool: Pool,
    assessment: AssessmentInput,
    kind: str,
    shaping: list[CauseRule],
    avoid: frozenset[str] = frozenset(),
    directions: frozenset[str] = frozenset(),
    *,
    spine_sparing: bool = False,
) -> list[ExerciseSpec]:
    """Items of ``kind`` for filling, best first: no walking for a claudicant (interval walking is
    the rule's), no unsupported balance (a therapist's progression), no nerve-tensioning stretch for
    an irritated nerve, nothing with an ``avoid`` movement (``fill_avoids``), no mobility item in a
    planned directional item's ``directions`` (the same movement twice), no kneeling or face-down
    work for the very old or unsteady, the rib glide only for pain around the chest; hip stretches
    after the back's own mobility work, the painful region's items first, the items that fit the
    person's day first."""
    claudication = claudication_pattern(assessment.findings)
    irritated = nerve_irritated(assessment, shaping)
    preferred = preferred_items(assessment, kind, shaping)
    blocked = avoid | (directions if kind == K.MOBILITY else frozenset())
    floor = floor_work_fits(assessment) and not spine_sparing
    rib_glide = rib_glide_fits(assessment, shaping)
    desk_break = desk_break_fits(
        assessment, spine_sparing=spine_sparing or bool(assessment.findings & BONE_FRAGILITY)
    )
    found = [
        e
        for e in pool.items
        if e.kind == kind
        and e.slug not in RULE_ONLY_ITEMS
        and not (claudication and e.slug in WALKING)
        and P.UNSUPPORTED_BALANCE not in e.properties
        and not (irritated and e.slug in NERVE_TENSION_STRETCHES)
        and not blocked & set(e.properties)
        and (floor or (e.slug not in KNEELING and P.PRONE not in e.properties))
        and (rib_glide or e.slug != RIB_GLIDE)
        and (desk_break or e.slug != DESK_BREAK)
    ]
    return sorted(
        found,
        key=lambda e: (
            e.slug in HIP_STRETCHES,
            not region_suits(assessment, e.target_region),
            e.slug not in preferred,
            *candidate_key(e, pool.target_level),
        ),
    )


def region_suits(assessment: AssessmentInput, target: str) -> bool:
    """Items for the painful region (or the whole body) before the others the region rule lets in."""
    if assessment.region == Region.THORACIC:
        return target in (TargetRegion.THORACIC, TargetRegion.GENERAL)
    if F.SLOUCHED_POSTURE in assessment.findings and target == TargetRegion.THORACIC:
        return True  # the one upper-back item rule 2 allows a slouched lumbar patient
    return target in (TargetRegion.LUMBAR, TargetRegion.GENERAL)
