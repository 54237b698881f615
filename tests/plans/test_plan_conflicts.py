"""Two therapists change the same plan from the same version; a plan approval submitted twice."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from plans.models import Exercise, PlanVersion
from tests.access_matrix import CLINICAL_PAGE, cells, check, row
from tests.edit_forms import exercise_row, loaded_plan_editor
from tests.plans.conftest import assessment_post_data, plan_post_data


def _edit_url(episode):
    return reverse("plans:plan_edit", args=[episode.code])


@pytest.fixture
def ben(colleague):
    other = Client()
    other.force_login(colleague)
    return other


@pytest.fixture
def first_plan(therapist_client, episode):
    """Version 1, with pelvic tilt, cat-camel and bird-dog."""
    therapist_client.post(reverse("plans:assessment_create", args=[episode.code]), assessment_post_data())
    rows = [
        {"exercise": Exercise.objects.get(slug=slug).pk, "sets": 1, "reps": 10}
        for slug in ("pelvic-tilt", "cat-camel", "bird-dog")
    ]
    assert therapist_client.post(_edit_url(episode), plan_post_data(exercises=rows)).status_code == 302
    return PlanVersion.objects.get()


def _slugs(version):
    return [item.exercise.slug for item in version.exercises.all()]


def test_a_removed_exercise_does_not_come_back_from_a_stale_dose_change(
    therapist_client, ben, episode, first_plan
):
    cat_camel, bird_dog = Exercise.objects.get(slug="cat-camel"), Exercise.objects.get(slug="bird-dog")
    tessa_page, ben_page = therapist_client.get(_edit_url(episode)), ben.get(_edit_url(episode))

    tessa = loaded_plan_editor(tessa_page, reason="Cat-camel aggravates.")
    tessa[f"{exercise_row(tessa, cat_camel)}-DELETE"] = "on"
    assert therapist_client.post(_edit_url(episode), tessa).status_code == 302

    stale = loaded_plan_editor(ben_page, reason="Progress bird-dog.")
    stale[f"{exercise_row(stale, bird_dog)}-sets"] = "3"
    response = ben.post(_edit_url(episode), stale)

    assert response.status_code == 409
    conflict = response.context["conflict"]
    assert conflict.approved_by == ["Tessa Reed"] and conflict.current.number == 2
    removed = cat_camel.name
    assert ("Exercises", "removed", removed) in {(c.section, c.kind, c.item) for c in conflict.theirs}
    assert conflict.exercises_coming_back == [removed]
    assert "Tessa Reed approved version 2" in response.text and f"They removed {removed}" in response.text
    assert "Please correct the fields marked below" not in response.text  # nothing was wrong with them
    assert PlanVersion.objects.count() == 2
    assert _slugs(PlanVersion.objects.get(number=2)) == ["pelvic-tilt", "bird-dog"]

    # Ben's rows are still there, with his dose; he drops cat-camel too and approves version 3.
    again = loaded_plan_editor(response)
    assert again[f"{exercise_row(again, bird_dog)}-sets"] == "3" and again["based_on"] == "2"
    again[f"{exercise_row(again, cat_camel)}-DELETE"] = "on"
    assert ben.post(_edit_url(episode), again).status_code == 302
    v3 = PlanVersion.objects.get(number=3)
    assert _slugs(v3) == ["pelvic-tilt", "bird-dog"]
    assert v3.exercises.get(exercise=bird_dog).sets == 3


def test_posting_the_same_approval_twice_makes_one_version(therapist_client, episode, first_plan):
    review = (date.today() + timedelta(days=21)).isoformat()
    data = loaded_plan_editor(
        therapist_client.get(_edit_url(episode)), reason="Review date moved.", review_date=review
    )
    first = therapist_client.post(_edit_url(episode), data)
    second = therapist_client.post(_edit_url(episode), data)

    assert first.status_code == 302 and second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("plans:plan_version", args=[episode.code, 2])
    assert PlanVersion.objects.count() == 2
    assert "already approved as version 2" in therapist_client.get(second["Location"]).text


def test_twenty_submits_of_the_first_plan_make_one_version(therapist_client, episode):
    therapist_client.post(reverse("plans:assessment_create", args=[episode.code]), assessment_post_data())
    data = plan_post_data(
        exercises=[{"exercise": Exercise.objects.get(slug="pelvic-tilt").pk, "sets": 1, "reps": 8}]
    )
    statuses = {therapist_client.post(_edit_url(episode), data).status_code for _ in range(20)}
    assert statuses == {302}
    assert PlanVersion.objects.count() == 1


def test_two_tabs_approving_different_edits_of_the_same_version(therapist_client, episode, first_plan):
    page = therapist_client.get(_edit_url(episode))
    one = loaded_plan_editor(page, reason="Tab one.", notes="Check the walking log.")
    two = loaded_plan_editor(page, reason="Tab two.", activity_advice="Walk 20 minutes.")
    assert therapist_client.post(_edit_url(episode), one).status_code == 302
    response = therapist_client.post(_edit_url(episode), two)
    assert response.status_code == 409
    assert PlanVersion.objects.count() == 2
    assert PlanVersion.objects.get(number=2).reason == "Tab one."
    yours = {(c.section, c.kind) for c in response.context["conflict"].yours}
    assert ("Activity advice", "changed") in yours


def test_the_database_holds_one_version_per_number(first_plan, therapist):
    duplicate = PlanVersion(
        plan=first_plan.plan,
        number=1,
        approved_at=first_plan.approved_at,
        approved_by=therapist,
        review_date=first_plan.review_date,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(row("plan editor", lambda get: _edit_url(get("first_plan").plan.episode), CLINICAL_PAGE))


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
