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

A goal with no target (a functional goal in the patient's words) is not judged here: None.
"""

from __future__ import annotations

from decimal import Decimal

from plans.clinical.vocabulary import GoalStatus


def goal_status(
    *,
    baseline: Decimal | None,
    target: Decimal | None,
    latest: Decimal | None,
    higher_is_better: bool,
    dropped: bool = False,
) -> GoalStatus | None:
    if dropped:
        return GoalStatus.DROPPED
    if target is None:
        return None
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
