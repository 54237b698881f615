"""Unsigned notes on the attention inbox (plans.selectors.unsigned_notes): a visit, an assessment or
a discharge whose note is not signed shows once it is the clinic's days old (exactly that many days
is listed, a day fewer is not), only to its own therapist (or, for the whole clinic, to the clinic's
lead), never across clinics; signing takes it off."""

import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from clinic import dates
from plans.models import ClinicalNote, NoteStatus
from tests.factories import (
    AssessmentFactory,
    ClinicalNoteFactory,
    EpisodeFactory,
    PatientFactory,
    VisitFactory,
)

SIGN = {"subjective": "Pain 3/10.", "objective": "", "assessment": "", "plan": "", "action": "sign"}


def _unsigned(html: str) -> list[str]:
    """The 'what' line of each unsigned-note item on the page."""
    return re.findall(
        r'data-kind="unsigned_note">.*?<p class="mb-0 small">([^<]*)</p>', html, flags=re.DOTALL
    )


def _days_ago(n: int):
    return dates.today() - timedelta(days=n)


@pytest.fixture
def episode(patient):
    return EpisodeFactory(patient=patient, onset_date=_days_ago(60))


def _inbox(client, scope="mine") -> str:
    return client.get(reverse("plans:attention"), {"scope": scope}).content.decode()


def test_a_visit_without_a_signed_note_is_listed_from_exactly_the_clinics_days(
    therapist_client, clinic, therapist, episode
):
    clinic.unsigned_note_days = 3
    clinic.save()
    VisitFactory(episode=episode, recorded_by=therapist, visit_date=_days_ago(2))
    assert _unsigned(_inbox(therapist_client)) == []  # two days: one day short of the clinic's three

    on_the_day = VisitFactory(episode=episode, recorded_by=therapist, visit_date=_days_ago(3))
    page = _inbox(therapist_client)
    assert _unsigned(page) == [
        f"Daily note of the visit of {on_the_day.visit_date:%d %b %Y}: not written (3 days ago)"
    ]
    assert reverse("plans:visit_note", args=[on_the_day.code]) in page
    assert "1 item needs your attention" in page

    therapist_client.post(reverse("plans:visit_note", args=[on_the_day.code]), SIGN)
    assert ClinicalNote.objects.get().status == NoteStatus.SIGNED
    assert _unsigned(_inbox(therapist_client)) == []


def test_a_saved_draft_stays_listed_until_it_is_signed(therapist_client, therapist, episode):
    visit = VisitFactory(episode=episode, recorded_by=therapist, visit_date=_days_ago(2))
    ClinicalNoteFactory(visit=visit)
    assert _unsigned(_inbox(therapist_client)) == [
        f"Daily note of the visit of {visit.visit_date:%d %b %Y}: draft saved, not signed (2 days ago)"
    ]
    assert "Sign the note" in _inbox(therapist_client)


def test_assessments_and_discharges_are_listed_with_their_note_kind(therapist_client, therapist, episode):
    initial = AssessmentFactory(episode=episode, assessed_by=therapist, assessed_on=_days_ago(30))
    AssessmentFactory(episode=episode, assessed_by=therapist, assessed_on=_days_ago(1))  # too recent
    episode.status, episode.discharge_date, episode.discharge_reason = "discharged", _days_ago(2), "goals_met"
    episode.save()
    page = _inbox(therapist_client)
    assert _unsigned(page) == [
        f"Discharge note of the discharge on {episode.discharge_date:%d %b %Y}: not written (2 days ago)",
        f"Initial-evaluation note of the assessment of {initial.assessed_on:%d %b %Y}: not written"
        " (30 days ago)",
    ]
    assert reverse("plans:discharge_note", args=[episode.code]) in page
    assert reverse("plans:assessment_note", args=[initial.code]) in page


