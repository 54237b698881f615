"""Treatment given at a visit: the interventions done, each with its minutes, from a list every clinic
shares and its clinical lead extends (plans/admin_interventions.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from clinic.models import AuditedModel, Clinic
from plans.models.scoping import ClinicOrSharedQuerySet
from plans.models.visits import Visit, VisitRowQuerySet

__all__ = [
    "INTERVENTION_MINUTES_MAX",
    "INTERVENTION_MINUTES_MIN",
    "InterventionType",
    "InterventionTypeQuerySet",
    "VisitIntervention",
]

INTERVENTION_MINUTES_MIN = 1
INTERVENTION_MINUTES_MAX = 240  # four hours: far above one visit, low enough to catch a typo


class InterventionTypeQuerySet(ClinicOrSharedQuerySet):
    def offered_at(self, clinic_id: int):
        """The active types a visit at the clinic may record: its own and the shared ones."""
        return self.filter(Q(clinic__isnull=True) | Q(clinic_id=clinic_id), active=True)


class InterventionType(AuditedModel):
    """What a therapist may record as done at a visit. No clinic: shared by every clinic, kept by
    superusers; a clinic's own types are its clinical lead's. Retired by clearing ``active``."""

    name = models.CharField(max_length=80)
    clinic = models.ForeignKey(
        Clinic,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intervention_types",
        help_text="Empty: shared by every clinic.",
    )
    active = models.BooleanField(default=True, help_text="Offered on the visit form.")

    objects = InterventionTypeQuerySet.as_manager()

    class Meta:
        ordering = (Lower("name"), "id")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="plans_interventiontype_name_given"),
            models.UniqueConstraint(
                Lower("name"),
                "clinic",
                name="plans_interventiontype_unique_name",
                violation_error_message="The clinic has an intervention of that name already.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(clinic__isnull=True),
                name="plans_interventiontype_unique_shared_name",
                violation_error_message="A shared intervention has that name already.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VisitIntervention(AuditedModel):
    """One intervention done at a visit, with the minutes spent on it."""

    objects = VisitRowQuerySet.as_manager()

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="interventions")
    intervention_type = models.ForeignKey(
        InterventionType, on_delete=models.PROTECT, related_name="uses", verbose_name="intervention"
    )
    minutes = models.PositiveSmallIntegerField(
        help_text=f"{INTERVENTION_MINUTES_MIN} to {INTERVENTION_MINUTES_MAX}."
    )

    class Meta:
        ordering = ("visit", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=INTERVENTION_MINUTES_MIN, minutes__lte=INTERVENTION_MINUTES_MAX),
                name="plans_visitintervention_minutes_range",
                violation_error_message=f"Enter {INTERVENTION_MINUTES_MIN} to {INTERVENTION_MINUTES_MAX} "
                "minutes.",
            ),
            models.UniqueConstraint(
                fields=["visit", "intervention_type"],
                name="plans_visitintervention_once_per_visit",
                violation_error_message="Each intervention is listed once per visit.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type}: {self.minutes} min"
