"""What the engine returns. ``Suggestion.as_dict()`` is the response body of ``POST /api/v1/suggest``
(shared/api-contract.md); keys may be added there, never renamed."""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.clinical.catalog import ExerciseSpec
from plans.clinical.contract import (
    ContractResult,
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
class RankedCause(ContractResult[RankedCauseDict]):
    code: str
    name: str
    description: str
    score: float
    supporting: tuple[str, ...]
    against: tuple[str, ...]


@dataclass(frozen=True)
class PlannedExercise(ContractResult[PlannedExerciseDict]):
    slug: str
    name: str
    kind: str
    loaded_spinal_flexion: bool
    dose: Dose
    reason: str

    @classmethod
    def of(cls, exercise: ExerciseSpec, reason: str) -> PlannedExercise:
        """A library exercise at its library dose, with why it was chosen."""
        return cls(
            exercise.slug, exercise.name, exercise.kind, exercise.loaded_spinal_flexion, exercise.dose, reason
        )


@dataclass(frozen=True)
class EducationRef(ContractResult[EducationRefDict]):
    slug: str
    title: str


@dataclass(frozen=True)
class Goal(ContractResult[GoalDict]):
    measure: str  # "nprs" or "odi"
    target: int
    due_in_days: int


@dataclass(frozen=True)
class PlanSuggestion(ContractResult[PlanDict]):
    exercises: tuple[PlannedExercise, ...]
    education: tuple[EducationRef, ...]
    activity_advice: tuple[str, ...]
    referral: str | None
    notes: tuple[str, ...]
    goals: tuple[Goal, ...]
    review_in_days: int


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
