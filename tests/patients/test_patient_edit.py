from datetime import date, timedelta

import pytest
from django.urls import reverse

from patients.models import Patient
from tests.access_matrix import STAFF_PAGE, cells, check, done, row
from tests.edit_forms import signed_version
from tests.factories import PatientFactory


def form_data(clinic, **overrides):
    data = {
        "clinic": clinic.pk,
        "record_number": "R-5000",
        "given_name": "Ana",
        "family_name": "Silva",
        "date_of_birth": "1990-03-04",
        "sex": "female",
        "email": "ana@example.com",
        "phone": "",
        "primary_therapist": "",
    }
    data.update(overrides)
    return data


def test_create_patient(therapist_client, clinic, therapist):
    response = therapist_client.post(
        reverse("patients:create"), form_data(clinic, primary_therapist=therapist.pk)
    )
    patient = Patient.objects.get(record_number="R-5000")
    assert response.status_code == 302
    assert response.url == reverse("patients:detail", args=[patient.code])
    assert patient.clinic == clinic and patient.primary_therapist == therapist


def test_errors_are_shown_field_by_field_and_nothing_saved(therapist_client, clinic, patient):
    future = (date.today() + timedelta(days=1)).isoformat()
    response = therapist_client.post(
        reverse("patients:create"),
        form_data(clinic, record_number=patient.record_number, date_of_birth=future, email="not-an-email"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Date of birth cannot be in the future." in errors["date_of_birth"]
    assert "email" in errors
    assert Patient.objects.count() == 1
    assert 'value="Ana"' in response.text  # what was typed is kept


def test_duplicate_record_number_in_clinic_refused(therapist_client, clinic, patient):
    response = therapist_client.post(
        reverse("patients:create"), form_data(clinic, record_number=patient.record_number)
    )
    assert response.status_code == 200
    assert "This record number is already used in this clinic." in response.text
    assert Patient.objects.count() == 1


def test_same_record_number_allowed_in_another_clinic(db, other_clinic, patient):
    PatientFactory(clinic=other_clinic, record_number=patient.record_number)
    assert Patient.objects.filter(record_number=patient.record_number).count() == 2


def test_cannot_create_patient_in_another_clinic(therapist_client, other_clinic):
    response = therapist_client.post(reverse("patients:create"), form_data(other_clinic))
    assert response.status_code == 200
    assert "clinic" in response.context["form"].errors
    assert not Patient.objects.exists()


def test_cannot_assign_therapist_from_another_clinic(therapist_client, clinic, outsider):
    response = therapist_client.post(
        reverse("patients:create"), form_data(clinic, primary_therapist=outsider.pk)
    )
    assert "primary_therapist" in response.context["form"].errors


def test_edit_leaves_history_naming_the_user(therapist_client, therapist, patient):
    response = therapist_client.post(
        reverse("patients:update", args=[patient.code]),
        form_data(
            patient.clinic,
            record_number=patient.record_number,
            given_name="Mariana",
            version=signed_version(patient),
        ),
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.given_name == "Mariana"
    latest = patient.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == therapist
    assert latest.prev_record.given_name == "Maria"
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert "given_name" in changed


def test_other_clinic_cannot_edit(client, outsider, patient):
    client.force_login(outsider)
    url = reverse("patients:update", args=[patient.code])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(patient.clinic, given_name="X")).status_code == 404
    patient.refresh_from_db()
    assert patient.given_name == "Maria"


def test_archive_and_restore_never_delete(therapist_client, patient):
    url = reverse("patients:archive", args=[patient.code])
    assert therapist_client.get(url).status_code == 405
    therapist_client.post(url)
    patient.refresh_from_db()
    assert patient.is_active is False
    therapist_client.post(url, {"active": "1"})
    patient.refresh_from_db()
    assert patient.is_active is True
    assert patient.history.count() == 3


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row("edit", lambda get: reverse("patients:update", args=[get("patient").code]), STAFF_PAGE),
    row(
        "archive",
        lambda get: reverse("patients:archive", args=[get("patient").code]),
        done(STAFF_PAGE),
        method="post",
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
