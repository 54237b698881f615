"""The plan editor's draft: saved and resumed, never the patient's plan, kept from being overwritten by
a second editor, published by approval; and an approval that changes nothing is refused."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from plans.models import Exercise, PlanDraft, PlanVersion
from tests.edit_forms import exercise_row, loaded_plan_editor
from tests.plans.conftest import assessment_post_data, plan_post_data


def _edit_url(episode):
    return reverse("plans:plan_edit", args=[episode.code])


def _exercise(slug):
    return Exercise.objects.get(slug=slug)


@pytest.fixture
def assessed(therapist_client, episode):
    therapist_client.post(reverse("plans:assessment_create", args=[episode.code]), assessment_post_data())
    return episode


@pytest.fixture
def ben(colleague):
    other = Client()
    other.force_login(colleague)
    return other


@pytest.fixture
def first_plan(therapist_client, assessed):
    rows = [{"exercise": _exercise(slug).pk, "sets": 1, "reps": 10} for slug in ("pelvic-tilt", "bird-dog")]
    assert therapist_client.post(_edit_url(assessed), plan_post_data(exercises=rows)).status_code == 302
    return PlanVersion.objects.get()


def _row_slugs(response) -> list[str]:
    formset = response.context["exercise_formset"]
    ids = [form.initial["exercise"] for form in formset.forms if form.initial]
    return [Exercise.objects.get(pk=pk).slug for pk in ids]


def test_a_draft_is_saved_resumed_and_not_the_patients_plan(
    therapist_client, therapist, assessed, patient_account
):
    walking, bird_dog = _exercise("walking-program"), _exercise("bird-dog")
    rows = [
        {"exercise": bird_dog.pk, "sets": 2, "reps": 8, "hold": 5, "hold_unit": "s"},
        {"exercise": walking.pk, "sets": 1, "hold": 15, "hold_unit": "min"},
    ]
    data = {**plan_post_data(exercises=rows, advice="Short walks."), "action": "draft"}

    response = therapist_client.post(_edit_url(assessed), data)

    assert response.status_code == 302 and response["Location"] == _edit_url(assessed)
    assert PlanVersion.objects.count() == 0
    draft = PlanDraft.objects.get(episode=assessed)
    assert draft.saved_by == therapist and draft.based_on == 0
    assert draft.history.get().history_user == therapist  # audited
    resumed = therapist_client.get(_edit_url(assessed))
    assert "Draft saved. It is not the approved plan" in resumed.text
    assert 'data-testid="draft-notice"' in resumed.text and "the patient sees no plan yet" in resumed.text
    assert _row_slugs(resumed) == ["bird-dog", "walking-program"]
    walking_row = resumed.context["exercise_formset"].forms[1]
    assert (walking_row.initial["hold"], walking_row.initial["hold_unit"]) == (15, "min")
    assert resumed.context["version_form"].initial["activity_advice"] == "Short walks."

    portal = Client()
    portal.force_login(patient_account)
    home = portal.get(reverse("portal:home"))
    assert home.status_code == 200 and walking.name not in home.text and "Short walks" not in home.text


def test_approving_the_draft_publishes_it_and_removes_the_draft(therapist_client, therapist, assessed):
    rows = [{"exercise": _exercise("pelvic-tilt").pk, "sets": 2, "reps": 10}]
    therapist_client.post(_edit_url(assessed), {**plan_post_data(exercises=rows), "action": "draft"})
    data = loaded_plan_editor(therapist_client.get(_edit_url(assessed)), action="approve")
    assert data["draft_version"] == str(PlanDraft.objects.get().version)

    response = therapist_client.post(_edit_url(assessed), data)

    assert response.status_code == 302
    version = PlanVersion.objects.get()
    assert [(item.exercise.slug, item.sets) for item in version.exercises.all()] == [("pelvic-tilt", 2)]
    assert not PlanDraft.objects.exists()
    removal = PlanDraft.history.filter(history_type="-").get()
    assert removal.history_user == therapist


def test_a_change_to_an_approved_plan_is_drafted_without_a_reason_and_approved_with_one(
    therapist_client, first_plan
):
    episode = first_plan.plan.episode
    data = loaded_plan_editor(therapist_client.get(_edit_url(episode)), action="draft")
    data[f"{exercise_row(data, _exercise('bird-dog'))}-sets"] = "3"
    assert therapist_client.post(_edit_url(episode), data).status_code == 302
    assert PlanDraft.objects.get().based_on == 1

    resumed = therapist_client.get(_edit_url(episode))
    assert "still sees version 1" in resumed.text
    approve = loaded_plan_editor(resumed, action="approve")
    refused = therapist_client.post(_edit_url(episode), approve)
    assert refused.status_code == 200 and "This field is required" in refused.text
    approve["reason"] = "Bird-dog is easy now."
    assert therapist_client.post(_edit_url(episode), approve).status_code == 302
    v2 = PlanVersion.objects.get(number=2)
    assert v2.exercises.get(exercise__slug="bird-dog").sets == 3 and not PlanDraft.objects.exists()


def test_a_second_editor_does_not_overwrite_the_draft_unknowingly(therapist_client, ben, first_plan):
    episode = first_plan.plan.episode
    tessa = loaded_plan_editor(
        therapist_client.get(_edit_url(episode)), action="draft", notes="Tessa's notes."
    )
    ben_data = loaded_plan_editor(ben.get(_edit_url(episode)), action="draft", notes="Ben's notes.")
    assert ben.post(_edit_url(episode), ben_data).status_code == 302

    response = therapist_client.post(_edit_url(episode), tessa)

    assert response.status_code == 409
    assert "Ben Adeyemi saved a draft of this plan" in response.text and "Nothing was saved" in response.text
    assert "Please correct the fields marked below" not in response.text  # no field was wrong
    draft = PlanDraft.objects.get()
    assert draft.content["version"]["notes"] == "Ben's notes."
    again = loaded_plan_editor(response, action="draft")
    assert again["notes"] == "Tessa's notes." and again["draft_version"] == str(draft.version)
    assert therapist_client.post(_edit_url(episode), again).status_code == 302  # now knowingly
    assert PlanDraft.objects.get().content["version"]["notes"] == "Tessa's notes."


def test_approving_over_a_draft_saved_since_is_refused(therapist_client, ben, first_plan):
    episode = first_plan.plan.episode
    tessa = loaded_plan_editor(therapist_client.get(_edit_url(episode)), reason="Notes.", notes="Mine.")
    ben_data = loaded_plan_editor(ben.get(_edit_url(episode)), action="draft", notes="Ben's draft.")
    assert ben.post(_edit_url(episode), ben_data).status_code == 302

    response = therapist_client.post(_edit_url(episode), tessa)

    assert response.status_code == 409 and "Ben Adeyemi saved a draft" in response.text
    assert PlanVersion.objects.count() == 1 and PlanDraft.objects.exists()


def test_the_database_holds_one_draft_per_episode(therapist, assessed):
    PlanDraft.objects.create(episode=assessed, based_on=0, content={}, saved_by=therapist)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanDraft.objects.create(episode=assessed, based_on=0, content={}, saved_by=therapist)


def test_approving_an_unchanged_plan_is_refused(therapist_client, first_plan):
    episode = first_plan.plan.episode
    data = loaded_plan_editor(therapist_client.get(_edit_url(episode)), reason="Reviewed, all well.")

    response = therapist_client.post(_edit_url(episode), data)

    assert response.status_code == 200
    assert "Nothing in the plan differs from version 1, so there is nothing to approve" in response.text
    assert PlanVersion.objects.count() == 1
    data["review_date"] = (date.today() + timedelta(days=28)).isoformat()  # a real change
    assert therapist_client.post(_edit_url(episode), data).status_code == 302
    assert PlanVersion.objects.count() == 2


def test_minutes_are_stored_as_seconds_and_shown_in_minutes(therapist_client, assessed):
    walking, plank = _exercise("walking-program"), _exercise("front-plank-knees")
    rows = [
        {"exercise": walking.pk, "sets": 1, "hold": 10, "hold_unit": "min"},
        {"exercise": plank.pk, "sets": 3, "hold": 20, "hold_unit": "s"},
    ]
    assert therapist_client.post(_edit_url(assessed), plan_post_data(exercises=rows)).status_code == 302

    version = PlanVersion.objects.get()
    assert [(i.exercise.slug, i.hold_seconds) for i in version.exercises.all()] == [
        ("walking-program", 600),
        ("front-plank-knees", 20),
    ]
    editor = therapist_client.get(_edit_url(assessed))
    shown = [
        (f.initial["hold"], f.initial["hold_unit"]) for f in editor.context["exercise_formset"].forms[:2]
    ]
    assert shown == [(10, "min"), (20, "s")]
    assert '<option value="min" selected>min</option>' in editor.text


def test_each_bad_dose_is_marked_under_its_own_field(therapist_client, assessed):
    rows = [
        {"exercise": _exercise("walking-program").pk, "sets": 11, "hold": 61, "hold_unit": "min"},
        {"exercise": _exercise("pelvic-tilt").pk, "sets": 1, "reps": 10, "days_per_week": 8},
        {"exercise": _exercise("cat-camel").pk, "sets": 1},
    ]
    response = therapist_client.post(_edit_url(assessed), plan_post_data(exercises=rows))

    assert response.status_code == 200 and PlanVersion.objects.count() == 0
    text = response.text
    for field, message in [
        ("exercises-0-sets", "At most 10."),
        ("exercises-0-hold", "At most 60 min."),
        ("exercises-1-days_per_week", "At most 7."),
        ("exercises-2-reps", "Give repetitions, a time, or both."),
    ]:
        assert f'aria-describedby="id_{field}-error"' in text
        assert f'<div class="invalid-feedback text-break" id="id_{field}-error">{message}</div>' in text


def test_graded_activity_is_saved_with_its_steps_as_its_amount(therapist_client, assessed):
    """The engine's graded-activity plan has no repetitions and no time (its steps are the dose):
    the editor saves it as suggested, and still asks for an amount for any other exercise."""
    rows = [
        {"exercise": _exercise("graded-activity-plan").pk, "sets": 1},
        {"exercise": _exercise("pelvic-tilt").pk, "sets": 1},
    ]
    refused = therapist_client.post(_edit_url(assessed), plan_post_data(exercises=rows))
    assert refused.status_code == 200 and PlanVersion.objects.count() == 0
    assert 'id="id_exercises-1-reps-error">Give repetitions, a time, or both.' in refused.text
    assert "id_exercises-0-reps-error" not in refused.text

    response = therapist_client.post(_edit_url(assessed), plan_post_data(exercises=rows[:1]))
    assert response.status_code == 302
    item = PlanVersion.objects.get().exercises.get()
    assert (item.exercise.slug, item.reps, item.hold_seconds) == ("graded-activity-plan", None, None)


def test_the_assessments_link_resumes_the_draft_unless_it_is_set_aside(therapist_client, assessed):
    rows = [{"exercise": _exercise("pelvic-tilt").pk, "sets": 2, "reps": 10}]
    therapist_client.post(_edit_url(assessed), {**plan_post_data(exercises=rows), "action": "draft"})

    resumed = therapist_client.get(_edit_url(assessed) + "?from_assessment=1")
    assert _row_slugs(resumed) == ["pelvic-tilt"]
    assert "Start again from the latest assessment" in resumed.text

    aside = therapist_client.get(_edit_url(assessed) + "?from_assessment=1&draft=aside")
    suggested = [row["slug"] for row in assessed.assessments.get().suggestion["plan"]["exercises"]]
    assert _row_slugs(aside) == suggested and "is set aside" in aside.text
    assert aside.context["version_form"].initial["draft_version"] == PlanDraft.objects.get().version


@pytest.mark.parametrize(("user", "status"), [("outsider", 404), ("admin_staff", 403), ("manager", 403)])
def test_only_the_clinics_therapists_save_a_draft(request, assessed, user, status):
    other = Client()
    other.force_login(request.getfixturevalue(user))
    rows = [{"exercise": _exercise("pelvic-tilt").pk, "sets": 2, "reps": 10}]
    data = {**plan_post_data(exercises=rows), "action": "draft"}
    assert other.post(_edit_url(assessed), data).status_code == status
    assert not PlanDraft.objects.exists()
