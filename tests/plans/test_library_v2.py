"""Library v2: the migrated library, the sync that upgrades a v1 library, and picture uploads in the admin."""

import io
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from clinic import access
from plans.admin_library import ExerciseAdmin
from plans.clinical.catalog import DATA_DIR, load_catalog_json
from plans.clinical.vocabulary import ExerciseKind, ExerciseProperty, Stage
from plans.models import Cause, CauseContraindication, EducationItem, Exercise
from plans.services.library_sync import POSES_FILE, library_sync
from tests.factories import UserFactory

POSES_PRESENT = (DATA_DIR / POSES_FILE).exists()


@pytest.fixture
def library_editor(db):
    user = UserFactory(username="libby", is_staff=True)
    user.groups.add(Group.objects.get(name=access.LIBRARY_EDITORS_GROUP))
    return user


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- After the migrations ------------------------------------------------------------------------


def test_the_migrated_library_is_v2(db):
    approved = Exercise.objects.filter(approved=True)
    assert approved.count() >= 80
    assert set(approved.values_list("kind", flat=True)) == set(ExerciseKind.values)
    assert not Exercise.objects.filter(slug__in=["sit-up", "crunch"], approved=True).exists()
    assert not approved.filter(loaded_spinal_flexion=True).exists()
    assert not Exercise.objects.filter(precautions__icontains="none usual").exists()
    assert Exercise.objects.get(slug="dead-bug").easier.slug == "dead-bug-arms"
    assert Exercise.objects.get(slug="tandem-stance").easier.slug == "supported-tandem-stance"
    assert Exercise.objects.get(slug="femoral-nerve-tensioner").easier.slug == "femoral-nerve-slider"
    assert Exercise.objects.get(slug="sciatic-nerve-slider").easier.slug == "supine-nerve-glide"
    assert Exercise.objects.get(slug="prone-press-up").prone
    assert Exercise.objects.get(slug="chin-tuck").target_region == "cervical"
    assert EducationItem.objects.filter(slug="pelvic-girdle-pain").exists()


def _has_a_dose(exercise: Exercise) -> bool:
    dose = exercise.dose
    if dose.sets < 1 or dose.times_per_day < 1 or not 1 <= dose.days_per_week <= 7:
        return False
    if exercise.kind == ExerciseKind.GRADED_ACTIVITY:  # the quota is in the steps
        return "every" in exercise.instructions.lower()
    return dose.reps is not None or dose.hold_seconds is not None


def test_every_suggestible_exercise_has_steps_a_dose_and_a_licence(db):
    for exercise in Exercise.objects.filter(approved=True):
        steps = exercise.instructions.splitlines()
        assert len(steps) >= 3, exercise.slug
        assert all(line.startswith(f"{n}. ") for n, line in enumerate(steps, 1)), exercise.slug
        assert _has_a_dose(exercise), exercise.slug
        assert exercise.if_it_hurts, exercise.slug
        assert exercise.shown_picture_licence, exercise.slug
        assert any(stage in exercise.stages for stage in Stage), exercise.slug


@pytest.mark.xfail(
    not POSES_PRESENT, reason="plans/data/poses.json comes from the pictures work", strict=True
)
def test_every_suggestible_exercise_has_a_start_and_end_picture(db):
    for exercise in Exercise.objects.filter(approved=True):
        for end in ("start", "end"):
            drawn = getattr(exercise, f"{end}_pose")
            uploaded = getattr(exercise, f"{end}_picture")
            assert drawn or uploaded, (exercise.slug, end)
            assert getattr(exercise, f"{end}_picture_alt").strip(), (exercise.slug, end)


# --- The sync upgrades a v1 library --------------------------------------------------------------

V2_ONLY = ["dead-bug-arms", "supported-tandem-stance", "femoral-nerve-tensioner", "mcgill-curl-up"]


