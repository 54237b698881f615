"""Admin change forms of shared records (patient, episode, clinic settings) refuse a save from a
stale copy: the page comes back naming who changed what, saves nothing, and saving again on the
fresh version works. Never a 500."""

import pytest
from concurrency.exceptions import RecordModifiedError
from concurrency.middleware import ConcurrencyMiddleware
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client
from django.urls import reverse

from clinic.models import Membership
from tests.access_matrix import ADMIN_PAGE, NOT_FOUND, cells, check, row
from tests.edit_forms import loaded_admin_form
from tests.factories import EpisodeFactory, make_staff


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def front_desk_pair(clinic, admin_staff):
    second = make_staff(
        clinic, Membership.Role.ADMIN_STAFF, username="desk2", first_name="Dana", last_name="Ortiz"
    )
    first, other = Client(), Client()
    first.force_login(admin_staff)
    other.force_login(second)
    return first, other


def _errors(response):
    return response.context["adminform"].form.errors


def test_stale_patient_change_form_is_refused_and_names_the_other_writer(front_desk_pair, patient):
    first, second = front_desk_pair
    url = change_url(patient)
    first_page, second_page = first.get(url), second.get(url)

    assert first.post(url, loaded_admin_form(first_page, given_name="Marie")).status_code == 302
    stale = second.post(url, loaded_admin_form(second_page, phone="0333"))

    assert stale.status_code == 200
    errors = _errors(stale)
    assert errors["__all__"][0].startswith(f"{_name(first_page)} changed this patient on ")
    assert "Nothing was saved" in stale.text
    assert errors["given_name"] == [
        f"Saved now (changed by {_name(first_page)}): “Marie”. You typed: “Maria”."
    ]
    patient.refresh_from_db()
    assert patient.given_name == "Marie" and patient.phone == ""

    assert second.post(url, loaded_admin_form(stale, given_name="Marie")).status_code == 302
    patient.refresh_from_db()
    assert patient.given_name == "Marie" and patient.phone == "0333"


def _name(page):
    user = page.wsgi_request.user
    return user.get_full_name() or user.username


def test_stale_episode_change_form_is_refused(client, therapist, colleague, patient):
    episode = EpisodeFactory(patient=patient, mechanism="lifting")
    url = change_url(episode)
    ben = Client()
    client.force_login(therapist)
    ben.force_login(colleague)
    tessa_page, ben_page = client.get(url), ben.get(url)

    assert client.post(url, loaded_admin_form(tessa_page, mechanism="fall")).status_code == 302
    stale = ben.post(url, loaded_admin_form(ben_page, recurrent="on"))

    assert stale.status_code == 200
    errors = _errors(stale)
    assert errors["__all__"][0].startswith("Tessa Reed changed this episode on ")
    assert errors["mechanism"] == ["Saved now (changed by Tessa Reed): “Fall”. You typed: “Lifting”."]
    episode.refresh_from_db()
    assert episode.mechanism == "fall" and not episode.recurrent

    assert ben.post(url, loaded_admin_form(stale, mechanism="fall")).status_code == 302
    episode.refresh_from_db()
    assert episode.mechanism == "fall" and episode.recurrent


def test_stale_clinic_thresholds_are_refused(client, lead, clinic):
    second_lead = make_staff(
        clinic, Membership.Role.CLINICAL_LEAD, username="omar", first_name="Omar", last_name="Said"
    )
    other = Client()
    client.force_login(lead)
    other.force_login(second_lead)
    url = change_url(clinic)
    lena_page, omar_page = client.get(url), other.get(url)

    assert client.post(url, loaded_admin_form(lena_page, plateau_days="21")).status_code == 302
    stale = other.post(url, loaded_admin_form(omar_page, nprs_mcid="3"))

    assert stale.status_code == 200
    errors = _errors(stale)
    assert errors["__all__"][0].startswith("Lena Fox changed this clinic on ")
    assert errors["plateau_days"] == ["Saved now (changed by Lena Fox): “21”. You typed: “28”."]
    clinic.refresh_from_db()
    assert clinic.plateau_days == 21 and clinic.nprs_mcid == 2

    assert other.post(url, loaded_admin_form(stale, plateau_days="21")).status_code == 302
    clinic.refresh_from_db()
    assert clinic.plateau_days == 21 and clinic.nprs_mcid == 3


