"""The episode page leads with the next clinical step; the creation form shows only what applies;
archiving asks for confirmation and a reason, kept in the episode's history."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from patients.models import Episode
from tests.factories import EpisodeFactory
from tests.patients.test_episodes import episode_data
from tests.plans.test_visits import _baseline, _plan


def _primary(html: str) -> list[str]:
    actions = re.search(r'data-testid="episode-actions">(.*?)</div>', html, re.S).group(1)
    return re.findall(r'<a class="btn btn-primary"[^>]*>([^<]*)</a>', actions)


def _page(client, episode) -> str:
    return client.get(reverse("patients:episode_detail", args=[episode.code])).content.decode()


def test_before_any_assessment_the_assessment_comes_first(therapist_client, patient):
    episode = EpisodeFactory(patient=patient)
    html = _page(therapist_client, episode)
    assert _primary(html) == ["Record an assessment"]
    assert reverse("plans:visit_create", args=[episode.code]) not in html
    assert re.search(r'<button[^>]*disabled[^>]*data-testid="new-visit"[^>]*>Record a visit</button>', html)
    assert "record the assessment first" in html
    assert "No assessment yet. Start here" in html
    assert "Visits start after the first assessment." in html


def test_after_the_assessment_the_plan_comes_next(therapist_client, therapist, patient):
    episode = EpisodeFactory(patient=patient)
    _baseline(episode, therapist, days_ago=1)
    html = _page(therapist_client, episode)
    assert _primary(html) == ["Edit and approve the plan"]
    assert "The latest assessment suggests one: edit and approve it." in html


def test_with_an_approved_plan_a_visit_comes_next(therapist_client, therapist, patient):
    episode = EpisodeFactory(patient=patient)
    _baseline(episode, therapist, days_ago=1)
    _plan(episode, therapist)
    html = _page(therapist_client, episode)
    assert _primary(html) == ["Record a visit"]
    assert "Record a visit to follow progress against the assessment." in html


def test_patient_page_empty_state_names_the_first_step(therapist_client, patient):
    html = therapist_client.get(reverse("patients:detail", args=[patient.code])).content.decode()
    assert "No episodes yet. Open an episode" in html


# --- The episode form -------------------------------------------------------------------------------


def test_a_new_episode_has_no_discharge_fields_and_opens(therapist_client, patient):
    url = reverse("patients:episode_create", args=[patient.code])
    form = therapist_client.get(url).context["form"]
    assert not {"status", "discharge_date", "discharge_reason"} & set(form.fields)
    html = therapist_client.get(url).content.decode()
    assert 'name="discharge_date"' not in html and 'name="status"' not in html
    # Forged discharge fields are ignored: a new episode is open.
    onset = episode_data()["onset_date"]
    data = episode_data(status="discharged", discharge_date=onset, discharge_reason="other")
    assert therapist_client.post(url, data).status_code == 302
    episode = Episode.objects.get()
    assert (episode.status, episode.discharge_date, episode.discharge_reason) == ("open", None, "")


def test_editing_an_episode_offers_discharge(therapist_client, patient):
    episode = EpisodeFactory(patient=patient)
    html = therapist_client.get(reverse("patients:episode_update", args=[episode.code])).content.decode()
    assert 'name="discharge_date"' in html and 'name="status"' in html


# --- Archiving --------------------------------------------------------------------------------------


def test_archiving_asks_why_and_keeps_the_reason_in_the_history(therapist_client, therapist, patient):
    episode = EpisodeFactory(patient=patient)
    url = reverse("patients:episode_archive", args=[episode.code])
    first = therapist_client.post(url)  # the page's Archive button
    assert first.status_code == 200 and 'data-testid="archive-form"' in first.content.decode()
    assert not first.context["form"].errors  # a question, not an error yet
    blank = therapist_client.post(url, {"reason": "   "})
    assert blank.context["form"].errors["reason"] == ["Say why the episode is archived."]
    episode.refresh_from_db()
    assert episode.is_active

    response = therapist_client.post(url, {"reason": "Duplicate of the March episode."})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert not episode.is_active and episode.archive_reason == "Duplicate of the March episode."
    latest = episode.history.first()
    assert latest.history_user == therapist and latest.archive_reason == "Duplicate of the March episode."
    assert "Archived: Duplicate of the March episode." in _page(therapist_client, episode)

    therapist_client.post(url, {"active": "1"})
    episode.refresh_from_db()
    assert episode.is_active and episode.archive_reason == ""
    reasons = [h.archive_reason for h in episode.history.order_by("history_id")]
    assert "Duplicate of the March episode." in reasons  # the history keeps why


def test_an_archived_episode_needs_a_reason_in_the_database(db, patient):
    episode = EpisodeFactory(patient=patient)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(is_active=False)


def test_other_clinics_and_front_desk_cannot_archive(client, outsider, admin_staff, patient):
    episode = EpisodeFactory(patient=patient)
    url = reverse("patients:episode_archive", args=[episode.code])
    for user, status in ((outsider, 404), (admin_staff, 403)):
        client.force_login(user)
        assert client.post(url, {"reason": "No."}).status_code == status
        assert client.get(url).status_code == status
    episode.refresh_from_db()
    assert episode.is_active
