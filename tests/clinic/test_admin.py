from django.urls import reverse

from tests.factories import EpisodeFactory, PatientFactory


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_admin_staff_manage_their_clinics_patients(client, admin_staff, patient, other_clinic):
    PatientFactory(clinic=other_clinic, family_name="Ivanova")
    client.force_login(admin_staff)
    listing = client.get(reverse("admin:patients_patient_changelist"))
    assert listing.status_code == 200
    assert "Lopez" in listing.text and "Ivanova" not in listing.text
    assert client.get(change_url(patient)).status_code == 200


def test_other_clinic_patient_is_404_in_admin(client, admin_staff, other_clinic):
    stranger = PatientFactory(clinic=other_clinic)
    client.force_login(admin_staff)
    assert client.get(change_url(stranger)).status_code == 404
    assert client.get(reverse("admin:patients_patient_history", args=[stranger.pk])).status_code == 404


def test_therapist_of_other_clinic_gets_404_in_admin(client, outsider, patient):
    client.force_login(outsider)
    assert client.get(change_url(patient)).status_code == 404


def test_admin_staff_do_not_see_clinical_episodes(client, admin_staff, patient):
    episode = EpisodeFactory(patient=patient)
    client.force_login(admin_staff)
    assert client.get(reverse("admin:patients_episode_changelist")).status_code == 403
    assert client.get(change_url(episode)).status_code in (403, 404)


def test_patient_account_gets_no_admin(client, patient_account):
    client.force_login(patient_account)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_admin_history_names_the_user(client, admin_staff, patient):
    client.force_login(admin_staff)
    data = {
        "clinic": patient.clinic.pk,
        "record_number": patient.record_number,
        "is_active": "on",
        "given_name": "Marie",
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex": patient.sex,
        "email": "",
        "phone": "",
        "primary_therapist": "",
        "portal_user": "",
    }
    response = client.post(change_url(patient), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    history = client.get(reverse("admin:patients_patient_history", args=[patient.pk]))
    assert history.status_code == 200
    assert admin_staff.username in history.text
    assert patient.history.first().history_user == admin_staff


def test_no_one_but_superusers_delete_patients(client, admin_staff, patient):
    client.force_login(admin_staff)
    response = client.post(reverse("admin:patients_patient_delete", args=[patient.pk]), {"post": "yes"})
    assert response.status_code == 403
    patient.refresh_from_db()


def test_admin_staff_cannot_grant_superuser(client, admin_staff, therapist):
    client.force_login(admin_staff)
    response = client.get(change_url(therapist))
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.text
