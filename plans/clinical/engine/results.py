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
from plans.clinical.scoring import FabqScore, OdiScore, PsfsScore, RmdqScore, StartBackScore
from plans.clinical.triage import Triage
from plans.clinical.vocabulary import PlanRule

RULES_VERSION = 2


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
    properties: tuple[str, ...]  # sorted ExerciseProperty codes
    target_region: str
    trial: bool  # a guessed directional preference, worded as a trial
    dose: Dose
    reason: str  # plain words for the patient
    rule: str  # the PlanRule that chose it, for the therapist

    @classmethod
    def of(
        cls,
        exercise: ExerciseSpec,
        reason: str,
        *,
        rule: str = PlanRule.CAUSE,
        trial: bool = False,
        dose: Dose | None = None,
    ) -> PlannedExercise:
        """A library exercise at its library dose (or ``dose``), with why it was chosen."""
        return cls(
            slug=exercise.slug,
            name=exercise.name,
            kind=exercise.kind,
            loaded_spinal_flexion=exercise.loaded_spinal_flexion,
            properties=tuple(sorted(exercise.properties)),
            target_region=exercise.target_region,
            trial=trial,
            dose=exercise.dose if dose is None else dose,
            reason=reason,
            rule=str(rule),
        )


@dataclass(frozen=True)
class EducationRef(ContractResult[EducationRefDict]):
    slug: str
    title: str


@dataclass(frozen=True)
class Goal(ContractResult[GoalDict]):
    measure: str  # "nprs", "odi", "rmdq" or "psfs"
    target: int | float
    comparator: str  # "<=", or ">=" for PSFS (higher is better)
    due_in_days: int


@dataclass(frozen=True)
class PlanSuggestion(ContractResult[PlanDict]):
    care_pathway: str  # CarePathway
    dp_basis: str | None  # DpBasis, or None without a directional item
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
    psfs: PsfsScore | None = None
    rmdq: RmdqScore | None = None
    fabq: FabqScore | None = None
    causes_withheld: bool = False
    serious_pathology_suspected: tuple[str, ...] = ()  # SeriousPathology codes
    cpg_category: str | None = None  # CpgCategory
    cpg_matches: tuple[str, ...] = ()
    evidence: frozenset[str] = field(default=frozenset(), compare=False)

    def as_dict(self) -> SuggestionDict:
        scores: ScoresDict = {}
        if self.odi is not None:
            scores["odi"] = self.odi.as_dict()
        if self.startback is not None:
            scores["startback"] = self.startback.as_dict()
        if self.psfs is not None:
            scores["psfs"] = self.psfs.as_dict()
        if self.rmdq is not None:
            scores["rmdq"] = self.rmdq.as_dict()
        if self.fabq is not None:
            scores["fabq"] = self.fabq.as_dict()
        return {
            "rules_version": RULES_VERSION,
            "triage": self.triage.as_dict(),
            "plan_hold": self.triage.plan_hold(),
            "stage": str(self.stage),
            "scores": scores,
            "causes_withheld": self.causes_withheld,
            "serious_pathology_suspected": list(self.serious_pathology_suspected),
            "causes": [c.as_dict() for c in self.causes],
            "cpg_category": self.cpg_category,
            "cpg_matches": list(self.cpg_matches),
            "plan": None if self.plan is None else self.plan.as_dict(),
        }
