"""Visits and the progress prompts they raise."""

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from clinic import text
from clinic.access import VisibleQuerySet
from clinic.models import AuditedModel, CodedModel
from clinic.text import length_constraint, limited_text
from patients.models import Episode
from plans.clinical.vocabulary import (
    Finding,
    MeasureStatus,
    PromptKind,
    TriageLevel,
)
from plans.models.fields import done_at_and_by, done_by_someone
from plans.models.library import Exercise
from plans.models.measures import (
    MeasuresMixin,
    fabq_pa_field,
    fabq_w_field,
    measure_constraints,
    psfs_mean_field,
    psfs_ratings_field,
    rmdq_items_field,
    rmdq_total_field,
)
from plans.models.referrals import HOLDING_LEVELS, released_q
from plans.models.scoping import EpisodeRecord, EpisodeRecordQuerySet

__all__ = [
    "PatientRating",
    "Prompt",
    "PromptQuerySet",
    "PromptStatus",
    "Visit",
    "VisitExercise",
    "VisitFinding",
]


class PatientRating(models.TextChoices):
    BETTER = "better", "Better"
    SAME = "same", "About the same"
    WORSE = "worse", "Worse"


class Visit(MeasuresMixin, CodedModel, EpisodeRecord):
    """A treatment visit: the measures taken, the red-flag screen, what was done in clinic."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="visits")
    visit_date = models.DateField()
    visit_time = models.TimeField("time of the visit", help_text="Orders several visits on one day.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nprs = models.PositiveSmallIntegerField("pain now (0-10)", null=True, blank=True)
    odi_sections = models.JSONField(
        default=list, blank=True, help_text="The ten ODI answers (0-5 or null) when the ODI was taken."
    )
    odi_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    odi_valid = models.BooleanField(default=False)
    # PSFS re-rates the baseline's activities, in their order; RMDQ as a total, or its 24 answers.
    psfs_ratings = psfs_ratings_field()
    psfs_mean = psfs_mean_field()
    rmdq_items = rmdq_items_field()
    rmdq_total = rmdq_total_field()
    fabq_pa = fabq_pa_field()
    fabq_w = fabq_w_field()
    patient_rating = models.CharField(max_length=10, choices=PatientRating, blank=True)
    adherence_percent = models.PositiveSmallIntegerField(
        "home-exercise adherence (%)", null=True, blank=True, help_text="Share of prescribed sessions done."
    )
    note = limited_text(text.NOTE, blank=True)
    status = models.CharField(max_length=10, choices=MeasureStatus, blank=True)
    judgement = models.JSONField(default=dict, blank=True, help_text="Change from baseline per measure.")
    next_visit_date = models.DateField(
        "next visit",
        null=True,
        blank=True,
        help_text="When the patient should come back, for the front desk.",
    )
    plan_version = models.ForeignKey(
        "PlanVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    baseline = models.ForeignKey(
        "Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    # The latest amendment; every earlier value stays in the history, with its reason.
    amended_at, amended_by = done_at_and_by()
    amendment_reason = limited_text(text.REASON, blank=True)
    # Kept by plans.services.notes.note_save in the signing transaction: the inbox finds the few
    # visits with no signed note through a partial index instead of probing every visit's notes.
    note_signed = models.BooleanField("daily note signed", default=False, editable=False)
    version = IntegerVersionField()
    day_field = ("visit_date", "visit")

    objects = EpisodeRecordQuerySet.as_manager()

    class Meta:
        ordering = ("episode", "visit_date", "visit_time", "id")
        constraints = [
            length_constraint("note", text.NOTE, name="plans_visit_note_length"),
            length_constraint("amendment_reason", text.REASON, name="plans_visit_amendment_reason_length"),
            done_by_someone("amended", name="plans_visit_amended_by_someone"),
            models.CheckConstraint(
                condition=Q(amended_at__isnull=True) | ~Q(amendment_reason=""),
                name="plans_visit_amendment_has_reason",
            ),
            models.UniqueConstraint(
                fields=["episode", "visit_date", "visit_time"],
                name="plans_visit_one_per_moment",
                violation_error_message="Another visit of this episode is recorded at that date and time.",
            ),
            models.CheckConstraint(
                condition=Q(nprs__isnull=True) | Q(nprs__lte=10), name="plans_visit_nprs_range"
            ),
            models.CheckConstraint(
                condition=Q(odi_percent__isnull=True) | Q(odi_percent__gte=0, odi_percent__lte=100),
                name="plans_visit_odi_range",
            ),
            models.CheckConstraint(
                condition=Q(adherence_percent__isnull=True) | Q(adherence_percent__lte=100),
                name="plans_visit_adherence_range",
            ),
            models.CheckConstraint(
                condition=Q(next_visit_date__isnull=True) | Q(next_visit_date__gt=F("visit_date")),
                name="plans_visit_next_visit_after_visit",
                violation_error_message="The next visit must be after this one.",
            ),
            *measure_constraints("plans_visit"),
        ]
        indexes = [
            models.Index(fields=["episode", "-visit_date"], name="visit_episode_date_idx"),
            # The admin list, newest first (ordering by the episode would sort every row).
            models.Index(fields=["-visit_date", "-visit_time", "-id"], name="visit_date_time_idx"),
            # Unsigned daily notes, per therapist, newest first.
            models.Index(
                fields=["recorded_by", "-visit_date"],
                condition=Q(note_signed=False),
                name="visit_unsigned_note_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit on {self.visit_date:%d %b %Y} at {self.visit_time:%H:%M}"


class VisitRowQuerySet(VisibleQuerySet):
    clinic_path = "visit__episode__patient__clinic"


class VisitFinding(AuditedModel):
    objects = VisitRowQuerySet.as_manager()
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=50, choices=Finding)

    class Meta:
        ordering = ("visit", "code")
        constraints = [models.UniqueConstraint(fields=["visit", "code"], name="plans_visitfinding_unique")]

    def __str__(self) -> str:
        return self.get_code_display()


class VisitExercise(AuditedModel):
    """An exercise done in clinic at a visit, with the dose used."""

    objects = VisitRowQuerySet.as_manager()

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    load = models.CharField(max_length=60, blank=True, help_text="Weight, band or level used.")

    class Meta:
        ordering = ("visit", "id")
        constraints = [
            models.UniqueConstraint(fields=["visit", "exercise"], name="plans_visitexercise_unique"),
        ]

    def __str__(self) -> str:
        return str(self.exercise)


class PromptStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTED = "acted", "Acted on"
    DISMISSED = "dismissed", "Dismissed"


class PromptQuerySet(EpisodeRecordQuerySet):
    def open(self):
        return self.filter(status=PromptStatus.OPEN)

    def holding_plan(self):
        """Open urgent or emergency red-flag prompts with neither a referral nor (urgent) an override."""
        return (
            self.open()
            .filter(kind=PromptKind.RED_FLAG, level__in=HOLDING_LEVELS)
            .exclude(released_q(source="prompt", level_field="level"))
        )

    def open_red_flags(self):
        """Red-flag prompts whose referral is not recorded yet, whatever their status (one dismissed
        before red flags became undismissable still counts): the one place that says what
        "referred" means for a visit's red flag (an override releases the plan, not the flag)."""
        return self.filter(kind=PromptKind.RED_FLAG, referrals__isnull=True)

    def open_other(self):
        """Open prompts other than red flags: regression, relapse, plateau, goal met, re-evaluation."""
        return self.open().exclude(kind=PromptKind.RED_FLAG)


