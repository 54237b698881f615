"""The demo's clinical notes: most records' notes written and signed by their therapist on the day,
as a clinic keeps them, and a backlog left unsigned (the last days' records and about one older record
in thirty), which the attention inbox lists.

The notes take nothing from the patient's generator, so adding them changes no other demo row; which
records are left unsigned follows from each record's code.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from patients.models import Episode
from plans.demo.care import Rows, at, stamp
from plans.models import Assessment, ClinicalNote, NoteKind, NoteStatus, Visit

RECENT_DAYS = 3  # records this recent are still waiting for their note
UNSIGNED_SHARE = 30  # about one older record in this many has no signed note
NOTES = uuid.UUID("6f1e0c3a-9a57-4c8e-8c43-5a0f3f2b7d11")  # the namespace of the notes' codes


def _left_unsigned(code: uuid.UUID, day: date, today: date) -> bool:
    return (today - day).days < RECENT_DAYS or code.int % UNSIGNED_SHARE == 0


def _note(record_code: uuid.UUID, **fields) -> ClinicalNote:
    return ClinicalNote(code=uuid.uuid5(NOTES, str(record_code)), status=NoteStatus.SIGNED, **fields)


def _visit_note(visit: Visit) -> ClinicalNote:
    therapist = visit.recorded_by
    return _note(
        visit.code,
        episode=visit.episode,
        kind=NoteKind.DAILY,
        visit=visit,
        subjective=f"Pain {visit.nprs}/10 today.",
        objective=visit.note,
        assessment="Progress judged against the baseline at this visit.",
        plan="Continue the home programme; review at the next visit.",
        written_by=therapist,
        signed_by=therapist,
        signed_at=at(visit.visit_date, 18),
    )


def _assessment_note(assessment: Assessment) -> ClinicalNote:
    therapist = assessment.assessed_by
    initial = assessment.kind == Assessment.Kind.INITIAL
    return _note(
        assessment.code,
        episode=assessment.episode,
        kind=NoteKind.INITIAL_EVALUATION if initial else NoteKind.PROGRESS,
        evaluation=assessment,
        subjective=f"Pain {assessment.nprs_current}/10, worst {assessment.nprs_worst}/10.",
        objective="Examination findings as recorded in the assessment.",
        assessment=f"Triage: {assessment.get_triage_level_display().lower()}.",
        plan="Home programme as in the approved plan.",
        written_by=therapist,
        signed_by=therapist,
        signed_at=at(assessment.assessed_on, 18),
    )


def _discharge_note(episode: Episode, therapist, day: date) -> ClinicalNote:
    return _note(
        episode.code,
        episode=episode,
        kind=NoteKind.DISCHARGE,
        subjective="Discharge from this episode of care.",
        assessment=f"Discharged: {episode.get_discharge_reason_display().lower()}.",
        plan="Keep up the home programme; contact the clinic if the pain returns.",
        written_by=therapist,
        signed_by=therapist,
        signed_at=at(day + timedelta(days=1), 9),
    )


def signed_notes(rows: Rows, today: date) -> None:
    """The signed notes of the batch's visits, assessments and discharges, but for the backlog."""
    for visit in rows.visits:
        if not _left_unsigned(visit.code, visit.visit_date, today):
            visit.note_signed = True
            rows.clinical_notes.append(_visit_note(visit))
    for assessment in rows.assessments:
        if not _left_unsigned(assessment.code, assessment.assessed_on, today):
            assessment.note_signed = True
            rows.clinical_notes.append(_assessment_note(assessment))
    for episode in rows.episodes:
        day = episode.discharge_date
        if day is not None and not _left_unsigned(episode.code, day, today):
            rows.clinical_notes.append(_discharge_note(episode, episode.patient.primary_therapist, day))
    for note in rows.clinical_notes:
        stamp(note, note.written_by, note.signed_at)