def _make_it_v1() -> None:
    """Put the library back as migration 0002 left it from the v1 files (the parts v2 changes)."""
    Exercise.objects.filter(slug__in=V2_ONLY).delete()
    Exercise.objects.update(
        prone=False, supine=False, lateral_glide=False, unsupported_balance=False, non_weight_bearing=False
    )
    Exercise.objects.update(target_region="general", start_pose={}, start_picture_alt="")
    Exercise.objects.filter(slug__in=["sit-up", "crunch"]).update(approved=True)
    Exercise.objects.filter(slug="pelvic-tilt").update(spinal_flexion=False, precautions="None usual.")
    Exercise.objects.filter(slug="femoral-nerve-slider").update(level=2, suits_acute=False)
    Exercise.objects.filter(slug="dead-bug").update(easier=Exercise.objects.get(slug="abdominal-bracing"))
    Exercise.objects.filter(slug="sit-up").update(easier=Exercise.objects.get(slug="crunch"))
    EducationItem.objects.filter(slug="pelvic-girdle-pain").delete()
    fracture = Cause.objects.get(code="vertebral_fracture")
    fracture.contraindications.all().delete()
    CauseContraindication.objects.create(cause=fracture, exercise_property="high_impact")
    fracture.evidence.filter(key="osteoporosis").update(weight="0.10")


def test_the_sync_upgrades_a_v1_library_and_a_second_run_changes_nothing(db, django_assert_max_num_queries):
    catalog = load_catalog_json()
    _make_it_v1()
    pose = {"start": {"body": "lying", "hip": 90}, "end": {"body": "lying", "hip": 60}}
    poses = {"pelvic-tilt": {**pose, "start_alt": "Lying on the back, knees bent.", "end_alt": "Back flat."}}

    library_sync(apps=apps, poses=poses)

    assert Exercise.objects.count() == len(catalog.exercises)
    assert Exercise.objects.filter(approved=True).count() == sum(e.approved for e in catalog.exercises)
    assert EducationItem.objects.count() == len(catalog.education)
    assert Cause.objects.count() == len(catalog.causes)
    tilt = Exercise.objects.get(slug="pelvic-tilt")
    assert tilt.spinal_flexion and tilt.supine and tilt.target_region == "lumbar"
    assert tilt.precautions == catalog.exercise("pelvic-tilt").precautions
    assert tilt.start_pose == pose["start"] and tilt.end_picture_alt == "Back flat."
    assert not Exercise.objects.get(slug="sit-up").approved
    assert Exercise.objects.get(slug="sit-up").easier is None
    slider = Exercise.objects.get(slug="femoral-nerve-slider")
    assert slider.level == 1 and slider.suits_acute and slider.harder.slug == "femoral-nerve-tensioner"
    assert Exercise.objects.get(slug="dead-bug").easier.slug == "dead-bug-arms"
    assert Exercise.objects.get(slug="dead-bug-arms").easier.slug == "abdominal-bracing"
    assert Exercise.objects.get(slug="single-leg-stance").unsupported_balance
    fracture = Cause.objects.get(code="vertebral_fracture")
    rule = catalog.cause("vertebral_fracture")
    assert set(fracture.contraindications.values_list("exercise_property", flat=True)) == set(
        rule.contraindicated
    )
    assert float(fracture.evidence.get(key="osteoporosis").weight) == dict(rule.supporting)["osteoporosis"]

    stamps = dict(Exercise.objects.values_list("slug", "updated_at"))
    history = Exercise.history.count()
    with django_assert_max_num_queries(len(catalog.exercises) * 2 + len(catalog.causes) * 8 + 200):
        library_sync(apps=apps, poses=poses)
    assert dict(Exercise.objects.values_list("slug", "updated_at")) == stamps
    assert Exercise.history.count() == history
    assert Exercise.objects.count() == len(catalog.exercises)


def test_the_sync_without_poses_keeps_the_pictures_it_has(db):
    Exercise.objects.filter(slug="glute-bridge").update(
        start_pose={"body": "lying"}, start_picture_alt="Lying on the back."
    )
    library_sync(apps=apps, poses={})
    bridge = Exercise.objects.get(slug="glute-bridge")
    assert bridge.start_pose == {"body": "lying"} and bridge.start_picture_alt == "Lying on the back."


