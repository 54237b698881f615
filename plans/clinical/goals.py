"""The goals suggested for a new plan: an improvement of one minimal clinically important difference
on each primary measure (reference §1.7 and §8.4), by the clinic's own MCIDs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plans.clinical.progress import ProgressThresholds
from plans.clinical.scoring import round_half_up

GOAL_DUE_IN_DAYS = 28


@dataclass(frozen=True)
class SuggestedGoal:
    measure: str  # a GoalMeasure value
    target: int
    due_in_days: int = GOAL_DUE_IN_DAYS


def suggested_goals(
    *, nprs: int | None, odi_percent: Decimal | None, thresholds: ProgressThresholds
) -> tuple[SuggestedGoal, ...]:
    """Pain down by the NPRS MCID (when there is pain) and disability down by the ODI MCID (when the
    ODI is at least one MCID above zero), never below 0."""
    goals = []
    if nprs is not None and nprs > 0:
        target = round_half_up(Decimal(nprs) - thresholds.nprs_mcid, 0)
        goals.append(SuggestedGoal("nprs", max(0, int(target))))
    if odi_percent is not None and Decimal(odi_percent) >= thresholds.odi_mcid:
        target = round_half_up(Decimal(odi_percent) - thresholds.odi_mcid, 0)
        goals.append(SuggestedGoal("odi", max(0, int(target))))
    return tuple(goals)
