import uuid

from django.urls import reverse

from tests.factories import EpisodeFactory


def url(patient):
    return reverse("patients:detail", args=[patient.code])


def test_therapist_sees_patient_and_episodes(therapist_client, patient):
    EpisodeFactory(patient=patient)
    response = therapist_client.get(url(patient))
    assert response.status_code == 200
    assert "Maria Lopez" in response.text
    assert "Lower back (lumbar) pain since" in response.text


def test_colleague_in_same_clinic_allowed(client, colleague, patient):
    client.force_login(colleague)
    assert client.get(url(patient)).status_code == 200


def test_other_clinic_gets_404(client, outsider, patient):
    client.force_login(outsider)
    assert client.get(url(patient)).status_code == 404


def test_unknown_code_is_404(therapist_client):
    assert therapist_client.get(reverse("patients:detail", args=[uuid.uuid4()])).status_code == 404


def test_admin_staff_see_demographics_not_clinical(client, admin_staff, patient):
    EpisodeFactory(patient=patient)
    client.force_login(admin_staff)
    response = client.get(url(patient))
    assert response.status_code == 200
    assert "Maria Lopez" in response.text
    assert "pain since" not in response.text


def test_patient_account_refused(client, patient_account, patient):
    client.force_login(patient_account)
    assert client.get(url(patient)).status_code == 403


def test_anonymous_redirected(client, patient):
    assert client.get(url(patient)).status_code == 302


def test_detail_query_count_is_bounded(therapist_client, patient, django_assert_max_num_queries):
    EpisodeFactory.create_batch(10, patient=patient)
    with django_assert_max_num_queries(9):
        therapist_client.get(url(patient))
