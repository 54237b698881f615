"""The discharge note of an episode: drafted from the whole episode (outcome against the baseline with
the MCID verdicts, the goals' status, the last plan, the home log, the advice), opened from a button
on the episode page, signed and locked, amended with a reason, its history, who may open it and its
query count as visits grow."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import ClinicalNote, NoteKind, NoteStatus
from tests.access_matrix import CLINICAL_PAGE, NOT_FOUND, cells, check, row
from tests.factories import EpisodeFactory
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit

SECTIONS = {"subjective": "Discharged well.", "objective": "NPRS 7 -> 2.", "assessment": "Goal met."}


@pytest.fixture
def discharged(patient, therapist, therapist_client):
    """An initial evaluation 40 days ago (NPRS 7, ODI 44%), a plan of pelvic tilts with the goal of
    pain at most 3, two visits (NPRS 4, then 2), discharged today with its goals met."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)
    _plan(episode, therapist, goals=[("nprs", 3)])
    _visit(therapist_client, episode, 33, nprs="4")
    _visit(therapist_client, episode, 30, nprs="2")
    episode.status, episode.discharge_date, episode.discharge_reason = "discharged", TODAY, "goals_met"
    episode.save()
    return episode


def _url(episode, name="plans:discharge_note") -> str:
    return reverse(name, args=[episode.code])


def test_the_episode_page_has_the_button_and_the_draft_reports_the_episode(therapist_client, discharged):
    episode_page = therapist_client.get(reverse("patients:episode_detail", args=[discharged.code])).text
    assert f'href="{_url(discharged)}"' in episode_page and "Write the discharge note" in episode_page

    page = therapist_client.get(_url(discharged)).text
    assert "Discharge note" in page and "Not written" in page
    assert "Episode of care since" in page and "2 visits." in page
    assert f"Discharged on {TODAY:%d %b %Y} (goals met)." in page
    assert "Outcome against the baseline (Initial evaluation of" in page
    assert "Pain (NPRS 0-10): 7 -&gt; 2 (-5); improved, beyond the MCID of 2" in page
    # Not measured since the baseline: no latest value, no verdict.
    assert "Disability (ODI %): 44 at the baseline; not measured since" in page
    assert "at most 3 by" in page and ": met (latest 2)." in page
    assert "Goals met: 1 of 1." in page
    assert "Last plan: Plan version 1, approved" in page
    assert "Home programme to continue: Pelvic tilt" in page
    assert "Home-exercise adherence over the episode: no sessions logged." in page
    assert not ClinicalNote.objects.exists()  # opening the page writes nothing


def test_sign_locks_it_an_amendment_needs_a_reason_and_the_history_keeps_both(
    therapist_client, therapist, discharged
):
    url = _url(discharged)
    assert (
        therapist_client.post(url, {**SECTIONS, "plan": "Home programme.", "action": "sign"}).status_code
        == 302
    )
    note = ClinicalNote.objects.get()
    assert (note.kind, note.episode, note.visit, note.evaluation) == (
        NoteKind.DISCHARGE,
        discharged,
        None,
        None,
    )
    assert note.status == NoteStatus.SIGNED and note.signed_by == therapist
    episode_page = therapist_client.get(reverse("patients:episode_detail", args=[discharged.code])).text
    assert "Discharge note (signed)" in episode_page and f'href="{url}">Discharge note</a>' in episode_page

    refused = therapist_client.post(url, {**SECTIONS, "plan": "Changed quietly.", "action": "save"})
    assert refused.status_code == 409 and "This note is signed and locked" in refused.text
    note.refresh_from_db()
    assert note.plan == "Home programme."

    amend = {f"amend-{k}": v for k, v in SECTIONS.items()} | {
        "amend-plan": "Review in 6 weeks.",
        "action": "amend",
    }
    no_reason = therapist_client.post(url, amend)
    assert no_reason.status_code == 200 and "This field is required." in no_reason.text
    assert therapist_client.post(url, {**amend, "amend-reason": "Follow-up agreed."}).status_code == 302
    note.refresh_from_db()
    assert note.plan == "Review in 6 weeks." and note.change_reason == "Follow-up agreed."

    history = therapist_client.get(_url(discharged, "plans:discharge_note_history")).text
    assert history.count('data-testid="note-version"') == 2
    assert "Home programme." in history and "Review in 6 weeks." in history
    assert "Amendment: Follow-up agreed." in history
    assert f'href="{url}">Back to the note' in history


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_draft_takes_as_many_queries_for_more_visits(therapist_client, discharged):
    url = _url(discharged)
    two_visits = _queries(therapist_client, url)
    discharged.status, discharged.discharge_date, discharged.discharge_reason = "open", None, ""
    discharged.save()
    for days_ago in (27, 24, 21, 18, 15, 12):
        _visit(therapist_client, discharged, days_ago, nprs="3")
    discharged.status, discharged.discharge_date, discharged.discharge_reason = (
        "discharged",
        TODAY,
        "goals_met",
    )
    discharged.save()
    eight_visits = _queries(therapist_client, url)
    assert "8 visits." in therapist_client.get(url).text
    assert eight_visits == two_visits == 18, (two_visits, eight_visits)


ACCESS = cells(
    row(
        "discharge note",
        lambda get: reverse("plans:discharge_note", args=[get("episode").code]),
        CLINICAL_PAGE,
        contains=("Maria Lopez",),
    ),
    row(
        "discharge note history",
        lambda get: reverse("plans:discharge_note_history", args=[get("episode").code]),
        CLINICAL_PAGE,
    ),
    row(
        "unknown discharge note",
        lambda get: reverse("plans:discharge_note", args=[uuid.uuid4()]),
        therapist=NOT_FOUND,
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
