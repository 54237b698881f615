"""The patient portal: my current plan, logging a home session, my history and pain chart, and the
questionnaires my therapist sent, my printable plan, and the one-time link that sets my password.
Every view starts from the logged-in account's own patient record (``portal_view``) and reads its
rows through ``visible_to(request.user)``, which limits a portal account to its own patient's rows,
so a patient can only ever reach their own; staff accounts are refused (403)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec
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
from plans.clinical import instructions
from plans.clinical.dose import Dose
from plans.clinical.flares import FLARE_POINTS
from plans.clinical.patient_words import patient_reason
from plans.clinical.questionnaires import (
    FABQ_ACTIVITY_INSTRUCTIONS,
    FABQ_WORK_INSTRUCTIONS,
    PSFS_RERATE_INSTRUCTIONS,
    RMDQ_INSTRUCTIONS,
)
from plans.clinical.variants import may_switch_to
from plans.models import (
    Exercise,
    HomeLog,
    PlanEducation,
    PlanExercise,
    PlanGoal,
    PlanVersion,
    QuestionnaireRequest,
)
from plans.portal.forms import HomeLogForm, QuestionnaireForm
from plans.render.charts import Point, line_chart
from plans.render.diff import changes_in_words, diff_versions
from plans.render.pdf import pdf_response, render_plan_html
from plans.selectors.holds import PAUSED_FOR_PATIENT
from plans.selectors.home_logs import with_exercises
from plans.selectors.outcomes import version_goal_outcomes
from plans.services.home_logs import home_log_record
from plans.services.questionnaires import questionnaire_complete

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

LOGS_PER_PAGE = 10
CHART_SESSIONS = 30
_P = ParamSpec("_P")


def own_patient(user: User | AnonymousUser) -> Patient | None:
    """The active patient record whose portal login ``user`` is: the record ``visible_to`` limits a
    portal account's rows to."""
    patient = access.portal_patient_of(user)
    return patient if isinstance(patient, Patient) else None


def portal_patient(user: User | AnonymousUser) -> Patient:
    """The patient record behind a portal account; staff and unlinked accounts are refused."""
    if access.is_clinic_staff(user):
        raise PermissionDenied
    patient = own_patient(user)
    if patient is None:
        raise PermissionDenied
    return patient


