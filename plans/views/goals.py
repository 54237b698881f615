"""A therapist drops a plan goal that no longer fits, on its own page that asks why, or gives a
functional goal its status (met, partly met, not met) on a page that shows the earlier ones."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from clinic.access import therapist_required
from clinic.forms import add_service_errors
from plans.clinical.vocabulary import GoalStatus
from plans.forms.goals import GoalDropForm, GoalJudgeForm
from plans.models import PlanGoal
from plans.services.goals import goal_drop as drop
from plans.services.goals import goal_judge as judge


def _goal_for_user(request: HttpRequest, pk: int) -> PlanGoal:
    return get_object_or_404(
        PlanGoal.objects.visible_to(request.user).select_related("version__plan__episode__patient"), pk=pk
    )


@therapist_required
def goal_drop(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal_for_user(request, pk)
    episode = goal.version.plan.episode
    form = GoalDropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drop(goal=goal, user=cast(User, request.user), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("patients:episode_detail", episode.code)
    context = {"goal": goal, "episode": episode, "patient": episode.patient, "form": form}
    return render(request, "plans/goal_drop.html", context)


@therapist_required
@require_http_methods(["GET", "POST"])
def goal_judge(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal_for_user(request, pk)
    episode = goal.version.plan.episode
    data = request.POST if request.method == "POST" else None
    form = GoalJudgeForm(data, initial={"status": goal.judged_status or None})
    if request.method == "POST" and form.is_valid():
        try:
            judge(goal=goal, user=cast(User, request.user), status=GoalStatus(form.cleaned_data["status"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("patients:episode_detail", episode.code)
    history: list[Any] = []  # the goal's historical rows
    last = ""
    for row in goal.history.select_related("history_user").order_by("history_date", "history_id"):
        if row.judged_status and row.judged_status != last:
            history.insert(0, row)  # newest first: each status given, who and when
        last = row.judged_status
    context = {
        "goal": goal,
        "episode": episode,
        "patient": episode.patient,
        "form": form,
        "measured": goal.measure != PlanGoal.Measure.FUNCTION,
        "history": history,
    }
    return render(request, "plans/goal_judge.html", context)
