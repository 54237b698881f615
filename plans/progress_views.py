"""Visits, prompts and the therapist's caseload dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.access import therapist_required
from clinic.redirects import safe_next_url
from patients.audit import record_access
from patients.models import Episode
from plans import attention
from plans import questionnaire_services as questionnaires
from plans import services as plan_services
from plans import visits as visit_services
from plans.dashboard import DashboardFilter, caseload
from plans.forms import PromptDismissForm, VisitExerciseFormSet, VisitForm
from plans.models import Exercise, Prompt, Visit

EPISODES_PER_PAGE = 25
ATTENTION_ON_CASELOAD = 10


def _episode(user, code):
    return get_object_or_404(Episode.objects.visible_to(user).select_related("patient__clinic"), code=code)


@therapist_required
def visit_create(request, code):
    episode = _episode(request.user, code)
    version = plan_services.current_version(episode)
    plan_items = list(version.exercises.all()) if version else []
    exercises = Exercise.objects.filter(pk__in=[item.exercise_id for item in plan_items])
    data = request.POST or None
    questionnaire = questionnaires.latest_completed(episode)
    home = visit_services.home_summary(episode, timezone.localdate())
    initial = visit_services.visit_initial(home["home_adherence"], questionnaire)
    form = VisitForm(data, episode=episode, initial=initial)
    formset = VisitExerciseFormSet(
        data,
        prefix="done",
        exercises=exercises,
        initial=[
            {"exercise": i.exercise_id, "sets": i.sets, "reps": i.reps, "hold_seconds": i.hold_seconds}
            for i in plan_items
        ],
    )
    names = {item.exercise_id: item.exercise.name for item in plan_items}
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        entry = visit_services.VisitEntry(
            visit_date=form.cleaned_data["visit_date"],
            visit_time=form.cleaned_data["visit_time"],
            nprs=form.cleaned_data["nprs"],
            odi_sections=form.odi_sections,
            patient_rating=form.cleaned_data["patient_rating"],
            adherence_percent=form.cleaned_data["adherence_percent"],
            findings=form.findings,
            exercises=formset.done_rows(),
            note=form.cleaned_data["note"],
        )
        try:
            visit = visit_services.record_visit(episode=episode, entry=entry, user=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if questionnaire and request.POST.get("questionnaire") == str(questionnaire.code):
                questionnaires.mark_used(questionnaire, user=request.user)
            return redirect("plans:visit_detail", code=visit.code)
    rows = [(f, names.get(f.initial.get("exercise") if f.initial else None, "")) for f in formset.forms]
    record_access(request, patient=episode.patient, record=episode)
    return render(
        request,
        "plans/visit_form.html",
        {
            "form": form,
            "formset": formset,
            "rows": rows,
            "episode": episode,
            "patient": episode.patient,
            "questionnaire": questionnaire,
            **home,
        },
    )


@therapist_required
def visit_detail(request, code):
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "episode__patient__clinic", "recorded_by", "baseline", "plan_version"
        ),
        code=code,
    )
    episode = visit.episode
    prompts = visit_services.sort_prompts(
        visit.prompts.select_related("resolved_by", "episode", "visit", "plan_version")
    )
    record_access(request, patient=episode.patient, record=visit)
    return render(
        request,
        "plans/visit_detail.html",
        {
            "visit": visit,
            "episode": episode,
            "patient": episode.patient,
            "prompts": prompts,
            "findings": visit.findings.all(),
            "exercises": visit.exercises.select_related("exercise"),
            "dismiss_form": PromptDismissForm(),
            **visit_services.home_summary(episode, visit.visit_date),
        },
    )


def _prompt(user, pk):
    return get_object_or_404(
        Prompt.objects.visible_to(user).select_related("episode", "visit"),
        pk=pk,
    )


@therapist_required
@require_POST
def prompt_dismiss(request, pk):
    prompt = _prompt(request.user, pk)
    next_url = safe_next_url(request, default=reverse("patients:episode_detail", args=[prompt.episode.code]))
    form = PromptDismissForm(request.POST)
    if form.is_valid():
        try:
            visit_services.dismiss_prompt(
                prompt=prompt, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{prompt.get_kind_display()} prompt dismissed.")
    else:
        messages.error(request, " ".join(form.errors["reason"]))
    return HttpResponseRedirect(next_url)


@therapist_required
def dashboard(request):
    filters = DashboardFilter.from_query(request.GET)
    episodes = caseload(request.user, filters)
    page = Paginator(episodes, EPISODES_PER_PAGE).get_page(request.GET.get("page"))
    visit_services.attach_open_prompts(page.object_list)
    inbox = attention.summary(request.user, filters.scope)
    if filters.scope == "mine":
        request._attention_summary = inbox  # the navigation's count, without a second query
    return render(
        request,
        "plans/dashboard.html",
        {
            "page": page,
            "filters": filters,
            "attention_items": attention.items(request.user, filters.scope, limit=ATTENTION_ON_CASELOAD),
            "inbox": inbox,
        },
    )
