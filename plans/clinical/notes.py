"""Drafting a clinical note in SOAP form from the structured record.

Plain values in, plain text out: the selectors gather what a visit or an assessment recorded, these
functions say it in the four sections a therapist then edits and signs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Soap:
    subjective: str
    objective: str
    assessment: str
    plan: str


@dataclass(frozen=True)
class MeasureChange:
    """One measure compared with the baseline, as the progress rules judged it."""

    label: str
    baseline: int | Decimal | None
    today: int | Decimal | None
    change: int | float | Decimal | None  # as the judgement stored it
    status: str  # "improved", "stable", "worse" ... as the progress rules name them
    mcid: int | Decimal | None = None


@dataclass(frozen=True)
class PromptLine:
    label: str  # "Red flag", "Plateau", ...
    message: str
    status: str  # "Open", "Acted on", "Dismissed"
    reason: str = ""


@dataclass(frozen=True)
class PlanLine:
    number: int
    approved_on: date | None
    changes: tuple[str, ...] = ()  # "Exercises added: Bird dog", ...


@dataclass(frozen=True)
class VisitFacts:
    visit_date: date
    nprs: int | None
    patient_rating: str  # the rating in words, or ""
    adherence_percent: int | None
    home_sessions: str  # the home log in words, or ""
    findings: tuple[str, ...]
    exercises: tuple[str, ...]  # "Pelvic tilt: 3 x 10, hold 5 s"
    measures: tuple[MeasureChange, ...]
    status: str  # the visit's overall judgement in words, or ""
    prompts: tuple[PromptLine, ...]
    plan: PlanLine | None
    therapist_note: str = ""
    next_visit: date | None = None
    objective_measures: str = ""  # plans.clinical.objective_words.measures_paragraph
    treatment: tuple[str, ...] = ()  # "Manual therapy 15 min", in the order recorded
    treatment_minutes: int | None = None  # the minutes in all


@dataclass(frozen=True)
class EvaluationFacts:
    kind: str  # "Initial evaluation" or "Re-evaluation"
    assessed_on: date
    history: tuple[str, ...]  # "Onset: sudden", "Duration: 21 days", ...
    nprs_now: int
    nprs_best: int | None
    nprs_worst: int | None
    scores: tuple[str, ...]  # "ODI 42.0% (severe)", "STarT Back: medium risk", ...
    findings: tuple[str, ...]
    stage: str
    triage: str  # the triage level in words
    referral: str  # "Referred to GP (urgent): ...", or ""
    causes: tuple[str, ...] = ()  # the suggestion's ranked causes
    measures: tuple[MeasureChange, ...] = ()  # against the previous baseline, at a re-evaluation
    plan: PlanLine | None = None
    therapist_note: str = ""
    goals: tuple[str, ...] = field(default_factory=tuple)
    objective_measures: str = ""  # plans.clinical.objective_words.measures_paragraph


def _number(value: int | float | Decimal | None) -> str:
    if value is None:
        return "not recorded"
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def _signed(value: int | float | Decimal | None) -> str:
    if value is None:
        return "no change computed"
    text = _number(value)
    return text if text.startswith("-") else f"+{text}"


def measure_line(measure: MeasureChange) -> str:
    """'Pain (NPRS): 7 -> 3 (-4); improved, beyond the MCID of 2'."""
    values = f"{_number(measure.baseline)} -> {_number(measure.today)}"
    line = f"{measure.label}: {values} ({_signed(measure.change)})"
    verdict = measure.status or "not judged"
    if measure.mcid is not None and measure.change is not None:
        beyond = abs(Decimal(str(measure.change))) >= Decimal(str(measure.mcid))
        verdict += f", {'beyond' if beyond else 'within'} the MCID of {_number(measure.mcid)}"
    return f"{line}; {verdict}"


def prompt_line(prompt: PromptLine) -> str:
    line = f"{prompt.label} prompt ({prompt.status.lower()}): {prompt.message}"
    return f"{line} Reason: {prompt.reason}" if prompt.reason else line


def plan_line(plan: PlanLine | None) -> str:
    if plan is None:
        return "No plan approved yet."
    line = f"Plan version {plan.number}"
    if plan.approved_on is not None:
        line += f", approved {plan.approved_on:%d %b %Y}"
    if plan.changes:
        return f"{line}. Changes from the previous version: {'; '.join(plan.changes)}."
    return f"{line}."


def treatment_line(treatment: tuple[str, ...], minutes: int | None) -> str:
    """'Treatment given: Manual therapy 15 min, Supervised exercise 20 min (35 min in all).', or
    nothing when no intervention was recorded."""
    if not treatment:
        return ""
    total = f" ({minutes} min in all)" if minutes is not None else ""
    return f"Treatment given: {', '.join(treatment)}{total}."


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _listed(label: str, items: tuple[str, ...], empty: str) -> str:
    return f"{label}: {', '.join(items)}." if items else empty


def draft_daily_note(facts: VisitFacts) -> Soap:
    """The daily (visit) note."""
    adherence = (
        f"Home-exercise adherence: {facts.adherence_percent}%"
        if facts.adherence_percent is not None
        else "Home-exercise adherence: not recorded"
    )
    if facts.home_sessions:
        adherence += f" (home log: {facts.home_sessions})"
    subjective = _lines(
        f"Pain now (NPRS): {_number(facts.nprs)}/10.",
        f"Patient's own rating: {facts.patient_rating}." if facts.patient_rating else "",
        adherence + ".",
        _listed("New findings reported", facts.findings, "No new findings reported."),
    )
    objective = _lines(
        treatment_line(facts.treatment, facts.treatment_minutes),
        _listed("Exercises done in clinic", facts.exercises, "No exercise recorded in clinic."),
        facts.objective_measures,
        facts.therapist_note,
    )
    assessment = _lines(
        f"Judgement against the baseline: {facts.status}." if facts.status else "No measure to compare.",
        *(measure_line(m) for m in facts.measures),
        *(prompt_line(p) for p in facts.prompts),
    )
    plan = _lines(
        plan_line(facts.plan),
        f"Next visit: {facts.next_visit:%d %b %Y}." if facts.next_visit else "",
    )
    return Soap(subjective, objective, assessment, plan)


def draft_evaluation_note(facts: EvaluationFacts) -> Soap:
    """The initial-evaluation note, or the progress note at a re-evaluation."""
    pain = f"Pain (NPRS): now {facts.nprs_now}/10"
    if facts.nprs_best is not None or facts.nprs_worst is not None:
        pain += f", best {_number(facts.nprs_best)}, worst {_number(facts.nprs_worst)}"
    subjective = _lines(*(f"{line}." for line in facts.history), pain + ".", *(f"{s}." for s in facts.scores))
    objective = _lines(
        _listed("Findings", facts.findings, "No findings recorded."),
        facts.objective_measures,
        facts.therapist_note,
    )
    assessment = _lines(
        f"{facts.kind} on {facts.assessed_on:%d %b %Y}; stage: {facts.stage}.",
        *(measure_line(m) for m in facts.measures),
        f"Red-flag triage: {facts.triage}.",
        facts.referral,
        _listed("Likely causes, in order", facts.causes, ""),
    )
    plan = _lines(plan_line(facts.plan), _listed("Goals", facts.goals, ""))
    return Soap(subjective, objective, assessment, plan)
