from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from clinic import access
from clinic.access import clinic_staff_required, therapist_required
from clinic.edit_conflicts import VersionedModelForm
from patients import services
from patients.audit import record_access
from patients.forms import EpisodeArchiveForm, EpisodeForm, PatientForm
from patients.models import Episode, Patient
from patients.selectors import get_episode_for_user, get_patient_for_user

PATIENTS_PER_PAGE = 25


def _edit(
    request: HttpRequest,
    form: VersionedModelForm,
    save: Callable[[Any], object],
    *,
    saved: str,
    then: str,
    template: str,
    patient: Patient,
    record: Model,
    **context: Any,
) -> HttpResponse:
    """The edit page of a patient's record: on a valid POST, save the record with ``save`` and go to
    ``then``; otherwise (or when someone else saved the record since the form was opened, which the
    form then says) show the form, logging that the record was read."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.save(commit=False))
        except RecordModifiedError:
            form.refuse_stale()
        else:
            messages.success(request, saved)
            return redirect(then)
    record_access(request, patient=patient, record=record)
    return render(
        request,
        template,
        {"form": form, "patient": patient, **context},
        status=HTTPStatus.CONFLICT if form.conflict else HTTPStatus.OK,
    )


def _activity(request: HttpRequest) -> tuple[bool, str]:
    """What an archive button asks for: to restore (``active=1``) or to archive, and the word for it."""
    active = request.POST.get("active") == "1"
    return active, "restored" if active else "archived"


@clinic_staff_required
def patient_list(request):
    query = request.GET.get("q", "")
    show = request.GET.get("show", "active")
    patients = Patient.objects.visible_to(request.user)
    if query.strip():
        patients = patients.search(query, date_format=access.date_format_for(request.user))
    patients = patients.for_list()
    if show != "all":
        patients = patients.active()
    page = Paginator(patients, PATIENTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "patients/patient_list_rows.html" if request.htmx else "patients/patient_list.html"
    return render(request, template, {"page": page, "query": query, "show": show})


@clinic_staff_required
def patient_detail(request, code):
    patient = get_patient_for_user(request.user, code, "primary_therapist")
    episodes = None
    if (
        access.is_therapist(request.user)
        and Patient.objects.visible_to(request.user, clinical=True).filter(pk=patient.pk).exists()
    ):
        episodes = patient.episodes.order_by("-onset_date", "-id")
    record_access(request, patient=patient, record=patient)
    return render(request, "patients/patient_detail.html", {"patient": patient, "episodes": episodes})


@clinic_staff_required
def patient_create(request):
    form = PatientForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        patient = services.patient_save(patient=form.save(commit=False))
        messages.success(request, f"{patient.full_name} was added.")
        return redirect("patients:detail", code=patient.code)
    return render(request, "patients/patient_form.html", {"form": form, "title": "New patient"})


@clinic_staff_required
def patient_update(request, code):
    patient = get_patient_for_user(request.user, code, "primary_therapist")
    return _edit(
        request,
        PatientForm(request.POST or None, instance=patient, user=request.user),
        lambda p: services.patient_save(patient=p),
        saved="The patient's details were saved.",
        then=reverse("patients:detail", args=[patient.code]),
        template="patients/patient_form.html",
        patient=patient,
        record=patient,
        title=f"Edit {patient.full_name}",
    )


@require_POST
@clinic_staff_required
def patient_archive(request, code):
    patient = get_patient_for_user(request.user, code, "primary_therapist")
    active, done = _activity(request)
    services.patient_set_active(patient=patient, active=active)
    messages.success(request, f"{patient.full_name} was {done}.")
    return redirect("patients:detail", code=patient.code)


@therapist_required
def episode_create(request, code):
    patient = get_object_or_404(Patient.objects.visible_to(request.user, clinical=True), code=code)
    form = EpisodeForm(request.POST or None, instance=Episode(patient=patient))
    if request.method == "POST" and form.is_valid():
        episode = services.episode_save(episode=form.save(commit=False))
        messages.success(request, "The episode was opened.")
        return redirect("patients:episode_detail", code=episode.code)
    record_access(request, patient=patient, record=patient)
    return render(
        request,
        "patients/episode_form.html",
        {"form": form, "patient": patient, "title": f"New episode for {patient.full_name}"},
    )


@therapist_required
def episode_update(request, code):
    episode = get_episode_for_user(request.user, code)
    return _edit(
        request,
        EpisodeForm(request.POST or None, instance=episode),
        lambda e: services.episode_save(episode=e),
        saved="The episode was saved.",
        then=reverse("patients:episode_detail", args=[episode.code]),
        template="patients/episode_form.html",
        patient=episode.patient,
        record=episode,
        episode=episode,
        title="Edit episode",
    )


@require_http_methods(["GET", "POST"])
@therapist_required
def episode_archive(request, code):
    """Archiving takes two steps: the episode page's button (or a link) opens this page, which asks
    why; posting the reason archives. Restoring (``active=1``) is one step."""
    episode = get_episode_for_user(request.user, code)
    if request.method == "POST" and request.POST.get("active") == "1":
        services.episode_restore(episode=episode)
        messages.success(request, "The episode was restored.")
        return redirect("patients:episode_detail", code=episode.code)
    form = EpisodeArchiveForm(request.POST if "reason" in request.POST else None)
    if episode.is_active and form.is_valid():
        services.episode_archive(episode=episode, reason=form.cleaned_data["reason"])
        messages.success(request, "The episode was archived.")
        return redirect("patients:detail", code=episode.patient.code)
    record_access(request, patient=episode.patient, record=episode)
    return render(
        request,
        "patients/episode_archive.html",
        {"form": form, "episode": episode, "patient": episode.patient, "title": "Archive the episode"},
    )
