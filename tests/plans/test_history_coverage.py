"""Every row of clinical or patient data keeps its history (who changed what, when): a test walks the
app registry so a new model without ``HistoricalRecords()`` fails here, and plan items, goals and
education rows record their creation by the approving therapist and any later change."""

import importlib

import pytest
from django.apps import apps

from patients.models import RecordAccess, RecordNumberCounter
from plans.models import HomeLog, LibraryStamp, PlanEducation, PlanExercise, PlanGoal
from tests.plans.test_visits import treated_episode  # noqa: F401

# Which exercises a home session covered is set once, in the same request that creates the session
# (whose history row records who logged it and when), and nothing edits it afterwards: the portal
# has no edit page and the admin shows home logs read-only.
# The read audit is itself the record of who saw what: rows are only ever added, never edited.
# A clinic's record-number counter holds no one's data: each number it gives is in its patient's history.
# The library's stamp only tells each process that its cached library is stale; the library rows it
# stands for keep their own history.
NO_HISTORY_NEEDED: set[type] = {HomeLog.exercises.through, RecordAccess, RecordNumberCounter, LibraryStamp}


def _data_models():
    for label in ("patients", "plans"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model.__name__.startswith("Historical"):
                yield model


@pytest.mark.parametrize("model", list(_data_models()), ids=lambda m: m.__name__)
def test_every_data_model_has_history(model):
    if model in NO_HISTORY_NEEDED:
        return
    assert hasattr(model, "history"), f"{model.__name__} has no HistoricalRecords()"


def test_approving_a_plan_records_who_created_each_item(treated_episode, therapist):  # noqa: F811
    version = treated_episode.plan.versions.get()
    item = version.exercises.get()
    created = item.history.get()
    assert created.history_type == "+" and created.history_user == therapist
    for model in (PlanExercise, PlanGoal, PlanEducation):
        rows = model.objects.filter(version=version).count()
        assert model.history.filter(version_id=version.pk, history_user=therapist).count() == rows


def test_editing_a_plan_item_leaves_a_history_row(treated_episode, therapist):  # noqa: F811
    item = treated_episode.plan.versions.get().exercises.get()
    item.sets = 3
    item._history_user = therapist
    item.save()
    changes = list(item.history.order_by("history_date").values_list("history_type", "sets"))
    assert changes == [("+", 2), ("~", 3)]


def test_the_backfill_gives_older_plan_items_a_creation_row(treated_episode, therapist):  # noqa: F811
    backfill = importlib.import_module("plans.migrations.0010_backfill_plan_item_history").backfill
    version = treated_episode.plan.versions.get()
    PlanExercise.history.all().delete()  # as for a plan approved before the history tables existed

    backfill(apps, schema_editor=None)
    backfill(apps, schema_editor=None)  # running twice adds nothing

    created = PlanExercise.history.get()
    assert created.history_type == "+" and created.history_user == therapist
    assert created.history_date == version.approved_at and created.sets == 2
