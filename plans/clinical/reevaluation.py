"""When a re-evaluation falls due: a fixed number of days after the baseline assessment, or after a
fixed number of visits since it, whichever comes first (reference §7: a progress report at least
every 10 treatment days; the clinic sets both numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class ReevaluationState(StrEnum):
    NO_BASELINE = "no_baseline"  # nothing to re-evaluate against yet
    PROMPTED = "prompted"  # a visit raised a re-evaluation prompt that is still open
    DUE = "due"  # the day or the visit count is reached
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Reevaluation:
    state: ReevaluationState
    due_on: date | None = None
    visits_left: int | None = None


def reevaluation_due_on(baseline_on: date, reevaluation_days: int) -> date:
    return baseline_on + timedelta(days=reevaluation_days)


def reevaluation(
    *,
    baseline_on: date | None,
    today: date,
    reevaluation_days: int,
    reevaluation_visit_count: int,
    visits_since_baseline: int,
    prompt_open: bool = False,
) -> Reevaluation:
    """Where an episode stands: an open prompt says "due now" whatever the dates; otherwise due from
    the day ``reevaluation_days`` after the baseline (that day included) or once
    ``reevaluation_visit_count`` visits followed it."""
    if prompt_open:
        return Reevaluation(ReevaluationState.PROMPTED)
    if baseline_on is None:
        return Reevaluation(ReevaluationState.NO_BASELINE)
    due_on = reevaluation_due_on(baseline_on, reevaluation_days)
    visits_left = reevaluation_visit_count - visits_since_baseline
    if due_on <= today or visits_left <= 0:
        return Reevaluation(ReevaluationState.DUE, due_on, max(visits_left, 0))
    return Reevaluation(ReevaluationState.UPCOMING, due_on, visits_left)
