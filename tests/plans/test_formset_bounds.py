"""A forged TOTAL_FORMS (10^20) in the plan editor or the visit form gets a quick form error and a
page of ordinary size, not thousands of rows built, validated and rendered."""

import re

import pytest
from django.urls import reverse

from plans.forms.plans import PlanExerciseFormSet, PlanGoalFormSet
from plans.forms.visits import VisitExerciseFormSet
from plans.models import Exercise, PlanVersion, Visit
from tests.access_matrix import CLINICAL_PAGE, cells, check, row
from tests.plans.conftest import plan_post_data
from tests.plans.test_visits import TODAY, _visit, treated_episode  # noqa: F401

FORGED = "100000000000000000000"
PAGE_LIMIT = 200_000


@pytest.mark.parametrize("prefix", ["exercises", "goals"])
def test_plan_editor_refuses_a_forged_row_count(therapist_client, treated_episode, prefix):  # noqa: F811
    data = plan_post_data(
        exercises=[{"exercise": Exercise.objects.get(slug="cat-camel").pk, "sets": 1, "reps": 8}],
        reason="Progressing",
    )
    data[f"{prefix}-TOTAL_FORMS"] = FORGED
    url = reverse("plans:plan_edit", args=[treated_episode.code])
    response = therapist_client.post(url, data)
    assert response.status_code == 200
    # Each editor row lists the whole library, so the page's size grows with the library; what must
    # hold is that the refused post renders no more rows than the formset allows.
    formset = {"exercises": PlanExerciseFormSet, "goals": PlanGoalFormSet}[prefix]
    rows = set(re.findall(rf'name="{prefix}-(\d+)-', response.content.decode()))
    assert 0 < len(rows) <= formset.max_num
    assert "Please submit at most" in response.content.decode()
    assert PlanVersion.objects.filter(plan__episode=treated_episode).count() == 1


def test_visit_form_refuses_a_forged_row_count(therapist_client, treated_episode):  # noqa: F811
    response = _visit(therapist_client, treated_episode, 3, nprs="5", **{"done-TOTAL_FORMS": FORGED})
    assert response.status_code == 200
    assert len(response.content) < PAGE_LIMIT
    assert "Please submit at most" in response.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.parametrize("formset", [PlanExerciseFormSet, PlanGoalFormSet, VisitExerciseFormSet])
def test_every_formset_is_bounded(formset):
    assert formset.validate_max and formset.max_num <= 50 and formset.absolute_max == formset.max_num


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row(
        "plan editor",
        lambda get: reverse("plans:plan_edit", args=[get("treated_episode").code]),
        CLINICAL_PAGE,
    ),
    row(
        "new visit",
        lambda get: reverse("plans:visit_create", args=[get("treated_episode").code]),
        CLINICAL_PAGE,
    ),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
