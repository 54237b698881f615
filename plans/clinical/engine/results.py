"""What the engine returns. ``Suggestion.as_dict()`` is the response body of ``POST /api/v1/suggest``
(shared/api-contract.md); keys may be added there, never renamed."""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.clinical.contract import (
    EducationRefDict,
    GoalDict,
    PlanDict,
    PlannedExerciseDict,
    RankedCauseDict,
    ScoresDict,
    SuggestionDict,
)
from plans.clinical.dose import Dose
from plans.clinical.scoring import OdiScore, StartBackScore
from plans.clinical.triage import Triage


@dataclass(frozen=True)
class RankedCause:
    code: str
    name: str
    score: float
    supporting: tuple[str, ...]
    against: tuple[str, ...]
    description: str = ""

    def as_dict(self) -> RankedCauseDict:
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
    dose: Dose
    reason: str

    def as_dict(self) -> PlannedExerciseDict:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind,
            "loaded_spinal_flexion": self.loaded_spinal_flexion,
            **self.dose.as_dict(),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class EducationRef:
    slug: str
    title: str

    def as_dict(self) -> EducationRefDict:
        return {"slug": self.slug, "title": self.title}


@dataclass(frozen=True)
class Goal:
    measure: str  # "nprs" or "odi"
    target: int
    due_in_days: int

    def as_dict(self) -> GoalDict:
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

    def as_dict(self) -> PlanDict:
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
    triage: Triage
    stage: str
    odi: OdiScore | None
    startback: StartBackScore | None
    causes: tuple[RankedCause, ...]
    plan: PlanSuggestion | None
    evidence: frozenset[str] = field(default=frozenset(), compare=False)

    def as_dict(self) -> SuggestionDict:
        scores: ScoresDict = {}
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
