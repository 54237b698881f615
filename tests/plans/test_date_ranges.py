"""Plan, visit and assessment dates within what a clinic can mean: a plan's review date and goal
due dates at most two years ahead (a review not in the past, a goal not before the onset: goals are
carried over into the next version, so one may already be due); visits and assessments from the
episode's onset to today. The forms say so field by field; the services refuse them too, and the
API's progress dates are bounded the same way (1900 to today)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clinic.dates import planning_horizon
from plans.models import Exercise, PlanVersion
from plans.services import plan_versions as services
from plans.services import visits
from tests.access_matrix import CLINICAL_PAGE, cells, check, row
from tests.api import PROGRESS_URL, token_client
from tests.plans.conftest import plan_post_data
from tests.plans.test_visits import _baseline, treated_episode  # noqa: F401

TODAY = timezone.localdate()


def _plan_data(**overrides):
    data = plan_post_data(
        exercises=[{"exercise": Exercise.objects.get(slug="cat-camel").pk, "sets": 1, "reps": 8}],
        reason="Progressing",
        based_on=1,  # the treated episode has version 1
    )
    data.update(overrides)
    return data


def _edit(client, episode, data):
    return client.post(reverse("plans:plan_edit", args=[episode.code]), data)


@pytest.mark.parametrize("review", ["9999-01-01", (planning_horizon(TODAY) + timedelta(days=1)).isoformat()])
def test_review_date_at_most_two_years_ahead(therapist_client, treated_episode, review):  # noqa: F811
    response = _edit(therapist_client, treated_episode, _plan_data(review_date=review))
    assert response.status_code == 200
    errors = response.context["version_form"].errors["review_date"]
    assert errors == ["Set a review date within 2 years (by " + f"{planning_horizon(TODAY):%d %b %Y})."]
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 1


def test_review_date_two_years_ahead_is_fine(therapist_client, treated_episode):  # noqa: F811
    response = _edit(
        therapist_client, treated_episode, _plan_data(review_date=planning_horizon(TODAY).isoformat())
    )
    assert response.status_code == 302
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 2


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("9999-01-01", "within 2 years"),
        ((TODAY - timedelta(days=60)).isoformat(), "before the episode's onset date"),
    ],
)
def test_goal_due_date_within_two_years(therapist_client, treated_episode, due, message):  # noqa: F811
    data = _plan_data(**{"goals-TOTAL_FORMS": "1", "goals-0-measure": "nprs", "goals-0-target": "3"})
    data["goals-0-due_date"] = due
    response = _edit(therapist_client, treated_episode, data)
    assert response.status_code == 200
    errors = response.context["goal_formset"].forms[0].errors["due_date"]
    assert any(message in error for error in errors)
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 1


def test_the_plan_service_refuses_a_far_review_date(treated_episode, therapist):  # noqa: F811
    content = services.PlanContent(
        review_date=TODAY.replace(year=9999),
        exercises=[
            {
                "exercise": Exercise.objects.get(slug="cat-camel"),
                "sets": 1,
                "reps": 8,
                "times_per_day": 1,
                "days_per_week": 7,
            }
        ],
        education=[],
        goals=[],
        reason="Progressing",
    )
    with pytest.raises(ValidationError) as raised:
        services.plan_version_approve(episode=treated_episode, content=content, user=therapist)
    assert "review_date" in raised.value.message_dict


def test_the_plan_service_refuses_a_far_goal(treated_episode, therapist):  # noqa: F811
    content = services.PlanContent(
        review_date=TODAY + timedelta(days=14),
        exercises=[
            {
                "exercise": Exercise.objects.get(slug="cat-camel"),
                "sets": 1,
                "reps": 8,
                "times_per_day": 1,
                "days_per_week": 7,
            }
        ],
        education=[],
        goals=[{"measure": "nprs", "target": 3, "due_date": TODAY.replace(year=9999)}],
        reason="Progressing",
    )
    with pytest.raises(ValidationError) as raised:
        services.plan_version_approve(episode=treated_episode, content=content, user=therapist)
    assert "due_date" in raised.value.message_dict
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 1


@pytest.mark.parametrize(("days", "message"), [(-1, "in the future"), (60, "before the episode's onset")])
def test_the_visit_service_refuses_dates_outside_the_episode(treated_episode, therapist, days, message):  # noqa: F811
    entry = visits.VisitEntry(
        visit_date=TODAY - timedelta(days=days),
        nprs=5,
        odi_sections=None,
        patient_rating="",
        adherence_percent=None,
        findings=frozenset(),
        exercises=[],
        note="",
    )
    with pytest.raises(ValidationError) as raised:
        visits.visit_record(episode=treated_episode, entry=entry, user=therapist)
    assert any(message in error for error in raised.value.message_dict["visit_date"])


@pytest.mark.parametrize(("days", "message"), [(-1, "in the future"), (60, "before the episode's onset")])
def test_the_assessment_service_refuses_dates_outside_the_episode(treated_episode, therapist, days, message):  # noqa: F811
    with pytest.raises(ValidationError) as raised:
        _baseline(treated_episode, therapist, days_ago=days)
    assert any(message in error for error in raised.value.message_dict["assessed_on"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("baseline", "9999-12-31", "cannot be in the future"),
        ("baseline", "1899-12-31", "cannot be before 1900"),
        ("visit", (TODAY + timedelta(days=1)).isoformat(), "cannot be in the future"),
    ],
)
def test_api_progress_dates_are_bounded(therapist, field, value, message):
    body = {"baseline": {"date": "2026-01-05", "nprs": 7}, "visits": [{"date": "2026-01-12", "nprs": 5}]}
    if field == "baseline":
        body["baseline"]["date"] = value
        key = "baseline.date"
    else:
        body["visits"][0]["date"] = value
        key = "visits.0.date"
    response = token_client(therapist).post(PROGRESS_URL, body, format="json")
    assert response.status_code == 400
    assert any(message in error for error in response.json()[key])


def test_date_inputs_offer_only_the_allowed_range(therapist_client, treated_episode):  # noqa: F811
    onset, horizon = treated_episode.onset_date.isoformat(), planning_horizon(TODAY).isoformat()
    visit_page = therapist_client.get(reverse("plans:visit_create", args=[treated_episode.code])).text
    assert f'min="{onset}"' in visit_page and f'max="{TODAY.isoformat()}"' in visit_page
    plan_page = therapist_client.get(reverse("plans:plan_edit", args=[treated_episode.code])).text
    assert f'max="{horizon}"' in plan_page and f'min="{TODAY.isoformat()}"' in plan_page


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row(
        "plan editor",
        lambda get: reverse("plans:plan_edit", args=[get("treated_episode").code]),
        CLINICAL_PAGE,
        contains=('type="date"',),
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