def test_a_stale_clinic_page_saves_no_staffing_change_either(client, lead, manager, clinic, admin_staff):
    pam = Client()
    client.force_login(lead)
    pam.force_login(manager)
    url = change_url(clinic)
    lena_page, pam_page = client.get(url), pam.get(url)

    assert client.post(url, loaded_admin_form(lena_page, plateau_days="21")).status_code == 302
    stale = loaded_admin_form(pam_page, phone="0123 456")
    # The manager's stale page also removes the front desk from the staff inline.
    row = next(
        k.removesuffix("-user") for k, v in stale.items() if k.endswith("-user") and v == str(admin_staff.pk)
    )
    stale[f"{row}-DELETE"] = "on"
    response = pam.post(url, stale)

    assert response.status_code == 200
    assert _errors(response)["__all__"][0].startswith("Lena Fox changed this clinic on ")
    clinic.refresh_from_db()
    assert clinic.phone == "" and clinic.plateau_days == 21
    assert Membership.objects.filter(user=admin_staff, clinic=clinic).exists()

    assert pam.post(url, loaded_admin_form(response)).status_code == 302
    clinic.refresh_from_db()
    assert clinic.phone == "0123 456" and clinic.plateau_days == 21
    assert not Membership.objects.filter(user=admin_staff, clinic=clinic).exists()


def test_archive_action_from_a_stale_list_is_aborted(front_desk_pair, patient):
    first, second = front_desk_pair
    listing = reverse("admin:patients_patient_changelist")
    stale_selection = f"{patient.pk},{patient.version}"
    assert (
        first.post(
            change_url(patient), loaded_admin_form(first.get(change_url(patient)), phone="1")
        ).status_code
        == 302
    )
    response = second.post(listing, {"action": "archive", "_selected_action": [stale_selection]})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.is_active


def test_reverting_from_history_still_works(front_desk_pair, patient):
    first, _ = front_desk_pair
    url = change_url(patient)
    assert first.post(url, loaded_admin_form(first.get(url), given_name="Marie")).status_code == 302
    original = patient.history.order_by("history_date").first()
    revert_url = reverse("admin:patients_patient_simple_history", args=[patient.pk, original.history_id])
    response = first.post(revert_url, loaded_admin_form(first.get(revert_url)))
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.given_name == "Maria"


def test_a_stale_save_no_form_caught_is_a_409_page(rf, admin_staff, patient):
    """ConcurrencyMiddleware's handler, for a view that lets RecordModifiedError through."""
    request = rf.post(reverse("patients:update", args=[patient.code]))
    request.user = admin_staff
    request.session = {}
    request._messages = FallbackStorage(request)
    response = ConcurrencyMiddleware().process_exception(
        request, RecordModifiedError("stale", target=patient)
    )
    assert response.status_code == 409
    assert "Someone else changed this patient" in response.content.decode()


def test_an_action_on_a_selection_without_versions_is_refused_cleanly(client, admin_staff, patient):
    """Review finding: a hand-made selection (no ",version") gave a 500."""
    from django.urls import reverse

    client.force_login(admin_staff)
    url = reverse("admin:patients_patient_changelist")
    for selection in ([str(patient.pk)], [f"{patient.pk},abc"]):
        response = client.post(url, {"action": "archive", "_selected_action": selection})
        assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.is_active


# --- Who may open it ------------------------------------------------------------------------------


def _admin_episode(get):
    return reverse("admin:patients_episode_change", args=[EpisodeFactory(patient=get("patient")).pk])


ACCESS = cells(
    row(
        "patient",
        lambda get: reverse("admin:patients_patient_change", args=[get("patient").pk]),
        ADMIN_PAGE,
        outsider=NOT_FOUND,
    ),
    row("episode", _admin_episode, ADMIN_PAGE, admin_staff=NOT_FOUND, manager=NOT_FOUND, outsider=NOT_FOUND),
    row(
        "clinic",
        lambda get: reverse("admin:clinic_clinic_change", args=[get("clinic").pk]),
        ADMIN_PAGE,
        outsider=NOT_FOUND,
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
