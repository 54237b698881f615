"""Items a plan must hold for some findings (api-contract.md "Plan rules (v2)" rules 2 and 5,
clinical-reference.md §8.9). A requirement is met only when the pool (already past the exclusions,
region and levels) has a fitting item; an exclusion always beats a requirement."""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import ceil

from plans.clinical.catalog import CauseRule, ExerciseSpec
from plans.clinical.dose import Dose
from plans.clinical.engine.exclusions import bmi_35, claudication_pattern, spondylolysis_flag
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.pool import Chosen, Pool
from plans.clinical.engine.results import RankedCause
from plans.clinical.triage import Triage
from plans.clinical.vocabulary import (
    CauseCode,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    PainDistribution,
    PlanRule,
    Region,
    Stage,
    TargetRegion,
    TriageFlag,
)

F = Finding
K = ExerciseKind
P = ExerciseProperty

WALKING = ("walking-program", "brisk-walking", "interval-walking")
INTERVAL_WALKING = "interval-walking"
CYCLING = "stationary-cycling"
WATER_WALKING = "water-walking"
PELVIC_FLOOR = "pelvic-floor-transversus"
PELVIC_STABILITY = ("side-lying-leg-lift", "standing-pelvic-stability")
ANTI_EXTENSION = ("dead-bug", "dead-bug-arms", "mcgill-curl-up", "abdominal-bracing")
HAMSTRING = ("hamstring-stretch-strap", "seated-hamstring-stretch")
RIB_GLIDE = "rib-glide-breathing"
# Sliders for the sciatic nerve (the straight-leg-raise and slump pattern), gentlest first; the
# femoral slider for thigh pain with nerve-root signs and no positive straight-leg raise (the upper
# lumbar roots, tested by the prone knee bend, which the assessment does not record).
SCIATIC_SLIDERS = ("supine-nerve-glide", "sciatic-nerve-slider", "slump-slider")
FEMORAL_SLIDER = "femoral-nerve-slider"
LYING_SLIDER = "supine-nerve-glide"  # when sitting itself hurts
NERVE_CHOICE_NOTE = {
    "sciatic": "Nerve glide chosen for the sciatic nerve (pain at the back of the thigh or below the "
    "knee); use the femoral slider instead for front-of-thigh pain with a positive prone knee bend.",
    "femoral": "Nerve glide chosen for thigh pain without a positive straight-leg raise (upper lumbar "
    "roots); confirm with the prone knee bend, and use a sciatic slider instead if the pain is at the "
    "back of the thigh.",
}
BACK_EXTENSOR_ISOMETRICS = "back-extensor-isometrics"
# Inflammatory back pain: keep the spine extending and rotating (ASAS-EULAR exercise advice).
EXTENSION_MOBILITY = {
    Region.LUMBAR: ("cat-camel", "prone-head-lift"),
    Region.THORACIC: ("thoracic-extension-towel", "thoracic-extension-roller"),
}
EDU_PELVIC_GIRDLE = "pelvic-girdle-pain"

# Interval walking (claudication): bouts at the tolerated time, at most 20 minutes, 5 when unknown.
BOUT_CAP_MINUTES = 20
BOUT_UNKNOWN_SECONDS = 300
WALKING_TARGET_SECONDS = 600
INTERVAL_SETS = range(2, 7)
BMI_35_MAX_BOUT_SECONDS = 600

LEG = frozenset({PainDistribution.BUTTOCK_THIGH, PainDistribution.BELOW_KNEE})
NERVE_ROOT_SIGNS = frozenset(
    {F.POSITIVE_SLR, F.NUMBNESS, F.TINGLING, F.WEAKNESS, F.REFLEX_LOSS, F.PROGRESSIVE_WEAKNESS}
)
BELOW_KNEE_SIGNS = frozenset({F.NUMBNESS, F.TINGLING, F.WEAKNESS, F.REFLEX_LOSS})
CENTRALISES = frozenset(
    {
        F.CENTRALIZES_WITH_EXTENSION,
        F.CENTRALIZES_WITH_FLEXION,
        F.CENTRALIZES_WITH_LATERAL_SHIFT_CORRECTION,
    }
)

REASON = {
    "cycling": "Cycling builds stamina while you sit bent slightly forward, which your legs usually "
    "cope with better than walking.",
    "interval": "Short walks with rests, sitting down or leaning forward, so you can walk further over time.",
    "non_weight_bearing": "Builds stamina without your full body weight going through your back and knees.",
    "pelvic_floor": "Trains the deep muscles low in your tummy and pelvis that support your back.",
    "walking": "Regular walking is safe and good for your back, during pregnancy and after a birth.",
    "pelvic_girdle": "Steadies your pelvis, so standing, walking and turning in bed get easier.",
    "trunk_control": "Trains your tummy muscles to stop your lower back arching.",
    "hamstring": "Loosens the back of your thighs, which eases the pull on your lower back.",
    "nerve": "Helps an irritated nerve glide more freely, gently and without a hard stretch.",
    "upper_back": "Keeps your upper back moving, which eases pain around your chest.",
    "rib_glide": "Deep breaths that gently move your ribs and ease pain around your chest.",
    "extension": "Bends your back gently backwards, so it stays supple and upright.",
    "rotation": "Turns your spine gently, so it keeps its full twist.",
    "back_extensors": "Strengthens the muscles that hold your back upright, without bending it.",
}
STOP_SPORT_ADVICE = (
    "Stop the sport that brings on your back pain until a sports doctor has checked your back."
)


