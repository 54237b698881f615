"""A visit's or an assessment's unsigned note after the record is amended.

Never discard what the therapist typed: a saved draft is re-drafted from the amended record only
when its text is still exactly the draft the record gave before the amendment (untouched). A draft
the therapist edited is kept as written, and the note page says the record changed after it was
saved (``record_changed_since``); a signed note is never touched here: its page asks for an
addendum. django-simple-history keeps the replaced draft.
"""

from __future__ import annotations

from plans.clinical.notes import Soap
from plans.models import Assessment, ClinicalNote, NoteStatus, Visit
from plans.selectors.notes import draft_for, note_kind_for
from plans.services.history import audited_save

SECTIONS = ("subjective", "objective", "assessment", "plan")


def _source(record: Visit | Assessment) -> dict:
    return {"visit": record} if isinstance(record, Visit) else {"evaluation": record}


def _draft_note(record: Visit | Assessment) -> ClinicalNote | None:
    return (
        ClinicalNote.objects.select_for_update()
        .filter(**_source(record), kind=note_kind_for(record), status=NoteStatus.DRAFT)
        .first()
    )


def _same_text(text: str, drafted: str) -> bool:
    """A browser posts a textarea's line breaks as CRLF and the form strips the ends."""
    return text.replace("\r\n", "\n").strip() == drafted.replace("\r\n", "\n").strip()


def draft_before_amendment(record: Visit | Assessment) -> Soap | None:
    """The draft the record gives as it stands, read before it is amended; None without a saved
    draft note (nothing to compare, and no queries spent on a draft)."""
    if not ClinicalNote.objects.filter(**_source(record), status=NoteStatus.DRAFT).exists():
        return None
    return draft_for(record)


def note_redraft_after_amendment(*, record: Visit | Assessment, before: Soap | None, user) -> bool:
    """Re-draft the record's untouched draft note from the amended record; True when it did."""
    if before is None or (note := _draft_note(record)) is None:
        return False
    if not all(_same_text(getattr(note, s), getattr(before, s)) for s in SECTIONS):
        return False  # edited by the therapist: kept, and flagged on the note page
    fresh = draft_for(record)
    for section in SECTIONS:
        setattr(note, section, getattr(fresh, section))
    what = "visit" if isinstance(record, Visit) else "assessment"
    note._change_reason = f"Re-drafted from the amended {what}"  # type: ignore[attr-defined]
    audited_save(note, user)
    return True


def record_changed_since(record, note: ClinicalNote | None) -> bool:
    """Whether the record was amended after its note last changed (saved, signed, amended)."""
    amended_at = getattr(record, "amended_at", None)
    return bool(note is not None and amended_at is not None and amended_at > note.updated_at)
