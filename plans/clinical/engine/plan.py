"""The first plan suggested for an assessment: exercises, education, advice, referral, notes and goals."""

from __future__ import annotations

from plans.clinical.catalog import Catalog, CauseRule
from plans.clinical.engine.causes import SHAPING_SCORE, TOP_N, plan_causes
from plans.clinical.engine.education import (
    CAUTION_DOCTOR,
    CAUTION_FRACTURE,
    EDU_PAIN,
    narrow_canal_pattern,
    select_education,
)
from plans.clinical.engine.exclusions import bmi_35, claudication_pattern
from plans.clinical.engine.exercises import select_exercises
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.results import Goal, PlanSuggestion, RankedCause
from plans.clinical.engine.stratified import (
    WITHHELD_NOTE,
    care_pathway,
    pathway_education,
    pathway_note,
    review_in_days,
)
from plans.clinical.scoring import FabqScore, OdiScore
from plans.clinical.triage import RedFlag, Triage
from plans.clinical.triage.findings import BONE_FRAGILITY, FRACTURE_SIGNS, INJURY_MECHANISMS
from plans.clinical.vocabulary import (
    CarePathway,
    CauseCode,
    Finding,
    Mechanism,
    Stage,
    StartBackRisk,
    TriageLevel,
)

# Below this walking time a bout of 10 minutes is more than the legs allow.
SHORT_WALK_MINUTES = 10
OLDER_AGE = 65

WAITING_ADVICE = (
    "Keep gently active within comfort until a doctor has checked your back.",
    "Short, easy walks are fine. Stop anything that makes the pain much worse.",
)
PREGNANCY_NOTE = (
    "Pregnancy: stop exercise and seek care with bleeding, fluid loss, dizziness, chest pain, calf "
    "pain or regular contractions; no lying face down from about 14 weeks or flat on the back from "
    "about 20 weeks; medicines are the midwife's or physician's decision."
)
MEDICINE_NOTE = (
    "Medicines and injections are the physician's decision: record what the patient takes and how well "
    "it helps, but do not advise on drugs or doses."
)

REFERRAL_PREFIX = {
    TriageLevel.URGENT: "Urgent referral (same day)",
    TriageLevel.PROMPT: "Prompt referral (within days)",
}


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
    sitting_hurts = Finding.WORSE_WITH_FLEXION_OR_SITTING in findings
    if (
        Finding.DESK_WORK in findings or Finding.SUSTAINED_POSTURE_AGGRAVATES in findings
    ) and not sitting_hurts:
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
    if sitting_hurts:
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


def _actions(flags: list[RedFlag]) -> list[str]:
    parts: list[str] = []
    for flag in flags:
        text = flag.action.strip().rstrip(".")
        if text and text not in parts:
            parts.append(text)
    return parts


def _referral(triage: Triage) -> str | None:
    """The referral at the triage level, with the actions of the flags at that level only (a less
    urgent flag's action goes to the notes, ``_lesser_actions``)."""
    level = triage.level
    if level not in REFERRAL_PREFIX:
        return None
    parts = _actions([f for f in triage.flags if f.level == level])
    body = "; ".join(parts) if parts else ", ".join(triage.reasons)
    return f"{REFERRAL_PREFIX[level]}: {body}." if body else f"{REFERRAL_PREFIX[level]}."


def _lesser_actions(triage: Triage) -> str | None:
    if triage.level != TriageLevel.URGENT:
        return None
    parts = _actions([f for f in triage.flags if f.level == TriageLevel.PROMPT])
    return f"Also, within days: {'; '.join(parts)}." if parts else None


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
        or Finding.PREGNANT in assessment.findings
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
    if Finding.PREGNANT in assessment.findings:
        notes.append(PREGNANCY_NOTE)
    if fracture_check_needed(assessment):
        notes.append(
            "After a fall, crash or sports injury, make sure a fracture has been ruled out before loading."
        )
    return notes


def fracture_check_needed(assessment: AssessmentInput) -> bool:
    """After a fall or a crash, or a sports injury with a fracture sign, thin bones or older age, and
    no fracture excluded yet: the therapist is reminded to rule one out before loading."""
    findings = assessment.findings
    if assessment.mechanism not in INJURY_MECHANISMS or Finding.FRACTURE_EXCLUDED in findings:
        return False
    if assessment.mechanism != Mechanism.SPORTS_INJURY:
        return True
    return bool(findings & (FRACTURE_SIGNS | BONE_FRAGILITY)) or assessment.age >= OLDER_AGE


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
    lesser = _lesser_actions(triage)
    if lesser:
        notes.insert(0, lesser)
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
