"""Plans of care and their immutable, numbered versions."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from clinic import dates, text
from clinic.access import VisibleQuerySet
from clinic.models import AuditedModel, CodedModel, TimeStampedModel
from clinic.text import length_constraint, limited_text
from patients.models import Episode, Patient
from plans.clinical.dose import PRESCRIPTION_RANGES, Dose
from plans.clinical.goal_status import JUDGED_BY_THERAPIST, TARGET_RANGES
from plans.clinical.goal_words import goal_sentence
from plans.clinical.vocabulary import GoalStatus
from plans.models.assessments import Assessment
from plans.models.days import planned_day_error
from plans.models.library import EducationItem, EducationLink, Exercise
from plans.models.scoping import PortalEpisodeRecordQuerySet
from plans.models.visits import Prompt

__all__ = [
    "OBJECTIVE_GOAL_MEASURES",
    "GoalMeasure",
    "Plan",
    "PlanEducation",
    "PlanExercise",
    "PlanGoal",
    "PlanVersion",
    "PlanVersionQuerySet",
    "episode_held_q",
]


class Plan(CodedModel, TimeStampedModel, AuditedModel):
    """The episode's plan of care; its content lives in immutable, numbered versions."""

    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="plan")

    objects = PortalEpisodeRecordQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Plan for {self.episode.patient.full_name}"


class PlanVersionQuerySet(VisibleQuerySet["PlanVersion"]):
    clinic_path = "plan__episode__patient__clinic"
    patient_path = "plan__episode__patient"

    def with_hold(self):
        """Each version with ``plan_held``: whether a red flag holds its episode's plan now."""
        return self.annotate(
            plan_held=models.ExpressionWrapper(
                episode_held_q("plan__episode"), output_field=models.BooleanField()
            )
        )

    def current_for(self, episode: Episode, *, on: date | None = None) -> "PlanVersion | None":
        """The episode's current version: its newest, or the newest approved by day ``on`` (its newest
        when none was approved by then)."""
        versions = self.filter(plan__episode=episode).order_by("-number")
        if on is not None:
            return versions.filter(approved_at__date__lte=on).first() or versions.first()
        return versions.first()

    def current_for_patient(self, patient: Patient) -> "PlanVersion | None":
        """The current version of the patient's active plan: the newest approved for any of the
        patient's open, active episodes (a plan's newest version is always its current one)."""
        return (
            self.filter(
                plan__episode__patient=patient,
                plan__episode__status=Episode.Status.OPEN,
                plan__episode__is_active=True,
            )
            .order_by("-approved_at", "-number")
            .first()
        )

    def with_items(self):
        return self.select_related("approved_by", "assessment").prefetch_related(
            models.Prefetch("exercises", queryset=PlanExercise.objects.select_related("exercise")),
            models.Prefetch("education", queryset=PlanEducation.objects.select_related("item")),
            "goals",
        )


class PlanVersion(AuditedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_versions"
    )
    reason = limited_text(
        text.REASON, blank=True, help_text="Why the plan changed (required after version 1)."
    )
    patient_note = limited_text(
        text.REASON,
        "what changed, for the patient",
        blank=True,
        help_text="Plain words shown on the portal and the printed plan; the reason stays with the team.",
    )
    review_date = models.DateField()
    activity_advice = limited_text(text.NOTE, blank=True)
    notes = limited_text(text.NOTE, blank=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ("plan", "-number")
        constraints = [
            length_constraint("reason", text.REASON, name="plans_planversion_reason_length"),
            length_constraint("patient_note", text.REASON, name="plans_planversion_patient_note_length"),
            length_constraint("activity_advice", text.NOTE, name="plans_planversion_activity_advice_length"),
            length_constraint("notes", text.NOTE, name="plans_planversion_notes_length"),
            models.UniqueConstraint(fields=["plan", "number"], name="plans_planversion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plans_planversion_number_positive"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""),
                name="plans_planversion_reason_after_first",
                violation_error_message="Say why the plan is changing.",
            ),
            # The review is due on or after the clinic's local day of approval: the plan is approved
            # before that day ends. The database sees only the UTC instant, and no time zone's day
            # ends more than 12 hours after UTC's, hence the review day's UTC midnight plus 36 hours.
            models.CheckConstraint(
                condition=Q(approved_at__lt=F("review_date") + timedelta(hours=36)),
                name="plans_planversion_review_not_before_approval",
                violation_error_message="The review date cannot be before the plan was approved.",
            ),
        ]
        # The admin list, newest first (ordering by the plan would sort every version).
        indexes = [models.Index(fields=["-approved_at", "-id"], name="planversion_approved_idx")]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def approved_on(self):
        return timezone.localdate(self.approved_at) if self.approved_at else dates.today()

    def clean(self):
        super().clean()
        if self.review_date is None:
            return
        if self.review_date < self.approved_on:
            raise ValidationError({"review_date": "The review date cannot be in the past."})
        if error := planned_day_error(self.review_date, start=self.approved_on, what="review date"):
            raise ValidationError({"review_date": error})


