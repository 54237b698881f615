"""Who is coming: the next visits per therapist for this week or a date range, from the next-visit
date the therapist sets at each visit and the front desk's bookings; cancelled and missed visits
recorded with a reason; only the user's clinics."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from clinic import dates
from patients.models import Appointment
from plans.models import Visit
from plans.selectors.coming import week_of
from tests.factories import AppointmentFactory, EpisodeFactory, PatientFactory, VisitFactory

COMING = reverse("admin:patients_appointment_coming")
ADD = reverse("admin:patients_appointment_add")


def _planned(patient, therapist, on: date):
    """The patient's last visit, yesterday, with the next one set for ``on``."""
    episode = EpisodeFactory(patient=patient, onset_date=dates.today() - timedelta(days=30))
    return VisitFactory(
        episode=episode,
        recorded_by=therapist,
        visit_date=dates.today() - timedelta(days=1),
        next_visit_date=on,
    )


@pytest.fixture
def week():
    return week_of(dates.today())


def test_this_week_lists_planned_and_booked_visits_per_therapist(
    client, admin_staff, patient, therapist, colleague, clinic, week
):
    _planned(patient, therapist, week[1])
    okafor = PatientFactory(
        clinic=clinic, given_name="James", family_name="Okafor", primary_therapist=colleague
    )
    AppointmentFactory(patient=okafor, therapist=colleague, on_date=week[0])
    client.force_login(admin_staff)
    response = client.get(COMING)
    assert response.status_code == 200
    groups = dict(response.context["groups"])
    assert [v.patient for v in groups["Tessa Reed"]] == [patient]
    assert [v.patient for v in groups["Ben Adeyemi"]] == [okafor]
    assert "Lopez, Maria" in response.text and "Okafor, James" in response.text
    assert week[1].strftime("%d/%m/%Y") in response.text  # the clinic's format


def test_a_visit_after_the_planned_one_takes_it_off_the_list(client, admin_staff, patient, therapist, week):
    planned = _planned(patient, therapist, dates.today())
    VisitFactory(episode=planned.episode, recorded_by=therapist, visit_date=dates.today())
    client.force_login(admin_staff)
    assert client.get(COMING).context["groups"] == []


def test_a_date_range_in_the_clinics_format(client, admin_staff, patient, therapist):
    later = dates.today() + timedelta(days=20)
    _planned(patient, therapist, later)
    client.force_login(admin_staff)
    assert client.get(COMING).context["groups"] == []
    start, end = later - timedelta(days=2), later + timedelta(days=2)
    response = client.get(COMING, {"start": start.strftime("%d/%m/%Y"), "end": end.isoformat()})
    assert [v.on_date for _, visits in response.context["groups"] for v in visits] == [later]


