"""The approved versions of a plan, and two versions compared (the editor: plan_editor.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from clinic.access import therapist_required
from patients.selectors import get_episode_for_user
from plans.models import PlanVersion
from plans.render.diff import diff_versions
from plans.views.pages import render_episode_page


@therapist_required
def plan_version(request, code, number=None):
    episode = get_episode_for_user(request.user, code)
    versions = list(
        PlanVersion.objects.filter(plan__episode=episode).select_related("approved_by").order_by("-number")
    )
    if not versions:
        messages.info(request, "This episode has no approved plan yet.")
        return redirect("patients:episode_detail", code=episode.code)
    wanted = number or versions[0].number
    version = get_object_or_404(PlanVersion.objects.with_items().filter(plan__episode=episode), number=wanted)
    return render_episode_page(
        request,
        "plans/plan_detail.html",
        episode=episode,
        record=version,
        context={
            "version": version,
            "versions": versions,
            "is_current": version.number == versions[0].number,
        },
    )


@therapist_required
def plan_compare(request, code):
    episode = get_episode_for_user(request.user, code)
    versions = PlanVersion.objects.with_items().filter(plan__episode=episode)
    numbers = list(versions.order_by("number").values_list("number", flat=True))
    if len(numbers) < 2:
        messages.info(request, "There is only one version of this plan.")
        return redirect("plans:plan", code=episode.code)

    def pick(name, default):
        try:
            value = int(request.GET.get(name, default))
        except ValueError:
            value = default
        return value if value in numbers else default

    new_number = pick("new", numbers[-1])
    old_number = pick(
        "old", numbers[numbers.index(new_number) - 1] if numbers.index(new_number) else numbers[0]
    )
    old = get_object_or_404(versions, number=old_number)
    new = get_object_or_404(versions, number=new_number)
    return render_episode_page(
        request,
        "plans/plan_compare.html",
        episode=episode,
        record=episode,
        context={
            "old": old,
            "new": new,
            "numbers": numbers,
            "changes": diff_versions(old, new),
        },
    )
