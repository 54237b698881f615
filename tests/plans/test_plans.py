from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Assessment, EducationItem, Exercise, PlanVersion
from plans.render.diff import diff_versions
from tests.access_matrix import CLINICAL_PAGE, NOT_FOUND, cells, check, row
from tests.factories import AssessmentFactory, PlanExerciseFactory, PlanVersionFactory
from tests.plans.conftest import assessment_post_data, plan_post_data


def _assess(client, episode, **overrides):
    client.post(reverse("plans:assessment_create", args=[episode.code]), assessment_post_data(**overrides))
    return Assessment.objects.latest("id")


def _edit_url(episode):
    return reverse("plans:plan_edit", args=[episode.code])


def _exercise(slug):
    return Exercise.objects.get(slug=slug)


def test_editor_starts_from_the_suggestion(therapist_client, episode):
    assessment = _assess(therapist_client, episode)
    response = therapist_client.get(_edit_url(episode) + "?from_assessment=1")
    formset = response.context["exercise_formset"]
    suggested = [row["slug"] for row in assessment.suggestion["plan"]["exercises"]]
    assert [
        Exercise.objects.get(pk=f.initial["exercise"]).slug for f in formset.forms if f.initial
    ] == suggested
    version_form = response.context["version_form"]
    review_in_days = assessment.suggestion["plan"]["review_in_days"]
    assert version_form.initial["review_date"] == date.today() + timedelta(days=review_in_days)
    assert (
        "reason" not in response.context["version_form"].fields or not version_form.fields["reason"].required
    )


def test_approve_then_change_with_reason_keeps_version_one(therapist_client, therapist, episode):
    _assess(therapist_client, episode)
    cat_camel, pelvic = _exercise("cat-camel"), _exercise("pelvic-tilt")
    stay_active = EducationItem.objects.get(slug="stay-active")
    data = plan_post_data(
        exercises=[
            {"exercise": pelvic.pk, "sets": 2, "reps": 10, "times_per_day": 2},
            {"exercise": cat_camel.pk, "sets": 1, "reps": 10},
        ],
        goals=[{"measure": "nprs", "target": 4, "due_date": (date.today() + timedelta(days=28)).isoformat()}],
        education=[stay_active.pk],
        advice="Keep walking every day.",
    )
    response = therapist_client.post(_edit_url(episode), data)
    v1 = PlanVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_version", args=[episode.code, 1])
    assert v1.number == 1 and v1.approved_by == therapist and v1.reason == ""
    assert [(e.exercise.slug, e.order, e.sets, e.reps, e.times_per_day) for e in v1.exercises.all()] == [
        ("pelvic-tilt", 1, 2, 10, 2),
        ("cat-camel", 2, 1, 10, 1),
    ]
    assert [g.target for g in v1.goals.all()] == [4]

    # A change without a reason is refused and nothing is saved.
    change = plan_post_data(
        exercises=[
            {"exercise": cat_camel.pk, "sets": 2, "reps": 12},
            {"exercise": _exercise("bird-dog").pk, "sets": 2, "reps": 8, "hold_seconds": 5},
        ],
        education=[stay_active.pk],
        advice="Keep walking every day.",
        based_on=1,
    )
    response = therapist_client.post(_edit_url(episode), change)
    assert response.status_code == 200
    assert "reason" in response.context["version_form"].errors
    assert PlanVersion.objects.count() == 1

    change["reason"] = "Pain easing; progress to stabilisation."
    therapist_client.post(_edit_url(episode), change)
    v1.refresh_from_db()
    v2 = PlanVersion.objects.get(number=2)
    assert v2.reason == "Pain easing; progress to stabilisation."
    assert [e.exercise.slug for e in v1.exercises.all()] == ["pelvic-tilt", "cat-camel"]
    assert [e.exercise.slug for e in v2.exercises.all()] == ["cat-camel", "bird-dog"]
    assert v2.exercises.get(exercise__slug="bird-dog").hold_seconds == 5

    changes = {(c.section, c.kind, c.item) for c in diff_versions(v1, v2)}
    bird_dog = _exercise("bird-dog").name
    assert ("Exercises", "added", bird_dog) in changes
    assert ("Exercises", "removed", pelvic.name) in changes
    assert ("Exercises", "changed", cat_camel.name) in changes
    assert ("Goals", "removed", str(v1.goals.get())) in changes

    page = therapist_client.get(reverse("plans:plan_compare", args=[episode.code])).content.decode()
    assert bird_dog in page and pelvic.name in page and "Pain easing" in page
    old_page = therapist_client.get(reverse("plans:plan_version", args=[episode.code, 1])).content.decode()
    assert "superseded" in old_page and pelvic.name in old_page