# --- Uploading a picture in the admin ------------------------------------------------------------


def _png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def _change_form_data(exercise: Exercise, request_user, **overrides) -> dict:
    """What the admin change form posts back unchanged, for the fields this user may edit."""
    admin_page = ExerciseAdmin(Exercise, None)

    class Request:
        user = request_user

    readonly = set(admin_page.get_readonly_fields(Request(), exercise))
    data: dict = {}
    for _, options in admin_page.fieldsets:
        for entry in options["fields"]:
            for name in entry if isinstance(entry, tuple) else (entry,):
                if name in readonly or name in ("start_picture", "end_picture"):
                    continue
                value = getattr(exercise, name)
                if isinstance(value, bool):
                    if value:
                        data[name] = "on"
                elif name == "easier":
                    data[name] = value.pk if value else ""
                elif isinstance(value, dict):
                    data[name] = json.dumps(value)
                else:
                    data[name] = "" if value is None else value
    data.update(overrides)
    return data


def _change_url(exercise):
    return reverse("admin:plans_exercise_change", args=[exercise.pk])


def test_a_superuser_uploads_a_picture_with_its_licence(client, superuser, media):
    exercise = Exercise.objects.get(slug="glute-bridge")
    client.force_login(superuser)
    data = _change_form_data(
        exercise,
        superuser,
        start_picture=SimpleUploadedFile("bridge.png", _png(), content_type="image/png"),
        start_picture_alt="Lying on the back with knees bent.",
        picture_licence="Photo by A. Physio, CC BY 4.0",
    )
    response = client.post(_change_url(exercise), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert exercise.start_picture.name.startswith("exercise-pictures/bridge")
    assert (media / exercise.start_picture.name).exists()
    assert exercise.shown_picture_licence == "Photo by A. Physio, CC BY 4.0"
    assert Exercise.objects.get(slug="dead-bug").shown_picture_licence.endswith("CC BY 4.0")


def _form_errors(response):
    assert response.status_code == 200
    return response.context["adminform"].form.errors


def test_an_upload_needs_a_licence_and_its_text(client, superuser, media):
    exercise = Exercise.objects.get(slug="glute-bridge")
    client.force_login(superuser)
    data = _change_form_data(
        exercise,
        superuser,
        start_picture=SimpleUploadedFile("bridge.png", _png(), content_type="image/png"),
        start_picture_alt="",
        picture_licence="",
    )
    errors = _form_errors(client.post(_change_url(exercise), data))
    assert "picture_licence" in errors and "start_picture_alt" in errors
    exercise.refresh_from_db()
    assert not exercise.start_picture


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.png", b"this is not a picture at all"),
        ("drawing.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("huge.png", None),
    ],
)
def test_an_upload_must_be_a_png_jpeg_or_webp_under_2_mb(client, superuser, media, name, content):
    if content is None:  # a real PNG over 2 MB: noise does not compress
        buffer = io.BytesIO()
        Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11719 + b"\0" * 36).save(
            buffer, format="PNG", compress_level=0
        )
        content = buffer.getvalue()
        assert len(content) > 2 * 1024 * 1024
    exercise = Exercise.objects.get(slug="glute-bridge")
    client.force_login(superuser)
    data = _change_form_data(
        exercise,
        superuser,
        start_picture=SimpleUploadedFile(name, content),
        start_picture_alt="Lying on the back.",
        picture_licence="CC0",
    )
    assert "start_picture" in _form_errors(client.post(_change_url(exercise), data))
    exercise.refresh_from_db()
    assert not exercise.start_picture


