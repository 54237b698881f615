"""The first plan suggested for an assessment: exercises, education, advice, referral, notes and goals."""

from __future__ import annotations

from plans.clinical.catalog import Catalog, CauseRule
from plans.clinical.engine.causes import SHAPING_SCORE, TOP_N, interleave, plan_causes
from plans.clinical.engine.exclusions import bmi_35, claudication_pattern
from plans.clinical.engine.exercises import select_exercises
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.required import LEG, NERVE_ROOT_SIGNS
from plans.clinical.engine.results import EducationRef, Goal, PlanSuggestion, RankedCause
from plans.clinical.engine.stratified import (
    WITHHELD_NOTE,
    care_pathway,
    pathway_education,
    pathway_note,
    review_in_days,
)
from plans.clinical.scoring import FabqScore, OdiScore
from plans.clinical.triage import Triage
from plans.clinical.triage.findings import BONE_FRAGILITY, INJURY_MECHANISMS
from plans.clinical.vocabulary import (
    TRIAGE_SEVERITY,
    CarePathway,
    CauseCode,
    Finding,
    Mechanism,
    PainDistribution,
    Stage,
    StartBackRisk,
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
BONE_LEAFLET_FROM_AGE = 50
ADULT_AGE = 18
# Below this walking time a bout of 10 minutes is more than the legs allow.
SHORT_WALK_MINUTES = 10
STENOSIS = frozenset({CauseCode.CENTRAL_CANAL_STENOSIS, CauseCode.FORAMINAL_STENOSIS})

WAITING_ADVICE = (
    "Keep gently active within comfort until a doctor has checked your back.",
    "Short, easy walks are fine. Stop anything that makes the pain much worse.",
)
MEDICINE_NOTE = (
    "Medicines and injections are the physician's decision: record what the patient takes and how well "
    "it helps, but do not advise on drugs or doses."
)

REFERRAL_PREFIX = {
    TriageLevel.URGENT: "Urgent referral (same day)",
    TriageLevel.PROMPT: "Prompt referral (within days)",
}


def narrow_canal_pattern(assessment: AssessmentInput, shaping: list[CauseRule]) -> bool:
    """What the narrow-canal advice and leaflet are for: legs that tire on walking and ease on
    sitting (the claudication pattern), or leg pain with a stenosis as the leading cause; not back
    pain alone, and not a disc's sciatica with a stenosis ranked behind it."""
    if not any(c.code in STENOSIS for c in shaping):
        return False
    leg = assessment.pain_distribution in LEG or Finding.BILATERAL_LEG_SYMPTOMS in assessment.findings
    return claudication_pattern(assessment.findings) or (leg and shaping[0].code in STENOSIS)


def nerve_pattern(assessment: AssessmentInput) -> bool:
    """Pain reaching a leg or around the chest, or a nerve-root sign: what the nerve leaflet explains."""
    return assessment.pain_distribution in (*LEG, PainDistribution.CHEST_ABDOMEN_BAND) or bool(
        assessment.findings & {*NERVE_ROOT_SIGNS, Finding.BILATERAL_LEG_SYMPTOMS}
    )


def fits_person(slug: str, assessment: AssessmentInput, shaping: list[CauseRule]) -> bool:
    """Leaflets a cause calls for that do not fit this person: the narrow-canal leaflet without its
    pattern, the nerve leaflet for back-only pain, the return-to-work leaflet for a child, the
    bone-strength leaflet under 50 with no sign of thin bones."""
    if slug == EDU_NARROW_CANAL:
        return narrow_canal_pattern(assessment, shaping)
    if slug == EDU_NERVE:
        return nerve_pattern(assessment)
    if slug == EDU_WORK:
        return assessment.age >= ADULT_AGE
    if slug == EDU_BONES:
        return assessment.age >= BONE_LEAFLET_FROM_AGE or bool(assessment.findings & BONE_FRAGILITY)
    return True


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
    # Bilateral leg symptoms get the safety net even when stable claudication raises no flag.
    if (
        TRIAGE_SEVERITY[triage_level] >= TRIAGE_SEVERITY[TriageLevel.PROMPT]
        or Finding.BILATERAL_LEG_SYMPTOMS in findings
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


def activity_advice(
    assessment: AssessmentInput,
    stage: Stage,
    causes: tuple[RankedCause, ...],
    shaping: list[CauseRule],
    *,
    fracture_suspected: bool = False,
    waiting_for_doctor: bool = False,
    pathway: str | None = None,
) -> tuple[str, ...]:
    """``shaping``: the causes strong enough to shape the plan (``plan_causes``);
    ``waiting_for_doctor``: causes are withheld or the plan is held for a referral, so the advice is
    to keep gently active, not to build up."""
    findings = assessment.findings
    if waiting_for_doctor:
        return WAITING_ADVICE
    codes = {c.code for c in causes[:TOP_N]}
    top = causes[0].code if causes else None
    advice = [
        "Stay as active as you can. Gentle, regular movement helps your back heal faster than keeping still.",
        "Build up step by step: do a little more each week, even if your back is still a bit sore.",
    ]
    minor_acute = stage == Stage.ACUTE and top in (CauseCode.MUSCLE_STRAIN_SPRAIN, CauseCode.TRAUMATIC_INJURY)
    if minor_acute:
        advice.append(
            "If the pain is strong, take a day or two of easier activity, then a graded return to normal."
        )
    if Finding.STRENUOUS_JOB in findings and stage == Stage.ACUTE:
        advice.append(
            "With a physically hard job, a day or two of lighter duties can help, then a graded return "
            "to your full work."
        )
    elif Finding.STRENUOUS_JOB in findings:
        advice.append(
            "With a physically hard job, build up to your full duties step by step. Agree the plan "
            "with your therapist and your employer."
        )
    if Finding.DESK_WORK in findings or Finding.SUSTAINED_POSTURE_AGGRAVATES in findings:
        advice.append("Change position often and take a short movement break every 30 to 45 minutes.")
    if codes & {CauseCode.VERTEBRAL_FRACTURE} or findings & BONE_FRAGILITY or fracture_suspected:
        advice.append(
            "Keep your back safe in daily tasks. Bend at your hips and knees and hold things close. Do not "
            "bend forward or twist while you carry something."
        )
    if narrow_canal_pattern(assessment, shaping) and Finding.WALKING_INTOLERANCE in findings:
        advice.append(
            "If your legs tire when you walk, take a short break sitting or leaning forward, then carry on."
        )
    if Finding.WORSE_WITH_FLEXION_OR_SITTING in findings:
        advice.append(
            "Break up sitting: stand and move every 30 minutes. A small rolled towel in the small of "
            "your back can make sitting easier."
        )
    if Finding.PERIPHERALIZES_WITH_FLEXION in findings:
        advice.append(
            "For now, limit long slumped sitting and repeated bending forward, because they sent pain "
            "further down your leg."
        )
    tolerance = assessment.walking_tolerance_minutes
    short_walks = (
        claudication_pattern(findings)
        or (tolerance is not None and tolerance < SHORT_WALK_MINUTES)
        or bmi_35(assessment)
        or pathway == CarePathway.PSYCHOLOGICALLY_INFORMED
    )
    if stage != Stage.ACUTE and short_walks:
        advice.append(
            "Build up to about 150 minutes of activity a week, a little more each week. Short walks "
            "with a rest in between all count, and so do cycling or water walking."
        )
    elif stage != Stage.ACUTE:
        advice.append(
            "Build up to about 150 minutes of walking a week, or other activity that warms you up. "
            "Go for 10 minutes or more each time."
        )
    if Finding.PAIN_INTENSIFYING in findings:
        advice.append(
            "If the pain keeps getting stronger instead of easing, contact your therapist or doctor."
        )
    return tuple(advice)


def _referral(triage: Triage) -> str | None:
    level = triage.level
    if level not in REFERRAL_PREFIX:
        return None
    threshold = TRIAGE_SEVERITY[TriageLevel.PROMPT]
    flags = sorted(
        (f for f in triage.flags if TRIAGE_SEVERITY[f.level] >= threshold),
        key=lambda f: -TRIAGE_SEVERITY[f.level],
    )
    parts: list[str] = []
    for flag in flags:
        text = flag.action.strip().rstrip(".")
        if text and text not in parts:
            parts.append(text)
    body = "; ".join(parts) if parts else ", ".join(triage.reasons)
    return f"{REFERRAL_PREFIX[level]}: {body}." if body else f"{REFERRAL_PREFIX[level]}."


def _notes(
    assessment: AssessmentInput,
    stage: Stage,
    pathway_words: str | None,
    causes: tuple[RankedCause, ...],
    catalog: Catalog,
) -> list[str]:
    notes = []
    if (
        (assessment.nprs is not None and assessment.nprs >= 5)
        or Finding.NSAID_PARTIAL_RELIEF in assessment.findings
        or stage == Stage.CHRONIC
    ):
        notes.append(MEDICINE_NOTE)
    if pathway_words is not None:
        notes.append(pathway_words)
    for i, ranked in enumerate(causes[:TOP_N]):
        rule = catalog.cause(ranked.code)
        weak = i > 0 and ranked.score < SHAPING_SCORE and ranked.code != CauseCode.VERTEBRAL_FRACTURE
        if rule is None or weak:
            continue
        if rule.precautions:
            notes.append(f"{rule.name} - precautions: {rule.precautions}")
        if rule.referral_note:
            notes.append(f"{rule.name} - referral: {rule.referral_note}")
    if assessment.mechanism in INJURY_MECHANISMS and Finding.FRACTURE_EXCLUDED not in assessment.findings:
        notes.append(
            "After a fall, crash or sports injury, make sure a fracture has been ruled out before loading."
        )
    return notes


def build_plan(
    assessment: AssessmentInput,
    catalog: Catalog,
    stage: Stage,
    triage: Triage,
    odi: OdiScore | None,
    risk: str | None,
    causes: tuple[RankedCause, ...],
    *,
    fabq: FabqScore | None = None,
    causes_withheld: bool = False,
    goals: tuple[Goal, ...] = (),
) -> PlanSuggestion:
    """The plan rules of api-contract.md "Plan rules (v2)"; ``risk`` is the STarT Back risk code (or
    None), ``goals`` go into the plan unchanged. ``odi`` is kept for callers; goals carry it now."""
    del odi
    stage = Stage(stage)
    pathway = care_pathway(risk, fabq)
    choice = select_exercises(
        assessment,
        catalog,
        stage,
        causes,
        triage=triage,
        pathway=pathway,
        causes_withheld=causes_withheld,
        fabq=fabq,
    )
    shaping = [] if causes_withheld else plan_causes(causes, catalog)
    first = (*pathway_education(pathway, causes_withheld=causes_withheld), *choice.education)
    if causes_withheld or triage.holds_plan:
        caution: str | None = CAUTION_DOCTOR
    else:
        caution = CAUTION_FRACTURE if choice.fracture_suspected else None
    if risk == StartBackRisk.MEDIUM and caution is None:
        first += (EDU_PAIN,)  # as v1
    review = review_in_days(pathway, stage, triage.level)
    words = None if causes_withheld else pathway_note(pathway, risk, review)
    notes = _notes(assessment, stage, words, causes, catalog)
    if causes_withheld:
        notes.insert(0, WITHHELD_NOTE)
    notes += choice.notes
    return PlanSuggestion(
        care_pathway=pathway,
        dp_basis=choice.dp_basis,
        exercises=choice.exercises,
        education=select_education(
            assessment,
            catalog,
            triage.level,
            shaping,
            first=first,
            fabq=fabq,
            caution=caution,
        ),
        activity_advice=(
            *activity_advice(
                assessment,
                stage,
                causes,
                shaping,
                fracture_suspected=choice.fracture_suspected,
                waiting_for_doctor=causes_withheld or triage.holds_plan,
                pathway=pathway,
            ),
            *choice.advice,
        ),
        referral=_referral(triage),
        notes=tuple(notes),
        goals=tuple(goals),
        review_in_days=review,
    )