def test_bad_plan_input_is_refused_field_by_field(therapist_client, episode):
    _assess(therapist_client, episode)
    pelvic = _exercise("pelvic-tilt")
    data = plan_post_data(
        exercises=[
            {"exercise": pelvic.pk, "sets": 0, "reps": 10},
            {"exercise": pelvic.pk, "sets": 1, "reps": None, "hold_seconds": None},
        ],
        review_date=date.today() - timedelta(days=1),
    )
    response = therapist_client.post(_edit_url(episode), data)
    assert response.status_code == 200
    forms = response.context["exercise_formset"].forms
    assert "sets" in forms[0].errors
    assert "reps" in forms[1].errors
    assert "review_date" in response.context["version_form"].errors
    assert not PlanVersion.objects.exists()


def test_emergency_blocks_approval_until_referral_recorded(therapist_client, episode):
    assessment = _assess(therapist_client, episode, findings_neurological=["saddle_anesthesia"])
    pelvic = _exercise("pelvic-tilt")
    data = plan_post_data(exercises=[{"exercise": pelvic.pk, "sets": 1, "reps": 10}])
    response = therapist_client.post(_edit_url(episode), data)
    assert response.status_code == 200 and 'data-testid="plan-blocked"' in response.content.decode()
    assert not PlanVersion.objects.exists()

    therapist_client.post(
        reverse("plans:referral_record", args=[assessment.code]),
        {
            "referred_to": "Emergency department, St Mary's",
            "referred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "urgency": "emergency",
            "note": "Sent to A&E at St Mary's by phone.",
        },
    )
    referral = assessment.referrals.get()
    assert referral.referred_at is not None and referral.note.startswith("Sent to A&E")
    therapist_client.post(_edit_url(episode), data)
    assert PlanVersion.objects.count() == 1


def test_plan_pages_run_bounded_queries(therapist_client, episode, django_assert_max_num_queries):
    _assess(therapist_client, episode)
    exercises = Exercise.objects.filter(approved=True).order_by("slug")[:12]
    for based_on, reason in enumerate(("", "Second", "Third")):
        rows = [{"exercise": e.pk, "sets": 1 + based_on, "reps": 5} for e in exercises]
        therapist_client.post(
            _edit_url(episode), plan_post_data(exercises=rows, reason=reason, based_on=based_on)
        )
    assert PlanVersion.objects.count() == 3
    with django_assert_max_num_queries(13):
        assert therapist_client.get(reverse("plans:plan", args=[episode.code])).status_code == 200
    # +1: every assessment of the episode is asked whether it holds the plan, not only the latest;
    # +1: the episode's saved draft, if any
    with django_assert_max_num_queries(17):
        assert therapist_client.get(_edit_url(episode)).status_code == 200
    with django_assert_max_num_queries(15):
        assert therapist_client.get(reverse("plans:plan_compare", args=[episode.code])).status_code == 200


# --- Who may open it ------------------------------------------------------------------------------


def _plan_url(name, *args):
    """The URL of a page of the episode's plan, approved twice after an assessment."""

    def url(get):
        episode, therapist = get("episode"), get("therapist")
        AssessmentFactory(episode=episode, assessed_by=therapist)
        for exercises in (["pelvic-tilt"], ["pelvic-tilt", "cat-camel"]):
            version = PlanVersionFactory(plan__episode=episode, approved_by=therapist)
            for slug in exercises:
                PlanExerciseFactory(version=version, exercise=_exercise(slug))
        return reverse(f"plans:{name}", args=[episode.code, *args])

    return url


ACCESS = cells(
    row("plan", _plan_url("plan"), CLINICAL_PAGE, contains=("Pelvic tilt",)),
    row("editor", _plan_url("plan_edit"), CLINICAL_PAGE),
    row("compare", _plan_url("plan_compare"), CLINICAL_PAGE),
    row("version", _plan_url("plan_version", 1), CLINICAL_PAGE),
    row("no such version", _plan_url("plan_version", 9), therapist=NOT_FOUND),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
