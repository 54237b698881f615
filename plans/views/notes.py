"""The note of a visit or an assessment: its draft, edited, saved and signed; a signed note's
amendment or addendum; and its history."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from clinic.access import therapist_required
from clinic.forms import add_service_errors
from plans.forms.notes import AddendumForm, AmendmentForm, NoteForm
from plans.models import Assessment, NoteKind, Visit
from plans.selectors.notes import draft_for, note_kind_for, note_of
from plans.services import notes as note_services
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


def _note_url(record) -> tuple[str, object]:
    name = "plans:visit_note" if isinstance(record, Visit) else "plans:assessment_note"
    return name, record.code


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
            return redirect(*_note_url(record))
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
                return redirect(*_note_url(record))
    return render_episode_page(
        request,
        "plans/note_detail.html",
        episode=record.episode,
        record=note or record,
        context={
            "record": record,
            "note": note,
            "form": form,
            "amendment_form": amendment,
            "addendum_form": addendum,
            "kind_label": _kind_label(record),
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
        episode=record.episode,
        record=note or record,
        context={"record": record, "note": note, "versions": versions, "kind_label": _kind_label(record)},
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
