"""A therapist drops a goal that no longer fits, saying why; the history keeps who and when."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from clinic.dates import today
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