class Prompt(EpisodeRecord):
    """A prompt raised by the progress rules at a visit, kept until the therapist acts or dismisses."""

    Status = PromptStatus

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="prompts")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="prompts")
    kind = models.CharField(max_length=20, choices=PromptKind)
    level = models.CharField(max_length=10, choices=TriageLevel, blank=True)
    reasons = models.JSONField(default=list)
    message = models.TextField(help_text="What the prompt says, in words.")
    status = models.CharField(max_length=10, choices=PromptStatus, default=PromptStatus.OPEN)
    resolved_at, resolved_by = done_at_and_by()
    dismissal_reason = limited_text(text.REASON, blank=True)
    plan_version = models.ForeignKey(
        "PlanVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="prompts"
    )
    objects = PromptQuerySet.as_manager()

    class Meta:
        ordering = ("episode", "-visit__visit_date", "-visit__visit_time", "id")
        constraints = [
            length_constraint("dismissal_reason", text.REASON, name="plans_prompt_dismissal_reason_length"),
            models.UniqueConstraint(fields=["visit", "kind"], name="plans_prompt_one_kind_per_visit"),
            models.CheckConstraint(
                condition=~Q(status=PromptStatus.DISMISSED) | ~Q(dismissal_reason=""),
                name="plans_prompt_dismissal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=PromptStatus.OPEN)
                | Q(resolved_by__isnull=False, resolved_at__isnull=False),
                name="plans_prompt_resolution_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PromptKind.RED_FLAG) | ~Q(level=""), name="plans_prompt_red_flag_level"
            ),
        ]
        indexes = [
            models.Index(fields=["episode", "status"], name="prompt_episode_status_idx"),
            # The attention inbox and the nav count: an episode's red-flag prompts.
            models.Index(
                fields=["episode"], condition=Q(kind=PromptKind.RED_FLAG), name="prompt_red_flag_idx"
            ),
            # The admin list, newest first.
            models.Index(fields=["-created_at", "-id"], name="prompt_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.visit.visit_date:%d %b %Y})"
