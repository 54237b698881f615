"""The front desk in the admin: staff named "First Last", filters of the user's clinics only, dates
in the clinic's format, the clinical thresholds kept by the clinical lead, the library out of the
front desk's reach."""

import pytest
from django.urls import reverse

from clinic.models import Membership
from plans.models import Exercise
from tests.factories import ClinicFactory, PatientFactory, VisitFactory, make_staff

PATIENTS = reverse("admin:patients_patient_changelist")
ADD_PATIENT = reverse("admin:patients_patient_add")


def thresholds_url(clinic):
    return reverse("admin:clinic_clinic_thresholds", args=[clinic.pk])


# --- full names ------------------------------------------------------------------------------------


def test_patient_list_and_form_name_therapists_in_full(client, admin_staff, patient, therapist):
    client.force_login(admin_staff)
    listing = client.get(PATIENTS)
    assert "Tessa Reed" in listing.text and ">tessa<" not in listing.text
    assert "Lopez, Maria" in listing.text
    form = client.get(ADD_PATIENT)
    assert f'<option value="{therapist.pk}">Tessa Reed</option>' in form.text
    assert ">tessa<" not in form.text


def test_therapist_filter_names_own_clinics_therapists_in_full(
    client, admin_staff, therapist, outsider, patient
):
    client.force_login(admin_staff)
    listing = client.get(PATIENTS)
    assert f"primary_therapist__id__exact={therapist.pk}" in listing.text
    assert (
        "Hana Berg" not in listing.text and f"primary_therapist__id__exact={outsider.pk}" not in listing.text
    )


def test_clinical_admin_lists_name_the_recorder_in_full(client, therapist, patient):
    visit = VisitFactory(episode__patient=patient, recorded_by=therapist)
    client.force_login(therapist)
    listing = client.get(reverse("admin:plans_visit_changelist"))
    assert str(visit.visit_date.year) in listing.text
    assert "Tessa Reed" in listing.text and ">tessa<" not in listing.text


def test_membership_list_names_staff_in_full(client, manager, admin_staff, therapist):
    client.force_login(manager)
    listing = client.get(reverse("admin:clinic_membership_changelist"))
    assert "Tessa Reed" in listing.text and "Pam Okoro" in listing.text


# --- filters of the user's clinics -----------------------------------------------------------------


def test_staff_of_two_clinics_filter_by_their_two_clinics_only(client, clinic, other_clinic, patient):
    third = ClinicFactory(name="Marshgate")
    desk = make_staff(clinic, Membership.Role.ADMIN_STAFF, username="twodesks")
    Membership.objects.create(user=desk, clinic=third, role=Membership.Role.ADMIN_STAFF)
    PatientFactory(clinic=third, family_name="Thirdly")
    PatientFactory(clinic=other_clinic, family_name="Elsewhere")
    client.force_login(desk)
    listing = client.get(PATIENTS)
    assert (
        f"clinic__id__exact={clinic.pk}" in listing.text and f"clinic__id__exact={third.pk}" in listing.text
    )
    assert f"clinic__id__exact={other_clinic.pk}" not in listing.text
    assert "Hillside" not in listing.text and "Elsewhere" not in listing.text
    assert "Riverside" in listing.text and "Thirdly" in listing.text


# --- dates in the clinic's format ------------------------------------------------------------------


def _patient_post(clinic, **overrides):
    return {
        "clinic": clinic.pk,
        "record_number": "",
        "is_active": "on",
        "given_name": "Ana",
        "family_name": "Silva",
        "date_of_birth": "14/03/1990",
        "sex": "female",
        "email": "",
        "phone": "",
        "primary_therapist": "",
        **overrides,
    }


@pytest.mark.parametrize("typed", ["14/03/1990", "1990-03-14", "14.03.1990"])
def test_the_admin_takes_the_date_of_birth_as_the_clinic_writes_it(client, admin_staff, clinic, typed):
    from patients.models import Patient

    client.force_login(admin_staff)
    response = client.post(ADD_PATIENT, _patient_post(clinic, date_of_birth=typed))
    assert response.status_code == 302
    assert Patient.objects.get(given_name="Ana").date_of_birth.isoformat() == "1990-03-14"


def test_the_admin_says_which_date_format_it_wants(client, admin_staff, clinic):
    client.force_login(admin_staff)
    page = client.get(ADD_PATIENT)
    assert 'placeholder="DD/MM/YYYY"' in page.text and "As DD/MM/YYYY (or YYYY-MM-DD)." in page.text
    refused = client.post(ADD_PATIENT, _patient_post(clinic, date_of_birth="03/14/1990"))
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors["date_of_birth"]
    assert errors == ["Enter the date as DD/MM/YYYY, for example 14/03/1990."]
    assert 'value="03/14/1990"' in refused.text  # what was typed is kept


