"""The rules the forms check hold in the database too: a row that breaks one cannot be written,
whatever writes it; and the forms still say what is wrong, next to the field."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from plans.models import Assessment, Exercise, PlanVersion
from tests.plans.conftest import assessment_post_data, plan_post_data
from tests.plans.test_visits import _baseline, treated_episode  # noqa: F401


def _breaks_a_constraint(queryset, **values) -> str:
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        queryset.update(**values)
    return str(raised.value)


@pytest.fixture
def assessment(treated_episode):  # noqa: F811
    return Assessment.objects.filter(episode=treated_episode)


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"nprs_best": 6, "nprs_worst": 5, "nprs_current": 5}, "plans_assessment_nprs_best_not_above_worst"),
        ({"nprs_best": 1, "nprs_worst": 5, "nprs_current": 6}, "plans_assessment_nprs_now_not_above_worst"),
        ({"bmi": Decimal("9.9")}, "plans_assessment_bmi_range"),
        ({"bmi": Decimal("90.1")}, "plans_assessment_bmi_range"),
    ],
)
def test_an_assessment_breaking_a_rule_cannot_be_written(assessment, values, constraint):
    assert constraint in _breaks_a_constraint(assessment, **values)


@pytest.mark.parametrize(
    "values",
    [
        {"nprs_best": 5, "nprs_worst": 5, "nprs_current": 5},
        {"nprs_best": None, "nprs_worst": None, "nprs_current": 10},
        {"nprs_best": 7, "nprs_worst": None, "nprs_current": 2},  # the form allows a best above now
        {"bmi": Decimal(10)},
        {"bmi": Decimal(90)},
        {"bmi": None},
    ],
)
def test_an_assessment_within_the_rules_is_written(assessment, values):
    assert assessment.update(**values) == 1


def test_a_review_before_the_day_of_approval_cannot_be_written(treated_episode):  # noqa: F811
    version = PlanVersion.objects.filter(plan__episode=treated_episode)
    approved = version.get().approved_at
    message = _breaks_a_constraint(version, review_date=timezone.localdate(approved) - timedelta(days=2))
    assert "plans_planversion_review_not_before_approval" in message
    assert version.update(review_date=timezone.localdate(approved)) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nprs_best": "6", "nprs_worst": "5"}, "nprs_best", "cannot be higher than pain at its worst"),
        (
            {"nprs_current": "6", "nprs_worst": "5", "nprs_best": "1"},
            "nprs_worst",
            "cannot be lower than pain",
        ),
        ({"height_cm": "180", "weight_kg": "30"}, "weight_kg", "outside 10 to 90"),
    ],
)
def test_the_assessment_form_says_which_field_breaks_a_rule(
    therapist_client,
    treated_episode,  # noqa: F811
    overrides,
    field,
    message,
):
    url = reverse("plans:assessment_create", args=[treated_episode.code])
    response = therapist_client.post(url, assessment_post_data(**overrides))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert Assessment.objects.filter(episode=treated_episode).count() == 1


def test_the_plan_form_refuses_a_review_date_in_the_past(therapist_client, treated_episode):  # noqa: F811
    data = plan_post_data(
        exercises=[{"exercise": Exercise.objects.get(slug="cat-camel").pk, "sets": 1, "reps": 8}],
        reason="Progressing",
        based_on=1,
        review_date=timezone.localdate() - timedelta(days=1),
    )
    response = therapist_client.post(reverse("plans:plan_edit", args=[treated_episode.code]), data)
    assert response.status_code == 200
    assert response.context["version_form"].errors["review_date"]
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 1