def test_the_database_refuses_an_upload_without_a_licence(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(slug="glute-bridge").update(
            start_picture="exercise-pictures/x.png", start_picture_alt="x", picture_licence=""
        )


def test_a_library_editor_edits_poses_and_text_but_not_the_uploads(client, library_editor, media):
    exercise = Exercise.objects.get(slug="glute-bridge")
    client.force_login(library_editor)
    page = client.get(_change_url(exercise))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "start_pose" in form.fields and "start_picture_alt" in form.fields
    assert not {"start_picture", "end_picture", "picture_licence"} & set(form.fields)
    data = _change_form_data(
        exercise,
        library_editor,
        start_pose=json.dumps({"body": "lying", "knee": 90}),
        start_picture_alt="Lying on the back, knees bent.",
        start_picture=SimpleUploadedFile("bridge.png", _png(), content_type="image/png"),
        picture_licence="Mine",
    )
    response = client.post(_change_url(exercise), data)
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.start_pose == {"body": "lying", "knee": 90}
    assert exercise.start_picture_alt == "Lying on the back, knees bent."
    assert not exercise.start_picture and exercise.picture_licence == ""


def test_admin_staff_may_not_open_an_exercise(client, admin_staff):
    exercise = Exercise.objects.get(slug="glute-bridge")
    client.force_login(admin_staff)
    assert client.get(_change_url(exercise)).status_code == 403
    assert client.post(_change_url(exercise), {"name": "Changed"}).status_code == 403


def test_every_property_has_an_admin_field():
    fields = {
        name
        for _, options in ExerciseAdmin.fieldsets
        for entry in options["fields"]
        for name in (entry if isinstance(entry, tuple) else (entry,))
    }
    assert set(ExerciseProperty.values) <= fields
    assert {"target_region", "start_pose", "end_pose", "start_picture_alt", "end_picture_alt"} <= fields


# --- Migration 0021 on a database migrated before it ----------------------------------------------

BEFORE_V2 = [("plans", "0020_exercise_v2_fields")]
AFTER_V2 = [("plans", "0022_exercise_picture_licence")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_0021_upgrades_a_v1_library_on_the_historical_models():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_V2)
    old = executor.loader.project_state(BEFORE_V2).apps
    OldExercise = old.get_model("plans", "Exercise")
    OldExercise.objects.filter(slug="dead-bug-arms").delete()
    OldExercise.objects.filter(slug__in=["sit-up", "crunch"]).update(approved=True)
    OldExercise.objects.update(supine=False, prone=False, target_region="general")
    OldExercise.objects.filter(slug="dead-bug").update(
        easier=OldExercise.objects.get(slug="abdominal-bracing")
    )
    old.get_model("plans", "EducationItem").objects.filter(slug="pelvic-girdle-pain").delete()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER_V2)

    catalog = load_catalog_json()
    assert Exercise.objects.count() == len(catalog.exercises)
    assert not Exercise.objects.filter(slug__in=["sit-up", "crunch"], approved=True).exists()
    assert Exercise.objects.get(slug="dead-bug").easier.slug == "dead-bug-arms"
    assert Exercise.objects.get(slug="dead-bug-arms").easier.slug == "abdominal-bracing"
    bridge = Exercise.objects.get(slug="glute-bridge")
    assert bridge.supine and bridge.target_region == "lumbar"
    assert Exercise.objects.get(slug="prone-lying").prone
    assert EducationItem.objects.filter(slug="pelvic-girdle-pain").exists()

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the schema the later tests restore into


# --- Migration 0024 (the December 2026 plan review) on a library migrated before it ----------------

