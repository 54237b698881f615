"""The read audit: every page showing a patient's record writes exactly one RecordAccess row naming
the user, the patient, the kind of page and the record shown; a refused request writes none; only
superusers read the log, in a read-only admin list."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from patients.audit import RecordAccessAdminMixin, patient_lookup
from patients.models import Patient, RecordAccess
from tests.access_matrix import ADMIN_LOGIN, FORBIDDEN, OK, cells, check, profile, row
from tests.edit_forms import loaded_form
from tests.factories import PatientFactory, UserFactory
from tests.records import full_record

Kind = RecordAccess.Kind


@pytest.fixture
def record(patient, therapist):
    return full_record(patient, therapist, marker="AUDIT")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# (name, url of the page, the record it shows, kind)
STAFF_PAGES = [
    ("patient", lambda r: reverse("patients:detail", args=[r.patient.code]), lambda r: r.patient),
    ("patient edit", lambda r: reverse("patients:update", args=[r.patient.code]), lambda r: r.patient),
    ("portal access", lambda r: reverse("portal_access:detail", args=[r.patient.code]), lambda r: r.patient),
    ("new episode", lambda r: reverse("patients:episode_create", args=[r.patient.code]), lambda r: r.patient),
    ("episode", lambda r: reverse("patients:episode_detail", args=[r.episode.code]), lambda r: r.episode),
    (
        "episode edit",
        lambda r: reverse("patients:episode_update", args=[r.episode.code]),
        lambda r: r.episode,
    ),
    (
        "new assessment",
        lambda r: reverse("plans:assessment_create", args=[r.episode.code]),
        lambda r: r.episode,
    ),
    (
        "assessment and suggestion",
        lambda r: reverse("plans:assessment_detail", args=[r.assessment.code]),
        lambda r: r.assessment,
    ),
    ("current plan", lambda r: reverse("plans:plan", args=[r.episode.code]), lambda r: r.current_version),
    (
        "plan version",
        lambda r: reverse("plans:plan_version", args=[r.episode.code, 1]),
        lambda r: r.versions[0],
    ),
    ("plan editor", lambda r: reverse("plans:plan_edit", args=[r.episode.code]), lambda r: r.episode),
    ("plan diff", lambda r: reverse("plans:plan_compare", args=[r.episode.code]), lambda r: r.episode),
    ("new visit", lambda r: reverse("plans:visit_create", args=[r.episode.code]), lambda r: r.episode),
    ("visit", lambda r: reverse("plans:visit_detail", args=[r.visit.code]), lambda r: r.visit),
]
PDF_PAGE = (
    "plan pdf",
    lambda r: reverse("plans:plan_pdf", args=[r.episode.code, 1]),
    lambda r: r.versions[0],
)
PORTAL_PAGES = [
    ("home", lambda r: reverse("portal:home"), lambda r: r.current_version),
    ("log a session", lambda r: reverse("portal:log"), lambda r: r.current_version),
    ("history", lambda r: reverse("portal:history"), lambda r: r.patient),
    ("plan pdf", lambda r: reverse("portal:plan_pdf"), lambda r: r.current_version),
    (
        "questionnaire",
        lambda r: reverse("portal:questionnaire", args=[r.pending_questionnaire.code]),
        lambda r: r.pending_questionnaire,
    ),
]


ADMIN_RECORDS = [
    "patient",
    "episode",
    "assessment",
    "current_version",
    "visit",
    "prompt",
    "home_log",
    "completed_questionnaire",
]


def _admin_url(record, view, *args):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk, *args])


def _assert_one_row(user, record, shown, kind, url):
    rows = list(RecordAccess.objects.all())
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row.user, row.patient, row.kind) == (user, record.patient, kind)
    assert (row.record_type, row.record_id) == (shown._meta.label_lower, shown.pk)
    assert row.path == url


@pytest.mark.parametrize(
    ("url", "shown", "kind"),
    [(u, s, Kind.PAGE) for _, u, s in STAFF_PAGES] + [(PDF_PAGE[1], PDF_PAGE[2], Kind.PDF)],
    ids=[name for name, _, _ in STAFF_PAGES] + [PDF_PAGE[0]],
)
def test_each_staff_page_logs_one_read(client, therapist, record, url, shown, kind):
    client.force_login(therapist)
    response = client.get(url(record))
    assert response.status_code == 200
    _assert_one_row(therapist, record, shown(record), kind, url(record))


@pytest.mark.parametrize(
    ("url", "shown"), [(u, s) for _, u, s in PORTAL_PAGES], ids=[p[0] for p in PORTAL_PAGES]
)
def test_each_portal_page_logs_one_read_by_the_patient(client, patient_account, record, url, shown):
    client.force_login(patient_account)
    assert client.get(url(record)).status_code == 200
    _assert_one_row(patient_account, record, shown(record), Kind.PORTAL, url(record))


@pytest.mark.parametrize(
    "url", [u for _, u, _ in STAFF_PAGES] + [PDF_PAGE[1]], ids=[p[0] for p in STAFF_PAGES] + [PDF_PAGE[0]]
)
def test_another_clinics_therapist_is_refused_and_nothing_is_logged(client, outsider, record, url):
    client.force_login(outsider)
    assert client.get(url(record)).status_code == 404
    assert not RecordAccess.objects.exists()


def test_admin_staff_log_the_demographics_they_see_and_nothing_of_refused_clinical_pages(
    client, admin_staff, record
):
    client.force_login(admin_staff)
    assert client.get(reverse("patients:detail", args=[record.patient.code])).status_code == 200
    assert client.get(reverse("patients:episode_detail", args=[record.episode.code])).status_code == 403
    assert client.get(reverse("plans:visit_detail", args=[record.visit.code])).status_code == 403
    _assert_one_row(
        admin_staff, record, record.patient, Kind.PAGE, reverse("patients:detail", args=[record.patient.code])
    )


def test_an_invalid_post_that_shows_the_record_again_is_logged_and_a_save_is_not(client, therapist, record):
    client.force_login(therapist)
    url = reverse("patients:update", args=[record.patient.code])
    form = loaded_form(client.get(url), given_name="")
    RecordAccess.objects.all().delete()  # the GET that loaded the form was logged too
    assert client.post(url, form).status_code == 200
    assert RecordAccess.objects.count() == 1
    response = client.post(
        reverse("plans:prompt_referral", args=[record.prompt.pk]),
        {
            "referred_to": "GP",
            "referred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "urgency": "same_day",
        },
    )
    assert response.status_code == 302
    assert RecordAccess.objects.count() == 1


def test_the_invitation_page_showing_the_patient_and_their_link_is_logged(client, admin_staff, record):
    client.force_login(admin_staff)
    url = reverse("portal_access:invite", args=[record.patient.code])
    assert client.post(url).status_code == 200
    _assert_one_row(admin_staff, record, record.patient, Kind.PAGE, url)


def test_another_patient_is_refused_a_questionnaire_and_nothing_is_logged(client, clinic, record):
    other = PatientFactory(clinic=clinic, portal_user=UserFactory(username="olga"))
    client.force_login(other.portal_user)
    url = reverse("portal:questionnaire", args=[record.pending_questionnaire.code])
    assert client.get(url).status_code == 404
    assert not RecordAccess.objects.exists()


def test_a_staff_account_is_refused_the_portal_and_nothing_is_logged(client, therapist, record):
    client.force_login(therapist)
    assert client.get(reverse("portal:home")).status_code == 403
    assert not RecordAccess.objects.exists()


@pytest.mark.parametrize("view", ["change", "history"])
@pytest.mark.parametrize("attribute", ADMIN_RECORDS)
def test_admin_pages_of_each_record_log_one_read(client, therapist, record, view, attribute):
    shown = getattr(record, attribute)
    client.force_login(therapist)
    url = _admin_url(shown, view)
    assert client.get(url).status_code == 200
    _assert_one_row(therapist, record, shown, Kind.ADMIN, url)


@pytest.mark.parametrize("attribute", ADMIN_RECORDS)
def test_a_past_version_in_the_admin_logs_one_read(client, therapist, record, attribute):
    shown = getattr(record, attribute)
    client.force_login(therapist)
    url = _admin_url(shown, "simple_history", shown.history.earliest("history_date").history_id)
    assert client.get(url).status_code == 200
    _assert_one_row(therapist, record, shown, Kind.ADMIN, url)


@pytest.mark.parametrize("attribute", ADMIN_RECORDS)
def test_admin_pages_of_another_clinic_log_nothing(client, outsider, record, attribute):
    shown = getattr(record, attribute)
    client.force_login(outsider)
    for view in ("change", "history"):
        assert client.get(_admin_url(shown, view)).status_code == 404
    assert not RecordAccess.objects.exists()


def test_the_superusers_delete_confirmation_logs_one_read(client, superuser, record):
    client.force_login(superuser)
    url = _admin_url(record.visit, "delete")
    assert client.get(url).status_code == 200
    _assert_one_row(superuser, record, record.visit, Kind.ADMIN, url)


# --- Reading the log --------------------------------------------------------------------------------


def _changelist():
    return reverse("admin:patients_recordaccess_changelist")


def test_superuser_reads_filters_and_searches_the_log(client, superuser, therapist, outsider, record):
    client.force_login(therapist)
    client.get(reverse("patients:detail", args=[record.patient.code]))
    client.get(reverse("plans:visit_detail", args=[record.visit.code]))
    row = RecordAccess.objects.get(kind=Kind.PAGE, record_type="plans.visit")
    client.force_login(superuser)
    listing = client.get(_changelist())
    assert listing.status_code == 200
    assert listing.text.count("Lopez") >= 2 and "tessa" in listing.text
    by_search = client.get(_changelist(), {"q": "R-1001"})
    assert by_search.context["cl"].result_count == 2
    assert client.get(_changelist(), {"q": "tessa"}).context["cl"].result_count == 2
    assert client.get(_changelist(), {"q": "nobody-like-this"}).context["cl"].result_count == 0
    assert client.get(_changelist(), {"kind__exact": "admin"}).context["cl"].result_count == 0
    assert client.get(_changelist(), {"user__id__exact": therapist.pk}).context["cl"].result_count == 2
    day = row.accessed_at
    dated = client.get(
        _changelist(),
        {"accessed_at__year": day.year, "accessed_at__month": day.month, "accessed_at__day": day.day},
    )
    assert dated.context["cl"].result_count == 2


def test_the_log_is_read_only_even_for_superusers(client, superuser, therapist, record):
    client.force_login(therapist)
    client.get(reverse("patients:detail", args=[record.patient.code]))
    row = RecordAccess.objects.get()
    client.force_login(superuser)
    assert client.get(reverse("admin:patients_recordaccess_add")).status_code == 403
    change_url = reverse("admin:patients_recordaccess_change", args=[row.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and 'name="path"' not in page.text
    assert client.post(change_url, {"path": "/forged/"}).status_code == 403
    delete_url = reverse("admin:patients_recordaccess_delete", args=[row.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    listing = client.post(_changelist(), {"action": "delete_selected", "_selected_action": [row.pk]})
    assert listing.status_code in (200, 302)
    row.refresh_from_db()
    assert row.path == reverse("patients:detail", args=[record.patient.code])


@pytest.mark.parametrize("who", ["therapist", "admin_staff", "patient_account"])
def test_nobody_but_a_superuser_reads_the_log(client, request, record, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    client.get(reverse("patients:detail", args=[record.patient.code]))
    row_id = RecordAccess.objects.values_list("pk", flat=True).first() or 1
    response = client.get(_changelist())
    assert response.status_code in (302, 403, 404)
    change = client.get(reverse("admin:patients_recordaccess_change", args=[row_id]))
    assert change.status_code in (302, 403, 404)
    index = client.get(reverse("admin:index"))
    assert _changelist() not in index.text


def test_every_admin_of_a_patients_record_logs_its_pages():
    """A model admin added later for anything that belongs to a patient must log its reads too."""
    audited = {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model is not RecordAccess and patient_lookup(model) is not None
    }
    assert {"patients.Patient", "patients.Episode", "plans.Visit", "plans.PlanVersion"} <= audited
    unaudited = [
        label
        for model, model_admin in admin.site._registry.items()
        if (label := model._meta.label) in audited and not isinstance(model_admin, RecordAccessAdminMixin)
    ]
    assert unaudited == []


def test_patient_lookup_finds_the_patient_of_each_record():
    from plans.models import Exercise, PlanVersion, Visit

    assert patient_lookup(Patient) == ""
    assert patient_lookup(Visit) == "episode__patient"
    assert patient_lookup(PlanVersion) == "plan__episode__patient"
    assert patient_lookup(Exercise) is None


# --- Who may open it ------------------------------------------------------------------------------

# The log of who read which record: superusers only.
AUDIT_LOG = profile(FORBIDDEN, anonymous=ADMIN_LOGIN, patient_account=ADMIN_LOGIN, superuser=OK)

ACCESS = cells(row("the log", lambda get: _changelist(), AUDIT_LOG))


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