def test_only_the_therapists_own_notes_and_the_whole_clinic_for_the_lead(
    client, therapist, colleague, lead, episode, outsider, outsider_patient
):
    mine = VisitFactory(episode=episode, recorded_by=therapist, visit_date=_days_ago(5))
    theirs = VisitFactory(episode=episode, recorded_by=colleague, visit_date=_days_ago(6))
    elsewhere = VisitFactory(
        episode=EpisodeFactory(patient=outsider_patient, onset_date=_days_ago(60)),
        recorded_by=outsider,
        visit_date=_days_ago(7),
    )
    client.force_login(therapist)
    for scope in ("mine", "clinic"):  # a therapist sees only their own, even for the whole clinic
        page = _inbox(client, scope)
        assert len(_unsigned(page)) == 1
        assert reverse("plans:visit_note", args=[mine.code]) in page
        assert reverse("plans:visit_note", args=[theirs.code]) not in page

    client.force_login(lead)
    assert _unsigned(_inbox(client)) == []  # the lead recorded nothing
    page = _inbox(client, "clinic")
    assert len(_unsigned(page)) == 2
    assert reverse("plans:visit_note", args=[theirs.code]) in page
    for body in (page, _inbox(client)):
        assert reverse("plans:visit_note", args=[elsewhere.code]) not in body
        assert "Hillside" not in body and outsider_patient.family_name not in body

    client.force_login(outsider)
    page = _inbox(client, "clinic")
    assert len(_unsigned(page)) == 1 and reverse("plans:visit_note", args=[elsewhere.code]) in page
    assert "Lopez" not in page and reverse("plans:visit_note", args=[mine.code]) not in page


def test_the_caseload_shows_unsigned_notes_in_its_first_items(therapist_client, therapist, clinic):
    patient = PatientFactory(clinic=clinic, primary_therapist=therapist, family_name="Quist")
    visit = VisitFactory(
        episode=EpisodeFactory(patient=patient, onset_date=_days_ago(60)),
        recorded_by=therapist,
        visit_date=_days_ago(4),
    )
    page = therapist_client.get(reverse("plans:dashboard")).content.decode()
    assert reverse("plans:visit_note", args=[visit.code]) in page
    assert "1 item needs your attention" in page


def test_signing_flags_the_record_and_only_signing_does(therapist_client, therapist, episode):
    """The inbox reads the record's flag (a partial index), so it must follow the note exactly:
    saving a draft leaves it down, signing raises it, and the visit gets no new version for it."""
    visit = VisitFactory(episode=episode, recorded_by=therapist, visit_date=_days_ago(5))
    assessment = AssessmentFactory(episode=episode, assessed_by=therapist, assessed_on=_days_ago(20))
    versions, history = visit.version, visit.history.count()
    therapist_client.post(reverse("plans:visit_note", args=[visit.code]), {**SIGN, "action": "save"})
    visit.refresh_from_db()
    assert ClinicalNote.objects.get(visit=visit).status == NoteStatus.DRAFT and not visit.note_signed
    therapist_client.post(reverse("plans:visit_note", args=[visit.code]), SIGN)
    therapist_client.post(reverse("plans:assessment_note", args=[assessment.code]), SIGN)
    visit.refresh_from_db()
    assessment.refresh_from_db()
    assert visit.note_signed and assessment.note_signed
    assert (visit.version, visit.history.count()) == (versions, history)
    assert _unsigned(_inbox(therapist_client)) == []


def test_the_migration_flags_the_notes_signed_before_it(therapist, episode):
    """plans 0037's data step, run on today's models: records whose note was signed before the flag
    existed get it; a draft's record does not."""
    flag_signed_notes = import_module("plans.migrations.0037_unsigned_note_flags").flag_signed_notes
    signed_visit, draft_visit = (
        VisitFactory(episode=episode, recorded_by=therapist, visit_date=_days_ago(n)) for n in (9, 8)
    )
    assessment = AssessmentFactory(episode=episode, assessed_by=therapist, assessed_on=_days_ago(30))
    signed = {"status": NoteStatus.SIGNED, "signed_by": therapist, "signed_at": timezone.now()}
    ClinicalNoteFactory(visit=signed_visit, **signed)
    ClinicalNoteFactory(visit=draft_visit)
    ClinicalNoteFactory(
        visit=None,
        evaluation=assessment,
        episode=episode,
        kind=ClinicalNote.Kind.INITIAL_EVALUATION,
        written_by=therapist,
        **signed,
    )
    flag_signed_notes(django_apps, None)
    flags = [type(r).objects.get(pk=r.pk).note_signed for r in (signed_visit, draft_visit, assessment)]
    assert flags == [True, False, True]
