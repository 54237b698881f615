from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Self

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from clinic import text
from clinic.dates import DateFormat
from clinic.text import length_constraint, limited_text

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def full_name_of(user) -> str:
    """How staff are named on every page and admin list: "First Last", the login name only when
    the account has no name."""
    return user.get_full_name() or user.username


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditedModel(models.Model):
    """Every change is kept: who changed what, and when (django-simple-history, one historical model
    per concrete subclass)."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class CodedModel(models.Model):
    """Reached by a random code in URLs, so that rows cannot be enumerated."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


# The warning comes 2 minutes before; a working day is the most.
IDLE_LOGOUT_MINUTES_MIN = 5
IDLE_LOGOUT_MINUTES_MAX = 480


class StaffVisibleQuerySet(models.QuerySet):
    """Rows every staff member of their clinic sees, whatever the role (``clinic.access.visible``)."""

    clinic_path: ClassVar[str]

    def visible_to(self, user: User | AnonymousUser) -> Self:
        from clinic.access import visible  # the gate reads memberships, so it imports this module

        return visible(self, user, clinic=self.clinic_path, clinical=False)


class ClinicQuerySet(StaffVisibleQuerySet):
    clinic_path = "pk"


class Clinic(CodedModel, TimeStampedModel, AuditedModel):
    """A clinic, with the progress thresholds its therapists work to (published values by default)."""

    name = models.CharField(max_length=200, unique=True)
    phone = models.CharField(max_length=40, blank=True)
    address = limited_text(text.ADDRESS, blank=True)
    email = models.EmailField("e-mail", blank=True)
    letterhead = models.CharField(
        "letterhead line", max_length=200, blank=True,
        help_text="A line printed under the clinic's name on letters, e.g. \"Physiotherapy for back pain\".",
    )  # fmt: skip

    nprs_mcid = models.PositiveSmallIntegerField(
        "NPRS MCID (points)", default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    odi_mcid = models.DecimalField(
        "ODI MCID (points)",
        max_digits=4,
        decimal_places=1,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
    )
    relative_improvement_percent = models.PositiveSmallIntegerField(
        "relative improvement (%)", default=30, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    plateau_window_days = models.PositiveSmallIntegerField(
        "plateau after no change for (days)", default=21, validators=[MinValueValidator(1)]
    )
    plateau_days = models.PositiveSmallIntegerField(
        "plateau after (days)", default=28, validators=[MinValueValidator(1)]
    )
    unsigned_note_days = models.PositiveSmallIntegerField(
        "unsigned notes flagged after (days)",
        default=2,
        validators=[MinValueValidator(1)],
        help_text="A note left unsigned this many days shows in its therapist's attention list.",
    )
    reevaluation_days = models.PositiveSmallIntegerField(
        "re-evaluation due after (days)", default=30, validators=[MinValueValidator(1)]
    )
    reevaluation_visit_count = models.PositiveSmallIntegerField(
        "re-evaluation due at visit number", default=10, validators=[MinValueValidator(1)]
    )
    subacute_from_days = models.PositiveSmallIntegerField("subacute from (days)", default=42)
    chronic_from_days = models.PositiveSmallIntegerField("chronic from (days)", default=84)
    version = IntegerVersionField()
    date_format = models.CharField(
        max_length=3,
        choices=DateFormat,
        default=DateFormat.DAY_FIRST,
        help_text="How staff type and read dates; YYYY-MM-DD is always accepted too.",
    )

    idle_logout_minutes = models.PositiveSmallIntegerField(
        "sign out after idle (minutes)",
        default=30,
        validators=[MinValueValidator(IDLE_LOGOUT_MINUTES_MIN), MaxValueValidator(IDLE_LOGOUT_MINUTES_MAX)],
        help_text=f"Staff and patients are signed out after this long without using Upright "
        f"({IDLE_LOGOUT_MINUTES_MIN} to {IDLE_LOGOUT_MINUTES_MAX}). Staff of several clinics get the "
        "shortest of their clinics' times.",
    )

    objects = ClinicQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(chronic_from_days__gt=models.F("subacute_from_days")),
                name="clinic_clinic_chronic_after_subacute",
                violation_error_message="Chronic must start after subacute.",
            ),
            models.CheckConstraint(
                condition=Q(nprs_mcid__gte=1) & Q(nprs_mcid__lte=10),
                name="clinic_clinic_nprs_mcid_range",
            ),
            models.CheckConstraint(
                condition=Q(relative_improvement_percent__gte=1) & Q(relative_improvement_percent__lte=100),
                name="clinic_clinic_relative_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(idle_logout_minutes__gte=IDLE_LOGOUT_MINUTES_MIN)
                & Q(idle_logout_minutes__lte=IDLE_LOGOUT_MINUTES_MAX),
                name="clinic_clinic_idle_logout_minutes_range",
            ),
            length_constraint("address", text.ADDRESS, name="clinic_clinic_address_length"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(StaffVisibleQuerySet):
    clinic_path = "clinic"

    def therapists(self):
        return self.filter(role__in=Membership.CLINICAL_ROLES)


class Membership(TimeStampedModel, AuditedModel):
    """One role of a user at a clinic. A user may hold several roles at one clinic (a practice manager
    who also treats patients holds both)."""

    class Role(models.TextChoices):
        THERAPIST = "therapist", "Therapist"
        CLINICAL_LEAD = "clinical_lead", "Clinical lead"
        ADMIN_STAFF = "admin_staff", "Admin staff"
        PRACTICE_MANAGER = "practice_manager", "Practice manager"

    # Roles that see and write clinical records.
    CLINICAL_ROLES = (Role.THERAPIST, Role.CLINICAL_LEAD)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role, default=Role.THERAPIST)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ("clinic__name", "user__username")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "clinic", "role"],
                name="clinic_membership_unique_user_clinic_role",
                violation_error_message="This person already holds that role at this clinic.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.clinic})"
