"""Writing clinical notes: a draft is saved and edited freely until it is signed; a signed note is
locked, and changes only by an amendment (replacement text) or an addendum (added text), each with
a reason. django-simple-history keeps every version with who made it and when."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from patients.models import Episode
from plans.clinical.notes import Soap
from plans.models import ClinicalNote, NoteStatus, Visit
from plans.selectors.notes import NoteRecord, note_kind_for
from plans.services.history import audited_save

SECTIONS = ("subjective", "objective", "assessment", "plan")


class NoteSigned(ValidationError):
    """The note is signed: it is amended or added to, never edited."""

    def __init__(self) -> None:
        super().__init__(
            "This note is signed and locked: add an addendum or an amendment with a reason.", code="signed"
        )


def _new_note(record: NoteRecord, user) -> ClinicalNote:
    if isinstance(record, Episode):  # the discharge note documents the episode itself
        return ClinicalNote(episode=record, kind=note_kind_for(record), written_by=user)
    kind = note_kind_for(record)
    return ClinicalNote(episode=record.episode, kind=kind, written_by=user, **_source(record))


def _locked(record: NoteRecord) -> ClinicalNote | None:
    """The record's note, locked for the rest of the transaction."""
    return (
        ClinicalNote.objects.select_for_update().filter(**_source(record), kind=note_kind_for(record)).first()
    )


def _source(record: NoteRecord) -> dict:
    if isinstance(record, Episode):
        return {"episode": record}
    return {"visit": record} if isinstance(record, Visit) else {"evaluation": record}


@transaction.atomic
def note_save(*, record: NoteRecord, text: Soap, user, sign: bool = False) -> ClinicalNote:
    """Save the draft's text (writing the note the first time), and sign it when ``sign``."""
    note = _locked(record) or _new_note(record, user)
    if note.is_signed:
        raise NoteSigned()
    for section in SECTIONS:
        setattr(note, section, getattr(text, section))
    if sign:
        note.status, note.signed_by, note.signed_at = NoteStatus.SIGNED, user, timezone.now()
    audited_save(note, user)
    if sign and not isinstance(record, Episode):
        # The record's own flag for the inbox, not a change of the record: no version, no history.
        type(record).objects.filter(pk=record.pk).update(note_signed=True)
        record.note_signed = True
    return note


def _signed_note(note: ClinicalNote, reason: str) -> ClinicalNote:
    note = ClinicalNote.objects.select_for_update().get(pk=note.pk)
    if not note.is_signed:
        raise ValidationError("A draft is edited, not amended: save or sign it.", code="draft")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the signed note changes."})
    return note


@transaction.atomic
def note_amend(*, note: ClinicalNote, text: Soap, reason: str, user) -> ClinicalNote:
    """Replace the signed note's text; the signed version stays in its history."""
    note = _signed_note(note, reason)
    for section in SECTIONS:
        setattr(note, section, getattr(text, section))
    note.change_reason = reason.strip()
    note._change_reason = f"Amendment: {reason.strip()}"[:100]  # type: ignore[attr-defined]
    audited_save(note, user)
    return note


@transaction.atomic
def note_add_addendum(*, note: ClinicalNote, addition: str, reason: str, user) -> ClinicalNote:
    """Add text to the signed note, headed with who added it, when and why."""
    note = _signed_note(note, reason)
    if not addition.strip():
        raise ValidationError({"addition": "Write the text to add."})
    heading = f"Addendum by {user.get_full_name() or user.username}, {timezone.localtime():%d %b %Y %H:%M}"
    entry = f"{heading} (reason: {reason.strip()}):\n{addition.strip()}"
    note.addenda = f"{note.addenda}\n\n{entry}" if note.addenda else entry
    note.change_reason = reason.strip()
    note._change_reason = f"Addendum: {reason.strip()}"[:100]  # type: ignore[attr-defined]
    audited_save(note, user)
    return note
