"""Strict separation: a patient account reaches only /portal/ and only its own record; staff pages,
the admin and the API refuse it, and staff accounts are refused by the portal."""

import pytest
from django.urls import reverse

from plans.models import HomeLog, QuestionnaireRequest
from tests.access_matrix import DONE, PORTAL_PAGE, cells, check, row
from tests.api import SUGGEST_URL, token_client
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST
from tests.factories import QuestionnaireRequestFactory, UserFactory

PORTAL_PAGES = ["/portal/", "/portal/log/", "/portal/history/", "/portal/plan.pdf"]


def _staff_urls(patient, episode):
    return [
        reverse("patients:list"),
        reverse("patients:create"),
        reverse("patients:detail", args=[patient.code]),
        reverse("patients:update", args=[patient.code]),
        reverse("patients:episode_create", args=[patient.code]),
        reverse("patients:episode_detail", args=[episode.code]),
        reverse("plans:assessment_create", args=[episode.code]),
        reverse("plans:plan", args=[episode.code]),
        reverse("plans:plan_version", args=[episode.code, 1]),
        reverse("plans:plan_edit", args=[episode.code]),
        reverse("plans:plan_pdf", args=[episode.code, 1]),
        reverse("portal_access:detail", args=[patient.code]),
    ]


def test_patient_is_refused_every_staff_page_of_their_own_record(
    portal_client, patient, episode, plan_version
):
    for url in _staff_urls(patient, episode):
        response = portal_client.get(url)
        assert response.status_code == 403, url
        assert patient.record_number not in response.text, url


@pytest.mark.parametrize(
    "name", ["portal_access:invite", "portal_access:revoke", "portal_access:questionnaires_send"]
)
def test_patient_cannot_post_staff_actions(portal_client, patient, episode, name):
    assert portal_client.post(reverse(name, args=[patient.code])).status_code == 403
    assert QuestionnaireRequest.objects.count() == 0


def test_patient_is_sent_to_the_admin_login(portal_client):
    response = portal_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = portal_client.get("/admin/patients/patient/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_patient_is_refused_by_the_api(patient_account):
    response = token_client(patient_account).post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only therapists and superusers may use this API."}


def test_patient_session_is_refused_by_the_api(portal_client):
    assert portal_client.get(SUGGEST_URL).status_code == 403


def test_another_patients_questionnaire_is_404(portal_client, other_plan, other_patient, therapist):
    other_request = QuestionnaireRequestFactory(episode=other_plan.plan.episode, requested_by=therapist)
    assert portal_client.get(reverse("portal:questionnaire", args=[other_request.code])).status_code == 404
    response = portal_client.post(reverse("portal:questionnaire", args=[other_request.code]), {"nprs": "5"})
    assert response.status_code == 404
    other_request.refresh_from_db()
    assert other_request.status == QuestionnaireRequest.Status.PENDING


def test_another_patients_plan_exercise_cannot_be_logged(portal_client, plan_version, other_plan):
    foreign = other_plan.exercises.get()
    response = portal_client.post(
        "/portal/log/", {"exercises": [foreign.pk], "pain_before": "2", "pain_after": "2"}
    )
    assert response.status_code == 200
    assert "Tick only exercises from your plan." in response.text
    assert HomeLog.objects.count() == 0


def test_another_patients_logs_never_show_in_my_history(
    portal_client, plan_version, other_plan, other_account
):
    from plans.services.home_logs import home_log_record

    home_log_record(
        episode=other_plan.plan.episode,
        plan_version=other_plan,
        done_on=other_plan.approved_at.date(),
        exercises=list(other_plan.exercises.all()),
        pain_before=1,
        pain_after=1,
        comment="Olga's private note",
        user=other_account,
    )
    html = portal_client.get("/portal/history/").text
    assert "Olga's private note" not in html and "No sessions yet" in html


def test_an_account_without_a_patient_record_is_refused(client, db):
    client.force_login(UserFactory(username="nobody"))
    assert client.get("/portal/").status_code == 403


def test_an_archived_patient_is_refused(portal_client, patient):
    patient.is_active = False
    patient.save()
    assert portal_client.get("/portal/").status_code == 403


def test_a_deactivated_account_is_logged_out(portal_client, patient_account):
    patient_account.is_active = False
    patient_account.save()
    response = portal_client.get("/portal/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Who may open it ------------------------------------------------------------------------------


def _portal_page(path):
    def url(get):
        get("plan_version")
        return path

    return url


ACCESS = cells(
    *[row(path, _portal_page(path), PORTAL_PAGE) for path in PORTAL_PAGES],
    row("/portal/ without a plan", lambda get: "/portal/", PORTAL_PAGE),
    row("/portal/plan.pdf without a plan", lambda get: "/portal/plan.pdf", patient_account=DONE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
