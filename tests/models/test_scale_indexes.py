"""The indexes the admin lists and the patient list rely on at clinic-group scale (thousands of
patients, tens of thousands of visits): present, and able to give each list its order without a sort."""

import pytest
from django.contrib import admin
from django.db import connection

from patients.models import Episode, Patient
from plans.models import Assessment, HomeLog, PlanVersion, Prompt, QuestionnaireRequest, Visit

pytestmark = pytest.mark.django_db

# The list, the index that gives its order.
LIST_INDEXES = {
    Visit: "visit_date_time_idx",
    HomeLog: "homelog_date_idx",
    Prompt: "prompt_created_idx",
    PlanVersion: "planversion_approved_idx",
    QuestionnaireRequest: "questionnaire_created_idx",
    Assessment: "assessment_date_idx",
    Episode: "episode_onset_idx",
    Patient: "patient_name_idx",
}


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return dict(cursor.fetchall())


def test_the_indexes_exist():
    indexes = _indexes()
    assert set(LIST_INDEXES.values()) | {"episode_open_idx"} <= set(indexes)
    assert "WHERE" in indexes["episode_open_idx"]  # partial: open, active episodes only


@pytest.mark.parametrize("model", LIST_INDEXES, ids=lambda model: model.__name__)
def test_each_admin_list_is_ordered_by_its_index(model):
    ordering = admin.site._registry[model].get_ordering(None) or model._meta.ordering
    rows = model.objects.order_by(*ordering)[:100]
    with connection.cursor() as cursor:
        # On a near-empty table the planner would rightly read it whole; forbid the scan and the sort
        # so that the plan shows whether an index can give the list its order at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = rows.explain()
    assert (
        f"Index Scan using {LIST_INDEXES[model]}" in plan
        or f"Index Scan Backward using {LIST_INDEXES[model]}" in plan
    ), plan
