"""A therapist drops a goal that no longer fits, saying why, or gives a functional goal (the patient's
words, which no value can judge) its status; the history keeps who, when and each earlier status."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from clinic.dates import today
from plans.clinical.goal_status import JUDGED_BY_THERAPIST
from plans.clinical.vocabulary import GoalStatus
from plans.models import PlanGoal
from plans.services.history import history_user_set


@transaction.atomic
def goal_drop(*, goal: PlanGoal, user: User, reason: str) -> PlanGoal:
    goal = PlanGoal.objects.select_for_update().get(pk=goal.pk)
    if goal.dropped_on is not None:
        raise ValidationError("This goal has already been dropped.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the goal is dropped."})
    goal.dropped_on = today()
    goal.dropped_reason = reason.strip()
    history_user_set(goal, user)
    goal.save(update_fields=["dropped_on", "dropped_reason"])
    return goal


@transaction.atomic
def goal_judge(*, goal: PlanGoal, user: User, status: GoalStatus) -> PlanGoal:
    goal = PlanGoal.objects.select_for_update().get(pk=goal.pk)
    if goal.measure != PlanGoal.Measure.FUNCTION:
        raise ValidationError("A measured goal is judged from the visits.")
    if goal.dropped_on is not None:
        raise ValidationError("This goal has been dropped.")
    if status not in JUDGED_BY_THERAPIST:
        raise ValidationError({"status": "Choose met, partly met or not met."})
    if goal.judged_status == status:
        return goal
    goal.judged_status = GoalStatus(status).value
    goal.judged_on = today()
    history_user_set(goal, user)
    goal.save(update_fields=["judged_status", "judged_on"])
    return goal
