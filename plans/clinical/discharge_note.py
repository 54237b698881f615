"""Drafting the discharge note in SOAP form from the whole episode.

Plain values in, plain text out. The note says how the episode went against the baseline (every
measure with its MCID verdict), where each goal ended up, the last plan and the home programme the
patient leaves with, and the advice given. The therapist edits it and signs it like any other note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from plans.clinical.notes import MeasureChange, PlanLine, Soap, measure_line, plan_line


@dataclass(frozen=True)
class GoalLine:
    goal: str  # "Pain (NPRS) at most 3 by 01 Dec 2026", or the goal in the therapist's words
    status: str  # "Met", "Partly met", "Not met", "Dropped", or "" when the therapist judges it
    latest: int | Decimal | None = None  # the measure's latest value, if it has one
    dropped_reason: str = ""


@dataclass(frozen=True)
class DischargeFacts:
    onset: date
    discharged_on: date | None  # None while the episode is still open
    discharge_reason: str  # in words, or ""
    visit_count: int
    baseline: str  # "Initial evaluation of 12 Oct 2026", or "" without an assessment
    measures: tuple[MeasureChange, ...]  # the latest value of each measure against the baseline
    goals: tuple[GoalLine, ...]
    plan: PlanLine | None  # the last plan version
    exercises: tuple[str, ...]  # the last version's home exercises with their doses
    home_adherence: str  # the whole episode's home log in words, or ""
    advice: str = ""  # the last version's activity advice
    education: tuple[str, ...] = ()  # topics explained


def _number(value: int | Decimal) -> str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def goal_line(goal: GoalLine) -> str:
    """'Pain (NPRS) at most 3 by 01 Dec 2026: met (latest 2)'."""
    status = goal.status.lower() if goal.status else "to be judged by the therapist"
    line = f"{goal.goal}: {status}"
    if goal.latest is not None:
        line += f" (latest {_number(goal.latest)})"
    if goal.dropped_reason:
        line += f"; reason: {goal.dropped_reason}"
    return line


def outcome_line(measure: MeasureChange) -> str:
    """A measure against the baseline; one not measured since says so rather than judging it."""
    if measure.today is None and measure.baseline is not None:
        return f"{measure.label}: {_number(measure.baseline)} at the baseline; not measured since"
    return measure_line(measure)


def _mcid_summary(measures: tuple[MeasureChange, ...]) -> str:
    judged = [m for m in measures if m.change is not None and m.mcid is not None]
    if not judged:
        return ""
    beyond = [m for m in judged if abs(Decimal(str(m.change))) >= Decimal(str(m.mcid))]
    improved = [m for m in beyond if m.status == "improved"]
    return (
        f"{len(improved)} of {len(judged)} measure{'s' if len(judged) != 1 else ''} improved by at "
        "least the minimal clinically important difference."
    )


def _goals_summary(goals: tuple[GoalLine, ...]) -> str:
    judged = [g for g in goals if g.status and g.status.lower() != "dropped"]
    if not judged:
        return ""
    met = sum(1 for g in judged if g.status.lower() == "met")
    return f"Goals met: {met} of {len(judged)}."


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def draft_discharge_note(facts: DischargeFacts) -> Soap:
    """The discharge note of an episode."""
    if facts.discharged_on is not None:
        ended = f"Discharged on {facts.discharged_on:%d %b %Y}"
        ended += f" ({facts.discharge_reason.lower()})." if facts.discharge_reason else "."
    else:
        ended = "The episode is still open: discharge date not recorded yet."
    visits = f"{facts.visit_count} visit{'s' if facts.visit_count != 1 else ''}"
    subjective = _lines(
        f"Episode of care since {facts.onset:%d %b %Y}; {visits}.",
        ended,
        f"Home-exercise adherence over the episode: {facts.home_adherence}."
        if facts.home_adherence
        else "Home-exercise adherence over the episode: not recorded.",
    )
    if facts.baseline:
        objective = _lines(
            f"Outcome against the baseline ({facts.baseline}), latest value of each measure:",
            *(outcome_line(m) for m in facts.measures),
            "" if facts.measures else "No measure recorded at the baseline.",
        )
    else:
        objective = "No assessment recorded, so there is no baseline to compare."
    assessment = _lines(
        _mcid_summary(facts.measures),
        *(_sentence(f"Goal: {goal_line(g)}") for g in facts.goals),
        _goals_summary(facts.goals),
        "" if facts.goals else "No goals were set in the plan.",
    )
    plan = _lines(
        f"Last plan: {plan_line(facts.plan)}" if facts.plan else "No plan was approved in this episode.",
        f"Home programme to continue: {'; '.join(facts.exercises)}." if facts.exercises else "",
        _sentence(f"Advice: {facts.advice.strip()}") if facts.advice.strip() else "",
        f"Topics explained: {'; '.join(facts.education)}." if facts.education else "",
        "Come back if the pain returns or new symptoms appear.",
    )
    return Soap(subjective, objective, assessment, plan)