@dataclass(frozen=True)
class Required:
    items: tuple[Chosen, ...]
    education: tuple[str, ...]
    advice: tuple[str, ...]
    notes: tuple[str, ...] = ()  # for the therapist


def interval_walking_dose(base: Dose, tolerance_minutes: int | None, *, max_bout: int | None) -> Dose:
    """Bouts at the tolerated walking time (at most 20 minutes; 5 when unknown), enough of them for
    about 10 minutes in all, 2 to 6."""
    if tolerance_minutes is None:
        bout = BOUT_UNKNOWN_SECONDS
    else:
        bout = 60 * min(tolerance_minutes, BOUT_CAP_MINUTES)
    if max_bout is not None:
        bout = min(bout, max_bout)
    sets = ceil(WALKING_TARGET_SECONDS / bout)
    sets = min(max(sets, INTERVAL_SETS.start), INTERVAL_SETS.stop - 1)
    return replace(base, sets=sets, reps=None, hold_seconds=bout)


def nerve_root_signs(assessment: AssessmentInput) -> bool:
    findings = assessment.findings
    leg = assessment.pain_distribution in LEG or F.BILATERAL_LEG_SYMPTOMS in findings
    return assessment.region == Region.LUMBAR and (
        (leg and bool(findings & NERVE_ROOT_SIGNS))
        or F.POSITIVE_SLR in findings
        or (assessment.pain_distribution == PainDistribution.BELOW_KNEE and bool(findings & BELOW_KNEE_SIGNS))
    )


def thoracic_needs(assessment: AssessmentInput, causes: tuple[RankedCause, ...]) -> bool:
    first = causes[0].code if causes else None
    return assessment.region == Region.THORACIC and (
        first == CauseCode.THORACIC_RADICULOPATHY
        or assessment.pain_distribution == PainDistribution.CHEST_ABDOMEN_BAND
    )


def thoracic_item(pool: Pool, kind: str) -> ExerciseSpec | None:
    return pool.best(
        lambda e: e.target_region == TargetRegion.THORACIC and e.kind == kind and e.slug != RIB_GLIDE
    )


def is_tensioner(slug: str) -> bool:
    return "tensioner" in slug


def femoral_pattern(assessment: AssessmentInput) -> bool:
    return (
        assessment.pain_distribution == PainDistribution.BUTTOCK_THIGH
        and F.POSITIVE_SLR not in assessment.findings
    )


def nerve_item(pool: Pool, assessment: AssessmentInput, *, slider_only: bool) -> str | None:
    """The slider for the nerve the pattern points to (``femoral_pattern``, else sciatic); any other
    slider, then (when allowed) a tensioner, only when that one does not fit."""
    femoral = femoral_pattern(assessment)
    sitting_hurts = F.WORSE_WITH_FLEXION_OR_SITTING in assessment.findings
    sciatic = pool.get(LYING_SLIDER) if sitting_hurts else None
    sciatic = sciatic or pool.best(lambda e: e.slug in SCIATIC_SLIDERS)
    nerve = pool.get(FEMORAL_SLIDER) if femoral else sciatic
    nerve = nerve or pool.best(lambda e: e.kind == K.NERVE_MOBILITY and not is_tensioner(e.slug))
    nerve = nerve or pool.best(
        lambda e: e.kind == K.NERVE_MOBILITY and not (slider_only and is_tensioner(e.slug))
    )
    return None if nerve is None else nerve.slug


def inflammatory_pattern(triage: Triage, causes: tuple[RankedCause, ...], shaping: list[CauseRule]) -> bool:
    flagged = any(flag.code == TriageFlag.AXIAL_SPA for flag in triage.flags)
    return flagged or any(c.code == CauseCode.INFLAMMATORY_BACK_PAIN for c in shaping)