def test_bad_ranges_are_told_field_by_field(client, admin_staff):
    client.force_login(admin_staff)
    response = client.get(COMING, {"start": "31/02/2026", "end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == ["Enter the date as DD/MM/YYYY."]
    backwards = client.get(COMING, {"start": "10/01/2026", "end": "01/01/2026"})
    assert backwards.context["form"].errors["end"] == ["The range must end on or after its first day."]


def test_another_clinics_visits_never_show(
    client, admin_staff, patient, therapist, outsider_patient, outsider, week
):
    _planned(patient, therapist, week[1])
    _planned(outsider_patient, outsider, week[1])
    AppointmentFactory(patient=outsider_patient, therapist=outsider, on_date=week[0])
    client.force_login(admin_staff)
    text = client.get(COMING).text
    assert "Lopez" in text
    for word in ("Farley", "Oskar", "H-9001", "Hana", "Berg", "Hillside"):
        assert word not in text


def test_outsiders_and_patients_get_no_list(client, outsider, patient_account, patient, therapist, week):
    _planned(patient, therapist, week[1])
    client.force_login(outsider)
    assert "Lopez" not in client.get(COMING).text
    client.force_login(patient_account)
    assert client.get(COMING).status_code == 302  # to the admin's login: not staff


@pytest.mark.parametrize("count", [3, 30])
def test_queries_do_not_grow_with_the_list(
    client, admin_staff, clinic, therapist, count, week, django_assert_max_num_queries
):
    for _ in range(count):
        someone = PatientFactory(clinic=clinic, primary_therapist=therapist)
        _planned(someone, therapist, week[1])
        AppointmentFactory(patient=PatientFactory(clinic=clinic), therapist=therapist, on_date=week[0])
    client.force_login(admin_staff)
    # session, user, permissions (2), memberships, the home clinic's date format, appointments,
    # planned visits, the app list's library checks (6)
    with django_assert_max_num_queries(15):
        response = client.get(COMING)
    assert sum(len(visits) for _, visits in response.context["groups"]) == 2 * count


# --- cancelled and missed --------------------------------------------------------------------------


def test_recording_a_missed_visit_needs_a_reason_and_keeps_history(
    client, admin_staff, patient, therapist, week
):
    _planned(patient, therapist, dates.today())
    client.force_login(admin_staff)
    page = client.get(COMING)
    on = dates.today().isoformat()
    link = f"{ADD}?patient={patient.pk}&amp;on_date={on}&amp;therapist={therapist.pk}&amp;status=missed"
    assert link in page.text
    form = client.get(link.replace("&amp;", "&")).context["adminform"].form
    assert form["status"].value() == "missed" and str(form["patient"].value()) == str(patient.pk)
    data = {
        "patient": patient.pk,
        "therapist": therapist.pk,
        "on_date": dates.today().strftime("%d/%m/%Y"),
        "at_time": "",
        "status": "missed",
        "reason": "",
    }
    refused = client.post(ADD, data)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["reason"] == [
        "Say why the visit was cancelled or missed."
    ]
    assert client.post(ADD, {**data, "reason": "No answer on the phone"}).status_code == 302
    missed = Appointment.objects.get()
    assert (missed.status, missed.reason) == ("missed", "No answer on the phone")
    assert missed.history.get().history_user == admin_staff
    listed = client.get(COMING)
    assert "Missed (did not attend): No answer on the phone" in listed.text
    assert [v.status for _, visits in listed.context["groups"] for v in visits] == ["missed"]


def test_the_database_refuses_a_cancellation_without_a_reason(patient):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(patient=patient, on_date=dates.today(), status="cancelled", reason="")
    AppointmentFactory(patient=patient, on_date=dates.today())
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(patient=patient, on_date=dates.today())


def test_another_clinics_patient_cannot_be_booked(client, admin_staff, outsider_patient):
    client.force_login(admin_staff)
    response = client.post(
        ADD, {"patient": outsider_patient.pk, "on_date": dates.today().isoformat(), "status": "booked"}
    )
    assert response.status_code == 200 and "patient" in response.context["adminform"].form.errors
    assert not Appointment.objects.exists()


# --- the next visit on the visit form --------------------------------------------------------------


def _visit_post(client, episode, **fields):
    data = {
        "visit_date": dates.today().isoformat(),
        "done-TOTAL_FORMS": "0",
        "done-INITIAL_FORMS": "0",
        "treatment-TOTAL_FORMS": "0",
        "treatment-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(reverse("plans:visit_create", args=[episode.code]), data)


def test_the_therapist_sets_the_next_visit_at_a_visit(therapist_client, patient):
    episode = EpisodeFactory(patient=patient, onset_date=dates.today() - timedelta(days=30))
    page = therapist_client.get(reverse("plans:visit_create", args=[episode.code]))
    assert 'id="next-visit"' in page.text and 'name="next_visit_date"' in page.text
    next_week = dates.today() + timedelta(days=7)
    response = _visit_post(therapist_client, episode, next_visit_date=next_week.isoformat())
    assert response.status_code == 302
    assert Visit.objects.get().next_visit_date == next_week


def test_the_next_visit_must_be_after_this_one(therapist_client, patient):
    episode = EpisodeFactory(patient=patient, onset_date=dates.today() - timedelta(days=30))
    response = _visit_post(therapist_client, episode, next_visit_date=dates.today().isoformat())
    assert response.status_code == 200
    assert response.context["form"].errors["next_visit_date"] == ["The next visit must be after this one."]
    assert not Visit.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(episode=episode, visit_date=dates.today(), next_visit_date=dates.today())
