"""The library is data: loaded by a migration, edited in the admin, read by the engine."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from clinic import access
from plans.clinical.vocabulary import CauseCode, ExerciseKind
from plans.models import Cause, CauseEvidence, EducationItem, Exercise
from plans.selectors.library import load_catalog
from tests.access_matrix import ADMIN_LOGIN, FORBIDDEN, OK, cells, check, profile, row
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST
from tests.factories import UserFactory, make_staff
from tests.records import full_record


def test_migration_loads_the_whole_library(db):
    assert set(Cause.objects.values_list("code", flat=True)) == set(CauseCode.values)
    assert Exercise.objects.filter(approved=True).count() >= 40
    assert set(Exercise.objects.values_list("kind", flat=True)) == set(ExerciseKind.values)
    assert EducationItem.objects.count() >= 12
    harder = Exercise.objects.filter(easier__isnull=False).select_related("easier")
    assert harder.exists() and all(e.easier.kind == e.kind for e in harder)
    assert CauseEvidence.objects.filter(cause__code="vertebral_fracture", key="osteoporosis").exists()


def test_catalog_from_database_matches_the_seed_files(db, django_assert_max_num_queries):
    from plans.clinical.catalog import load_catalog_json

    with django_assert_max_num_queries(8):
        catalog = load_catalog()
    assert catalog == load_catalog_json()


@pytest.fixture
def library_editor(db):
    """An editor of the shared library, given the role by a superuser; no clinic of their own."""
    user = UserFactory(username="libby", is_staff=True)
    user.groups.add(Group.objects.get(name=access.LIBRARY_EDITORS_GROUP))
    return user


def test_library_editors_edit_the_library_and_the_engine_follows(client, library_editor, therapist):
    client.force_login(library_editor)
    for name in ("exercise", "cause", "educationitem"):
        assert client.get(reverse(f"admin:plans_{name}_changelist")).status_code == 200
    cause = Cause.objects.get(code="muscle_strain_sprain")
    assert client.get(reverse("admin:plans_cause_change", args=[cause.pk])).status_code == 200

    api = Client()
    api.force_login(therapist)

    def suggested_slugs():
        body = api.post("/api/v1/suggest", CONTRACT_EXAMPLE_REQUEST, content_type="application/json").json()
        return [e["slug"] for e in body["plan"]["exercises"]]

    first = suggested_slugs()[0]
    exercise = Exercise.objects.get(slug=first)
    response = client.post(
        reverse("admin:plans_exercise_changelist"),
        {
            "action": "withdraw",
            "_selected_action": [exercise.pk],
        },
    )
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.approved is False
    assert exercise.history.first().history_user == library_editor
    assert first not in suggested_slugs()


def test_a_library_page_says_which_clinics_a_change_reaches(
    client, library_editor, clinic, other_clinic, patient
):
    record = full_record(patient, make_staff(clinic, username="physio"), marker="library")
    exercise = record.versions[0].exercises.get().exercise
    client.force_login(library_editor)
    page = client.get(reverse("admin:plans_exercise_change", args=[exercise.pk]))
    assert "plans that use it: Riverside: 1 plan(s)" in page.text
    assert "every clinic&#x27;s suggestions (Hillside, Riverside)" in page.text
    cause = Cause.objects.get(code="muscle_strain_sprain")
    page = client.get(reverse("admin:plans_cause_change", args=[cause.pk]))
    assert "every clinic&#x27;s suggestions (Hillside, Riverside)" in page.text


@pytest.mark.parametrize("who", ["admin_staff", "therapist", "manager", "lead"])
def test_no_clinic_role_changes_the_shared_library(db, client, request, who):
    client.force_login(request.getfixturevalue(who))
    exercise = Exercise.objects.filter(approved=True).first()
    cause = Cause.objects.get(code="muscle_strain_sprain")
    evidence = cause.evidence.first()
    weight_before = evidence.weight
    response = client.post(reverse("admin:plans_exercise_change", args=[exercise.pk]), {"name": "Changed"})
    assert response.status_code == 403
    response = client.post(
        reverse("admin:plans_exercise_changelist"), {"action": "withdraw", "_selected_action": [exercise.pk]}
    )
    assert response.status_code in (200, 302, 403)
    assert client.get(reverse("admin:plans_cause_add")).status_code == 403
    exercise.refresh_from_db()
    evidence.refresh_from_db()
    assert exercise.name != "Changed" and exercise.approved
    assert evidence.weight == weight_before


def test_therapists_may_read_but_not_change_the_library(client, therapist):
    client.force_login(therapist)
    exercise = Exercise.objects.first()
    assert client.get(reverse("admin:plans_exercise_changelist")).status_code == 200
    response = client.post(reverse("admin:plans_exercise_change", args=[exercise.pk]), {"name": "Changed"})
    assert response.status_code == 403
    exercise.refresh_from_db()
    assert exercise.name != "Changed"


# --- Who may open it ------------------------------------------------------------------------------

# The shared library's admin pages: every clinician reads them, whichever the clinic.
LIBRARY_PAGE = profile(
    OK, anonymous=ADMIN_LOGIN, patient_account=ADMIN_LOGIN, admin_staff=FORBIDDEN, manager=FORBIDDEN
)

ACCESS = cells(
    row("exercises", lambda get: reverse("admin:plans_exercise_changelist"), LIBRARY_PAGE),
    row(
        "exercise",
        lambda get: reverse("admin:plans_exercise_change", args=[Exercise.objects.first().pk]),
        LIBRARY_PAGE,
    ),
    row("causes", lambda get: reverse("admin:plans_cause_changelist"), LIBRARY_PAGE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
