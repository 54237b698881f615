"""The library is read once per process and read again when its stamp changes, whichever process
changed it (plans.selectors.library.load_catalog, plans.services.library_stamp)."""

import pytest
from django.apps import apps
from django.db import connection, transaction

from plans.models import Cause, CauseEvidence, EducationItem, Exercise, LibraryStamp
from plans.selectors import library
from plans.selectors.library import forget_catalog, load_catalog
from plans.services.library_stamp import library_stamp_bump
from plans.services.library_sync import library_sync
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _new_process():
    forget_catalog()
    yield
    forget_catalog()


def _rename_behind_the_stamp(exercise, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE plans_exercise SET name = %s WHERE id = %s", [name, exercise.pk])


def _names(catalog) -> dict[str, str]:
    return {spec.slug: spec.name for spec in catalog.exercises}


def test_the_second_call_reads_only_the_stamp(django_assert_num_queries):
    first = load_catalog()
    with django_assert_num_queries(1):  # the stamp; no library table
        again = load_catalog()
    assert again is first


def test_a_process_keeps_its_library_until_the_stamp_changes():
    exercise = Exercise.objects.filter(approved=True).first()
    old_name = exercise.name
    load_catalog()
    # A write the stamp does not see (raw SQL) stays unseen: the memo is used.
    _rename_behind_the_stamp(exercise, "Renamed quietly")
    assert _names(load_catalog())[exercise.slug] == old_name
    library_stamp_bump()
    assert _names(load_catalog())[exercise.slug] == "Renamed quietly"


def test_a_change_in_another_process_reaches_this_one():
    exercise = Exercise.objects.filter(approved=True).first()
    load_catalog()  # this process's memo, under the current stamp
    mine = library._memo
    # "Another process" (a fresh memo) saves a change, as the library admin does: the save stamps it.
    forget_catalog()
    exercise.name = "Renamed in the admin"
    exercise.save()
    assert _names(load_catalog())[exercise.slug] == "Renamed in the admin"
    # This process, with its old memo back, sees the new stamp and reads the library again.
    library._memo = mine
    assert _names(load_catalog())[exercise.slug] == "Renamed in the admin"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: ExerciseFactory(slug="new-one", name="New one"), id="a new exercise"),
        pytest.param(lambda: Exercise.objects.filter(slug="cat-camel").update(name="Cat"), id="an update()"),
        pytest.param(
            lambda: EducationItem.objects.bulk_create(
                [EducationItem(slug="extra", title="Extra", category="education", summary="s", body="b")]
            ),
            id="a bulk_create()",
        ),
        pytest.param(lambda: CauseEvidence.objects.filter(key="osteoporosis").delete(), id="a delete"),
        pytest.param(
            lambda: Cause.objects.get(code="muscle_strain_sprain").education.clear(), id="a link removed"
        ),
    ],
)
def test_every_kind_of_library_write_changes_the_stamp(change):
    load_catalog()
    before = LibraryStamp.objects.values_list("token", flat=True).first()
    change()
    assert LibraryStamp.objects.values_list("token", flat=True).first() != before


def test_library_sync_stamps_the_library():
    exercise = Exercise.objects.get(slug="cat-camel")
    name = exercise.name
    _rename_behind_the_stamp(exercise, "Drifted")
    library_stamp_bump()
    assert _names(load_catalog())["cat-camel"] == "Drifted"
    before = LibraryStamp.objects.get().token
    library_sync(apps=apps)
    assert LibraryStamp.objects.get().token != before
    assert _names(load_catalog())["cat-camel"] == name


def test_a_rolled_back_change_leaves_no_stale_library():
    exercise = Exercise.objects.get(slug="cat-camel")
    name = exercise.name
    load_catalog()
    with pytest.raises(RuntimeError), transaction.atomic():
        exercise.name = "Never committed"
        exercise.save()
        assert _names(load_catalog())["cat-camel"] == "Never committed"
        raise RuntimeError
    # The stamp went back with the change, and a random token is never handed out twice.
    assert _names(load_catalog())["cat-camel"] == name
    ExerciseFactory(slug="another")
    catalog = load_catalog()
    assert _names(catalog)["cat-camel"] == name and "another" in _names(catalog)
