import uuid

import pytest
from django.urls import reverse

from tests.access_matrix import NOT_FOUND, STAFF_PAGE, cells, check, row
from tests.factories import EpisodeFactory


def url(patient):
    return reverse("patients:detail", args=[patient.code])


def test_therapist_sees_patient_and_episodes(therapist_client, patient):
    EpisodeFactory(patient=patient)
    response = therapist_client.get(url(patient))
    assert response.status_code == 200
    assert "Maria Lopez" in response.text
    assert "Lower back (lumbar) pain since" in response.text


def test_admin_staff_see_demographics_not_clinical(client, admin_staff, patient):
    EpisodeFactory(patient=patient)
    client.force_login(admin_staff)
    response = client.get(url(patient))
    assert response.status_code == 200
    assert "Maria Lopez" in response.text
    assert "pain since" not in response.text


def test_detail_query_count_is_bounded(therapist_client, patient, django_assert_max_num_queries):
    EpisodeFactory.create_batch(10, patient=patient)
    with django_assert_max_num_queries(9):
        therapist_client.get(url(patient))


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row("detail", lambda get: url(get("patient")), STAFF_PAGE, contains=("Maria Lopez",)),
    row("unknown code", lambda get: reverse("patients:detail", args=[uuid.uuid4()]), therapist=NOT_FOUND),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
