"""The plan editor, the approved versions of a plan, and two versions compared."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect

from clinic.access import therapist_required
from clinic.forms import add_service_errors
from patients.selectors import get_episode_for_user
from plans.forms.plans import PlanExerciseFormSet, PlanGoalFormSet, PlanVersionForm
from plans.models import Exercise, PlanVersion, Prompt
from plans.render.diff import describe_plan_conflict, diff_versions
from plans.selectors.holds import plan_holds
from plans.selectors.plan_editor import (
    current_version,
    editor_initial_from_suggestion,
    editor_initial_from_version,
    exercises_by_id,
    latest_assessment,
)
from plans.services import plan_versions as services
from plans.services.prompts import prompt_mark_acted
from plans.views.holds import hold_cards
from plans.views.pages import render_episode_page


def _exercise_choices(current_ids):
    queryset = Exercise.objects.filter(Q(approved=True) | Q(pk__in=current_ids)).order_by("kind", "name")
    grouped: dict[str, list] = {}
    labels = dict(Exercise._meta.get_field("kind").flatchoices)
    for exercise in queryset:
        grouped.setdefault(labels[exercise.kind], []).append((exercise.pk, exercise.name))
    return queryset, [("", "Choose an exercise")] + list(grouped.items())


def _open_prompt(request, episode):
    """The open prompt the therapist is acting on (``?prompt=<id>``), if any."""
    prompt_id = request.GET.get("prompt", "")
    if not prompt_id.isdigit():
        return None
    return Prompt.objects.open().filter(episode=episode, pk=prompt_id).first()


@therapist_required
def plan_edit(request, code):
    episode = get_episode_for_user(request.user, code)
    current = current_version(episode)
    assessment = latest_assessment(episode)
    if current is not None and not request.GET.get("from_assessment"):
        initial = editor_initial_from_version(current)
    elif assessment is not None:
        initial = editor_initial_from_suggestion(assessment)
    else:
        initial = {"exercises": [], "goals": [], "version": {}}
    prompt = _open_prompt(request, episode)
    initial["version"]["reason"] = prompt.message if prompt else request.GET.get("reason", "")
    initial["version"]["based_on"] = current.number if current else 0

    current_ids = [row["exercise"] for row in initial["exercises"]]
    exercises, choices = _exercise_choices(current_ids)
    data = request.POST or None
    exercise_formset = PlanExerciseFormSet(
        data, initial=initial["exercises"], prefix="exercises", exercises=exercises
    )
    for form in [*exercise_formset.forms, exercise_formset.empty_form]:
        form.fields["exercise"].choices = choices
    goal_formset = PlanGoalFormSet(
        data, initial=initial["goals"], prefix="goals", form_kwargs={"earliest": episode.onset_date}
    )
    version_form = PlanVersionForm(data, initial=initial["version"], needs_reason=current is not None)

    holds = plan_holds(episode)
    blocked = holds[0] if holds else None
    conflict = None
    if request.method == "POST" and not blocked:
        forms_valid = all([exercise_formset.is_valid(), goal_formset.is_valid(), version_form.is_valid()])
        if forms_valid:
            content = services.PlanContent(
                review_date=version_form.cleaned_data["review_date"],
                exercises=exercise_formset.kept_rows(),
                education=list(version_form.cleaned_data["education"]),
                goals=goal_formset.kept_goals(),
                activity_advice=version_form.cleaned_data["activity_advice"],
                notes=version_form.cleaned_data["notes"],
                reason=version_form.cleaned_data["reason"],
                patient_note=version_form.cleaned_data["patient_note"],
            )
            try:
                version = services.plan_version_approve(
                    episode=episode,
                    content=content,
                    user=request.user,
                    assessment=assessment,
                    based_on=version_form.cleaned_data["based_on"],
                )
            except services.PlanAlreadyApproved as repeat:
                number = repeat.version.number
                messages.info(
                    request, f"This plan was already approved as version {number}; nothing else was saved."
                )
                return redirect("plans:plan_version", code=episode.code, number=number)
            except services.PlanChanged as changed:
                if changed.current is None:
                    version_form.add_error(None, "The plan you started from is gone: open the editor again.")
                    version_form.move_to(0)
                else:
                    conflict = describe_plan_conflict(
                        current=changed.current, based_on=changed.based_on, content=content
                    )
                    version_form.move_to(changed.current.number)
            except services.PlanBlocked as blocked_error:
                messages.error(request, str(blocked_error))
            except ValidationError as error:
                add_service_errors(version_form, error)
            else:
                if prompt is not None:
                    prompt_mark_acted(prompt=prompt, user=request.user, plan_version=version)
                messages.success(request, f"Plan version {version.number} approved.")
                return redirect("plans:plan_version", code=episode.code, number=version.number)
    return render_episode_page(
        request,
        "plans/plan_form.html",
        episode=episode,
        record=episode,
        context={
            "current": current,
            "assessment": assessment,
            "blocked": blocked,
            "hold_cards": hold_cards(holds),
            "prompt": prompt,
            "exercise_formset": exercise_formset,
            "goal_formset": goal_formset,
            "version_form": version_form,
            "conflict": conflict,
            "exercises_by_id": exercises_by_id(exercises),
        },
        status=HTTPStatus.CONFLICT if conflict else HTTPStatus.OK,
    )


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
