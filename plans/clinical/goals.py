"""The goals suggested for a new plan: an improvement of one minimal clinically important difference
on each measure taken (reference §1.7 and §8.4).

``suggested_goals`` serves the plan editor, at the clinic's own MCIDs (NPRS and ODI). ``plan_goals``
is the suggest contract's rule (api-contract.md, ``plan.goals``), at the reference's defaults:
NPRS when there is pain, target ``max(0, nprs - 2)``; ODI from 10%, target ``percent - 10`` rounded
half-up to a whole number; RMDQ from 5, target ``total - 5``; PSFS (higher is better) when the mean
is 8 or less, target ``mean + 2`` rounded half-up to one decimal, compared on the exact fraction.
All due in 28 days. Arithmetic is exact (``Fraction`` and ``Decimal``), never binary floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from plans.clinical.progress import ProgressThresholds
from plans.clinical.scoring import PSFS_MAX, round_half_up

GOAL_DUE_IN_DAYS = 28
AT_MOST = "<="
AT_LEAST = ">="


@dataclass(frozen=True)
class SuggestedGoal:
    measure: str  # a GoalMeasure value
    target: int
    due_in_days: int = GOAL_DUE_IN_DAYS


@dataclass(frozen=True)
class PlanGoal:
    """A goal of the suggest contract: ``target`` a whole number, or one decimal for PSFS."""

    measure: str
    target: int | Decimal
    comparator: str  # AT_MOST, or AT_LEAST for PSFS
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


def _half_up(value: Fraction, places: int) -> Decimal:
    """An exact non-negative fraction rounded half-up to ``places`` decimals."""
    scale = 10**places
    return Decimal(math.floor(value * scale + Fraction(1, 2))).scaleb(-places)


def plan_goals(
    *,
    nprs: int | None,
    odi_percent: Decimal | None,
    rmdq_total: int | None,
    psfs_mean: Fraction | None,
    thresholds: ProgressThresholds = ProgressThresholds(),  # noqa: B008 - frozen, immutable default
) -> tuple[PlanGoal, ...]:
    """The suggest contract's goals, in the order NPRS, ODI, RMDQ, PSFS. ``psfs_mean`` is the exact
    mean (``PsfsScore.exact``)."""
    goals: list[PlanGoal] = []
    if nprs is not None and nprs > 0:
        goals.append(PlanGoal("nprs", max(0, int(nprs - thresholds.nprs_mcid)), AT_MOST))
    if odi_percent is not None and Decimal(odi_percent) >= thresholds.odi_mcid:
        target = _half_up(Fraction(Decimal(odi_percent) - thresholds.odi_mcid), 0)
        goals.append(PlanGoal("odi", max(0, int(target)), AT_MOST))
    if rmdq_total is not None and rmdq_total >= thresholds.rmdq_mcid:
        goals.append(PlanGoal("rmdq", int(rmdq_total - thresholds.rmdq_mcid), AT_MOST))
    if psfs_mean is not None and psfs_mean <= PSFS_MAX - thresholds.psfs_mcid:
        goals.append(PlanGoal("psfs", _half_up(psfs_mean + Fraction(thresholds.psfs_mcid), 1), AT_LEAST))
    return tuple(goals)
