"""Notes of visits and assessments: drafted from the record, saved, signed and locked, amended or
added to with a reason, their history, who may open them and their query counts."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Assessment, ClinicalNote, NoteKind, NoteStatus, Visit
from tests.access_matrix import CLINICAL_PAGE, NOT_FOUND, cells, check, row
from tests.factories import AssessmentFactory, EpisodeFactory, VisitFactory
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit

SECTIONS = {"subjective": "Pain 4/10 today.", "objective": "Pelvic tilt 2 x 10.", "assessment": "Better."}


@pytest.fixture
def episode_in_care(patient, therapist):
    """An initial evaluation 40 days ago (NPRS 7, ODI 44%) and an approved plan of pelvic tilts."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)
    _plan(episode, therapist)
    return episode


def _recorded_visit(client, episode) -> Visit:
    _visit(client, episode, 33, nprs="4", adherence_percent="75", patient_rating="better", note="Moved well.")
    return Visit.objects.get()


def _note_url(visit) -> str:
    return reverse("plans:visit_note", args=[visit.code])


def test_the_visit_page_links_to_a_draft_made_from_the_record(therapist_client, episode_in_care):
    visit = _recorded_visit(therapist_client, episode_in_care)
    visit_page = therapist_client.get(reverse("plans:visit_detail", args=[visit.code])).content.decode()
    assert f'href="{_note_url(visit)}"' in visit_page and "Write the note" in visit_page

    page = therapist_client.get(_note_url(visit)).content.decode()
    assert "Not written" in page
    assert "Pain now (NPRS): 4/10." in page
    assert "Patient&#x27;s own rating: Better." in page
    assert "Home-exercise adherence: 75%" in page
    assert "Pain (NPRS): 7 -&gt; 4 (-3); improved, beyond the MCID of 2" in page
    assert "Moved well." in page
    assert "Plan version 1, approved" in page
    assert not ClinicalNote.objects.exists()  # opening the page writes nothing


def test_save_then_sign_locks_the_note(therapist_client, therapist, episode_in_care):
    visit = _recorded_visit(therapist_client, episode_in_care)
    url = _note_url(visit)
    response = therapist_client.post(url, {**SECTIONS, "plan": "Same plan.", "action": "save"})
    assert response.status_code == 302
    note = ClinicalNote.objects.get()
    assert (note.kind, note.status, note.visit, note.written_by) == (
        NoteKind.DAILY,
        "draft",
        visit,
        therapist,
    )
    assert note.plan == "Same plan."

    therapist_client.post(url, {**SECTIONS, "plan": "Progress to bird dog.", "action": "sign"})
    note.refresh_from_db()
    assert note.status == NoteStatus.SIGNED and note.signed_by == therapist and note.signed_at
    assert note.plan == "Progress to bird dog."
    visit_page = therapist_client.get(reverse("plans:visit_detail", args=[visit.code])).content.decode()
    assert "Note signed" in visit_page

    refused = therapist_client.post(url, {**SECTIONS, "plan": "Changed quietly.", "action": "save"})
    assert refused.status_code == 409
    assert "This note is signed and locked" in refused.content.decode()
    note.refresh_from_db()
    assert note.plan == "Progress to bird dog."


def _signed_note(client, visit) -> ClinicalNote:
    client.post(_note_url(visit), {**SECTIONS, "plan": "Original plan.", "action": "sign"})
    return ClinicalNote.objects.get()


def test_an_amendment_needs_a_reason_and_keeps_the_signed_text(therapist_client, colleague, episode_in_care):
    visit = _recorded_visit(therapist_client, episode_in_care)
    note = _signed_note(therapist_client, visit)
    url = _note_url(visit)
    amend = {f"amend-{k}": v for k, v in SECTIONS.items()} | {
        "amend-plan": "Corrected plan.",
        "action": "amend",
    }

    no_reason = therapist_client.post(url, amend)
    assert no_reason.status_code == 200 and "This field is required." in no_reason.content.decode()
    note.refresh_from_db()
    assert note.plan == "Original plan."

    therapist_client.force_login(colleague)
    response = therapist_client.post(url, {**amend, "amend-reason": "Wrong exercise named."})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.plan == "Corrected plan." and note.status == NoteStatus.SIGNED

    history = therapist_client.get(reverse("plans:visit_note_history", args=[visit.code])).content.decode()
    assert history.count('data-testid="note-version"') == 2
    assert "Original plan." in history and "Corrected plan." in history
    assert "Amendment: Wrong exercise named." in history
    assert "by Tessa Reed" in history and f"by {colleague.get_full_name() or colleague.username}" in history


def test_an_addendum_adds_text_with_who_and_why(therapist_client, episode_in_care):
    visit = _recorded_visit(therapist_client, episode_in_care)
    note = _signed_note(therapist_client, visit)
    url = _note_url(visit)
    missing = therapist_client.post(url, {"action": "addendum", "add-addition": "Phoned GP."})
    assert missing.status_code == 200 and "This field is required." in missing.content.decode()

    therapist_client.post(
        url, {"action": "addendum", "add-addition": "Phoned GP.", "add-reason": "Late call."}
    )
    note.refresh_from_db()
    assert note.plan == "Original plan."
    assert note.addenda.startswith("Addendum by Tessa Reed, ")
    assert note.addenda.endswith("(reason: Late call.):\nPhoned GP.")
    assert "Phoned GP." in therapist_client.get(url).content.decode()


