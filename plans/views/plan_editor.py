"""The plan editor: the plan's next version, written from the current one, the saved draft or the
latest assessment's suggestion, with the library searched for exercises to add; saved as a draft or
approved.

Without JavaScript every button submits the one editor form: "Search" and "Add" come back with what
was typed (nothing saved, nothing judged yet). With it, htmx replaces the search results in place
(``plan_library``) and "Add" puts a row in the page."""

from __future__ import annotations

from http import HTTPStatus
from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.forms import BaseFormSet
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from clinic.access import therapist_required
from clinic.edit_conflicts import CHANGED_AT_FORMAT, person
from clinic.forms import add_service_errors
from patients.selectors import get_episode_for_user
from plans.clinical.dose import hold_as_prescribed
from plans.forms.plans import LibrarySearchForm, PlanExerciseFormSet, PlanGoalFormSet, PlanVersionForm
from plans.models import Exercise, Prompt
from plans.render.diff import describe_plan_conflict
from plans.selectors.exercise_search import ExerciseSearch, exercise_search
from plans.selectors.holds import plan_holds
from plans.selectors.plan_editor import (
    current_version,
    editor_initial_from_draft,
    editor_initial_from_suggestion,
    editor_initial_from_version,
    exercises_by_id,
    latest_assessment,
    plan_draft,
)
from plans.services import plan_versions as services
from plans.services.plan_drafts import DraftChanged
from plans.services.prompts import prompt_mark_acted
from plans.views.holds import hold_cards
from plans.views.pages import render_episode_page

APPROVE, DRAFT, SEARCH = "approve", "draft", "search"
ADD_EXERCISE = "add_exercise"
LIBRARY_PREFIX = "library"


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


def library_results(form: LibrarySearchForm) -> ExerciseSearch | None:
    if not form.is_searching:
        return None
    found = form.cleaned_data
    return exercise_search(text=found["q"], kind=found["kind"], region=found["region"], level=found["level"])


def _with_added_row(data: QueryDict, exercise: Exercise) -> QueryDict:
    """The submitted editor with ``exercise`` in its first blank row (or a new one), at its library dose."""
    data = data.copy()
    try:
        total = int(data.get("exercises-TOTAL_FORMS", ""))
    except ValueError:
        return data  # the formset reports the broken management form
    filled = [i for i in range(total) if data.get(f"exercises-{i}-exercise")]
    index = next((i for i in range(total) if i not in filled), total)
    hold, unit = hold_as_prescribed(exercise.hold_seconds, exercise.kind)
    row = {
        "exercise": exercise.pk,
        "order": len(filled) + 1,
        "sets": exercise.sets,
        "reps": exercise.reps,
        "hold": hold,
        "hold_unit": unit,
        "times_per_day": exercise.times_per_day,
        "days_per_week": exercise.days_per_week,
        "offer_variants": "on",
    }
    for key, value in row.items():
        data[f"exercises-{index}-{key}"] = "" if value is None else str(value)
    data["exercises-TOTAL_FORMS"] = str(max(total, index + 1))
    return data


def _shown_unjudged(*parts) -> None:
    """Show what was typed without marking errors: a search or an "Add" is not a save."""
    for part in parts:
        if isinstance(part, BaseFormSet):
            part._errors = []  # type: ignore[attr-defined]  # the formset's cache of its rows' errors
            part._non_form_errors = part.error_class()  # type: ignore[attr-defined]
            for form in part.forms:
                form._errors = ErrorDict()
        else:
            part._errors = ErrorDict()


def _fields_marked(exercise_formset, goal_formset, version_form) -> bool:
    """Whether an error is shown next to a field or a row, not only at the top of the editor."""
    rows = [*exercise_formset.forms, *goal_formset.forms]
    return any(form.errors for form in rows) or any(name != NON_FIELD_ERRORS for name in version_form.errors)


def _draft_conflict_message(changed: DraftChanged) -> str:
    if changed.draft is None:
        return "The draft you opened was removed since. Your changes are kept below."
    when = date_format(timezone.localtime(changed.draft.updated_at), CHANGED_AT_FORMAT)
    return (
        f"{person(changed.draft.saved_by)} saved a draft of this plan on {when}, after you opened it. "
        "Your changes are kept below. Save again to replace their draft with yours, "
        "or open the editor again to see theirs."
    )


def _editor_start(request, *, current, draft, assessment) -> dict:
    """The saved draft comes first, even from an assessment's "edit the plan" link, unless the
    therapist sets it aside (``draft=aside``); saving or approving then replaces it."""
    draft_aside = request.GET.get("draft") == "aside"
    if draft is not None and not draft_aside:
        initial = editor_initial_from_draft(draft)
    elif request.GET.get("from_assessment") and assessment is not None:
        initial = editor_initial_from_suggestion(assessment)
    elif current is not None:
        initial = editor_initial_from_version(current)
    elif assessment is not None:
        initial = editor_initial_from_suggestion(assessment)
    else:
        initial = {"exercises": [], "goals": [], "version": {}}
    version = initial["version"]
    version["based_on"] = draft.based_on if draft is not None else (current.number if current else 0)
    version["draft_version"] = draft.version if draft is not None else 0
    return initial


