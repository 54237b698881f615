"""Two people edit the same patient or episode from the same version: the second save is refused,
shows who changed what, keeps what was typed, and saving again on the fresh version works."""

import pytest
from concurrency.exceptions import RecordModifiedError
from django.test import Client
from django.urls import reverse

from patients import services
from patients.models import Patient
from tests.access_matrix import CLINICAL_PAGE, STAFF_PAGE, cells, check, row
from tests.edit_forms import loaded_form
from tests.factories import EpisodeFactory


@pytest.fixture
def colleague_client(colleague):
    other = Client()
    other.force_login(colleague)
    return other


def test_second_writer_of_a_patient_sees_the_other_change_and_keeps_what_they_typed(
    therapist_client, colleague_client, patient
):
    url = reverse("patients:update", args=[patient.code])
    tessa_page, ben_page = therapist_client.get(url), colleague_client.get(url)

    first = therapist_client.post(url, loaded_form(tessa_page, phone="0111 111"))
    assert first.status_code == 302
    stale = colleague_client.post(url, loaded_form(ben_page, phone="0222 222", email="maria@new.example"))

    assert stale.status_code == 409
    assert "Tessa Reed changed this patient" in stale.text and "Nothing was saved" in stale.text
    errors = stale.context["form"].errors
    assert errors["phone"] == ["Saved now (changed by Tessa Reed): “0111 111”. You typed: “0222 222”."]
    assert "email" in errors  # Ben's own change, not yet saved
    assert 'value="0222 222"' in stale.text and 'value="maria@new.example"' in stale.text
    patient.refresh_from_db()
    assert patient.phone == "0111 111" and patient.email == ""

    again = colleague_client.post(url, loaded_form(stale))
    assert again.status_code == 302
    patient.refresh_from_db()
    assert patient.phone == "0222 222" and patient.email == "maria@new.example"


def test_a_post_without_the_version_is_refused(therapist_client, patient):
    url = reverse("patients:update", args=[patient.code])
    data = loaded_form(therapist_client.get(url), given_name="Mariana")
    del data["version"]
    response = therapist_client.post(url, data)
    assert response.status_code == 409
    patient.refresh_from_db()
    assert patient.given_name == "Maria"


def test_archiving_moves_the_version_on_so_a_stale_edit_cannot_restore(therapist_client, patient):
    url = reverse("patients:update", args=[patient.code])
    page = therapist_client.get(url)
    therapist_client.post(reverse("patients:archive", args=[patient.code]))
    # The edit form has no "active" field, but a stale copy must not be saved over the archive either.
    assert therapist_client.post(url, loaded_form(page, phone="1")).status_code == 409
    patient.refresh_from_db()
    assert not patient.is_active and patient.phone == ""


def test_second_writer_of_an_episode_sees_the_other_change(therapist_client, colleague_client, patient):
    episode = EpisodeFactory(patient=patient, mechanism="lifting", recurrent=False)
    url = reverse("patients:episode_update", args=[episode.code])
    tessa_page, ben_page = therapist_client.get(url), colleague_client.get(url)

    assert therapist_client.post(url, loaded_form(tessa_page, mechanism="fall")).status_code == 302
    stale = colleague_client.post(url, loaded_form(ben_page, recurrent="on"))

    assert stale.status_code == 409
    assert "Tessa Reed changed this episode" in stale.text
    errors = stale.context["form"].errors
    assert errors["mechanism"] == ["Saved now (changed by Tessa Reed): “Fall”. You typed: “Lifting”."]
    episode.refresh_from_db()
    assert episode.mechanism == "fall" and episode.recurrent is False

    # Ben keeps Tessa's mechanism this time and saves his own change on the fresh version.
    assert colleague_client.post(url, loaded_form(stale, mechanism="fall")).status_code == 302
    episode.refresh_from_db()
    assert episode.mechanism == "fall" and episode.recurrent is True


def test_the_service_refuses_a_stale_copy_even_when_no_form_checked_it(db, patient):
    # Two requests load the patient; the first saves between the second's check and its save.
    first, second = Patient.objects.get(pk=patient.pk), Patient.objects.get(pk=patient.pk)
    first.phone = "0111"
    services.patient_save(patient=first)
    second.email = "late@example.com"
    with pytest.raises(RecordModifiedError):
        services.patient_save(patient=second)
    patient.refresh_from_db()
    assert patient.phone == "0111" and patient.email == ""
    # The surrounding transaction is still usable: the refused save was rolled back on its own.
    assert Patient.objects.filter(pk=patient.pk).exists()


def test_a_record_from_before_versions_is_protected_too(therapist_client, colleague_client, patient):
    # Rows that existed before the version column was added have version 0, as do their history rows.
    Patient.objects.filter(pk=patient.pk).update(version=0)
    patient.history.update(version=0)
    url = reverse("patients:update", args=[patient.code])
    tessa_page, ben_page = therapist_client.get(url), colleague_client.get(url)
    assert therapist_client.post(url, loaded_form(tessa_page, phone="0111")).status_code == 302
    stale = colleague_client.post(url, loaded_form(ben_page, phone="0222"))
    assert stale.status_code == 409
    assert stale.context["form"].errors["phone"] == [
        "Saved now (changed by Tessa Reed): “0111”. You typed: “0222”."
    ]
    patient.refresh_from_db()
    assert patient.phone == "0111" and patient.version != 0


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