BEFORE_REVIEW = [("plans", "0023_outcome_measures")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_0024_applies_the_plan_review_to_an_existing_library():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_REVIEW)
    old = executor.loader.project_state(BEFORE_REVIEW).apps
    OldExercise = old.get_model("plans", "Exercise")
    OldEvidence = old.get_model("plans", "CauseEvidence")
    OldCause = old.get_model("plans", "Cause")
    OldExercise.objects.filter(slug__in=["hip-flexor-stretch", "wall-angel"]).update(spinal_extension=False)
    OldExercise.objects.filter(slug="back-extensor-isometrics").update(target_region="thoracic")
    OldEvidence.objects.filter(cause__code="herniated_disc", key="lateral_shift").delete()
    foraminal = OldCause.objects.get(code="foraminal_stenosis")
    OldEvidence.objects.filter(cause=foraminal, key="region:thoracic").delete()
    OldEvidence.objects.get_or_create(
        cause=foraminal,
        key="distribution:chest_abdomen_band",
        defaults={"direction": "supports", "weight": "0.15"},
    )
    OldEvidence.objects.filter(cause__code="sacroiliac_pelvic_girdle", key="sij_provocation_positive").update(
        weight="0.80"
    )
    OldEvidence.objects.filter(key__in=["sij_provocation_positive", "worse_with_flexion_or_sitting"]).filter(
        cause__code__in=["muscle_strain_sprain", "foraminal_stenosis"]
    ).delete()
    OldEvidence.objects.filter(cause__code="central_canal_stenosis", key="distribution:back_only").delete()
    OldEvidence.objects.filter(key__startswith="centralizes_with_").filter(
        cause__code__in=["muscle_strain_sprain", "herniated_disc"]
    ).exclude(cause__code="herniated_disc", key="centralizes_with_extension").delete()
    old.get_model("plans", "CauseContraindication").objects.filter(
        cause__code="spondylolysis", exercise_property="rotation"
    ).delete()
    OldEvidence.objects.filter(cause__code="vertebral_fracture", key="onset:gradual").delete()
    sij = OldCause.objects.get(code="sacroiliac_pelvic_girdle")
    sij.precautions = "In pregnancy: no lying flat on the back after about 16 weeks."
    sij.save()
    links = old.get_model("plans", "CauseEducation").objects.filter(cause__code="inflammatory_back_pain")
    links.filter(item__slug="morning-stiffness").delete()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Exercise.objects.get(slug="hip-flexor-stretch").spinal_extension
    assert Exercise.objects.get(slug="wall-angel").spinal_extension
    assert Exercise.objects.get(slug="back-extensor-isometrics").target_region == "general"
    disc = Cause.objects.get(code="herniated_disc").evidence.get(key="lateral_shift")
    assert (disc.direction, disc.weight) == ("supports", Decimal("0.30"))
    foraminal_keys = {e.key: e.direction for e in Cause.objects.get(code="foraminal_stenosis").evidence.all()}
    assert foraminal_keys.get("region:thoracic") == "against"
    assert "distribution:chest_abdomen_band" not in foraminal_keys
    assert foraminal_keys.get("worse_with_flexion_or_sitting") == "against"
    sij = Cause.objects.get(code="sacroiliac_pelvic_girdle").evidence.get(key="sij_provocation_positive")
    assert sij.weight == Decimal("1.00")
    strain = Cause.objects.get(code="muscle_strain_sprain").evidence.get(key="sij_provocation_positive")
    assert (strain.direction, strain.weight) == ("against", Decimal("0.40"))
    canal = Cause.objects.get(code="central_canal_stenosis").evidence.get(key="distribution:back_only")
    assert (canal.direction, canal.weight) == ("against", Decimal("0.30"))
    strain_against = {
        e.key for e in Cause.objects.get(code="muscle_strain_sprain").evidence.filter(direction="against")
    }
    assert {
        "centralizes_with_extension",
        "centralizes_with_flexion",
        "centralizes_with_lateral_shift_correction",
    } <= strain_against
    shift = Cause.objects.get(code="herniated_disc").evidence.get(
        key="centralizes_with_lateral_shift_correction"
    )
    assert (shift.direction, shift.weight) == ("supports", Decimal("0.40"))
    assert "from about 20 weeks" in Cause.objects.get(code="sacroiliac_pelvic_girdle").precautions
    pars = Cause.objects.get(code="spondylolysis")
    assert pars.contraindications.filter(exercise_property="rotation").exists()
    assert pars.referral_note.startswith("Sports-medicine review for an athlete")
    gradual = Cause.objects.get(code="vertebral_fracture").evidence.get(key="onset:gradual")
    assert (gradual.direction, gradual.weight) == ("against", Decimal("0.20"))
    first = Cause.objects.get(code="inflammatory_back_pain").education_links.order_by("order").first()
    assert first.item.slug == "morning-stiffness"