@therapist_required
def plan_edit(request: HttpRequest, code) -> HttpResponse:
    episode = get_episode_for_user(request.user, code)
    current = current_version(episode)
    draft = plan_draft(episode)
    assessment = latest_assessment(episode)
    initial = _editor_start(request, current=current, draft=draft, assessment=assessment)
    prompt = _open_prompt(request, episode)
    if prompt is not None or request.GET.get("reason") or "reason" not in initial["version"]:
        initial["version"]["reason"] = prompt.message if prompt else request.GET.get("reason", "")

    data = request.POST.copy() if request.method == "POST" else None
    action = request.POST.get("action", APPROVE)
    if data is not None and (added := request.POST.get(ADD_EXERCISE, "")).isdigit():
        action = ADD_EXERCISE
        exercise = Exercise.objects.filter(approved=True, pk=added).first()
        if exercise is not None:
            data = _with_added_row(data, exercise)
    current_ids = [row["exercise"] for row in initial["exercises"]]
    if data is not None:
        current_ids += [
            value for key, value in data.items() if key.endswith("-exercise") and str(value).isdigit()
        ]
    exercises, choices = _exercise_choices(current_ids)
    exercise_formset = PlanExerciseFormSet(
        data, initial=initial["exercises"], prefix="exercises", exercises=exercises
    )
    for form in [*exercise_formset.forms, exercise_formset.empty_form]:
        form.fields["exercise"].choices = choices
    goal_formset = PlanGoalFormSet(
        data, initial=initial["goals"], prefix="goals", form_kwargs={"earliest": episode.onset_date}
    )
    version_form = PlanVersionForm(data, initial=initial["version"], needs_reason=current is not None)
    search_form = LibrarySearchForm(data if data is not None else request.GET, prefix=LIBRARY_PREFIX)

    holds = plan_holds(episode)
    blocked = holds[0] if holds else None
    conflict = None
    status = HTTPStatus.OK
    if action == DRAFT or (action == APPROVE and data is not None and not blocked):
        if action == DRAFT:
            version_form.fields["reason"].required = False
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
            based_on = version_form.cleaned_data["based_on"]
            try:
                if action == DRAFT:
                    services.plan_draft_save(
                        episode=episode,
                        content=content,
                        user=request.user,
                        based_on=based_on,
                        loaded_version=version_form.loaded_draft_version,
                    )
                    messages.success(
                        request,
                        "Draft saved. It is not the approved plan and the patient does not see it: "
                        "come back to it here, and approve it when it is ready.",
                    )
                    return redirect("plans:plan_edit", code=episode.code)
                version = services.plan_version_approve(
                    episode=episode,
                    content=content,
                    user=request.user,
                    assessment=assessment,
                    based_on=based_on,
                    draft_version=version_form.loaded_draft_version,
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
                    status = HTTPStatus.CONFLICT
            except DraftChanged as changed:
                version_form.add_error(None, _draft_conflict_message(changed))
                version_form.move_to_draft(changed.current_version)
                status = HTTPStatus.CONFLICT
            except services.PlanUnchanged as unchanged:
                version_form.add_error(
                    None,
                    f"Nothing in the plan differs from version {unchanged.version.number}, so there is "
                    "nothing to approve. Change an exercise, a dose, a goal, the education, the advice, the "
                    "notes or the review date, or cancel.",
                )
            except services.PlanBlocked as blocked_error:
                messages.error(request, str(blocked_error))
            except ValidationError as error:
                add_service_errors(version_form, error)
            else:
                if prompt is not None:
                    prompt_mark_acted(prompt=prompt, user=cast(User, request.user), plan_version=version)
                messages.success(request, f"Plan version {version.number} approved.")
                return redirect("plans:plan_version", code=episode.code, number=version.number)
    elif data is not None:
        _shown_unjudged(exercise_formset, goal_formset, version_form)
    return render_episode_page(
        request,
        "plans/plan_form.html",
        episode=episode,
        record=episode,
        context={
            "current": current,
            "draft": draft,
            "draft_aside": request.GET.get("draft") == "aside",
            "assessment": assessment,
            "blocked": blocked,
            "hold_cards": hold_cards(holds),
            "prompt": prompt,
            "exercise_formset": exercise_formset,
            "goal_formset": goal_formset,
            "version_form": version_form,
            "search_form": search_form,
            "results": library_results(search_form),
            "conflict": conflict,
            "fields_marked": _fields_marked(exercise_formset, goal_formset, version_form),
            "exercises_by_id": exercises_by_id(exercises),
        },
        status=status,
    )


@therapist_required
def plan_library(request: HttpRequest, code) -> HttpResponse:
    """The editor's search results alone, for htmx to put in the page."""
    get_episode_for_user(request.user, code)
    form = LibrarySearchForm(request.GET, prefix=LIBRARY_PREFIX)
    return render(
        request, "plans/_library_results.html", {"search_form": form, "results": library_results(form)}
    )
