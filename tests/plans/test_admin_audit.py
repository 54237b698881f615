"""The admin shows the audit history of every clinical record, read-only, to the clinic's therapists
(and superusers) only: another clinic's record is a 404, history page included; admin staff get none."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.models import Membership
from clinic.roles import membership_grant
from plans.models import HomeLog, Prompt, QuestionnaireRequest, Visit
from plans.services.referrals import ReferralEntry, referral_record
from tests.access_matrix import ADMIN_LOGIN, FORBIDDEN, NOT_FOUND, OK, cells, check, profile, row
from tests.factories import ClinicFactory, PatientFactory, UserFactory, VisitFactory
from tests.records import full_record, records_by_model

TODAY = date.today()
MODELS = [Visit, Prompt, HomeLog, QuestionnaireRequest]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def records(patient, therapist):
    return records_by_model(full_record(patient, therapist, marker="audit"))


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_therapist_sees_the_clinic_visit_and_its_history(therapist_client, therapist, records):
    visit = records[Visit]
    listing = therapist_client.get(_url(Visit, "changelist"))
    assert listing.status_code == 200
    assert "Lopez" in listing.text

    page = therapist_client.get(_url(Visit, "change", visit.pk))
    assert page.status_code == 200
    # The finding and the exercise done in clinic are shown with the visit, read-only.
    assert "Weakness that is getting worse" in page.text
    assert "yellow band" in page.text
    assert 'name="note"' not in page.text and 'name="findings-0-code"' not in page.text

    history = therapist_client.get(_url(Visit, "history", visit.pk))
    assert history.status_code == 200
    assert therapist.username in history.text


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_therapist_reads_each_clinical_record_and_its_history(therapist_client, therapist, records, model):
    record = records[model]
    assert therapist_client.get(_url(model, "changelist")).status_code == 200
    assert therapist_client.get(_url(model, "change", record.pk)).status_code == 200
    history = therapist_client.get(_url(model, "history", record.pk))
    assert history.status_code == 200
    assert therapist.username in history.text
    version = record.history.earliest("history_date")
    assert (
        therapist_client.get(_url(model, "simple_history", record.pk, version.history_id)).status_code == 200
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_other_clinics_records_are_404_history_included(client, outsider, records, model):
    record = records[model]
    client.force_login(outsider)
    listing = client.get(_url(model, "changelist"))
    assert listing.status_code == 200
    assert "Lopez" not in listing.text
    assert client.get(_url(model, "change", record.pk)).status_code == 404
    assert client.get(_url(model, "history", record.pk)).status_code == 404
    version = record.history.earliest("history_date")
    assert client.get(_url(model, "simple_history", record.pk, version.history_id)).status_code == 404


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_staff_get_no_clinical_records(client, admin_staff, records, model):
    record = records[model]
    client.force_login(admin_staff)
    assert client.get(_url(model, "changelist")).status_code == 403
    assert client.get(_url(model, "change", record.pk)).status_code in (403, 404)
    assert client.get(_url(model, "history", record.pk)).status_code in (403, 404)
    index = client.get(reverse("admin:index"))
    assert _url(model, "changelist") not in index.text


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_records_are_read_only_and_only_superusers_delete(
    client, therapist_client, superuser, records, model
):
    record = records[model]
    assert therapist_client.get(_url(model, "add")).status_code == 403
    assert therapist_client.post(_url(model, "change", record.pk), {}).status_code == 403
    assert therapist_client.post(_url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()

    client.force_login(superuser)
    assert client.get(_url(model, "changelist")).status_code == 200
    assert client.get(_url(model, "history", record.pk)).status_code == 200
    assert client.get(_url(model, "delete", record.pk)).status_code == 200


def test_history_revert_is_refused_on_read_only_records(therapist_client, therapist, records):
    prompt = records[Prompt]
    first = prompt.history.earliest("history_date")
    entry = ReferralEntry("GP Dr Shah", timezone.now(), "same_day", "Seen; referred to the GP today.")
    referral_record(flag=prompt, entry=entry, user=therapist)  # an urgent red flag closes by referral
    reopen = {
        "episode": prompt.episode_id,
        "visit": prompt.visit_id,
        "kind": prompt.kind,
        "level": prompt.level,
        "reasons": json.dumps(prompt.reasons),
        "message": prompt.message,
        "status": Prompt.Status.OPEN,
        "resolved_at_0": "",
        "resolved_at_1": "",
        "resolved_by": "",
        "dismissal_reason": "",
        "plan_version": "",
    }
    response = therapist_client.post(_url(Prompt, "simple_history", prompt.pk, first.history_id), reopen)
    assert response.status_code == 403
    prompt.refresh_from_db()
    assert prompt.status == Prompt.Status.ACTED


def test_clinic_filter_lists_only_the_users_clinics(therapist_client, therapist, records, other_clinic):
    membership_grant(user=therapist, clinic=ClinicFactory(name="Lakeside"), role=Membership.Role.THERAPIST)
    listing = therapist_client.get(_url(Visit, "changelist"))
    assert "Riverside" in listing.text and "Lakeside" in listing.text
    assert "Hillside" not in listing.text


def test_the_visit_search_finds_the_patient_as_the_patient_list_does(
    therapist_client, therapist, records, clinic, django_assert_max_num_queries
):
    ann = PatientFactory(clinic=clinic, given_name="Ann", family_name="Other")
    other = VisitFactory(episode__patient=ann)
    outsider = VisitFactory(episode__patient__family_name="Lopez")  # another clinic's Lopez
    patient = records[Visit].episode.patient

    def found(term):
        response = therapist_client.get(_url(Visit, "changelist"), {"q": term})
        return set(response.context["cl"].result_list.values_list("pk", flat=True))

    mine = set(Visit.objects.filter(episode__patient=patient).values_list("pk", flat=True))
    assert found("lopez") == mine
    assert found(f"{patient.family_name} {patient.given_name}") == mine  # names in any order
    assert found(patient.record_number) == mine
    assert found("ann other") == {other.pk}
    assert found(therapist.username) >= mine and other.pk not in found(therapist.username)
    assert outsider.pk not in found("lopez")
    with django_assert_max_num_queries(20):
        assert therapist_client.get(_url(Visit, "changelist"), {"q": "lopez"}).status_code == 200


def test_therapist_sees_assessment_findings_inline(therapist_client, records):
    assessment = records[Visit].episode.assessments.get()
    page = therapist_client.get(reverse("admin:plans_assessment_change", args=[assessment.pk]))
    assert page.status_code == 200
    assert "Muscle spasm" in page.text


# --- Who may open it ------------------------------------------------------------------------------

# The admin's pages of clinical records: the clinic's clinicians. Anyone without admin access is sent
# to its login; staff who are not clinicians have no such list, and nobody else is told a record exists.
ADMIN_LIST = profile(
    OK, anonymous=ADMIN_LOGIN, patient_account=ADMIN_LOGIN, admin_staff=FORBIDDEN, manager=FORBIDDEN
)
ADMIN_RECORD = profile(
    NOT_FOUND,
    anonymous=ADMIN_LOGIN,
    patient_account=ADMIN_LOGIN,
    therapist=OK,
    colleague=OK,
    lead=OK,
    superuser=OK,
)


def _admin_record_url(model, view):
    return lambda get: _url(model, view, get("records")[model].pk)


ACCESS = cells(
    *[
        row(f"{model.__name__} change", _admin_record_url(model, "change"), ADMIN_RECORD)
        for model in (Visit, Prompt)
    ],
    row("Visit history", _admin_record_url(Visit, "history"), ADMIN_RECORD),
    row("visits", lambda get: _url(Visit, "changelist"), ADMIN_LIST),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
