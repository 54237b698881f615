"""Objective measures taken at an assessment or a visit (rules and normal ranges:
plans.clinical.objective). Every column is optional: blank means not tested, never normal. A range
of motion is in degrees or a grade (``<movement>_grade``), never both."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db import models
from django.db.models import Q

from clinic.access import VisibleQuerySet
from clinic.models import AuditedModel
from plans.clinical.objective import (
    DERMATOME_FIELDS,
    MEASURE_NAMES,
    MYOTOME_FIELDS,
    OXFORD_NORMAL,
    REFLEX_FIELDS,
    ROM_FIELDS,
    ROM_GRADE_FIELDS,
    ROM_GRADE_WORDS,
    ROM_MAX,
    SLR_FIELDS,
    SLR_MAX,
    SLUMP_FIELDS,
    Reflex,
    RomGrade,
    Sensation,
    Slump,
)
from plans.models.assessments import Assessment
from plans.models.visits import Visit

__all__ = ["MEASURE_FIELDS", "ObjectiveMeasures", "measure_label"]

MEASURE_FIELDS = MEASURE_NAMES


def _degrees(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"{label} (degrees)", null=True, blank=True)


def _grade(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"{label} (Oxford 0-5)", null=True, blank=True)


def _choice(label: str, grades: type[StrEnum]) -> models.CharField:
    """Blank: not tested."""
    choices = [(grade.value, grade.value.capitalize()) for grade in grades]
    return models.CharField(label, max_length=10, choices=choices, blank=True)


def _rom_grade(label: str) -> models.CharField:
    """A range judged by eye instead of measured in degrees; blank: not graded."""
    choices = [(grade.value, ROM_GRADE_WORDS[grade].capitalize()) for grade in RomGrade]
    return models.CharField(f"{label} (grade)", max_length=10, choices=choices, blank=True)


def _degrees_or_grade(fields) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}_grade": ""}),
            name=f"plans_objective_{field}_degrees_or_grade",
        )
        for field in fields
    ]


def _at_most(fields, high: int, name: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": high}),
            name=f"plans_objective_{field}_{name}",
        )
        for field in fields
    ]


def _one_of(fields, grades: type[StrEnum]) -> list[models.CheckConstraint]:
    allowed = [grade.value for grade in grades]
    return [
        models.CheckConstraint(
            condition=Q(**{field: ""}) | Q(**{f"{field}__in": allowed}),
            name=f"plans_objective_{field}_choice",
        )
        for field in fields
    ]


class ObjectiveMeasuresQuerySet(VisibleQuerySet):
    clinic_path = "episode__patient__clinic"


class ObjectiveMeasures(AuditedModel):
    """The examination of one assessment or one visit."""

    assessment = models.OneToOneField(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="objective"
    )
    visit = models.OneToOneField(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="objective"
    )
    episode = models.ForeignKey(
        "patients.Episode", on_delete=models.PROTECT, related_name="objective_measures"
    )

    lumbar_flexion = _degrees("Lumbar flexion")
    lumbar_extension = _degrees("Lumbar extension")
    lumbar_side_flexion_left = _degrees("Lumbar side flexion left")
    lumbar_side_flexion_right = _degrees("Lumbar side flexion right")
    thoracic_rotation_left = _degrees("Thoracic rotation left")
    thoracic_rotation_right = _degrees("Thoracic rotation right")
    lumbar_flexion_grade = _rom_grade("Lumbar flexion")
    lumbar_extension_grade = _rom_grade("Lumbar extension")
    lumbar_side_flexion_left_grade = _rom_grade("Lumbar side flexion left")
    lumbar_side_flexion_right_grade = _rom_grade("Lumbar side flexion right")
    thoracic_rotation_left_grade = _rom_grade("Thoracic rotation left")
    thoracic_rotation_right_grade = _rom_grade("Thoracic rotation right")

    slr_left = _degrees("Straight-leg raise left")
    slr_left_leg_pain = models.BooleanField("Left straight-leg raise reproduces leg pain", default=False)
    slr_right = _degrees("Straight-leg raise right")
    slr_right_leg_pain = models.BooleanField("Right straight-leg raise reproduces leg pain", default=False)
    slump_left = _choice("Slump left", Slump)
    slump_right = _choice("Slump right", Slump)

    myotome_l2_left = _grade("L2 hip flexion left")
    myotome_l2_right = _grade("L2 hip flexion right")
    myotome_l3_left = _grade("L3 knee extension left")
    myotome_l3_right = _grade("L3 knee extension right")
    myotome_l4_left = _grade("L4 ankle dorsiflexion left")
    myotome_l4_right = _grade("L4 ankle dorsiflexion right")
    myotome_l5_left = _grade("L5 big-toe extension left")
    myotome_l5_right = _grade("L5 big-toe extension right")
    myotome_s1_left = _grade("S1 ankle plantarflexion left")
    myotome_s1_right = _grade("S1 ankle plantarflexion right")

    dermatome_l2_left = _choice("L2 sensation left", Sensation)
    dermatome_l2_right = _choice("L2 sensation right", Sensation)
    dermatome_l3_left = _choice("L3 sensation left", Sensation)
    dermatome_l3_right = _choice("L3 sensation right", Sensation)
    dermatome_l4_left = _choice("L4 sensation left", Sensation)
    dermatome_l4_right = _choice("L4 sensation right", Sensation)
    dermatome_l5_left = _choice("L5 sensation left", Sensation)
    dermatome_l5_right = _choice("L5 sensation right", Sensation)
    dermatome_s1_left = _choice("S1 sensation left", Sensation)
    dermatome_s1_right = _choice("S1 sensation right", Sensation)

    reflex_knee_left = _choice("Knee reflex (L3/4) left", Reflex)
    reflex_knee_right = _choice("Knee reflex (L3/4) right", Reflex)
    reflex_ankle_left = _choice("Ankle reflex (S1) left", Reflex)
    reflex_ankle_right = _choice("Ankle reflex (S1) right", Reflex)

    objects = ObjectiveMeasuresQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "objective measures"
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment__isnull=True, visit__isnull=False)
                | Q(assessment__isnull=False, visit__isnull=True),
                name="plans_objective_one_record",
            ),
            *_at_most(ROM_FIELDS, ROM_MAX, "range"),
            *_at_most(SLR_FIELDS, SLR_MAX, "range"),
            *_at_most(MYOTOME_FIELDS, OXFORD_NORMAL, "range"),
            *_one_of(ROM_GRADE_FIELDS, RomGrade),
            *_degrees_or_grade(ROM_FIELDS),
            *_one_of(SLUMP_FIELDS, Slump),
            *_one_of(DERMATOME_FIELDS, Sensation),
            *_one_of(REFLEX_FIELDS, Reflex),
        ]

    def __str__(self) -> str:
        return f"Objective measures of {self.assessment or self.visit}"

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in MEASURE_FIELDS}


def measure_label(name: str) -> str:
    """The measure's name as a label starts: capitalised."""
    field = ObjectiveMeasures._meta.get_field(name)
    assert isinstance(field, models.Field)
    label = str(field.verbose_name)
    return label[0].upper() + label[1:]
