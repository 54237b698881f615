"""Load the seed library (plans/data/*.json) into empty library tables: the data migration's work.

Written against a model registry so it runs on the migration's historical models. After this the
library belongs to the admin; the JSON files are only its starting point.
"""

from __future__ import annotations

from django.db.migrations.state import StateApps

from plans.clinical.catalog import load_catalog_json
from plans.clinical.vocabulary import ExerciseProperty, Stage


def library_import(*, apps: StateApps) -> None:
    EducationItem = apps.get_model("plans", "EducationItem")
    Exercise = apps.get_model("plans", "Exercise")
    Cause = apps.get_model("plans", "Cause")
    CauseEvidence = apps.get_model("plans", "CauseEvidence")
    CauseContraindication = apps.get_model("plans", "CauseContraindication")
    CausePreferredKind = apps.get_model("plans", "CausePreferredKind")
    CauseEducation = apps.get_model("plans", "CauseEducation")
    catalog = load_catalog_json()
    # The historical model of an early migration lacks the properties added later.
    fields = {field.name for field in Exercise._meta.get_fields()}

    education = {
        spec.slug: EducationItem.objects.create(
            slug=spec.slug, title=spec.title, category=spec.category, summary=spec.summary, body=spec.body
        )
        for spec in catalog.education
    }

    exercises = {
        spec.slug: Exercise.objects.create(
            slug=spec.slug,
            name=spec.name,
            kind=spec.kind,
            instructions=spec.instructions,
            cues=spec.cues,
            if_it_hurts=spec.if_it_hurts,
            precautions=spec.precautions,
            **spec.dose.as_dict(),
            level=spec.level,
            media_note=spec.media_note,
            approved=spec.approved,
            loaded_spinal_flexion=spec.loaded_spinal_flexion
            or ExerciseProperty.LOADED_SPINAL_FLEXION in spec.properties,
            **{
                prop.value: prop.value in spec.properties
                for prop in ExerciseProperty
                if prop != ExerciseProperty.LOADED_SPINAL_FLEXION and prop.value in fields
            },
            **{f"suits_{stage.value}": stage.value in spec.stages for stage in Stage},
        )
        for spec in catalog.exercises
    }
    for spec in catalog.exercises:
        if spec.easier in exercises:
            Exercise.objects.filter(pk=exercises[spec.slug].pk).update(easier=exercises[spec.easier])

    for rule in catalog.causes:
        cause = Cause.objects.create(
            code=rule.code,
            name=rule.name,
            description=rule.description,
            precautions=rule.precautions,
            referral_note=rule.referral_note,
        )
        CauseEvidence.objects.bulk_create(
            [CauseEvidence(cause=cause, key=k, direction="supports", weight=w) for k, w in rule.supporting]
            + [CauseEvidence(cause=cause, key=k, direction="against", weight=w) for k, w in rule.against]
        )
        CauseContraindication.objects.bulk_create(
            [CauseContraindication(cause=cause, exercise_property=p) for p in sorted(rule.contraindicated)]
        )
        CausePreferredKind.objects.bulk_create(
            [CausePreferredKind(cause=cause, kind=k, order=i) for i, k in enumerate(rule.preferred_kinds)]
        )
        # An education slug the seed does not hold yet is skipped (test_catalog_data checks the seed).
        CauseEducation.objects.bulk_create(
            [
                CauseEducation(cause=cause, item=education[slug], order=i)
                for i, slug in enumerate(s for s in rule.education if s in education)
            ]
        )
