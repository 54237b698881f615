"""A goal's status, judged from the visits.

The rule, on the latest value recorded for the goal's measure (never the best one: a gain that was
lost again does not count, which is the safer reading for a discharge):

- **dropped** when the therapist dropped the goal (with a reason), whatever the values say;
- **met** when the latest value reaches the target (at most the target for NPRS, ODI and RMDQ, at
  least the target for PSFS and other higher-is-better measures);
- **partly met** when it has moved at least half-way from the baseline towards the target
  (exactly half-way counts); there is no partly met without a baseline, or when the baseline
  already reached the target;
- **not met** otherwise, including when nothing was measured since the baseline.

A goal with no target (a functional goal in the patient's words) cannot be judged from values: its
status is the one the therapist gave it (``judged``: met, partly met or not met), None until then.

Goal targets stay within each measure's scale (``TARGET_RANGES``: the database constraints and the
plan editor's form errors share it). Range-of-motion goals are in degrees, higher is better, judged
on the objective measures of the assessment and the visits.
"""

from __future__ import annotations

from decimal import Decimal

from plans.clinical.objective import ROM_MAX, SLR_MAX
from plans.clinical.scoring import PSFS_MAX, RMDQ_ITEMS
from plans.clinical.vocabulary import GoalStatus

# The highest target of each measured goal (the lowest is 0): NPRS 0-10, ODI %, RMDQ 0-24, PSFS
# 0-10, lumbar flexion up to the objective form's ceiling, straight-leg raise up to 90 degrees.
TARGET_RANGES: dict[str, int] = {
    "nprs": 10,
    "odi": 100,
    "rmdq": RMDQ_ITEMS,
    "psfs": PSFS_MAX,
    "lumbar_flexion": ROM_MAX,
    "slr_left": SLR_MAX,
    "slr_right": SLR_MAX,
}
JUDGED_BY_THERAPIST = (GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET)


def target_error(measure: str, target: Decimal | None) -> str:
    """Why ``target`` does not fit the goal's measure; "" when it fits (a functional goal has none)."""
    if measure not in TARGET_RANGES:
        return ""
    if target is None:
        return "Give a target for this measure."
    high = TARGET_RANGES[measure]
    if not 0 <= target <= high:
        return f"This target is between 0 and {high}."
    return ""


def goal_status(
    *,
    baseline: Decimal | None,
    target: Decimal | None,
    latest: Decimal | None,
    higher_is_better: bool,
    dropped: bool = False,
    judged: GoalStatus | None = None,
) -> GoalStatus | None:
    if dropped:
        return GoalStatus.DROPPED
    if target is None:
        return judged
    if latest is None:
        return GoalStatus.NOT_MET
    direction = 1 if higher_is_better else -1
    if (latest - target) * direction >= 0:
        return GoalStatus.MET
    if baseline is None:
        return GoalStatus.NOT_MET
    gap = (target - baseline) * direction
    gain = (latest - baseline) * direction
    if gap > 0 and gain * 2 >= gap:
        return GoalStatus.PARTLY_MET
    return GoalStatus.NOT_MET
