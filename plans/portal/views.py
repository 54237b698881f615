"""The patient portal: my current plan, logging a home session, my history and pain chart, and the
questionnaires my therapist sent, my printable plan, and the one-time link that sets my password.
Every view starts from the logged-in account's own patient
record, so a patient can only ever reach their own rows; staff accounts are refused (403)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format

from clinic import access
from clinic.forms import add_service_errors
from patients.audit import record_access
from patients.models import Patient, RecordAccess
from patients.portal_accounts import is_staff_account
from plans.clinical.flares import FLARE_POINTS
from plans.models import Exercise, HomeLog, PlanEducation, PlanExercise, PlanVersion, QuestionnaireRequest
from plans.portal.forms import HomeLogForm, QuestionnaireForm
from plans.render.charts import Point, line_chart
from plans.render.diff import changes_in_words, diff_versions
from plans.render.pdf import pdf_response, render_plan_html
from plans.selectors.holds import PAUSED_FOR_PATIENT
from plans.selectors.home_logs import with_exercises
from plans.services.home_logs import home_log_record
from plans.services.questionnaires import questionnaire_complete

LOGS_PER_PAGE = 10
CHART_SESSIONS = 30


def portal_patient(user) -> Patient:
    """The patient record behind a portal account; staff and unlinked accounts are refused."""
    if access.is_clinic_staff(user):
        raise PermissionDenied
    patient = getattr(user, "patient_record", None)
    if patient is None or not patient.is_active:
        raise PermissionDenied
    return patient


def current_plan_version(patient: Patient, *, with_items: bool = False) -> PlanVersion | None:
    """The current version of the patient's active plan: the newest version approved for any of the
    patient's open episodes (a plan's newest version is always its current one)."""
    versions = PlanVersion.objects.select_related("plan__episode", "approved_by").with_hold()
    if with_items:
        versions = versions.prefetch_related(
            Prefetch(
                "exercises",
                queryset=PlanExercise.objects.select_related("exercise__easier", "exercise__harder"),
            ),
            Prefetch("education", queryset=PlanEducation.objects.select_related("item")),
            "goals",
        )
    return versions.current_for_patient(patient)


def _steps(instructions: str) -> list[str]:
    """The numbered lines of an exercise's instructions, without their numbers (shown as a list)."""
    return [re.sub(r"^\s*\d+[.)]\s*", "", line) for line in instructions.splitlines() if line.strip()]


def _duration(seconds: int) -> str:
    return f"{seconds // 60} minutes" if seconds >= 120 else f"{seconds} seconds"


def amount_in_words(item: PlanExercise) -> str:
    if item.reps:
        amount = (
            f"{item.sets} sets of {item.reps} repetitions" if item.sets > 1 else f"{item.reps} repetitions"
        )
        if item.hold_seconds:
            amount += f"; hold each one for {_duration(item.hold_seconds)}"
        return amount
    if item.hold_seconds:
        duration = _duration(item.hold_seconds)
        return f"{item.sets} times, {duration} each time" if item.sets > 1 else f"For {duration}"
    return f"{item.sets} sets"


def how_often_in_words(item: PlanExercise) -> str:
    per_day = {1: "Once a day", 2: "Twice a day"}.get(item.times_per_day, f"{item.times_per_day} times a day")
    per_week = "every day" if item.days_per_week == 7 else f"on {item.days_per_week} days a week"
    return f"{per_day}, {per_week}"


def _take_care(exercise: Exercise) -> str:
    text = exercise.precautions.strip()
    return "" if text.rstrip(".").lower() in {"", "none", "none usual"} else text


@dataclass(frozen=True)
class Variant:
    exercise: Exercise
    steps: list[str]


@dataclass(frozen=True)
class ExerciseCard:
    """A plan exercise as the patient reads it."""

    item: PlanExercise
    steps: list[str]
    amount: str
    how_often: str
    take_care: str
    easier: Variant | None
    harder: Variant | None


def _variant(exercise: Exercise | None, item: PlanExercise) -> Variant | None:
    """A library variant the patient may try, when the therapist offers variants for this exercise:
    it must be approved and load the spine in no way the prescribed exercise does not (no added
    flexion, extension, rotation or impact), so it stays within what the therapist prescribed."""
    if not item.offer_variants or exercise is None or not exercise.approved:
        return None
    if not exercise.properties <= item.exercise.properties:
        return None
    return Variant(exercise=exercise, steps=_steps(exercise.instructions))


def exercise_cards(version: PlanVersion) -> list[ExerciseCard]:
    """The version's exercises as cards; the version should come from current_plan_version(with_items)."""
    return [
        ExerciseCard(
            item=item,
            steps=_steps(item.exercise.instructions),
            amount=amount_in_words(item),
            how_often=how_often_in_words(item),
            take_care=_take_care(item.exercise),
            easier=_variant(item.exercise.easier, item),
            harder=_variant(getattr(item.exercise, "harder", None), item),
        )
        for item in version.exercises.all()
    ]


def plan_started_on(version: PlanVersion) -> date:
    first = version.plan.versions.order_by("number").values_list("approved_at", flat=True).first()
    return timezone.localdate(first)


def _record_portal_access(request: HttpRequest, patient: Patient, record: Model | None) -> None:
    record_access(request, patient=patient, record=record or patient, kind=RecordAccess.Kind.PORTAL)


