from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Self, cast

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Count, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Replace, Upper

from clinic import dates, text
from clinic.access import VisibleQuerySet, visible
from clinic.dates import DateFormat
from clinic.models import AuditedModel, Clinic, CodedModel, TimeStampedModel
from patients.caseload_state import CaseloadState, caseload_state_constraints
from patients.search import parse_patient_query
from plans.clinical.vocabulary import Mechanism, Onset, Region, Sex

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def years_between(born: date, day: date) -> int:
    """Whole years completed on ``day`` (a 29 February birthday counts from 1 March in other years)."""
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


def _digits_of(field: str) -> Func:
    """The text without what ``patients.search.phone_digits`` drops; migration 0010 indexes it."""
    expression: Func | F = F(field)
    for mark in (" ", "+", "-", "(", ")", "."):
        expression = Replace(expression, Value(mark), Value(""))
    return cast(Func, expression)


class PatientQuerySet(VisibleQuerySet["Patient"]):
    clinic_path = "clinic"
    patient_path = "pk"
    clinical = False

    def visible_to(self, user: User | AnonymousUser, *, clinical: bool = False) -> Self:
        """Patients whose demographics the user may see, or with ``clinical`` their clinical records."""
        return visible(self, user, clinic=self.clinic_path, patient=self.patient_path, clinical=clinical)

    def active(self):
        return self.filter(is_active=True)

    def search(self, query: str, *, date_format: str = DateFormat.DAY_FIRST):
        """Patients matching every name word, or the record number, birth date, phone or e-mail."""
        parsed = parse_patient_query(query, date_format)
        if parsed.is_empty:
            return self
        every_term_in_name = Q()
        for term in parsed.name_terms:
            every_term_in_name &= Q(given_name__icontains=term) | Q(family_name__icontains=term)
        matches = Q(record_number__icontains=parsed.text) | every_term_in_name
        if parsed.born is not None:
            matches |= Q(date_of_birth=parsed.born)
        if parsed.email is not None:
            matches |= Q(email__iexact=parsed.email)
        rows = self
        if parsed.phone_digits is not None:
            rows = rows.alias(phone_digits=_digits_of("phone"))
            matches |= Q(phone_digits__contains=parsed.phone_digits)
        return rows.filter(matches)

    def for_list(self):
        """The patient list's rows, by name. The open-episode count is a subquery PostgreSQL runs for
        the page's rows only (a join and GROUP BY counted every patient's episodes first)."""
        open_episodes = Episode.objects.filter(patient=OuterRef("pk"), status=EpisodeStatus.OPEN).order_by()
        counted = open_episodes.values("patient").annotate(count=Count("pk")).values("count")
        return (
            self.select_related("clinic", "primary_therapist")
            .annotate(open_episode_count=Coalesce(Subquery(counted), 0))
            .order_by("family_name", "given_name", "id")
        )


DUPLICATE_RECORD_NUMBER = "duplicate_record_number"


class Patient(CodedModel, TimeStampedModel, AuditedModel):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    record_number = models.CharField(
        max_length=32, help_text="The clinic's own record number; left empty, the clinic's next number."
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex, default=Sex.UNKNOWN)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    primary_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="primary_patients"
    )
    is_active = models.BooleanField("active", default=True)
    portal_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="patient_record",
        help_text="The patient's own login for the portal.",
    )
    version = IntegerVersionField()

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ("family_name", "given_name", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "record_number"],
                name="patients_patient_unique_record_number_per_clinic",
                violation_error_code=DUPLICATE_RECORD_NUMBER,
                violation_error_message="This record number is already used in this clinic.",
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__gte=dates.EARLIEST_BIRTH),
                name="patients_patient_born_from_1900",
                violation_error_message="Date of birth cannot be before 1900.",
            ),
        ]
        indexes = [
            models.Index(fields=["clinic", "family_name", "given_name"], name="patient_clinic_name_idx"),
            models.Index(fields=["clinic", "is_active"], name="patient_clinic_active_idx"),
            # Lists over several clinics (or a superuser's admin list) in the default ordering.
            models.Index(fields=["family_name", "given_name", "id"], name="patient_name_idx"),
            # The search; its trigram indexes (PostgreSQL only) are in migrations 0007 and 0010.
            models.Index(fields=["date_of_birth"], name="patient_born_idx"),
            models.Index(Upper("email"), name="patient_email_upper_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.record_number})"

    def validate_constraints(self, exclude=None):
        # The clinic and record number are unique together; the message belongs next to the number.
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            duplicate = [e for e in general if getattr(e, "code", None) == DUPLICATE_RECORD_NUMBER]
            rest = [e for e in general if e not in duplicate]
            if duplicate:
                errors.setdefault("record_number", []).extend(duplicate)
            if rest:
                errors[NON_FIELD_ERRORS] = rest
            raise ValidationError(errors) from None

    def clean(self):
        super().clean()
        born = self.date_of_birth
        if born is None:
            return
        if born > dates.today():
            raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})
        if born < dates.EARLIEST_BIRTH:
            raise ValidationError({"date_of_birth": "Date of birth cannot be before 1900."})

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: date) -> int:
        return years_between(self.date_of_birth, day)

    @property
    def age(self) -> int:
        return self.age_on(dates.today())


