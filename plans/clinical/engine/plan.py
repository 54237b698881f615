"""Suggestion engine: triage, stage, scores, cause ranking and a first plan from one assessment.

Pure and deterministic: no ORM, no HTTP, no clock. ``Suggestion.as_dict()`` is the response body of
``POST /api/v1/suggest`` (shared/api-contract.md); keys may be added there, never renamed.

Cause ranking: each ``CauseRule`` lists weighted evidence keys (see ``catalog``). A cause's raw
strength is the sum of its present supporting weights minus its present ``against`` weights; its
score is ``raw / (raw + 1)`` rounded to 2 dp. A cause is listed when it has supporting evidence that
the evidence against does not cancel out (score above 0), so a ruled-out cause never fills a top-three
place and never restricts the plan. Order: score descending, then code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from plans.clinical.catalog import Catalog, CauseRule, ExerciseSpec
from plans.clinical.scoring import StageThresholds, score_odi, score_startback, stage_for_duration
from plans.clinical.triage import Triage, assess_red_flags
from plans.clinical.vocabulary import (
    TRIAGE_SEVERITY,
    CauseCode,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    Mechanism,
    PainDistribution,
    Region,
    Stage,
    StartBackRisk,
    TriageFlag,
    TriageLevel,
)

TOP_N = 3
MIN_EXERCISES = 4
TARGET_EXERCISES = 6
MAX_EXERCISES = 7
MAX_PER_KIND = 2
MAX_EDUCATION = 5
GOAL_DUE_IN_DAYS = 28

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

KIND_REASON = {
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

STAY_ACTIVE = "stay-active"
EDU_PAIN = "understanding-pain"
EDU_DESK = "sitting-and-desk-work"
EDU_LIFTING = "lifting-and-carrying"
EDU_SAFETY_NET = "when-to-seek-help"
EDU_SPINE_SPARING = "spine-sparing-daily-tasks"

MEDICINE_NOTE = (
    "Medicines and injections are the physician's decision: record what the patient takes and how well "
    "it helps, but do not advise on drugs or doses."
)
HIGH_RISK_NOTE = (
    "STarT Back high risk: use a psychologically informed approach (explore fears and worries, give "
    "reassurance, set graded activity goals and build confidence); consider a combined physical and "
    "psychological programme."
)
MEDIUM_RISK_NOTE = "STarT Back medium risk: physiotherapy aimed at symptoms and function."

REFERRAL_PREFIX = {
    TriageLevel.URGENT: "Urgent referral (same day)",
    TriageLevel.PROMPT: "Prompt referral (within days)",
}
LEG_PAIN = frozenset({PainDistribution.BUTTOCK_THIGH, PainDistribution.BELOW_KNEE})
NERVE_SIGNS = frozenset({Finding.POSITIVE_SLR, Finding.NUMBNESS, Finding.TINGLING, Finding.REFLEX_LOSS})

BONE_RISK = frozenset({Finding.OSTEOPOROSIS, Finding.LONG_TERM_CORTICOSTEROIDS})
BONE_RISK_FORBIDDEN = frozenset(
    {
        ExerciseProperty.LOADED_SPINAL_FLEXION,
        ExerciseProperty.SPINAL_FLEXION,
        ExerciseProperty.ROTATION,
        ExerciseProperty.HIGH_IMPACT,
    }
)
TRAUMA_MECHANISMS = frozenset({Mechanism.FALL, Mechanism.VEHICLE_COLLISION, Mechanism.SPORTS_INJURY})


@dataclass(frozen=True)
class AssessmentInput:
    age: int
    region: str
    onset: str
    duration_days: int
    sex: str | None = None
    recurrent: bool = False
    mechanism: str | None = None
    pain_distribution: str | None = None
    nprs: int | None = None
    bmi: Decimal | None = None
    odi: tuple[int | None, ...] | None = None
    startback_items: tuple[int, ...] | None = None
    startback_bothersomeness: str | None = None
    findings: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RankedCause:
    code: str
    name: str
    score: float
    supporting: tuple[str, ...]
    against: tuple[str, ...]
    description: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "score": self.score,
            "supporting": list(self.supporting),
            "against": list(self.against),
        }


@dataclass(frozen=True)
class PlannedExercise:
    slug: str
    name: str
    kind: str
    loaded_spinal_flexion: bool
    sets: int
    reps: int | None
    hold_seconds: int | None
    times_per_day: int
    days_per_week: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind,
            "loaded_spinal_flexion": self.loaded_spinal_flexion,
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "times_per_day": self.times_per_day,
            "days_per_week": self.days_per_week,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class EducationRef:
    slug: str
    title: str

    def as_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "title": self.title}


@dataclass(frozen=True)
class Goal:
    measure: str  # "nprs" or "odi"
    target: int
    due_in_days: int

    def as_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "target": self.target, "due_in_days": self.due_in_days}


@dataclass(frozen=True)
class PlanSuggestion:
    exercises: tuple[PlannedExercise, ...]
    education: tuple[EducationRef, ...]
    activity_advice: tuple[str, ...]
    referral: str | None
    notes: tuple[str, ...]
    goals: tuple[Goal, ...]
    review_in_days: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "exercises": [e.as_dict() for e in self.exercises],
            "education": [e.as_dict() for e in self.education],
            "activity_advice": list(self.activity_advice),
            "referral": self.referral,
            "notes": list(self.notes),
            "goals": [g.as_dict() for g in self.goals],
            "review_in_days": self.review_in_days,
        }


@dataclass(frozen=True)
class Suggestion:
    triage: Any  # plans.clinical.triage.Triage
    stage: str
    odi: Any  # OdiScore | None
    startback: Any  # StartBackScore | None
    causes: tuple[RankedCause, ...]
    plan: PlanSuggestion | None
    evidence: frozenset[str] = field(default=frozenset(), compare=False)

    def as_dict(self) -> dict[str, Any]:
        scores: dict[str, Any] = {}
        if self.odi is not None:
            scores["odi"] = self.odi.as_dict()
        if self.startback is not None:
            scores["startback"] = self.startback.as_dict()
        return {
            "triage": self.triage.as_dict(),
            "plan_hold": self.triage.plan_hold(),
            "stage": str(self.stage),
            "scores": scores,
            "causes": [c.as_dict() for c in self.causes],
            "plan": None if self.plan is None else self.plan.as_dict(),
        }


def assessment_from_contract(data: dict) -> AssessmentInput:
    """Build an ``AssessmentInput`` from an already-validated ``/api/v1/suggest`` request body."""
    startback = data.get("startback") or None
    odi = data.get("odi")
    bmi = data.get("bmi")
    return AssessmentInput(
        age=int(data["age"]),
        region=data["region"],
        onset=data["onset"],
        duration_days=int(data["duration_days"]),
        sex=data.get("sex"),
        recurrent=bool(data.get("recurrent", False)),
        mechanism=data.get("mechanism"),
        pain_distribution=data.get("pain_distribution"),
        nprs=data.get("nprs"),
        bmi=None if bmi is None else Decimal(str(bmi)),
        odi=None if odi is None else tuple(odi),
        startback_items=None if startback is None else tuple(startback["items"]),
        startback_bothersomeness=None if startback is None else startback.get("bothersomeness"),
        findings=frozenset(data.get("findings") or ()),
    )


def evidence_keys(assessment: AssessmentInput, stage: str, startback_risk: str | None) -> frozenset[str]:
    """Finding codes plus the derived keys that cause rules may weigh."""
    keys = set(assessment.findings)
    keys.add(f"region:{assessment.region}")
    keys.add(f"onset:{assessment.onset}")
    keys.add(f"stage:{stage}")
    if assessment.mechanism:
        keys.add(f"mechanism:{assessment.mechanism}")
    if assessment.pain_distribution:
        keys.add(f"distribution:{assessment.pain_distribution}")
    if assessment.age < 40:
        keys.add("age:under_40")
    if assessment.age >= 50:
        keys.add("age:50_plus")
    if assessment.age >= 65:
        keys.add("age:65_plus")
    if assessment.bmi is not None and assessment.bmi >= 30:
        keys.add("bmi:30_plus")
    if assessment.recurrent:
        keys.add("recurrent")
    if startback_risk == StartBackRisk.HIGH:
        keys.add("startback:high")
    return frozenset(keys)


def rank_causes(evidence: frozenset[str], causes: tuple[CauseRule, ...]) -> tuple[RankedCause, ...]:
    ranked = []
    for cause in causes:
        supporting = [(k, w) for k, w in cause.supporting if k in evidence and w > 0]
        if not supporting:
            continue
        against = [(k, w) for k, w in cause.against if k in evidence and w > 0]
        raw = sum(w for _, w in supporting) - sum(w for _, w in against)
        if raw <= 0:
            continue
        score = float(Decimal(str(raw / (raw + 1))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        if score <= 0:
            continue
        ranked.append(
            RankedCause(
                code=cause.code,
                name=cause.name,
                score=score,
                supporting=tuple(k for k, _ in sorted(supporting, key=lambda kw: (-kw[1], kw[0]))),
                against=tuple(k for k, _ in sorted(against, key=lambda kw: (-kw[1], kw[0]))),
                description=cause.description,
            )
        )
    ranked.sort(key=lambda c: (-c.score, c.code))
    return tuple(ranked)


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
        startback = score_startback(list(assessment.startback_items), assessment.startback_bothersomeness)
    risk = None if startback is None else str(startback.risk)
    evidence = evidence_keys(assessment, stage.value, risk)
    causes = rank_causes(evidence, catalog.causes)
    if Finding.FRACTURE_EXCLUDED in assessment.findings:
        causes = tuple(c for c in causes if c.code != CauseCode.VERTEBRAL_FRACTURE)

    plan = None
    if triage.level != TriageLevel.EMERGENCY:
        plan = _build_plan(assessment, catalog, stage, triage, odi, risk, causes)
    return Suggestion(
        triage=triage,
        stage=stage.value,
        odi=odi,
        startback=startback,
        causes=causes,
        plan=plan,
        evidence=evidence,
    )


# Plan building ----------------------------------------------------------------


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
        forbidden.add(ExerciseProperty.LOADED_SPINAL_FLEXION)
    if assessment.findings & BONE_RISK:
        # Thin bones: spine-sparing, so no forward bending, twisting or jumping (Too Fit To Fracture).
        forbidden |= BONE_RISK_FORBIDDEN
    if Finding.PERIPHERALIZES_WITH_FLEXION in assessment.findings:
        forbidden.add(ExerciseProperty.SPINAL_FLEXION)
        forbidden.add(ExerciseProperty.LOADED_SPINAL_FLEXION)
    if Finding.WORSE_WITH_EXTENSION_OR_STANDING in assessment.findings:
        forbidden.add(ExerciseProperty.SPINAL_EXTENSION)
    if triage is not None and any(f.code == TriageFlag.SPONDYLOLYSIS for f in triage.flags):
        # A possible pars stress injury: no extension or impact loading until cleared (§8.5).
        forbidden |= {ExerciseProperty.SPINAL_EXTENSION, ExerciseProperty.HIGH_IMPACT}
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
        return ExerciseProperty.SPINAL_EXTENSION
    if flexion and not extension:
        return ExerciseProperty.SPINAL_FLEXION
    return None


def _plan_causes(causes: tuple[RankedCause, ...], catalog: Catalog) -> list[CauseRule]:
    """The top-three causes strong enough (at least half the best score) to shape the plan."""
    top = causes[:TOP_N]
    if not top:
        return []
    best = top[0].score
    rules = []
    for i, ranked in enumerate(top):
        rule = catalog.cause(ranked.code)
        if rule is not None and (i == 0 or ranked.score >= best / 2):
            rules.append(rule)
    return rules


def _kind_order(plan_causes: list[CauseRule]) -> list[str]:
    order: list[str] = []
    depth = max((len(c.preferred_kinds) for c in plan_causes), default=0)
    for j in range(depth):
        for cause in plan_causes:
            if j < len(cause.preferred_kinds) and cause.preferred_kinds[j] not in order:
                order.append(cause.preferred_kinds[j])
    for kind in FALLBACK_KINDS:
        if kind not in order:
            order.append(str(kind))
    return order


def _candidate_key(ex: ExerciseSpec, target_level: int) -> tuple:
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
    max_level = MAX_LEVEL[stage]
    target = TARGET_LEVEL[stage]
    plan_causes = _plan_causes(causes, catalog)

    by_kind: dict[str, list[ExerciseSpec]] = {}
    for ex in catalog.exercises:
        if not ex.approved or stage.value not in ex.stages or ex.level > max_level:
            continue
        if ex.properties & forbidden or (ex.loaded_spinal_flexion and "loaded_spinal_flexion" in forbidden):
            continue
        if ex.kind == ExerciseKind.DIRECTIONAL_PREFERENCE and (
            direction is None or direction not in ex.properties
        ):
            # Repeated movements need a tested direction; never guess one.
            continue
        if ex.kind == ExerciseKind.NERVE_MOBILITY and not leg_nerve_signs:
            # The library's nerve sliders are for the sciatic nerve: lumbar leg pain with nerve signs.
            continue
        by_kind.setdefault(ex.kind, []).append(ex)
    for candidates in by_kind.values():
        candidates.sort(key=lambda e: _candidate_key(e, target))

    order = _kind_order(plan_causes)
    chosen: list[ExerciseSpec] = []
    for round_ in range(MAX_PER_KIND):
        for kind in order:
            if len(chosen) >= TARGET_EXERCISES:
                break
            candidates = by_kind.get(kind, [])
            if round_ < len(candidates):
                chosen.append(candidates[round_])
    chosen = chosen[:MAX_EXERCISES]

    def reason(ex: ExerciseSpec) -> str:
        fits = [c.name.lower() for c in plan_causes if ex.kind in c.preferred_kinds]
        text = KIND_REASON.get(ex.kind, "Chosen by your therapist.")
        if fits:
            text += " Suits likely " + " and ".join(fits) + "."
        return text

    return tuple(
        PlannedExercise(
            slug=ex.slug,
            name=ex.name,
            kind=ex.kind,
            loaded_spinal_flexion=ex.loaded_spinal_flexion,
            sets=ex.sets,
            reps=ex.reps,
            hold_seconds=ex.hold_seconds,
            times_per_day=ex.times_per_day,
            days_per_week=ex.days_per_week,
            reason=reason(ex),
        )
        for ex in chosen
    )


def select_education(
    assessment: AssessmentInput,
    catalog: Catalog,
    triage_level: str,
    risk: str | None,
    plan_causes: list[CauseRule],
) -> tuple[EducationRef, ...]:
    findings = assessment.findings
    slugs: list[str] = [STAY_ACTIVE]
    # Bilateral leg symptoms get the safety net even when stable claudication raises no flag.
    if (
        TRIAGE_SEVERITY[triage_level] >= TRIAGE_SEVERITY[TriageLevel.PROMPT]
        or Finding.BILATERAL_LEG_SYMPTOMS in findings
    ):
        slugs.append(EDU_SAFETY_NET)
    if findings & BONE_RISK:
        slugs.append(EDU_SPINE_SPARING)
    if plan_causes and plan_causes[0].education:
        slugs.append(plan_causes[0].education[0])
    if risk in (StartBackRisk.MEDIUM, StartBackRisk.HIGH):
        slugs.append(EDU_PAIN)
    if Finding.DESK_WORK in findings:
        slugs.append(EDU_DESK)
    if assessment.mechanism == Mechanism.LIFTING or Finding.STRENUOUS_JOB in findings:
        slugs.append(EDU_LIFTING)
    depth = max((len(c.education) for c in plan_causes), default=0)
    for j in range(depth):
        for cause in plan_causes:
            if j < len(cause.education):
                slugs.append(cause.education[j])
    refs: list[EducationRef] = []
    for slug in slugs:
        item = catalog.education_item(slug)
        if item is not None and all(r.slug != slug for r in refs):
            refs.append(EducationRef(slug=item.slug, title=item.title))
    return tuple(refs[:MAX_EDUCATION])


def activity_advice(
    assessment: AssessmentInput, stage: Stage, causes: tuple[RankedCause, ...]
) -> tuple[str, ...]:
    findings = assessment.findings
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
    if Finding.STRENUOUS_JOB in findings:
        advice.append(
            "With a physically hard job, a day or two of lighter duties can help, then a graded return "
            "to your full work."
        )
    if Finding.DESK_WORK in findings or Finding.SUSTAINED_POSTURE_AGGRAVATES in findings:
        advice.append("Change position often and take a short movement break every 30 to 45 minutes.")
    if codes & {CauseCode.VERTEBRAL_FRACTURE} or findings & BONE_RISK:
        advice.append(
            "Protect your spine in daily tasks: bend at your hips and knees, keep loads close, and avoid "
            "bending forward or twisting while you carry something."
        )
    if codes & {CauseCode.CENTRAL_CANAL_STENOSIS, CauseCode.FORAMINAL_STENOSIS}:
        advice.append(
            "If your legs tire when you walk, take a short break sitting or leaning forward, then carry on."
        )
    if Finding.PERIPHERALIZES_WITH_FLEXION in findings:
        advice.append(
            "For now, limit long slumped sitting and repeated bending forward, because they sent pain "
            "further down your leg."
        )
    if stage != Stage.ACUTE:
        advice.append(
            "Work up to about 150 minutes a week of walking or other moderate activity, in bouts of "
            "10 minutes or more."
        )
    if Finding.PAIN_INTENSIFYING in findings:
        advice.append(
            "If the pain keeps getting stronger instead of easing, contact your therapist or doctor."
        )
    return tuple(advice)


def _referral(triage: Any) -> str | None:
    level = str(triage.level)
    if level not in REFERRAL_PREFIX:
        return None
    threshold = TRIAGE_SEVERITY[TriageLevel.PROMPT]
    flags = sorted(
        (f for f in triage.flags if TRIAGE_SEVERITY[str(f.level)] >= threshold),
        key=lambda f: -TRIAGE_SEVERITY[str(f.level)],
    )
    parts: list[str] = []
    for flag in flags:
        text = str(flag.action).strip().rstrip(".")
        if text and text not in parts:
            parts.append(text)
    body = "; ".join(parts) if parts else ", ".join(str(r) for r in triage.reasons)
    return f"{REFERRAL_PREFIX[level]}: {body}." if body else f"{REFERRAL_PREFIX[level]}."


def _goals(assessment: AssessmentInput, odi: Any) -> tuple[Goal, ...]:
    goals = []
    if assessment.nprs is not None and assessment.nprs > 0:
        goals.append(Goal("nprs", max(0, assessment.nprs - 2), GOAL_DUE_IN_DAYS))
    percent = None if odi is None else odi.percent
    if percent is not None and Decimal(percent) >= 10:
        target = (Decimal(percent) - 10).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        goals.append(Goal("odi", max(0, int(target)), GOAL_DUE_IN_DAYS))
    return tuple(goals)


def _notes(
    assessment: AssessmentInput,
    stage: Stage,
    risk: str | None,
    causes: tuple[RankedCause, ...],
    catalog: Catalog,
) -> tuple[str, ...]:
    notes = []
    if (
        (assessment.nprs is not None and assessment.nprs >= 5)
        or Finding.NSAID_PARTIAL_RELIEF in assessment.findings
        or stage == Stage.CHRONIC
    ):
        notes.append(MEDICINE_NOTE)
    if risk == StartBackRisk.HIGH:
        notes.append(HIGH_RISK_NOTE)
    elif risk == StartBackRisk.MEDIUM:
        notes.append(MEDIUM_RISK_NOTE)
    for ranked in causes[:TOP_N]:
        rule = catalog.cause(ranked.code)
        if rule is None:
            continue
        if rule.precautions:
            notes.append(f"{rule.name} - precautions: {rule.precautions}")
        if rule.referral_note:
            notes.append(f"{rule.name} - referral: {rule.referral_note}")
    if assessment.mechanism in TRAUMA_MECHANISMS:
        notes.append(
            "After a fall, crash or sports injury, make sure a fracture has been ruled out before loading."
        )
    return tuple(notes)


def _build_plan(
    assessment: AssessmentInput,
    catalog: Catalog,
    stage: Stage,
    triage: Any,
    odi: Any,
    risk: str | None,
    causes: tuple[RankedCause, ...],
) -> PlanSuggestion:
    level = str(triage.level)
    if level in (TriageLevel.URGENT, TriageLevel.PROMPT):
        review = 7
    else:
        review = 28 if stage == Stage.CHRONIC else 14
    return PlanSuggestion(
        exercises=select_exercises(assessment, catalog, stage, causes, triage=triage),
        education=select_education(assessment, catalog, level, risk, _plan_causes(causes, catalog)),
        activity_advice=activity_advice(assessment, stage, causes),
        referral=_referral(triage),
        notes=_notes(assessment, stage, risk, causes, catalog),
        goals=_goals(assessment, odi),
        review_in_days=review,
    )
