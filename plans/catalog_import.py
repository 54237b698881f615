"""Load the seed library (plans/data/*.json) into the database.

Written against a model registry so the same code serves the data migration (historical models)
and the ``load_library`` command (current models). Rows are matched by slug or code; existing rows
are left as they are unless ``update`` is true, so edits made in the admin are never overwritten
by accident.
"""

from __future__ import annotations

from plans.clinical.catalog import load_catalog_json
from plans.clinical.vocabulary import ExerciseProperty, Stage


def import_library(apps, *, update: bool = False) -> dict[str, int]:
    EducationItem = apps.get_model("plans", "EducationItem")
    Exercise = apps.get_model("plans", "Exercise")
    Cause = apps.get_model("plans", "Cause")
    CauseEvidence = apps.get_model("plans", "CauseEvidence")
    CauseContraindication = apps.get_model("plans", "CauseContraindication")
    CausePreferredKind = apps.get_model("plans", "CausePreferredKind")
    CauseEducation = apps.get_model("plans", "CauseEducation")

    catalog = load_catalog_json()
    created = {"education": 0, "exercises": 0, "causes": 0}

    education = {}
    for spec in catalog.education:
        fields = {"title": spec.title, "category": spec.category, "summary": spec.summary, "body": spec.body}
        item, was_created = _upsert(EducationItem, {"slug": spec.slug}, fields, update)
        education[spec.slug] = item
        created["education"] += was_created

    exercises = {}
    for spec in catalog.exercises:
        fields = {
            "name": spec.name,
            "kind": spec.kind,
            "instructions": spec.instructions,
            "cues": spec.cues,
            "if_it_hurts": spec.if_it_hurts,
            "precautions": spec.precautions,
            "sets": spec.sets,
            "reps": spec.reps,
            "hold_seconds": spec.hold_seconds,
            "times_per_day": spec.times_per_day,
            "days_per_week": spec.days_per_week,
            "level": spec.level,
            "media_note": spec.media_note,
            "approved": spec.approved,
            "loaded_spinal_flexion": spec.loaded_spinal_flexion
            or ExerciseProperty.LOADED_SPINAL_FLEXION in spec.properties,
            **{
                prop.value: prop.value in spec.properties
                for prop in ExerciseProperty
                if prop != ExerciseProperty.LOADED_SPINAL_FLEXION
            },
            **{f"suits_{stage.value}": stage.value in spec.stages for stage in Stage},
        }
        exercise, was_created = _upsert(Exercise, {"slug": spec.slug}, fields, update)
        exercises[spec.slug] = exercise
        created["exercises"] += was_created
    for spec in catalog.exercises:
        if spec.easier and spec.easier in exercises:
            exercise = exercises[spec.slug]
            if exercise.easier_id is None or update:
                Exercise.objects.filter(easier=exercises[spec.easier]).exclude(pk=exercise.pk).update(
                    easier=None
                )
                exercise.easier = exercises[spec.easier]
                exercise.save(update_fields=["easier"])

    for spec in catalog.causes:
        fields = {
            "name": spec.name,
            "description": spec.description,
            "precautions": spec.precautions,
            "referral_note": spec.referral_note,
        }
        cause, was_created = _upsert(Cause, {"code": spec.code}, fields, update)
        created["causes"] += was_created
        if not (was_created or update):
            continue
        CauseEvidence.objects.filter(cause=cause).delete()
        CauseEvidence.objects.bulk_create(
            [CauseEvidence(cause=cause, key=k, direction="supports", weight=w) for k, w in spec.supporting]
            + [CauseEvidence(cause=cause, key=k, direction="against", weight=w) for k, w in spec.against]
        )
        CauseContraindication.objects.filter(cause=cause).delete()
        CauseContraindication.objects.bulk_create(
            [CauseContraindication(cause=cause, exercise_property=p) for p in sorted(spec.contraindicated)]
        )
        CausePreferredKind.objects.filter(cause=cause).delete()
        CausePreferredKind.objects.bulk_create(
            [CausePreferredKind(cause=cause, kind=k, order=i) for i, k in enumerate(spec.preferred_kinds)]
        )
        CauseEducation.objects.filter(cause=cause).delete()
        CauseEducation.objects.bulk_create(
            [
                CauseEducation(cause=cause, item=education[slug], order=i)
                for i, slug in enumerate(spec.education)
                if slug in education
            ]
        )
    return created


def _upsert(model, lookup: dict, fields: dict, update: bool):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **fields), True
    if update:
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
    return obj, False
