"""A therapist drops a plan goal that no longer fits, on its own page that asks why."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from clinic.access import therapist_required
from clinic.forms import add_service_errors
from plans.forms.goals import GoalDropForm
from plans.models import PlanGoal
from plans.services.goals import goal_drop as drop


@therapist_required
def goal_drop(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(
        PlanGoal.objects.visible_to(request.user).select_related("version__plan__episode__patient"), pk=pk
    )
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
