"""Recording and reading a visit, and dismissing one of its prompts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinic import dates
from clinic.access import may_amend, therapist_required
from clinic.feedback import report_outcome
from clinic.forms import add_service_errors
from clinic.redirects import safe_next_url
from patients.selectors import get_episode_for_user
from plans.forms.treatment import intervention_formset
from plans.forms.visits import PromptDismissForm, VisitExerciseFormSet, VisitForm
from plans.models import Exercise, Prompt, Visit
from plans.selectors.home_logs import home_summary
from plans.selectors.notes import note_of
from plans.selectors.plan_editor import current_version
from plans.selectors.questionnaires import latest_completed
from plans.selectors.visits import visit_initial, visit_page
from plans.services import prompts as prompt_services
from plans.services import visits as visit_services
from plans.views.pages import mark_questionnaire_used, render_episode_page


@therapist_required
def visit_create(request, code):
    episode = get_episode_for_user(request.user, code)
    version = current_version(episode)
    plan_items = list(version.exercises.all()) if version else []
    exercises = Exercise.objects.filter(pk__in=[item.exercise_id for item in plan_items])
    data = request.POST or None
    questionnaire = latest_completed(episode)
    home = home_summary(episode, dates.today())
    initial = visit_initial(home["home_adherence"], questionnaire)
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
    treatment = intervention_formset(data, user=request.user, clinic_id=episode.patient.clinic_id)
    names = {item.exercise_id: item.exercise.name for item in plan_items}
    valid = [part.is_valid() for part in (form, formset, treatment)]  # each answers field by field
    if request.method == "POST" and all(valid):
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
            next_visit_date=form.cleaned_data["next_visit_date"],
            objective=form.objective_values,
            interventions=treatment.interventions,
            **form.outcome_measures,
        )
        try:
            visit = visit_services.visit_record(episode=episode, entry=entry, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            mark_questionnaire_used(request, questionnaire)
            return redirect("plans:visit_detail", code=visit.code)
    rows = [(f, names.get(f.initial.get("exercise"), "") if f.initial else "") for f in formset.forms]
    return render_episode_page(
        request,
        "plans/visit_form.html",
        episode=episode,
        record=episode,
        context={
            "form": form,
            "formset": formset,
            "treatment": treatment,
            "rows": rows,
            "questionnaire": questionnaire,
            **home,
        },
    )


@therapist_required
def visit_detail(request, code):
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "episode__patient__clinic", "recorded_by", "baseline", "plan_version", "amended_by", "objective"
        ),
        code=code,
    )
    return render_episode_page(
        request,
        "plans/visit_detail.html",
        episode=visit.episode,
        record=visit,
        context={
            **visit_page(visit),
            "dismiss_form": PromptDismissForm(),
            "note": note_of(visit),
            "may_amend": may_amend(
                request.user, clinic_id=visit.episode.patient.clinic_id, recorded_by_id=visit.recorded_by_id
            ),
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
        report_outcome(
            request,
            lambda: prompt_services.prompt_dismiss(
                prompt=prompt, user=request.user, reason=form.cleaned_data["reason"]
            ),
            success=f"{prompt.get_kind_display()} prompt dismissed.",
        )
    else:
        messages.error(request, " ".join(str(message) for message in form.errors["reason"]))
    return HttpResponseRedirect(next_url)