class RecordNumberCounter(models.Model):
    """The last record number a clinic handed out; its row is locked while the next one is taken."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="record_number_counter")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("clinic",)

    def __str__(self) -> str:
        return f"{self.clinic}: {self.last_number}"


class EpisodeStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISCHARGED = "discharged", "Discharged"


class EpisodeQuerySet(VisibleQuerySet["Episode"]):
    clinic_path = "patient__clinic"
    patient_path = "patient"

    def open(self):
        return self.filter(status=Episode.Status.OPEN)

    def active(self):
        return self.filter(is_active=True)


class Episode(CodedModel, TimeStampedModel, AuditedModel, CaseloadState):
    """An episode of care: one back-pain problem from first contact to discharge."""

    Status = EpisodeStatus

    class DischargeReason(models.TextChoices):
        GOALS_MET = "goals_met", "Goals met"
        SELF_DISCHARGED = "self_discharged", "Patient stopped attending"
        REFERRED_ON = "referred_on", "Referred to another service"
        NO_PROGRESS = "no_progress", "No further progress expected"
        OTHER = "other", "Other"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="episodes")
    region = models.CharField(max_length=10, choices=Region, default=Region.LUMBAR)
    onset_date = models.DateField()
    onset = models.CharField(max_length=10, choices=Onset)
    mechanism = models.CharField(max_length=20, choices=Mechanism, default=Mechanism.NONE)
    recurrent = models.BooleanField(default=False, help_text="Has the patient had episodes like this before?")
    status = models.CharField(max_length=12, choices=Status, default=Status.OPEN)
    discharge_date = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, choices=DischargeReason, blank=True)
    is_active = models.BooleanField("active", default=True, help_text="Archived episodes are inactive.")
    archive_reason = text.limited_text(
        text.REASON, "why it was archived", blank=True, help_text="Empty while the episode is active."
    )
    version = IntegerVersionField()

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ("-onset_date", "-id")
        constraints = [
            *text.length_constraints("patients_episode", archive_reason=text.REASON),
            models.CheckConstraint(
                condition=Q(is_active=True, archive_reason="") | (Q(is_active=False) & ~Q(archive_reason="")),
                name="patients_episode_archived_with_a_reason",
                violation_error_message="An archived episode needs a reason; an active one has none.",
            ),
            models.CheckConstraint(
                condition=Q(onset_date__gte=dates.EARLIEST_CLINICAL_DATE),
                name="patients_episode_onset_from_1900",
                violation_error_message="The onset date cannot be before 1900.",
            ),
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True) | Q(discharge_date__gte=F("onset_date")),
                name="patients_episode_discharge_not_before_onset",
                violation_error_message="The discharge date cannot be before the onset date.",
            ),
            models.CheckConstraint(
                condition=Q(status=EpisodeStatus.OPEN, discharge_date__isnull=True, discharge_reason="")
                | Q(status=EpisodeStatus.DISCHARGED, discharge_date__isnull=False),
                name="patients_episode_discharge_matches_status",
                violation_error_message=(
                    "A discharged episode needs a discharge date; an open episode has no discharge date "
                    "or reason."
                ),
            ),
            *caseload_state_constraints(),
        ]
        indexes = [
            models.Index(fields=["patient", "status"], name="episode_patient_status_idx"),
            # The admin list in the default ordering.
            models.Index(fields=["-onset_date", "-id"], name="episode_onset_idx"),
            # Open episodes (few): the caseload and the inbox. The caseload's order is sorted, not indexed.
            models.Index(
                fields=["patient"],
                condition=Q(status=EpisodeStatus.OPEN, is_active=True),
                name="episode_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()} pain since {self.onset_date:%d %b %Y}"

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        today = dates.today()
        onset, discharge = self.onset_date, self.discharge_date
        if onset is not None:
            if onset > today:
                errors["onset_date"] = "The onset date cannot be in the future."
            elif self.patient_id is not None and onset < self.patient.date_of_birth:
                errors["onset_date"] = (
                    f"The onset date cannot be before the patient was born "
                    f"({self.patient.date_of_birth:%d %b %Y})."
                )
            elif onset < dates.EARLIEST_CLINICAL_DATE:
                errors["onset_date"] = "The onset date cannot be before 1900."
        if discharge is not None:
            if discharge > today:
                errors["discharge_date"] = "The discharge date cannot be in the future."
            elif onset is not None and discharge < onset:
                errors["discharge_date"] = "The discharge date cannot be before the onset date."
        if errors:
            raise ValidationError(errors)

    def duration_days_on(self, day: date) -> int:
        return (day - self.onset_date).days


class RecordAccess(models.Model):
    """One read of a patient's record: who saw which record, when, where (HIPAA 164.312(b)). Written
    only by ``patients.audit.record_access``; never changed. Rows keep the patient and the user from
    being deleted: an audit trail outlives both."""

    class Kind(models.TextChoices):
        PAGE = "page", "Staff page"
        PDF = "pdf", "Printed plan (PDF)"
        API = "api", "API"
        ADMIN = "admin", "Admin site"
        PORTAL = "portal", "Patient portal"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+", db_index=False)
    accessed_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=10, choices=Kind)
    path = models.CharField(max_length=500)
    record_type = models.CharField(
        max_length=100, help_text="The model of the record shown, e.g. plans.visit."
    )
    record_id = models.PositiveBigIntegerField(help_text="The primary key of the record shown.")

    class Meta:
        ordering = ("-accessed_at", "-id")
        verbose_name = "record access"
        verbose_name_plural = "record accesses"
        # The admin list orders by time and filters by user, patient or kind, each newest first.
        indexes = [
            models.Index(fields=["-accessed_at", "-id"], name="recordaccess_time_idx"),
            models.Index(fields=["user", "-accessed_at"], name="recordaccess_user_time_idx"),
            models.Index(fields=["patient", "-accessed_at"], name="recordaccess_patient_time_idx"),
            models.Index(fields=["kind", "-accessed_at"], name="recordaccess_kind_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} viewed {self.record_type} {self.record_id} ({self.get_kind_display()})"


class AppointmentQuerySet(VisibleQuerySet["Appointment"]):
    clinic_path = "patient__clinic"
    clinical = False  # the front desk books and records attendance

    def between(self, start: date, end: date) -> Self:
        return self.filter(on_date__range=(start, end))


class Appointment(TimeStampedModel, AuditedModel):
    """A visit the front desk booked, and whether the patient came, cancelled or missed it."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        CANCELLED = "cancelled", "Cancelled"
        MISSED = "missed", "Missed (did not attend)"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="appointments")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    on_date = models.DateField("date")
    at_time = models.TimeField("time", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.BOOKED)
    reason = models.CharField(
        max_length=200, blank=True, help_text="Why the visit was cancelled or missed (required then)."
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ("on_date", "at_time", "id")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["cancelled", "missed"]) | ~Q(reason=""),
                name="patients_appointment_reason_when_not_kept",
                violation_error_message="Say why the visit was cancelled or missed.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["booked", "attended", "cancelled", "missed"]),
                name="patients_appointment_status_valid",
            ),
            models.UniqueConstraint(
                fields=["patient", "on_date"],
                name="patients_appointment_one_per_patient_per_day",
                violation_error_message="This patient already has a visit on that day.",
            ),
        ]
        indexes = [models.Index(fields=["on_date", "therapist"], name="appointment_date_therapist_idx")]

    def __str__(self) -> str:
        return f"{self.patient.full_name} on {self.on_date:%d %b %Y} ({self.get_status_display()})"