def test_a_draft_is_not_amended(therapist_client, episode_in_care):
    visit = _recorded_visit(therapist_client, episode_in_care)
    therapist_client.post(_note_url(visit), {**SECTIONS, "plan": "", "action": "save"})
    amend = {f"amend-{k}": v for k, v in SECTIONS.items()} | {"amend-reason": "x", "action": "amend"}
    response = therapist_client.post(_note_url(visit), amend)
    assert response.status_code == 409
    assert "A draft is edited, not amended" in response.content.decode()


def test_the_assessment_note_is_an_initial_evaluation(therapist_client, episode_in_care):
    assessment = Assessment.objects.get()
    url = reverse("plans:assessment_note", args=[assessment.code])
    page = therapist_client.get(url).content.decode()
    assert "Initial evaluation note" in page and "Red-flag triage: No red flag." in page
    assert (
        "Onset: Sudden, 10 days before this evaluation." in page and "ODI 44.0% (Severe disability)." in page
    )
    therapist_client.post(url, {**SECTIONS, "plan": "", "action": "sign"})
    note = ClinicalNote.objects.get()
    assert note.kind == NoteKind.INITIAL_EVALUATION and note.evaluation == assessment
    detail = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert "Note signed" in detail
    episode_page = therapist_client.get(reverse("patients:episode_detail", args=[episode_in_care.code]))
    assert "Initial evaluation note" in episode_page.content.decode()


def test_one_note_of_a_kind_per_visit_in_the_database(therapist, episode_in_care, therapist_client):
    from django.db import IntegrityError, transaction

    visit = _recorded_visit(therapist_client, episode_in_care)
    ClinicalNote.objects.create(
        episode=episode_in_care, kind=NoteKind.DAILY, visit=visit, written_by=therapist
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ClinicalNote.objects.create(
            episode=episode_in_care, kind=NoteKind.DAILY, visit=visit, written_by=therapist
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ClinicalNote.objects.create(
            episode=episode_in_care, kind=NoteKind.DAILY, visit=visit, written_by=therapist, status="signed"
        )


def _page_queries(client, episode) -> dict[str, int]:
    last = Visit.objects.order_by("-visit_date").first()
    urls = {
        "note": _note_url(last),
        "history": reverse("plans:visit_note_history", args=[last.code]),
        "episode": reverse("patients:episode_detail", args=[episode.code]),
    }
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def _signed_visits(client, episode, days_ago) -> int:
    """Record and sign a visit on each of ``days_ago``; the queries of the last one's draft page."""
    for n in days_ago:
        _visit(client, episode, n, nprs=str(5 - n % 3))
        url = _note_url(Visit.objects.order_by("-visit_date").first())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        count = len(queries)  # the log is emptied at the next request
        client.post(url, {**SECTIONS, "action": "sign"})
    return count


def test_note_and_episode_pages_take_as_many_queries_for_more_visits(
    therapist_client, episode_in_care, django_assert_max_num_queries
):
    # From the second visit on, each has a visit before it (whose home log period it reads).
    draft_of_second = _signed_visits(therapist_client, episode_in_care, [33, 30])
    two_visits = _page_queries(therapist_client, episode_in_care)
    draft_of_eighth = _signed_visits(therapist_client, episode_in_care, [27, 24, 21, 18, 15, 12])
    eight_visits = _page_queries(therapist_client, episode_in_care)
    assert eight_visits == two_visits, (two_visits, eight_visits)
    assert draft_of_eighth == draft_of_second
    # The episode page: 14 with the notes list, 15 since it also judges the latest plan's goals.
    assert two_visits == {"note": 7, "history": 8, "episode": 15}
    with django_assert_max_num_queries(15):
        page = therapist_client.get(reverse("patients:episode_detail", args=[episode_in_care.code]))
    assert page.content.decode().count("Daily note:") == 8


def _visit_note_url(get):
    visit = VisitFactory(episode=get("episode"), recorded_by=get("therapist"))
    return reverse("plans:visit_note", args=[visit.code])


def _assessment_note_url(get):
    assessment = AssessmentFactory(episode=get("episode"), assessed_by=get("therapist"))
    return reverse("plans:assessment_note", args=[assessment.code])


ACCESS = cells(
    row("visit note", _visit_note_url, CLINICAL_PAGE, contains=("Maria Lopez",)),
    row(
        "unknown visit note",
        lambda get: reverse("plans:visit_note", args=[uuid.uuid4()]),
        therapist=NOT_FOUND,
    ),
    row(
        "assessment note",
        lambda get: reverse(
            "plans:assessment_note",
            args=[
                __import__("tests.factories")
                .factories.AssessmentFactory(episode=get("episode"), assessed_by=get("therapist"))
                .code
            ],
        ),
        CLINICAL_PAGE,
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
