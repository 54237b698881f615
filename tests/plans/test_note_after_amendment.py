"""A record's note after the record is amended (plans.services.note_redraft): an untouched draft is
drafted again from the amended values; a draft the therapist edited keeps their text and the note
page says the record changed; a signed note is never changed and its page asks for an addendum."""

from datetime import timedelta

import pytest
from django.urls import reverse

from plans.models import ClinicalNote, NoteStatus, Visit
from tests.factories import EpisodeFactory
from tests.plans.test_visit_amend import REASON, _amend
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit


@pytest.fixture
def treated_episode(patient, therapist):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)  # NPRS 7, ODI 44%
    _plan(episode, therapist)
    return episode


@pytest.fixture
def mistyped(therapist_client, treated_episode):
    """A visit after a baseline of NPRS 7, typed 9 (meant 2)."""
    _visit(therapist_client, treated_episode, 33, nprs="9")
    return Visit.objects.get()


def _note_url(visit) -> str:
    return reverse("plans:visit_note", args=[visit.code])


def _save_draft_as_offered(client, visit, action="save") -> ClinicalNote:
    """Post the draft exactly as the page offers it, with a browser's CRLF line breaks."""
    form = client.get(_note_url(visit)).context["form"]
    data = {name: (form.initial[name] or "").replace("\n", "\r\n") for name in form.fields}
    assert client.post(_note_url(visit), {**data, "action": action}).status_code == 302
    return ClinicalNote.objects.get(visit=visit)


def test_an_untouched_draft_is_drafted_again_from_the_amended_visit(therapist_client, mistyped):
    note = _save_draft_as_offered(therapist_client, mistyped)
    assert "Pain now (NPRS): 9/10." in note.subjective
    assert _amend(therapist_client, mistyped).status_code == 302
    note.refresh_from_db()
    assert "Pain now (NPRS): 2/10." in note.subjective and "9/10" not in note.subjective
    assert "Pain (NPRS): 7 -> 2 (-5); improved" in note.assessment
    assert note.status == NoteStatus.DRAFT
    assert note.history.latest().history_change_reason == "Re-drafted from the amended visit"
    assert "9/10" in note.history.earliest().subjective  # the replaced draft stays readable
    page = therapist_client.get(_note_url(mistyped)).text
    assert 'data-testid="note-record-changed"' not in page


def test_an_edited_draft_keeps_the_therapists_text_and_says_the_record_changed(therapist_client, mistyped):
    therapist_client.post(
        _note_url(mistyped), {"subjective": "Pain 9/10, my words.", "objective": "", "assessment": "",
                              "plan": "", "action": "save"},
    )  # fmt: skip
    assert _amend(therapist_client, mistyped).status_code == 302
    note = ClinicalNote.objects.get()
    assert note.subjective == "Pain 9/10, my words." and note.history.count() == 1
    page = therapist_client.get(_note_url(mistyped)).text
    assert 'data-testid="note-record-changed"' in page
    assert (
        "The record was amended after this draft was saved" in page and REASON.replace("'", "&#x27;") in page
    )

    therapist_client.post(
        _note_url(mistyped), {"subjective": "Pain 2/10.", "objective": "", "assessment": "", "plan": "",
                              "action": "save"},
    )  # fmt: skip
    assert 'data-testid="note-record-changed"' not in therapist_client.get(_note_url(mistyped)).text


def test_a_signed_note_is_kept_and_asks_for_an_addendum(therapist_client, mistyped):
    note = _save_draft_as_offered(therapist_client, mistyped, action="sign")
    signed_text = note.subjective
    assert _amend(therapist_client, mistyped).status_code == 302
    note.refresh_from_db()
    assert note.subjective == signed_text and note.status == NoteStatus.SIGNED
    page = therapist_client.get(_note_url(mistyped)).text
    assert "Record amended after signing" in page and 'href="#addendum-heading">add an addendum' in page

    therapist_client.post(
        _note_url(mistyped),
        {"action": "addendum", "add-addition": "Pain was 2, not 9.", "add-reason": "Visit amended."},
    )
    assert "Record amended after signing" not in therapist_client.get(_note_url(mistyped)).text


def test_an_untouched_assessment_draft_follows_the_amended_assessment(therapist_client, treated_episode):
    assessment = treated_episode.assessments.get()
    url = reverse("plans:assessment_note", args=[assessment.code])
    form = therapist_client.get(url).context["form"]
    therapist_client.post(url, {**{n: form.initial[n] for n in form.fields}, "action": "save"})
    assert "Pain (NPRS): now 7/10" in ClinicalNote.objects.get().subjective
    therapist_client.post(
        reverse("plans:assessment_amend", args=[assessment.code]),
        {"nprs_current": "3", "nprs_best": "", "nprs_worst": "", "notes": "", "reason": "Pain now was 3.",
         "version": assessment.version},
    )  # fmt: skip
    assert "Pain (NPRS): now 3/10" in ClinicalNote.objects.get().subjective