def required_items(
    assessment: AssessmentInput,
    pool: Pool,
    stage: Stage,
    triage: Triage,
    causes: tuple[RankedCause, ...],
    shaping: list[CauseRule] | None = None,
) -> Required:
    """``shaping``: the causes strong enough to shape the plan (``plan_causes``)."""
    findings = assessment.findings
    items: list[Chosen] = []
    education: list[str] = []
    advice: list[str] = []
    notes: list[str] = []

    def add(spec_slug: str | None, rule: str, reason: str, dose: Dose | None = None) -> None:
        spec = None if spec_slug is None else pool.get(spec_slug)
        if spec is not None and all(c.spec.slug != spec.slug for c in items):
            items.append(Chosen(spec, rule, REASON[reason], dose=dose))

    def has(slugs: tuple[str, ...]) -> bool:
        return any(c.spec.slug in slugs for c in items)

    if thoracic_needs(assessment, causes):
        # A thoracic mobility item first; a posture item only when no mobility item fits.
        upper = thoracic_item(pool, K.MOBILITY) or thoracic_item(pool, K.POSTURE)
        add(None if upper is None else upper.slug, PlanRule.THORACIC, "upper_back")
        add(RIB_GLIDE, PlanRule.THORACIC, "rib_glide")

    max_bout = BMI_35_MAX_BOUT_SECONDS if bmi_35(assessment) else None
    if claudication_pattern(findings):
        add(CYCLING, PlanRule.CLAUDICATION, "cycling")
        walk = pool.first_of((INTERVAL_WALKING, *WALKING))
        if walk is not None:
            dose = interval_walking_dose(walk.dose, assessment.walking_tolerance_minutes, max_bout=max_bout)
            add(walk.slug, PlanRule.CLAUDICATION, "interval", dose)

    if bmi_35(assessment) and not any(
        c.spec.kind == K.AEROBIC and P.NON_WEIGHT_BEARING in c.spec.properties for c in items
    ):
        aerobic = pool.first_of((CYCLING, WATER_WALKING)) or pool.best(
            lambda e: e.kind == K.AEROBIC and P.NON_WEIGHT_BEARING in e.properties
        )
        add(None if aerobic is None else aerobic.slug, PlanRule.BMI_35, "non_weight_bearing")

    pregnant_or_postpartum = bool(findings & {F.PREGNANT, F.POSTPARTUM})
    if pregnant_or_postpartum:
        add(PELVIC_FLOOR, PlanRule.PREGNANCY, "pelvic_floor")
        if not has((*WALKING, WATER_WALKING)):
            walk = pool.first_of(("walking-program", WATER_WALKING))
            add(None if walk is None else walk.slug, PlanRule.PREGNANCY, "walking")

    top_codes = {c.code for c in causes[:3]}
    if CauseCode.SACROILIAC_PELVIC_GIRDLE in top_codes or (
        F.PELVIC_GIRDLE_PAIN in findings and pregnant_or_postpartum
    ):
        stability = pool.first_of(PELVIC_STABILITY)
        add(None if stability is None else stability.slug, PlanRule.PELVIC_GIRDLE, "pelvic_girdle")
        education.append(EDU_PELVIC_GIRDLE)

    first = shaping[0].code if shaping else None
    if spondylolysis_flag(triage) or first == CauseCode.SPONDYLOLYSIS:
        control = pool.first_of(ANTI_EXTENSION)
        add(None if control is None else control.slug, PlanRule.SPONDYLOLYSIS, "trunk_control")
        stretch = pool.first_of(HAMSTRING)
        add(None if stretch is None else stretch.slug, PlanRule.SPONDYLOLYSIS, "hamstring")
        advice.append(STOP_SPORT_ADVICE)

    if nerve_root_signs(assessment) and not findings & CENTRALISES:
        slider_only = stage == Stage.ACUTE or F.PERIPHERALIZES_WITH_FLEXION in findings
        before = len(items)
        add(nerve_item(pool, assessment, slider_only=slider_only), PlanRule.NERVE_ROOT, "nerve")
        if len(items) > before:
            notes.append(NERVE_CHOICE_NOTE["femoral" if femoral_pattern(assessment) else "sciatic"])

    if any(c.code == CauseCode.VERTEBRAL_FRACTURE for c in shaping or []):
        # Too Fit To Fracture: back-extensor strength, spine kept straight.
        add(BACK_EXTENSOR_ISOMETRICS, PlanRule.CAUSE, "back_extensors")

    if inflammatory_pattern(triage, causes, shaping or []):
        extension = pool.first_of(EXTENSION_MOBILITY.get(Region(assessment.region), ()))
        add(None if extension is None else extension.slug, PlanRule.CAUSE, "extension")
        rotation = pool.best(
            lambda e: (
                e.kind == K.MOBILITY
                and P.ROTATION in e.properties
                and region_matches(assessment, e.target_region)
            )
        )
        add(None if rotation is None else rotation.slug, PlanRule.CAUSE, "rotation")

    return Required(items=tuple(items), education=tuple(education), advice=tuple(advice), notes=tuple(notes))


def region_matches(assessment: AssessmentInput, target: str) -> bool:
    upper = target in (TargetRegion.THORACIC, TargetRegion.CERVICAL)
    return upper if assessment.region == Region.THORACIC else not upper


def walking_dose(chosen: Chosen, assessment: AssessmentInput) -> Chosen:
    """Any walking bout at most 10 minutes with a BMI of 35 or more."""
    spec = chosen.spec
    dose = chosen.dose or spec.dose
    if spec.slug in WALKING and bmi_35(assessment) and (dose.hold_seconds or 0) > BMI_35_MAX_BOUT_SECONDS:
        return replace(chosen, dose=replace(dose, hold_seconds=BMI_35_MAX_BOUT_SECONDS))
    return chosen
