"""Dates a clinic can mean: no one born before 1900 or in the future, no episode starting before the
patient was born or after today, no discharge in the future. Refused field by field on the forms, in
the services (model clean) and, for single-row rules, by the database."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from patients import services
from patients.models import Episode, Patient
from tests.access_matrix import CLINICAL_PAGE, STAFF_PAGE, cells, check, row
from tests.edit_forms import loaded_form
from tests.factories import EpisodeFactory, PatientFactory
from tests.patients.test_episodes import episode_data

TODAY = timezone.localdate()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize(
    ("onset", "message"),
    [
        ("0001-01-01", "before the patient was born"),
        ("1960-06-01", "before the patient was born"),
        (TOMORROW, "cannot be in the future"),
    ],
)
def test_episode_onset_must_fall_between_birth_and_today(therapist_client, patient, onset, message):
    patient.date_of_birth = date(1970, 5, 1)
    patient.save()
    response = therapist_client.post(
        reverse("patients:episode_create", args=[patient.code]), episode_data(onset_date=onset)
    )
    assert response.status_code == 200
    assert any(message in error for error in _field_errors(response, "onset_date"))
    assert not Episode.objects.exists()


@pytest.mark.parametrize("discharge", ["9999-12-31", TOMORROW])
def test_discharge_cannot_be_in_the_future(therapist_client, patient, discharge):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=30))
    url = reverse("patients:episode_update", args=[episode.code])
    response = therapist_client.post(
        url,
        loaded_form(
            therapist_client.get(url),
            status="discharged",
            discharge_date=discharge,
            discharge_reason="goals_met",
        ),
    )
    assert response.status_code == 200
    assert any("cannot be in the future" in error for error in _field_errors(response, "discharge_date"))
    episode.refresh_from_db()
    assert episode.status == "open" and episode.discharge_date is None


def test_discharge_today_is_fine(therapist_client, patient):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=30))
    url = reverse("patients:episode_update", args=[episode.code])
    response = therapist_client.post(
        url,
        loaded_form(
            therapist_client.get(url),
            status="discharged",
            discharge_date=TODAY.isoformat(),
            discharge_reason="goals_met",
        ),
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.discharge_date == TODAY


def test_the_episode_service_refuses_an_onset_before_birth(patient):
    episode = Episode(patient=patient, onset_date=patient.date_of_birth - timedelta(days=1), onset="sudden")
    with pytest.raises(ValidationError) as raised:
        services.episode_save(episode=episode)
    assert "onset_date" in raised.value.message_dict
    assert not Episode.objects.exists()


@pytest.mark.parametrize(
    ("born", "message"),
    [("1899-12-31", "before 1900"), ("0001-01-01", "before 1900"), (TOMORROW, "cannot be in the future")],
)
def test_date_of_birth_between_1900_and_today(therapist_client, patient, born, message):
    url = reverse("patients:update", args=[patient.code])
    response = therapist_client.post(url, loaded_form(therapist_client.get(url), date_of_birth=born))
    assert response.status_code == 200
    assert any(message in error for error in _field_errors(response, "date_of_birth"))
    before = patient.date_of_birth
    patient.refresh_from_db()
    assert patient.date_of_birth == before


def test_the_patient_service_refuses_a_future_birth(clinic):
    patient = PatientFactory.build(clinic=clinic, date_of_birth=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError) as raised:
        services.patient_save(patient=patient)
    assert "date_of_birth" in raised.value.message_dict
    assert not Patient.objects.exists()


def test_the_database_refuses_a_birth_before_1900(patient):
    with pytest.raises(IntegrityError), transaction.atomic():
        Patient.objects.filter(pk=patient.pk).update(date_of_birth=date(1899, 12, 31))


def test_the_database_refuses_an_onset_before_1900(patient):
    episode = EpisodeFactory(patient=patient)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(onset_date=date(1, 1, 1))


# --- Who may open it ------------------------------------------------------------------------------


def _episode_edit(get):
    return reverse("patients:episode_update", args=[EpisodeFactory(patient=get("patient")).code])


ACCESS = cells(
    row("patient edit", lambda get: reverse("patients:update", args=[get("patient").code]), STAFF_PAGE),
    row("episode edit", _episode_edit, CLINICAL_PAGE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
