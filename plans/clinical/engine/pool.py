"""The exercises a plan may draw from, a chosen item before it becomes a ``PlannedExercise``, and the
chosen items in plan order (``Picks``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from plans.clinical.catalog import ExerciseSpec
from plans.clinical.dose import Dose
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.results import PlannedExercise
from plans.clinical.vocabulary import ExerciseKind, PlanRule, Region, TargetRegion

UPPER_REGIONS = frozenset({TargetRegion.CERVICAL, TargetRegion.THORACIC})


@dataclass(frozen=True)
class Chosen:
    spec: ExerciseSpec
    rule: str  # PlanRule
    reason: str  # plain words for the patient
    trial: bool = False
    dose: Dose | None = None

    def planned(self) -> PlannedExercise:
        return PlannedExercise.of(
            self.spec, self.reason, rule=PlanRule(self.rule), trial=self.trial, dose=self.dose
        )


def candidate_key(ex: ExerciseSpec, target_level: int) -> tuple[int, int, bool, bool, int, str]:
    """Nearest the stage's level, then the most neutral movement, then the start of a progression (so
    the therapist can step it up or down), then slug."""
    in_progression = ex.easier is not None or ex.harder is not None
    return (
        abs(ex.level - target_level),
        len(ex.properties),
        not in_progression,
        ex.easier is not None,
        ex.level,
        ex.slug,
    )


@dataclass(frozen=True)
class Pool:
    """Approved exercises that pass the exclusions, the region rule and the level limits."""

    items: tuple[ExerciseSpec, ...]
    target_level: int

    def get(self, slug: str) -> ExerciseSpec | None:
        return next((e for e in self.items if e.slug == slug), None)

    def first_of(self, slugs: Iterable[str]) -> ExerciseSpec | None:
        for slug in slugs:
            found = self.get(slug)
            if found is not None:
                return found
        return None

    def best(self, wanted: Callable[[ExerciseSpec], bool]) -> ExerciseSpec | None:
        pool = sorted((e for e in self.items if wanted(e)), key=lambda e: candidate_key(e, self.target_level))
        return pool[0] if pool else None


class Picks:
    """Chosen items in plan order, keeping the per-kind, relaxation and upper-region limits."""

    def __init__(self, assessment: AssessmentInput, *, max_relaxation: int | None) -> None:
        self.items: list[Chosen] = []
        self.assessment = assessment
        self.max_relaxation = max_relaxation

    def has(self, slug: str) -> bool:
        return any(c.spec.slug == slug for c in self.items)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.items if c.spec.kind == kind)

    def fits(self, ex: ExerciseSpec, *, per_kind: int | None = None) -> bool:
        if self.has(ex.slug):
            return False
        if per_kind is not None and self.count(ex.kind) >= per_kind:
            return False
        if ex.kind == ExerciseKind.RELAXATION and self.max_relaxation is not None:
            if self.count(ExerciseKind.RELAXATION) >= self.max_relaxation:
                return False
        if self.assessment.region == Region.LUMBAR and ex.target_region in UPPER_REGIONS:
            return not any(c.spec.target_region in UPPER_REGIONS for c in self.items)
        return True

    def add(self, chosen: Chosen, *, per_kind: int | None = None) -> bool:
        if not self.fits(chosen.spec, per_kind=per_kind):
            return False
        self.items.append(chosen)
        return True

    def ordered(self) -> list[Chosen]:
        """Upper-back and neck items never first in a lumbar plan."""
        items = list(self.items)
        if self.assessment.region == Region.LUMBAR and len(items) > 1:
            if items[0].spec.target_region in UPPER_REGIONS:
                items.append(items.pop(0))
        return items
