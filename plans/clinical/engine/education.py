"""Which leaflets a suggested plan gives (api-contract.md "Plan rules (v2)" rules 6 and 7, and the
plan review): the pathway's and the required items' first, then those the findings and the leading
causes call for, when they fit the person; fewer while a doctor must see the patient first or a
fracture is not ruled out."""

from __future__ import annotations

from plans.clinical.catalog import Catalog, CauseRule
from plans.clinical.engine.causes import interleave
from plans.clinical.engine.exclusions import claudication_pattern
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.required import LEG, NERVE_ROOT_SIGNS
from plans.clinical.engine.results import EducationRef
from plans.clinical.scoring import FabqScore
from plans.clinical.triage.findings import BONE_FRAGILITY
from plans.clinical.vocabulary import (
    TRIAGE_SEVERITY,
    CauseCode,
    Finding,
    Mechanism,
    PainDistribution,
    Sex,
    TriageLevel,
)

MAX_EDUCATION = 5

STAY_ACTIVE = "stay-active"
EDU_PAIN = "understanding-pain"
EDU_DESK = "sitting-and-desk-work"
EDU_LIFTING = "lifting-and-carrying"
EDU_SAFETY_NET = "when-to-seek-help"
EDU_SPINE_SPARING = "spine-sparing-daily-tasks"
EDU_NARROW_CANAL = "walking-with-narrow-canal"
EDU_WORK = "returning-to-work"
EDU_SPORT = "sport-and-a-sore-back"
EDU_MORNING_STIFFNESS = "morning-stiffness"
EDU_BONES = "strength-for-bones"
EDU_NERVE = "nerve-pain-explained"
EDU_FLARE_UP = "flare-up-plan"
CAUTION_DOCTOR = "doctor"
CAUTION_FRACTURE = "fracture"
EDU_STRESS_SLEEP = "stress-and-sleep"
OLDER_WOMAN_AGE = 65
ADULT_AGE = 18
STENOSIS = frozenset({CauseCode.CENTRAL_CANAL_STENOSIS, CauseCode.FORAMINAL_STENOSIS})


def narrow_canal_pattern(assessment: AssessmentInput, shaping: list[CauseRule]) -> bool:
    """What the narrow-canal advice and leaflet are for: legs that tire on walking and ease on
    sitting (the claudication pattern), or leg pain with a stenosis as the leading cause; not back
    pain alone, and not a disc's sciatica with a stenosis ranked behind it."""
    if not any(c.code in STENOSIS for c in shaping):
        return False
    leg = assessment.pain_distribution in LEG or Finding.BILATERAL_LEG_SYMPTOMS in assessment.findings
    return claudication_pattern(assessment.findings) or (leg and shaping[0].code in STENOSIS)


def nerve_pattern(assessment: AssessmentInput) -> bool:
    """Pain below the knee or around the chest, or a nerve-root sign: what the nerve leaflet explains
    (buttock or thigh pain alone is usually referred, not from a nerve)."""
    return assessment.pain_distribution in (
        PainDistribution.BELOW_KNEE,
        PainDistribution.CHEST_ABDOMEN_BAND,
    ) or bool(assessment.findings & {*NERVE_ROOT_SIGNS, Finding.BILATERAL_LEG_SYMPTOMS})


def fits_person(slug: str, assessment: AssessmentInput, shaping: list[CauseRule]) -> bool:
    """Leaflets a cause calls for that do not fit this person: the narrow-canal leaflet without its
    pattern, the nerve leaflet for back-only pain, the return-to-work leaflet for a child, the
    bone-strength leaflet under 50 with no sign of thin bones."""
    if slug == EDU_NARROW_CANAL:
        walking_limited = (
            Finding.WALKING_INTOLERANCE in assessment.findings
            or assessment.walking_tolerance_minutes is not None
        )
        return walking_limited and narrow_canal_pattern(assessment, shaping)
    if slug == EDU_NERVE:
        return nerve_pattern(assessment)
    if slug == EDU_WORK:
        return assessment.age >= ADULT_AGE
    if slug == EDU_BONES:
        return bones_at_risk(assessment, shaping)
    return True


