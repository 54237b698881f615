"""The exercises a plan may draw from, and a chosen item before it becomes a ``PlannedExercise``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from plans.clinical.catalog import ExerciseSpec
from plans.clinical.dose import Dose
from plans.clinical.engine.results import PlannedExercise
from plans.clinical.vocabulary import PlanRule


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
