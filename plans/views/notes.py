"""The note of a visit, an assessment or an episode's discharge: its draft, edited, saved and signed;
a signed note's amendment or addendum; and its history."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from clinic.access import therapist_required
from clinic.forms import add_service_errors
from patients.models import Episode
from patients.selectors import get_episode_for_user
from plans.forms.notes import AddendumForm, AmendmentForm, NoteForm
from plans.models import Assessment, NoteKind, Visit
from plans.selectors.notes import draft_for, note_kind_for, note_of
from plans.services import notes as note_services
from plans.services.note_redraft import record_changed_since
from plans.views.pages import render_episode_page


def _visit(user, code) -> Visit:
    return get_object_or_404(
        Visit.objects.visible_to(user).select_related(
            "episode__patient__clinic", "baseline", "plan_version", "recorded_by"
        ),
        code=code,
    )


def _assessment(user, code) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(user).select_related("episode__patient__clinic", "assessed_by"),
        code=code,
    )


# Each record's note page, the note's history, the record's own page, and what to call the record.
_NOTE_URLS = {
    Episode: ("plans:discharge_note", "plans:discharge_note_history", "patients:episode_detail", "episode"),
    Visit: ("plans:visit_note", "plans:visit_note_history", "plans:visit_detail", "visit"),
    Assessment: (
        "plans:assessment_note",
        "plans:assessment_note_history",
        "plans:assessment_detail",
        "assessment",
    ),
}


def _urls(record) -> dict[str, str]:
    """The note's page, its history and the record it documents, for the templates and redirects."""
    page, history, back, what = _NOTE_URLS[type(record)]
    return {
        "page": reverse(page, args=[record.code]),
        "history": reverse(history, args=[record.code]),
        "back": reverse(back, args=[record.code]),
        "back_label": f"Back to the {what}",
    }


def _episode_of(record) -> Episode:
    return record if isinstance(record, Episode) else record.episode


def _note_url(record) -> str:
    return _urls(record)["page"]


def _initial(note, record) -> dict:
    if note is not None:
        return {s: getattr(note, s) for s in note_services.SECTIONS}
    draft = draft_for(record)
    return {s: getattr(draft, s) for s in note_services.SECTIONS}


def _note_page(request, record):
    note = note_of(record)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    data = request.POST if request.method == "POST" else None
    initial = _initial(note, record)
    form = NoteForm(data if action in ("save", "sign") else None, initial=initial)
    amendment = AmendmentForm(data if action == "amend" else None, initial=initial, prefix="amend")
    addendum = AddendumForm(data if action == "addendum" else None, prefix="add")
    status = HTTPStatus.OK
    if action in ("save", "sign"):
        if note is not None and note.is_signed:
            messages.error(request, str(note_services.NoteSigned().message))
            status = HTTPStatus.CONFLICT
        elif form.is_valid():
            note_services.note_save(record=record, text=form.soap(), user=request.user, sign=action == "sign")
            messages.success(request, "Note signed." if action == "sign" else "Note saved.")
            return redirect(_note_url(record))
    elif action in ("amend", "addendum"):
        bound = amendment if action == "amend" else addendum
        if note is None:
            messages.error(request, "There is no signed note to change yet.")
            status = HTTPStatus.CONFLICT
        elif bound.is_valid():
            try:
                if action == "amend":
                    note_services.note_amend(
                        note=note,
                        text=amendment.soap(),
                        reason=amendment.cleaned_data["reason"],
                        user=request.user,
                    )
                else:
                    note_services.note_add_addendum(
                        note=note,
                        addition=addendum.cleaned_data["addition"],
                        reason=addendum.cleaned_data["reason"],
                        user=request.user,
                    )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    add_service_errors(bound, error)
                else:  # the note's state refused it: said above the page, not by a field
                    messages.error(request, " ".join(error.messages))
                    status = HTTPStatus.CONFLICT
            else:
                messages.success(request, "Amendment saved." if action == "amend" else "Addendum added.")
                return redirect(_note_url(record))
    return render_episode_page(
        request,
        "plans/note_detail.html",
        episode=_episode_of(record),
        record=note or record,
        context={
            "record": record,
            "note": note,
            "form": form,
            "amendment_form": amendment,
            "addendum_form": addendum,
            "kind_label": _kind_label(record),
            "note_urls": _urls(record),
            "record_changed": record_changed_since(record, note),
        },
        status=status,
    )


def _kind_label(record) -> str:
    return NoteKind(note_kind_for(record)).label


def _history_page(request, record):
    note = note_of(record)
    versions = list(note.history.select_related("history_user").order_by("history_date")) if note else []
    return render_episode_page(
        request,
        "plans/note_history.html",
        episode=_episode_of(record),
        record=note or record,
        context={
            "record": record,
            "note": note,
            "versions": versions,
            "kind_label": _kind_label(record),
            "note_urls": _urls(record),
        },
    )


@therapist_required
def visit_note(request, code):
    return _note_page(request, _visit(request.user, code))


@therapist_required
def assessment_note(request, code):
    return _note_page(request, _assessment(request.user, code))


@therapist_required
def visit_note_history(request, code):
    return _history_page(request, _visit(request.user, code))


@therapist_required
def assessment_note_history(request, code):
    return _history_page(request, _assessment(request.user, code))


@therapist_required
def discharge_note(request, code):
    return _note_page(request, get_episode_for_user(request.user, code))


@therapist_required
def discharge_note_history(request, code):
    return _history_page(request, get_episode_for_user(request.user, code))
