"""The pages each role uses, as (name, path builder) pairs over one clinic's data: a full record
(tests/records.py) of a patient with a portal login, seen by every staff role and by the patient.
Shared by the accessibility and the phone-layout browser tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from clinic.models import Membership
from plans.models import Exercise, PlanGoal
from tests.factories import ClinicFactory, PatientFactory, UserFactory, make_staff
from tests.records import FullRecord, full_record


@dataclass(frozen=True)
class World:
    record: FullRecord
    usernames: dict[str, str]


def build_world() -> World:
    clinic = ClinicFactory(name="Riverside")
    therapist = make_staff(clinic, username="tessa", first_name="Tessa", last_name="Reed")
    make_staff(clinic, Membership.Role.CLINICAL_LEAD, username="lena", first_name="Lena", last_name="Fox")
    make_staff(clinic, Membership.Role.ADMIN_STAFF, username="frontdesk", first_name="Dora", last_name="Desk")
    make_staff(clinic, Membership.Role.PRACTICE_MANAGER, username="pam", first_name="Pam", last_name="Okoro")
    UserFactory(username="root", is_superuser=True, is_staff=True)
    patient = PatientFactory(
        clinic=clinic,
        given_name="Maria",
        family_name="Lopez",
        record_number="R-1001",
        primary_therapist=therapist,
    )
    patient.portal_user = UserFactory(username="maria")
    patient.save()
    record = full_record(patient, therapist, marker="Marker")
    roles = ("therapist", "clinical_lead", "admin_staff", "practice_manager", "superuser", "patient")
    usernames = dict(zip(roles, ("tessa", "lena", "frontdesk", "pam", "root", "maria"), strict=True))
    return World(record=record, usernames=usernames)


Page = tuple[str, Callable[[World], str]]


def _functional_goal(world: World) -> PlanGoal:
    """A goal in the patient's words in the current plan, which the therapist gives its status."""
    goal, _ = PlanGoal.objects.get_or_create(
        version=world.record.current_version,
        measure=PlanGoal.Measure.FUNCTION,
        defaults={"description": "Walk the dog again", "due_date": world.record.current_version.review_date},
    )
    return goal


def _admin_patient_change(world: World) -> str:
    return reverse("admin:patients_patient_change", args=[world.record.patient.pk])