def test_the_patient_list_shows_dates_in_the_clinics_format(client, admin_staff, patient):
    client.force_login(admin_staff)
    assert patient.date_of_birth.strftime("%d/%m/%Y") in client.get(PATIENTS).text


def test_the_patient_list_has_few_columns(client, admin_staff, patient):
    client.force_login(admin_staff)
    columns = client.get(PATIENTS).context["cl"].list_display
    assert len(columns) <= 8  # the action checkbox and seven narrow columns


# --- thresholds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin_staff", "manager", "therapist"])
def test_only_the_clinical_lead_sets_thresholds(client, request, clinic, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(thresholds_url(clinic)).status_code == 403
    response = client.post(thresholds_url(clinic), {"nprs_mcid": "5"})
    assert response.status_code == 403
    clinic.refresh_from_db()
    assert clinic.nprs_mcid == 2


def test_admin_staff_cannot_change_thresholds_on_the_clinic_page_either(client, admin_staff, clinic):
    client.force_login(admin_staff)
    page = client.get(reverse("admin:clinic_clinic_change", args=[clinic.pk]))
    assert page.status_code == 200 and 'name="nprs_mcid"' not in page.text
    assert 'id="set-thresholds"' not in page.text
    assert (
        client.post(reverse("admin:clinic_clinic_change", args=[clinic.pk]), {"nprs_mcid": "5"}).status_code
        == 403
    )


def test_another_clinics_thresholds_are_not_found(client, outsider, clinic):
    client.force_login(outsider)
    assert client.get(thresholds_url(clinic)).status_code == 404


def _thresholds_post(clinic, **overrides):
    from tests.edit_forms import signed_version

    return {
        "nprs_mcid": "3",
        "odi_mcid": "12.0",
        "relative_improvement_percent": "30",
        "plateau_window_days": "21",
        "plateau_days": "28",
        "reevaluation_days": "21",
        "reevaluation_visit_count": "8",
        "subacute_from_days": "42",
        "chronic_from_days": "84",
        "unsigned_note_days": "2",
        "version": signed_version(clinic),
        **overrides,
    }


def test_the_clinical_lead_sets_thresholds_with_history(client, lead, clinic):
    client.force_login(lead)
    page = client.get(reverse("admin:clinic_clinic_change", args=[clinic.pk]))
    assert 'id="set-thresholds"' in page.text
    assert client.get(thresholds_url(clinic)).status_code == 200
    response = client.post(thresholds_url(clinic), _thresholds_post(clinic))
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert (clinic.nprs_mcid, clinic.reevaluation_days, clinic.reevaluation_visit_count) == (3, 21, 8)
    assert clinic.history.latest().history_user == lead


def test_bad_thresholds_come_back_field_by_field(client, lead, clinic):
    client.force_login(lead)
    response = client.post(
        thresholds_url(clinic), _thresholds_post(clinic, nprs_mcid="11", chronic_from_days="10")
    )
    assert response.status_code == 200
    assert "nprs_mcid" in response.context["form"].errors
    clinic.refresh_from_db()
    assert clinic.nprs_mcid == 2


def test_a_superuser_sets_any_clinics_thresholds(client, superuser, other_clinic):
    client.force_login(superuser)
    response = client.post(thresholds_url(other_clinic), _thresholds_post(other_clinic, nprs_mcid="4"))
    assert response.status_code == 302
    other_clinic.refresh_from_db()
    assert other_clinic.nprs_mcid == 4


# --- the shared library ----------------------------------------------------------------------------


def test_admin_staff_never_reach_the_exercise_library(client, admin_staff):
    exercise = Exercise.objects.get(slug="pelvic-tilt")
    client.force_login(admin_staff)
    for url in (
        reverse("admin:plans_exercise_changelist"),
        reverse("admin:plans_exercise_add"),
        reverse("admin:plans_exercise_change", args=[exercise.pk]),
        reverse("admin:plans_educationitem_changelist"),
        reverse("admin:plans_cause_changelist"),
    ):
        assert client.get(url).status_code == 403, url
    name = exercise.name
    assert (
        client.post(reverse("admin:plans_exercise_change", args=[exercise.pk]), {"name": "x"}).status_code
        == 403
    )
    exercise.refresh_from_db()
    assert exercise.name == name
    assert "Exercise" not in client.get(reverse("admin:index")).text
