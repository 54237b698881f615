"""Record numbers: the clinic's next number unless one is typed, unique per clinic even when two
people register patients at the same moment; the duplicate error on its field; the creating
therapist as primary therapist."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from clinic.models import Membership
from patients import services
from patients.models import Patient
from tests.factories import ClinicFactory, PatientFactory, make_staff
from tests.patients.test_patient_edit import form_data

CREATE = reverse("patients:create")
ADMIN_ADD = reverse("admin:patients_patient_add")


def test_an_empty_record_number_gets_the_clinics_next(therapist_client, clinic, other_clinic):
    for given in ("Ana", "Bea"):
        response = therapist_client.post(CREATE, form_data(clinic, record_number="", given_name=given))
        assert response.status_code == 302
    numbers = list(
        Patient.objects.filter(clinic=clinic).order_by("pk").values_list("record_number", flat=True)
    )
    assert numbers == ["00001", "00002"]
    # Each clinic counts on its own.
    other = services.patient_save(patient=PatientFactory.build(clinic=other_clinic, record_number=""))
    assert other.record_number == "00001"


def test_a_typed_record_number_is_kept_and_the_sequence_skips_it(therapist_client, clinic):
    therapist_client.post(CREATE, form_data(clinic, record_number="00002", given_name="Typed"))
    first = services.patient_save(patient=PatientFactory.build(clinic=clinic, record_number=""))
    second = services.patient_save(patient=PatientFactory.build(clinic=clinic, record_number=""))
    assert Patient.objects.get(given_name="Typed").record_number == "00002"
    assert (first.record_number, second.record_number) == ("00001", "00003")


def test_the_duplicate_record_number_error_is_on_its_field(therapist_client, clinic, patient):
    response = therapist_client.post(CREATE, form_data(clinic, record_number=patient.record_number))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["record_number"] == ["This record number is already used in this clinic."]
    assert not form.non_field_errors()


def test_the_same_number_at_another_clinic_is_fine(therapist_client, clinic, outsider_patient):
    response = therapist_client.post(CREATE, form_data(clinic, record_number=outsider_patient.record_number))
    assert response.status_code == 302


def test_the_admin_duplicate_error_is_on_its_field_and_empty_gets_the_next(
    client, admin_staff, clinic, patient
):
    client.force_login(admin_staff)
    data = {
        "clinic": clinic.pk,
        "record_number": patient.record_number,
        "is_active": "on",
        "given_name": "Ana",
        "family_name": "Silva",
        "date_of_birth": "14/03/1990",
        "sex": "female",
        "email": "",
        "phone": "",
        "primary_therapist": "",
    }
    response = client.post(ADMIN_ADD, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["record_number"] == [
        "This record number is already used in this clinic."
    ]
    response = client.post(ADMIN_ADD, {**data, "record_number": ""})
    assert response.status_code == 302
    assert Patient.objects.get(given_name="Ana").record_number == "00001"


def test_the_primary_therapist_defaults_to_the_creating_therapist(
    therapist_client, therapist, admin_staff, client
):
    form = therapist_client.get(CREATE).context["form"]
    assert form["primary_therapist"].value() == therapist.pk
    assert f'<option value="{therapist.pk}" selected>Tessa Reed</option>' in therapist_client.get(CREATE).text
    # Admin staff treat nobody: no default.
    client.force_login(admin_staff)
    assert client.get(CREATE).context["form"]["primary_therapist"].value() is None


def test_the_admin_add_form_defaults_the_primary_therapist_too(client, therapist):
    client.force_login(therapist)
    response = client.get(ADMIN_ADD)
    assert response.context["adminform"].form["primary_therapist"].value() == therapist.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_numbers_given_at_the_same_moment_are_unique():
    clinic = ClinicFactory()
    make_staff(clinic, Membership.Role.ADMIN_STAFF)
    count = 8
    barrier = threading.Barrier(count)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            patient = services.patient_save(
                patient=PatientFactory.build(clinic=clinic, record_number="", given_name=f"P{n}")
            )
            numbers.append(patient.record_number)
        except BaseException as error:  # reported below, with the numbers given
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(numbers) == [f"{n:05d}" for n in range(1, count + 1)]