def _portal_page(
    request: HttpRequest,
    template: str,
    *,
    section: str,
    patient: Patient,
    record: Model | None,
    context: dict[str, Any],
) -> HttpResponse:
    """A portal page: logs that the patient read ``record`` and highlights ``section`` in the menu."""
    _record_portal_access(request, patient, record)
    return render(request, template, {"portal_section": section, "patient": patient, **context})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    patient = portal_patient(request.user)
    version = current_plan_version(patient, with_items=True)
    questionnaires = QuestionnaireRequest.objects.filter(
        episode__patient=patient, episode__is_active=True, status=QuestionnaireRequest.Status.PENDING
    ).order_by("created_at")
    last_log = HomeLog.objects.filter(episode__patient=patient).order_by("-done_on", "-id").first()
    return _portal_page(
        request,
        "portal/home.html",
        section="plan",
        patient=patient,
        record=version,
        context={
            "version": version,
            "cards": exercise_cards(version) if version else [],
            "goals": list(version.goals.all()) if version else [],
            "questionnaires": list(questionnaires),
            "last_log": last_log,
            "what_changed": _what_changed(version),
            "paused": PAUSED_FOR_PATIENT if getattr(version, "plan_held", False) else "",
        },
    )


def _what_changed(version: PlanVersion | None) -> str:
    """The therapist's note for the patient, or else a summary of the changes from the last version."""
    if version is None or version.number == 1:
        return ""
    if version.patient_note:
        return version.patient_note
    previous = PlanVersion.objects.with_items().filter(plan=version.plan, number=version.number - 1).first()
    return changes_in_words(diff_versions(previous, version)) if previous else ""


@login_required
def log_session(request: HttpRequest) -> HttpResponse:
    patient = portal_patient(request.user)
    version = current_plan_version(patient)
    if version is None:
        messages.info(request, "You can log sessions once your therapist has given you a plan.")
        return redirect("portal:home")
    form = HomeLogForm(request.POST or None, version=version, plan_started_on=plan_started_on(version))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log = home_log_record(
                episode=version.plan.episode,
                plan_version=version,
                done_on=data["done_on"],
                exercises=list(data["exercises"]),
                pain_before=data["pain_before"],
                pain_after=data["pain_after"],
                comment=data["comment"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            day = date_format(log.done_on, "j F")
            messages.success(request, f"Well done! Your session on {day} is saved.")
            if log.flared:
                messages.warning(
                    request,
                    f"Your pain went up by {FLARE_POINTS} points or more after exercising. Your "
                    "therapist will see this. Until then, follow the “If it hurts” advice on each "
                    "exercise. If the pain is severe or you notice new numbness, weakness, or problems "
                    "with your bladder or bowels, get medical help straight away.",
                )
            return redirect("portal:history")
    return _portal_page(
        request,
        "portal/log_form.html",
        section="log",
        patient=patient,
        record=version,
        context={"version": version, "form": form},
    )


@login_required
def history(request: HttpRequest) -> HttpResponse:
    patient = portal_patient(request.user)
    logs = with_exercises(HomeLog.objects.filter(episode__patient=patient)).order_by("-done_on", "-id")
    page = Paginator(logs, LOGS_PER_PAGE).get_page(request.GET.get("page"))
    recent = HomeLog.objects.filter(episode__patient=patient).order_by("-done_on", "-id")
    chart_rows = list(recent.values_list("done_on", "pain_before", "pain_after")[:CHART_SESSIONS])
    chart_rows.reverse()
    return _portal_page(
        request,
        "portal/history.html",
        section="history",
        patient=patient,
        record=patient,
        context={
            "page": page,
            "chart": line_chart(
                title="Pain before and after your home sessions (0 = no pain, 10 = worst pain)",
                points=[Point(day, after, "After") for day, _, after in chart_rows],
                secondary=[Point(day, before) for day, before, _ in chart_rows],
                secondary_label="Before",
                y_max=10,
                evenly=True,
            ),
            "chart_rows": chart_rows,
        },
    )


@login_required
def questionnaire_fill(request: HttpRequest, code: UUID) -> HttpResponse:
    patient = portal_patient(request.user)
    questionnaire = get_object_or_404(
        QuestionnaireRequest.objects.filter(episode__patient=patient), code=code
    )
    if questionnaire.status != QuestionnaireRequest.Status.PENDING:
        messages.info(request, "This questionnaire is already done. Thank you.")
        return redirect("portal:home")
    form = QuestionnaireForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire_complete(
                questionnaire=questionnaire,
                nprs=form.cleaned_data["nprs"],
                odi_sections=form.odi_sections,
                startback_items=form.startback_items,
                startback_bothersomeness=form.cleaned_data.get("startback_bothersomeness", ""),
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you! Your answers were sent to your therapist.")
            return redirect("portal:home")
    return _portal_page(
        request,
        "portal/questionnaire_form.html",
        section="plan",
        patient=patient,
        record=questionnaire,
        context={"questionnaire": questionnaire, "form": form},
    )


@login_required
def portal_plan_pdf(request: HttpRequest) -> HttpResponse:
    patient = portal_patient(request.user)
    version = current_plan_version(patient, with_items=True)
    if version is None:
        messages.info(request, "Your plan can be printed once your therapist has approved it.")
        return redirect("portal:home")
    _record_portal_access(request, patient, version)
    return pdf_response(render_plan_html(version=version, patient=patient), "my-exercise-plan.pdf")


class PortalSetPasswordView(PasswordResetConfirmView):
    """Django's password-reset confirmation, for portal accounts only."""

    template_name = "portal/set_password.html"
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_active or is_staff_account(user):
            return None
        if not Patient.objects.filter(portal_user=user, is_active=True).exists():
            return None
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            f"Your password is set. Log in with your username, {form.user.get_username()}, "
            "and your new password.",
        )
        return response
