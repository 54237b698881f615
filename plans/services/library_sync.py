"""Bring the shared library in line with the seed files in plans/data: the data migrations' work.

``library_sync`` upserts education items (by slug), exercises (by slug) and causes (by code) from
the JSON catalogue: existing rows get the files' values, missing rows are created, the easier/harder
links are relinked, and each cause's evidence, contraindications, preferred kinds and education
are replaced. ``poses.json`` (``{slug: {"start": {...}, "end": {...}, "start_alt": "...",
"end_alt": "..."}}``), when present, fills the drawn pictures' poses and alt texts. Uploaded
pictures and their licences are never touched. Running it twice changes nothing the second time
(but the library's stamp, so every process reads the library afresh).

Written against a model registry so it runs on a migration's historical models; fields a
historical model lacks are skipped, so an early migration can use it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.db import transaction

from plans.clinical.catalog import DATA_DIR, Catalog, ExerciseSpec, load_catalog_json
from plans.clinical.vocabulary import ExerciseProperty, Stage
from plans.services.library_stamp import library_stamp_bump

POSES_FILE = "poses.json"


def load_poses(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """The drawn pictures' poses by exercise slug; empty when the file does not exist (yet)."""
    path = (DATA_DIR if directory is None else Path(directory)) / POSES_FILE
    if not path.exists():
        return {}
    poses: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return poses


def exercise_values(spec: ExerciseSpec, pose: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every library field of one exercise row, from its spec and (when drawn) its pose."""
    values: dict[str, Any] = {
        "name": spec.name,
        "kind": spec.kind,
        "instructions": spec.instructions,
        "cues": spec.cues,
        "if_it_hurts": spec.if_it_hurts,
        "precautions": spec.precautions,
        **spec.dose.as_dict(),
        "level": spec.level,
        "media_note": spec.media_note,
        "approved": spec.approved,
        "target_region": spec.target_region,
        **{prop.value: prop.value in spec.properties for prop in ExerciseProperty},
        **{f"suits_{stage.value}": stage.value in spec.stages for stage in Stage},
    }
    values[ExerciseProperty.LOADED_SPINAL_FLEXION.value] = (
        spec.loaded_spinal_flexion or ExerciseProperty.LOADED_SPINAL_FLEXION in spec.properties
    )
    if pose:
        values.update(
            start_pose=pose.get("start") or {},
            end_pose=pose.get("end") or {},
            start_picture_alt=pose.get("start_alt", ""),
            end_picture_alt=pose.get("end_alt", ""),
        )
    return values


def library_sync(
    *, apps: Apps, catalog: Catalog | None = None, poses: dict[str, dict[str, Any]] | None = None
) -> None:
    catalog = load_catalog_json() if catalog is None else catalog
    poses = load_poses() if poses is None else poses
    with transaction.atomic():
        education = _sync_education(apps, catalog)
        _sync_exercises(apps, catalog, poses)
        _sync_causes(apps, catalog, education)
        library_stamp_bump(apps=apps)  # historical models send no signals


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Create the row, or update only the fields that differ (so a second run writes nothing)."""
    fields = {field.name for field in model._meta.get_fields()}
    values = {k: v for k, v in values.items() if k in fields}
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values)
    changed = [k for k, v in values.items() if getattr(row, k) != v]
    if changed:
        for k in changed:
            setattr(row, k, values[k])
        row.save(update_fields=[*changed, *({"updated_at"} & fields)])
    return row


def _sync_education(apps: Apps, catalog: Catalog) -> dict[str, Any]:
    EducationItem = apps.get_model("plans", "EducationItem")
    return {
        spec.slug: _upsert(
            EducationItem,
            {"slug": spec.slug},
            {"title": spec.title, "category": spec.category, "summary": spec.summary, "body": spec.body},
        )
        for spec in catalog.education
    }


def _sync_exercises(apps: Apps, catalog: Catalog, poses: dict[str, dict[str, Any]]) -> None:
    Exercise = apps.get_model("plans", "Exercise")
    rows = {
        spec.slug: _upsert(Exercise, {"slug": spec.slug}, exercise_values(spec, poses.get(spec.slug)))
        for spec in catalog.exercises
    }
    # Each exercise is the easier variant of at most one other (a one-to-one link), so links that
    # move are cleared before any is set.
    wanted = {rows[s.slug].pk: rows[s.easier].pk for s in catalog.exercises if s.easier in rows}
    current = dict(Exercise.objects.filter(easier__isnull=False).values_list("pk", "easier_id"))
    catalogued = {row.pk for row in rows.values()}
    stale = [
        pk
        for pk, easier_id in current.items()
        if wanted.get(pk) != easier_id and (pk in catalogued or easier_id in wanted.values())
    ]
    Exercise.objects.filter(pk__in=stale).update(easier=None)
    for pk, easier_id in wanted.items():
        if current.get(pk) != easier_id:
            Exercise.objects.filter(pk=pk).update(easier_id=easier_id)


def _sync_causes(apps: Apps, catalog: Catalog, education: dict[str, Any]) -> None:
    Cause = apps.get_model("plans", "Cause")
    CauseEvidence = apps.get_model("plans", "CauseEvidence")
    CauseContraindication = apps.get_model("plans", "CauseContraindication")
    CausePreferredKind = apps.get_model("plans", "CausePreferredKind")
    CauseEducation = apps.get_model("plans", "CauseEducation")
    for rule in catalog.causes:
        cause = _upsert(
            Cause,
            {"code": rule.code},
            {
                "name": rule.name,
                "description": rule.description,
                "precautions": rule.precautions,
                "referral_note": rule.referral_note,
            },
        )
        evidence = sorted(
            [(k, "supports", w) for k, w in rule.supporting] + [(k, "against", w) for k, w in rule.against]
        )
        have = sorted(
            (e.key, e.direction, float(e.weight)) for e in CauseEvidence.objects.filter(cause=cause)
        )
        if have != evidence:
            CauseEvidence.objects.filter(cause=cause).delete()
            CauseEvidence.objects.bulk_create(
                [CauseEvidence(cause=cause, key=k, direction=d, weight=w) for k, d, w in evidence]
            )
        contra = sorted(rule.contraindicated)
        contra_links = CauseContraindication.objects.filter(cause=cause)
        if sorted(contra_links.values_list("exercise_property", flat=True)) != contra:
            contra_links.delete()
            CauseContraindication.objects.bulk_create(
                [CauseContraindication(cause=cause, exercise_property=p) for p in contra]
            )
        kinds = list(rule.preferred_kinds)
        kind_links = CausePreferredKind.objects.filter(cause=cause).order_by("order", "id")
        if list(kind_links.values_list("kind", flat=True)) != kinds:
            kind_links.delete()
            CausePreferredKind.objects.bulk_create(
                [CausePreferredKind(cause=cause, kind=k, order=i) for i, k in enumerate(kinds)]
            )
        items = [slug for slug in rule.education if slug in education]
        item_links = CauseEducation.objects.filter(cause=cause).order_by("order", "id")
        if list(item_links.values_list("item__slug", flat=True)) != items:
            item_links.delete()
            CauseEducation.objects.bulk_create(
                [CauseEducation(cause=cause, item=education[s], order=i) for i, s in enumerate(items)]
            )