def portal_view(
    view: Callable[Concatenate[HttpRequest, Patient, _P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, _P], HttpResponse]:
    """Login first, then the view gets the account's own patient record (see ``portal_patient``)."""

    @wraps(view)
    def with_patient(request: HttpRequest, *args: _P.args, **kwargs: _P.kwargs) -> HttpResponse:
        return view(request, portal_patient(request.user), *args, **kwargs)

    return login_required(with_patient)


def current_plan_version(
    user: User | AnonymousUser, patient: Patient, *, with_items: bool = False
) -> PlanVersion | None:
    """The current version of the patient's active plan: the newest version approved for any of the
    patient's open episodes (a plan's newest version is always its current one)."""
    versions = PlanVersion.objects.visible_to(user).select_related("plan__episode", "approved_by").with_hold()
    if with_items:
        exercises = PlanExercise.objects.visible_to(user).select_related(
            "exercise__easier", "exercise__harder"
        )
        versions = versions.prefetch_related(
            Prefetch("exercises", queryset=exercises),
            Prefetch("education", queryset=PlanEducation.objects.visible_to(user).select_related("item")),
            Prefetch("goals", queryset=PlanGoal.objects.visible_to(user)),
        )
    return versions.current_for_patient(patient)


@dataclass(frozen=True)
class HowTo:
    """An exercise's library text as the patient reads it."""

    exercise: Exercise
    steps: list[str]
    take_care: str

    @classmethod
    def of(cls, exercise: Exercise) -> HowTo:
        return cls(
            exercise, instructions.steps(exercise.instructions), instructions.take_care(exercise.precautions)
        )


@dataclass(frozen=True)
class ExerciseCard:
    """A plan exercise as the patient reads it, with the variants they may switch to: how much and how
    often in natural units for its kind, and why it is in the plan in plain words."""

    item: PlanExercise
    dose: Dose
    how_to: HowTo
    easier: HowTo | None
    harder: HowTo | None

    @property
    def amount(self) -> str:
        return self.dose.amount_in_words(self.item.exercise.kind)

    @property
    def how_often(self) -> str:
        return self.dose.how_often_in_words()

    @property
    def why(self) -> str:
        return patient_reason(self.item.reason, self.item.exercise.kind)


def _variant(variant: Exercise | None, item: PlanExercise) -> HowTo | None:
    if variant is None or not may_switch_to(
        offered=item.offer_variants,
        approved=variant.approved,
        variant_properties=variant.properties,
        prescribed_properties=item.exercise.properties,
    ):
        return None
    return HowTo.of(variant)


def exercise_cards(version: PlanVersion) -> list[ExerciseCard]:
    """The version's exercises as cards; the version should come from current_plan_version(with_items)."""
    return [
        ExerciseCard(
            item=item,
            dose=Dose.of(item),
            how_to=HowTo.of(item.exercise),
            easier=_variant(item.exercise.easier, item),
            harder=_variant(getattr(item.exercise, "harder", None), item),
        )
        for item in version.exercises.all()
    ]


def plan_started_on(user: User | AnonymousUser, version: PlanVersion) -> date:
    versions = PlanVersion.objects.visible_to(user).filter(plan_id=version.plan_id).order_by("number")
    return timezone.localdate(versions.values_list("approved_at", flat=True).first())


def _record_portal_access(request: HttpRequest, patient: Patient, record: Model | None) -> None:
    record_access(request, patient=patient, record=record or patient, kind=RecordAccess.Kind.PORTAL)


def _portal_page(
    request: HttpRequest,
    patient: Patient,
    template: str,
    *,
    section: str,
    record: Model | None,
    **context: Any,
) -> HttpResponse:
    """A portal page: logs that the patient read ``record`` and highlights ``section`` in the menu."""
    _record_portal_access(request, patient, record)
    return render(request, template, {"portal_section": section, "patient": patient, **context})


@portal_view
def home(request: HttpRequest, patient: Patient) -> HttpResponse:
    version = current_plan_version(request.user, patient, with_items=True)
    questionnaires = (
        QuestionnaireRequest.objects.visible_to(request.user)
        .filter(episode__is_active=True, status=QuestionnaireRequest.Status.PENDING)
        .order_by("created_at")
    )
    last_log = HomeLog.objects.visible_to(request.user).order_by("-done_on", "-id").first()
    return _portal_page(
        request,
        patient,
        "portal/home.html",
        section="plan",
        record=version,
        version=version,
        cards=exercise_cards(version) if version else [],
        goals=version_goal_outcomes(version) if version else [],
        questionnaires=list(questionnaires),
        last_log=last_log,
        what_changed=_what_changed(request.user, version),
        paused=PAUSED_FOR_PATIENT if getattr(version, "plan_held", False) else "",
    )


def _what_changed(user: User | AnonymousUser, version: PlanVersion | None) -> str:
    """The therapist's note for the patient, or else a summary of the changes from the last version."""
    if version is None or version.number == 1:
        return ""
    if version.patient_note:
        return version.patient_note
    earlier = PlanVersion.objects.visible_to(user).with_items()
    previous = earlier.filter(plan=version.plan, number=version.number - 1).first()
    return changes_in_words(diff_versions(previous, version)) if previous else ""


@portal_view
def log_session(request: HttpRequest, patient: Patient) -> HttpResponse:
    version = current_plan_version(request.user, patient)
    if version is None:
        messages.info(request, "You can log sessions once your therapist has given you a plan.")
        return redirect("portal:home")
    form = HomeLogForm(
        request.POST or None, version=version, plan_started_on=plan_started_on(request.user, version)
    )
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
        request, patient, "portal/log_form.html", section="log", record=version, version=version, form=form
    )


@portal_view
def history(request: HttpRequest, patient: Patient) -> HttpResponse:
    logs = HomeLog.objects.visible_to(request.user).order_by("-done_on", "-id")
    page = Paginator(with_exercises(logs), LOGS_PER_PAGE).get_page(request.GET.get("page"))
    chart_rows = list(logs.values_list("done_on", "pain_before", "pain_after")[:CHART_SESSIONS])
    chart_rows.reverse()
    chart = line_chart(
        title="Pain before and after your home sessions (0 = no pain, 10 = worst pain)",
        points=[Point(day, after, "After") for day, _, after in chart_rows],
        secondary=[Point(day, before) for day, before, _ in chart_rows],
        secondary_label="Before",
        y_max=10,
        evenly=True,
    )
    return _portal_page(
        request,
        patient,
        "portal/history.html",
        section="history",
        record=patient,
        page=page,
        chart=chart,
        chart_rows=chart_rows,
    )


@portal_view
def questionnaire_fill(request: HttpRequest, patient: Patient, code: UUID) -> HttpResponse:
    questionnaire = get_object_or_404(QuestionnaireRequest.objects.visible_to(request.user), code=code)
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
                **form.measure_answers,
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you! Your answers were sent to your therapist.")
            return redirect("portal:home")
    return _portal_page(
        request,
        patient,
        "portal/questionnaire_form.html",
        section="plan",
        record=questionnaire,
        questionnaire=questionnaire,
        form=form,
        psfs_instructions=PSFS_RERATE_INSTRUCTIONS,
        rmdq_instructions=RMDQ_INSTRUCTIONS,
        fabq_activity_instructions=FABQ_ACTIVITY_INSTRUCTIONS,
        fabq_work_instructions=FABQ_WORK_INSTRUCTIONS,
    )


@portal_view
def portal_plan_pdf(request: HttpRequest, patient: Patient) -> HttpResponse:
    version = current_plan_version(request.user, patient, with_items=True)
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
        if user is None or not user.is_active or is_staff_account(user) or own_patient(user) is None:
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