CLINICAL: list[Page] = [
    ("caseload", lambda w: reverse("plans:dashboard")),
    ("patient list", lambda w: reverse("patients:list")),
    ("patient detail", lambda w: reverse("patients:detail", args=[w.record.patient.code])),
    ("episode", lambda w: reverse("patients:episode_detail", args=[w.record.episode.code])),
    ("assessment form", lambda w: reverse("plans:assessment_create", args=[w.record.episode.code])),
    ("assessment suggestion", lambda w: reverse("plans:assessment_detail", args=[w.record.assessment.code])),
    ("visit form", lambda w: reverse("plans:visit_create", args=[w.record.episode.code])),
    ("visit detail", lambda w: reverse("plans:visit_detail", args=[w.record.visit.code])),
    ("plan editor", lambda w: reverse("plans:plan_edit", args=[w.record.episode.code])),
    ("plan detail", lambda w: reverse("plans:plan", args=[w.record.episode.code])),
    ("plan history", lambda w: reverse("plans:plan_compare", args=[w.record.episode.code])),
    ("attention inbox", lambda w: reverse("plans:attention")),
    (
        "plan editor with a library search",
        lambda w: reverse("plans:plan_edit", args=[w.record.episode.code]) + "?library-q=bridge",
    ),
    (
        "episode archive confirmation",
        lambda w: reverse("patients:episode_archive", args=[w.record.episode.code]),
    ),
    ("new episode form", lambda w: reverse("patients:episode_create", args=[w.record.patient.code])),
    ("visit amendment", lambda w: reverse("plans:visit_amend", args=[w.record.visit.code])),
    ("visit history", lambda w: reverse("plans:visit_history", args=[w.record.visit.code])),
    ("visit note", lambda w: reverse("plans:visit_note", args=[w.record.visit.code])),
    ("assessment amendment", lambda w: reverse("plans:assessment_amend", args=[w.record.assessment.code])),
    ("assessment history", lambda w: reverse("plans:assessment_history", args=[w.record.assessment.code])),
    ("assessment note", lambda w: reverse("plans:assessment_note", args=[w.record.assessment.code])),
    ("discharge note", lambda w: reverse("plans:discharge_note", args=[w.record.episode.code])),
    ("portal access", lambda w: reverse("portal_access:detail", args=[w.record.patient.code])),
    ("goal status", lambda w: reverse("plans:goal_judge", args=[_functional_goal(w).pk])),
]
FRONT_DESK: list[Page] = [
    ("patient list", lambda w: reverse("patients:list")),
    ("patient search", lambda w: reverse("patients:list") + "?q=Lopez%2C+Maria"),
    ("new patient form", lambda w: reverse("patients:create")),
    ("patient detail", lambda w: reverse("patients:detail", args=[w.record.patient.code])),
    ("patient form", lambda w: reverse("patients:update", args=[w.record.patient.code])),
    ("portal access", lambda w: reverse("portal_access:detail", args=[w.record.patient.code])),
]
ADMIN: list[Page] = [
    ("admin index", lambda w: reverse("admin:index")),
    ("admin patient list", lambda w: reverse("admin:patients_patient_changelist")),
    ("admin patient form", _admin_patient_change),
    (
        "admin patient history",
        lambda w: reverse("admin:patients_patient_history", args=[w.record.patient.pk]),
    ),
]
WHO_IS_COMING: list[Page] = [
    ("who is coming", lambda w: reverse("admin:patients_appointment_coming")),
    ("admin appointment list", lambda w: reverse("admin:patients_appointment_changelist")),
]
THRESHOLDS: list[Page] = [
    (
        "clinical thresholds",
        lambda w: reverse("admin:clinic_clinic_thresholds", args=[w.record.patient.clinic_id]),
    ),
]
INTERVENTION_TYPES: list[Page] = [
    ("admin intervention list", lambda w: reverse("admin:plans_interventiontype_changelist")),
    ("admin intervention form", lambda w: reverse("admin:plans_interventiontype_add")),
]
LIBRARY: list[Page] = [
    ("admin exercise list", lambda w: reverse("admin:plans_exercise_changelist")),
    (
        "admin exercise form",
        lambda w: reverse("admin:plans_exercise_change", args=[Exercise.objects.get(slug="pelvic-tilt").pk]),
    ),
]
PORTAL: list[Page] = [
    ("portal home", lambda w: reverse("portal:home")),
    ("portal session log", lambda w: reverse("portal:log")),
    ("portal progress", lambda w: reverse("portal:history")),
    (
        "portal questionnaire",
        lambda w: reverse("portal:questionnaire", args=[w.record.pending_questionnaire.code]),
    ),
]

PAGES_BY_ROLE: dict[str, list[Page]] = {
    "therapist": CLINICAL,
    "clinical_lead": CLINICAL + THRESHOLDS + INTERVENTION_TYPES,
    "admin_staff": FRONT_DESK + ADMIN + WHO_IS_COMING,
    "practice_manager": FRONT_DESK + ADMIN,
    "superuser": ADMIN + LIBRARY + WHO_IS_COMING + THRESHOLDS,
    "patient": PORTAL,
}


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert reverse("login") not in page.url, f"{username} could not log in"


AXE = Axe()
BLOCKING = {"serious", "critical"}


def _targets(violation: dict) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    more = f" and {len(targets) - 5} more" if len(targets) > 5 else ""
    return "; ".join(targets[:5]) + more


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each with the elements."""
    return [
        f"{v['impact']} {v['id']} ({v['help']}), {len(v['nodes'])} element(s): {_targets(v)}"
        for v in AXE.run(page).response["violations"]
        if v["impact"] in BLOCKING
    ]
