"""``Model.objects.visible_to(user)`` for every clinic-owned model, as one table: for each kind of
user, which of two clinics' full records it returns (ours: Riverside, theirs: Hillside)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from clinic.models import Clinic, Membership
from patients.models import Episode, Patient
from patients.services import patient_set_active
from plans.clinical.vocabulary import TriageLevel
from plans.models import (
    Assessment,
    AssessmentFinding,
    EducationItem,
    HoldOverride,
    HomeLog,
    Plan,
    PlanEducation,
    PlanExercise,
    PlanGoal,
    PlanVersion,
    Prompt,
    QuestionnaireRequest,
    Referral,
    Visit,
    VisitExercise,
    VisitFinding,
)
from tests.factories import PatientFactory, UserFactory
from tests.records import full_record

# Who sees which rows of a clinic: every role sees demographics, therapists and leads clinical rows.
STAFF_ROWS = [Clinic, Membership, Patient]
CLINICAL_ROWS = [
    Assessment,
    AssessmentFinding,
    Visit,
    VisitFinding,
    VisitExercise,
    Prompt,
    Referral,
    HoldOverride,
]
# Clinical rows the portal shows the patient too.
PORTAL_ROWS = [
    Episode,
    Plan,
    PlanVersion,
    PlanExercise,
    PlanEducation,
    PlanGoal,
    HomeLog,
    QuestionnaireRequest,
]
MODELS = [*STAFF_ROWS, *CLINICAL_ROWS, *PORTAL_ROWS]

OURS, THEIRS, BOTH, NONE = {"ours"}, {"theirs"}, {"ours", "theirs"}, set()
# user -> (what it sees of staff rows, of clinical rows, of the rows the portal shows)
EXPECTED = {
    "therapist": (OURS, OURS, OURS),
    "lead": (OURS, OURS, OURS),
    "admin_staff": (OURS, NONE, NONE),
    "manager": (OURS, NONE, NONE),
    "other_clinic_therapist": (THEIRS, THEIRS, THEIRS),
    "superuser": (BOTH, BOTH, BOTH),
    "our_patient": (NONE, NONE, OURS),  # and of Patient only its own row (see _expected)
    "their_patient": (NONE, NONE, THEIRS),
    "no_role": (NONE, NONE, NONE),
    "inactive_patient": (NONE, NONE, NONE),
    "anonymous": (NONE, NONE, NONE),
}
PORTAL_USERS = {"our_patient": OURS, "their_patient": THEIRS}


def _with_every_kind_of_row(record, therapist) -> None:
    """Add to a full record the rows it lacks: a referral, an override and an education item."""
    made_at = timezone.now() - timedelta(minutes=1)
    Referral.objects.create(
        episode=record.episode,
        prompt=record.prompt,
        referred_to="GP",
        referred_at=made_at,
        urgency=Referral.Urgency.ROUTINE,
        recorded_by=therapist,
    )
    HoldOverride.objects.create(
        episode=record.episode,
        assessment=record.assessment,
        level=TriageLevel.URGENT,
        reason="Cleared by the GP on the phone today.",
        overridden_by=therapist,
    )
    PlanEducation.objects.create(version=record.current_version, item=EducationItem.objects.first())


@pytest.fixture
def world(
    db, clinic, other_clinic, therapist, lead, admin_staff, manager, outsider, patient, patient_account
):
    _with_every_kind_of_row(full_record(patient, therapist, marker="ours"), therapist)
    their_patient = PatientFactory(clinic=other_clinic, record_number="H-1", primary_therapist=outsider)
    their_patient.portal_user = UserFactory(username="olga")
    their_patient.save()
    _with_every_kind_of_row(full_record(their_patient, outsider, marker="theirs"), outsider)
    retired = PatientFactory(clinic=clinic, record_number="R-2", portal_user=UserFactory(is_active=False))
    return {
        "clinics": {"ours": clinic, "theirs": other_clinic},
        "users": {
            "therapist": therapist,
            "lead": lead,
            "admin_staff": admin_staff,
            "manager": manager,
            "other_clinic_therapist": outsider,
            "superuser": UserFactory(username="root", is_superuser=True),
            "our_patient": patient_account,
            "their_patient": their_patient.portal_user,
            "no_role": UserFactory(username="nobody"),
            "inactive_patient": retired.portal_user,
            "anonymous": AnonymousUser(),
        },
        "own_patients": {patient_account.pk: patient.pk, their_patient.portal_user.pk: their_patient.pk},
    }


def _rows_of(model, clinic) -> set[int]:
    path = model.objects.all().clinic_path
    return set(model.objects.filter(**{path: clinic.pk}).values_list("pk", flat=True))


def _expected(model, who: str, world) -> set[int]:
    staff, clinical, portal = EXPECTED[who]
    if model is Patient and who in PORTAL_USERS:
        return {world["own_patients"][world["users"][who].pk]}
    sides = staff if model in STAFF_ROWS else clinical if model in CLINICAL_ROWS else portal
    return set().union(*(_rows_of(model, world["clinics"][side]) for side in sides))


@pytest.mark.parametrize("who", list(EXPECTED))
def test_visible_to_returns_exactly_the_rows_the_user_may_see(world, who):
    for model in MODELS:
        assert _rows_of(model, world["clinics"]["ours"]) and _rows_of(model, world["clinics"]["theirs"])
        visible = set(model.objects.visible_to(world["users"][who]).values_list("pk", flat=True))
        assert visible == _expected(model, who, world), model.__name__


@pytest.mark.parametrize(
    ("who", "sides"),
    [
        ("therapist", OURS),
        ("lead", OURS),
        ("admin_staff", NONE),
        ("manager", NONE),
        ("other_clinic_therapist", THEIRS),
        ("superuser", BOTH),
        ("no_role", NONE),
        ("anonymous", NONE),
    ],
)
def test_clinical_patients_are_those_of_the_clinics_the_user_treats_in(world, who, sides):
    visible = set(Patient.objects.visible_to(world["users"][who], clinical=True).values_list("pk", flat=True))
    our = {side: _rows_of(Patient, clinic) for side, clinic in world["clinics"].items()}
    assert visible == set().union(*(our[side] for side in sides))


PORTAL_MODELS = [Patient, *PORTAL_ROWS]


def test_an_archived_patients_portal_account_sees_none_of_its_rows(world, clinic, therapist):
    archived = PatientFactory(clinic=clinic, record_number="A-3", portal_user=UserFactory(username="archie"))
    _with_every_kind_of_row(full_record(archived, therapist, marker="archived"), therapist)
    assert all(model.objects.visible_to(archived.portal_user).exists() for model in PORTAL_MODELS)

    patient_set_active(patient=archived, active=False)
    account = get_user_model().objects.get(pk=archived.portal_user_id)

    assert [model.__name__ for model in MODELS if model.objects.visible_to(account).exists()] == []