def bones_at_risk(assessment: AssessmentInput, shaping: list[CauseRule]) -> bool:
    """Thin bones known or likely: recorded fragility, a suspected fracture, or a woman over 65."""
    older_woman = assessment.sex == Sex.FEMALE and assessment.age >= OLDER_WOMAN_AGE
    return (
        bool(assessment.findings & BONE_FRAGILITY)
        or any(c.code == CauseCode.VERTEBRAL_FRACTURE for c in shaping)
        or older_woman
    )


def not_yet(caution: str | None, assessment: AssessmentInput) -> frozenset[str]:
    """Leaflets that reassure about loading, left out while a fracture is not ruled out (a flare-up
    plan still goes to someone who has had episodes before)."""
    if caution != CAUTION_FRACTURE:
        return frozenset()
    later = {EDU_LIFTING, EDU_PAIN}
    if Finding.PREVIOUS_EPISODES not in assessment.findings:
        later.add(EDU_FLARE_UP)
    return frozenset(later)


def select_education(
    assessment: AssessmentInput,
    catalog: Catalog,
    triage_level: str,
    shaping: list[CauseRule],
    *,
    first: tuple[str, ...] = (STAY_ACTIVE,),
    fabq: FabqScore | None = None,
    caution: str | None = None,
) -> tuple[EducationRef, ...]:
    """``first``: the slugs the pathway and the required items call for, kept ahead of the rest.
    ``caution``: ``CAUTION_DOCTOR`` while causes are withheld or an urgent flag holds the plan (only
    what the pathway requires and the safety net), ``CAUTION_FRACTURE`` while a fracture is not ruled
    out (the spine-sparing leaflet first, nothing that reassures about loading)."""
    findings = assessment.findings
    if caution == CAUTION_DOCTOR:
        spine = [EDU_SPINE_SPARING] if findings & BONE_FRAGILITY else []
        return _education_refs([*first, EDU_SAFETY_NET, *spine], catalog)
    slugs: list[str] = list(first)
    if caution == CAUTION_FRACTURE:
        slugs.append(EDU_SPINE_SPARING)
    if fabq is not None and fabq.w_high:
        slugs.append(EDU_WORK)  # fear that work will harm the back
    if Finding.SEVERE_MORNING_STIFFNESS in findings:
        slugs.append(EDU_MORNING_STIFFNESS)
    if assessment.mechanism == Mechanism.SPORTS_INJURY or Finding.REPETITIVE_EXTENSION_SPORT in findings:
        slugs.append(EDU_SPORT)
    if Finding.WIDESPREAD_PAIN in findings:
        slugs.append(EDU_STRESS_SLEEP)
    if Finding.WORSE_WITH_FLEXION_OR_SITTING in findings:
        slugs.append(EDU_DESK)
    # Bilateral leg symptoms get the safety net even when stable claudication raises no flag, and so
    # do nerve-root signs and pain below the knee (what to do if the leg weakens or numbness spreads).
    if (
        TRIAGE_SEVERITY[triage_level] >= TRIAGE_SEVERITY[TriageLevel.PROMPT]
        or Finding.BILATERAL_LEG_SYMPTOMS in findings
        or bool(findings & NERVE_ROOT_SIGNS)
        or assessment.pain_distribution == PainDistribution.BELOW_KNEE
    ):
        slugs.append(EDU_SAFETY_NET)
    if findings & BONE_FRAGILITY:
        slugs.append(EDU_SPINE_SPARING)
    if shaping and shaping[0].education:
        slugs.append(shaping[0].education[0])
    if Finding.DESK_WORK in findings:
        slugs.append(EDU_DESK)
    if assessment.mechanism == Mechanism.LIFTING or Finding.STRENUOUS_JOB in findings:
        slugs.append(EDU_LIFTING)
    slugs += interleave([c.education for c in shaping])
    later = not_yet(caution, assessment) - set(first)
    wanted = [s for s in slugs if s not in later and (s in first or fits_person(s, assessment, shaping))]
    return _education_refs(wanted, catalog)


def _education_refs(slugs: list[str], catalog: Catalog) -> tuple[EducationRef, ...]:
    refs: list[EducationRef] = []
    for slug in slugs:
        item = catalog.education_item(slug)
        if item is not None and all(r.slug != slug for r in refs):
            refs.append(EducationRef(slug=item.slug, title=item.title))
    return tuple(refs[:MAX_EDUCATION])
