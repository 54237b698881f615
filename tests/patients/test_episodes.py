from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from patients.models import Episode
from tests.access_matrix import CLINICAL_PAGE, cells, check, done, row
from tests.edit_forms import signed_version
from tests.factories import EpisodeFactory


def episode_data(**overrides):
    data = {
        "region": "lumbar",
        "onset_date": (date.today() - timedelta(days=20)).isoformat(),
        "onset": "sudden",
        "mechanism": "lifting",
        "recurrent": "",
        "status": "open",
        "discharge_date": "",
        "discharge_reason": "",
    }
    data.update(overrides)
    return data


def test_therapist_opens_an_episode(therapist_client, therapist, patient):
    response = therapist_client.post(reverse("patients:episode_create", args=[patient.code]), episode_data())
    episode = Episode.objects.get()
    assert response.status_code == 302
    assert episode.patient == patient and episode.mechanism == "lifting"
    assert episode.history.first().history_user == therapist


def test_discharge_before_onset_refused_by_form(therapist_client, patient):
    episode = EpisodeFactory(patient=patient)
    before = (episode.onset_date - timedelta(days=1)).isoformat()
    response = therapist_client.post(
        reverse("patients:episode_update", args=[episode.code]),
        episode_data(
            onset_date=episode.onset_date.isoformat(),
            status="discharged",
            discharge_date=before,
            discharge_reason="goals_met",
            version=signed_version(episode),
        ),
    )
    assert response.status_code == 200
    assert "The discharge date cannot be before the onset date." in response.text
    episode.refresh_from_db()
    assert episode.status == "open"


def test_discharged_needs_a_date(therapist_client, patient):
    episode = EpisodeFactory(patient=patient)
    response = therapist_client.post(
        reverse("patients:episode_update", args=[episode.code]),
        episode_data(status="discharged", discharge_reason="goals_met", version=signed_version(episode)),
    )
    assert response.context["form"].errors["discharge_date"] == ["Enter the discharge date."]


def test_database_enforces_discharge_rules(db, patient):
    episode = EpisodeFactory(patient=patient)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(status="discharged")
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(
            status="discharged", discharge_date=episode.onset_date - timedelta(days=1)
        )


def test_other_clinic_gets_404_for_episode(client, outsider, patient):
    episode = EpisodeFactory(patient=patient)
    client.force_login(outsider)
    assert client.get(reverse("patients:episode_detail", args=[episode.code])).status_code == 404
    assert (
        client.post(reverse("patients:episode_create", args=[patient.code]), episode_data()).status_code
        == 404
    )
    assert Episode.objects.count() == 1


def test_archive_episode(therapist_client, patient):
    episode = EpisodeFactory(patient=patient)
    url = reverse("patients:episode_archive", args=[episode.code])
    therapist_client.post(url)  # the episode page's button: asks why first
    episode.refresh_from_db()
    assert episode.is_active is True
    therapist_client.post(url, {"reason": "Opened twice by mistake."})
    episode.refresh_from_db()
    assert episode.is_active is False and episode.archive_reason == "Opened twice by mistake."
    assert Episode.objects.count() == 1


# --- Who may open it ------------------------------------------------------------------------------


def _episode_url(name):
    return lambda get: reverse(f"patients:{name}", args=[EpisodeFactory(patient=get("patient")).code])


ACCESS = cells(
    row("new", lambda get: reverse("patients:episode_create", args=[get("patient").code]), CLINICAL_PAGE),
    row("detail", _episode_url("episode_detail"), CLINICAL_PAGE, contains=("Maria Lopez",)),
    row("edit", _episode_url("episode_update"), CLINICAL_PAGE),
    row("archive-confirm", _episode_url("episode_archive"), CLINICAL_PAGE),
    row(
        "archive",
        _episode_url("episode_archive"),
        done(CLINICAL_PAGE),
        method="post",
        data=lambda get: {"reason": "Duplicate episode."},
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