class PlanItemQuerySet(VisibleQuerySet[Any]):
    clinic_path = "version__plan__episode__patient__clinic"
    patient_path = "version__plan__episode__patient"


class PlanItem(AuditedModel):
    """A row of a plan version's content: an exercise, an education item or a goal."""

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        abstract = True


def _dose_within(field: str, *, name: str, nullable: bool = False) -> models.CheckConstraint:
    allowed = PRESCRIPTION_RANGES[field]
    within = Q(**{f"{field}__gte": allowed.start, f"{field}__lte": allowed.stop - 1})
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | within if nullable else within, name=name
    )


class PlanExercise(PlanItem):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    times_per_day = models.PositiveSmallIntegerField()
    days_per_week = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300, blank=True, help_text="Why it is in the plan, in plain words.")
    offer_variants = models.BooleanField(
        default=True, help_text="Show the patient the easier and harder variants of this exercise."
    )
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("version", "order", "id")
        constraints = [
            models.UniqueConstraint(fields=["version", "exercise"], name="plans_planexercise_unique"),
            _dose_within("sets", name="plans_planexercise_sets"),
            _dose_within("reps", nullable=True, name="plans_planexercise_reps"),
            _dose_within("hold_seconds", nullable=True, name="plans_planexercise_hold"),
            _dose_within("times_per_day", name="plans_planexercise_times"),
            _dose_within("days_per_week", name="plans_planexercise_days"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} ({self.dose.describe()})"

    @property
    def dose(self) -> Dose:
        return Dose.of(self)


class PlanEducation(EducationLink, PlanItem):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="education")
    item = models.ForeignKey(EducationItem, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("version", "order", "id")
        constraints = [
            models.UniqueConstraint(fields=["version", "item"], name="plans_planeducation_unique"),
        ]


class GoalMeasure(models.TextChoices):
    NPRS = "nprs", "Pain (NPRS, 0-10)"
    ODI = "odi", "Disability (ODI %)"
    RMDQ = "rmdq", "Disability (RMDQ, 0-24)"
    PSFS = "psfs", "Activities (PSFS mean, 0-10)"
    LUMBAR_FLEXION = "lumbar_flexion", "Lumbar flexion (degrees)"
    SLR_LEFT = "slr_left", "Straight-leg raise left (degrees)"
    SLR_RIGHT = "slr_right", "Straight-leg raise right (degrees)"
    FUNCTION = "function", "Functional goal"


HIGHER_IS_BETTER_GOALS = frozenset(
    {GoalMeasure.PSFS, GoalMeasure.LUMBAR_FLEXION, GoalMeasure.SLR_LEFT, GoalMeasure.SLR_RIGHT}
)
# Judged on the objective measures of the assessment and the visits (plans.models.objective).
OBJECTIVE_GOAL_MEASURES = frozenset({GoalMeasure.LUMBAR_FLEXION, GoalMeasure.SLR_LEFT, GoalMeasure.SLR_RIGHT})


def _target_within(*measures: GoalMeasure, name: str) -> models.CheckConstraint:
    high = TARGET_RANGES[measures[0]]
    return models.CheckConstraint(
        condition=~Q(measure__in=measures) | Q(target__gte=0, target__lte=high), name=name
    )


class PlanGoal(PlanItem):
    Measure = GoalMeasure

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    measure = models.CharField(max_length=20, choices=Measure)
    target = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    due_date = models.DateField()
    description = models.CharField(max_length=300, blank=True)
    dropped_on = models.DateField(null=True, blank=True)
    dropped_reason = models.CharField(max_length=300, blank=True)
    # A functional goal's status, given by the therapist since no value can judge it (history keeps
    # each change, who and when); a measured goal is judged from the visits instead.
    judged_status = models.CharField(
        "status", max_length=10, blank=True, choices=[(s.value, s.label) for s in JUDGED_BY_THERAPIST]
    )
    judged_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("version", "due_date", "id")
        constraints = [
            models.CheckConstraint(
                condition=~Q(measure=GoalMeasure.NPRS) | Q(target__gte=0, target__lte=10),
                name="plans_plangoal_nprs_target_range",
            ),
            models.CheckConstraint(
                condition=~Q(measure=GoalMeasure.ODI) | Q(target__gte=0, target__lte=100),
                name="plans_plangoal_odi_target_range",
            ),
            models.CheckConstraint(
                condition=~Q(measure=GoalMeasure.RMDQ) | Q(target__gte=0, target__lte=24),
                name="plans_plangoal_rmdq_target_range",
            ),
            models.CheckConstraint(
                condition=~Q(measure=GoalMeasure.PSFS) | Q(target__gte=0, target__lte=10),
                name="plans_plangoal_psfs_target_range",
            ),
            _target_within(GoalMeasure.LUMBAR_FLEXION, name="plans_plangoal_rom_target_range"),
            _target_within(
                GoalMeasure.SLR_LEFT, GoalMeasure.SLR_RIGHT, name="plans_plangoal_slr_target_range"
            ),
            models.CheckConstraint(
                condition=Q(dropped_on__isnull=True, dropped_reason="")
                | (Q(dropped_on__isnull=False) & ~Q(dropped_reason="")),
                name="plans_plangoal_dropped_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(judged_status="", judged_on__isnull=True)
                | (
                    Q(measure=GoalMeasure.FUNCTION, judged_on__isnull=False)
                    & Q(judged_status__in=[s.value for s in JUDGED_BY_THERAPIST])
                ),
                name="plans_plangoal_judged_functional_only",
                violation_error_message="Only a functional goal is given its status by the therapist.",
            ),
            models.CheckConstraint(
                condition=Q(measure=GoalMeasure.FUNCTION) | Q(target__isnull=False),
                name="plans_plangoal_measured_target_required",
            ),
        ]

    def __str__(self) -> str:
        if self.measure == self.Measure.FUNCTION or self.target is None:
            return self.description
        target = f"{self.target.normalize():f}"
        return f"{self.get_measure_display()} {self.comparator_words} {target} by {self.due_date:%d %b %Y}"

    @property
    def higher_is_better(self) -> bool:
        return self.measure in HIGHER_IS_BETTER_GOALS

    @property
    def comparator_words(self) -> str:
        return "at least" if self.higher_is_better else "at most"

    @property
    def judged(self) -> GoalStatus | None:
        return GoalStatus(self.judged_status) if self.judged_status else None

    def plain_words(self, status: str | None = None) -> str:
        """The goal as the patient reads it (plans.clinical.goal_words), with ``status`` if given."""
        return goal_sentence(
            measure=self.measure,
            target=self.target,
            due=self.due_date,
            description=self.description,
            status=status,
        )

    def clean(self):
        super().clean()
        if self.due_date is None or self.version_id is None:
            return
        onset = self.version.plan.episode.onset_date
        if self.due_date < onset:
            raise ValidationError({"due_date": "The due date cannot be before the episode's onset date."})
        if error := planned_day_error(self.due_date, start=self.version.approved_on, what="due date"):
            raise ValidationError({"due_date": error})


def episode_held_q(episode_ref: str = "pk") -> Q:
    """Filter of episodes whose plan is held: the latest assessment, or an open red-flag prompt, is
    urgent or emergency and not released (what ``services.plan_holds`` lists, in one expression)."""
    held_assessment = Assessment.objects.holding_plan().filter(episode=OuterRef(episode_ref))
    held_prompt = Prompt.objects.holding_plan().filter(episode=OuterRef(episode_ref))
    return Q(Exists(held_assessment)) | Q(Exists(held_prompt))
