import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic import dates, text
from clinic.models import TimeStampedModel
from clinic.text import length_constraint, limited_text
from patients.models import Episode
from plans.clinical.flares import FLARE_POINTS, is_flare
from plans.clinical.scoring import SCORING_VERSION
from plans.clinical.vocabulary import (
    Bothersomeness,
    CauseCode,
    EducationCategory,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    MeasureStatus,
    Mechanism,
    OdiBand,
    Onset,
    PainDistribution,
    PromptKind,
    Region,
    Stage,
    StartBackRisk,
    TriageLevel,
)

# --- Library: education items, exercises, the cause taxonomy -------------------------------------


class EducationItem(TimeStampedModel):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=160)
    category = models.CharField(max_length=20, choices=EducationCategory)
    summary = models.CharField(max_length=300)
    body = limited_text(text.LIBRARY_TEXT, help_text="Plain words for patients.")

    history = HistoricalRecords()

    class Meta:
        ordering = ("title",)
        constraints = [
            length_constraint("body", text.LIBRARY_TEXT, name="plans_educationitem_body_length"),
        ]

    def __str__(self) -> str:
        return self.title


class Exercise(TimeStampedModel):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=30, choices=ExerciseKind)
    instructions = limited_text(text.LIBRARY_TEXT, help_text="Plain-language steps for the patient.")
    cues = limited_text(text.NOTE, "therapist cues", blank=True)
    if_it_hurts = limited_text(text.NOTE, "if it hurts", blank=True)
    precautions = limited_text(text.NOTE, blank=True)
    sets = models.PositiveSmallIntegerField(default=1)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    times_per_day = models.PositiveSmallIntegerField(default=1)
    days_per_week = models.PositiveSmallIntegerField(default=7)
    level = models.PositiveSmallIntegerField(default=1, help_text="1 easiest to 3 hardest.")
    easier = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="harder",
        help_text="The easier variant; this exercise becomes its harder variant.",
    )
    loaded_spinal_flexion = models.BooleanField(default=False)
    spinal_flexion = models.BooleanField(default=False)
    spinal_extension = models.BooleanField(default=False)
    rotation = models.BooleanField(default=False)
    high_impact = models.BooleanField(default=False)
    suits_acute = models.BooleanField(default=True)
    suits_subacute = models.BooleanField(default=True)
    suits_chronic = models.BooleanField(default=True)
    media_note = models.CharField("media source and licence", max_length=300, blank=True)
    approved = models.BooleanField(default=False, help_text="Only approved exercises are suggested.")

    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        constraints = [
            length_constraint("instructions", text.LIBRARY_TEXT, name="plans_exercise_instructions_length"),
            length_constraint("cues", text.NOTE, name="plans_exercise_cues_length"),
            length_constraint("if_it_hurts", text.NOTE, name="plans_exercise_if_it_hurts_length"),
            length_constraint("precautions", text.NOTE, name="plans_exercise_precautions_length"),
            models.CheckConstraint(condition=Q(sets__gte=1), name="plans_exercise_sets_positive"),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1), name="plans_exercise_reps_positive"
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True) | Q(hold_seconds__gte=1),
                name="plans_exercise_hold_positive",
            ),
            models.CheckConstraint(
                condition=Q(times_per_day__gte=1, times_per_day__lte=24), name="plans_exercise_times_per_day"
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1, days_per_week__lte=7), name="plans_exercise_days_per_week"
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="plans_exercise_level"),
            models.CheckConstraint(condition=~Q(easier=F("id")), name="plans_exercise_not_its_own_variant"),
        ]
        indexes = [models.Index(fields=["kind", "approved"], name="exercise_kind_approved_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def properties(self) -> frozenset[str]:
        return frozenset(prop for prop in ExerciseProperty if getattr(self, prop.value))

    @property
    def stages(self) -> frozenset[str]:
        return frozenset(stage for stage in Stage if getattr(self, f"suits_{stage.value}"))

    @property
    def default_dose(self) -> str:
        return dose_of(self)


class Cause(TimeStampedModel):
    code = models.CharField(max_length=40, choices=CauseCode, unique=True)
    name = models.CharField(max_length=120)
    description = limited_text(text.LIBRARY_TEXT)
    precautions = limited_text(text.NOTE, blank=True)
    referral_note = limited_text(text.NOTE, blank=True)
    education = models.ManyToManyField(
        EducationItem, through="CauseEducation", blank=True, related_name="causes"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        constraints = [
            length_constraint("description", text.LIBRARY_TEXT, name="plans_cause_description_length"),
            length_constraint("precautions", text.NOTE, name="plans_cause_precautions_length"),
            length_constraint("referral_note", text.NOTE, name="plans_cause_referral_note_length"),
        ]

    def __str__(self) -> str:
        return self.name


class CauseEvidence(models.Model):
    class Direction(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        AGAINST = "against", "Argues against"

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="evidence")
    key = models.CharField(
        max_length=60,
        help_text='A finding code, or a derived key such as "mechanism:lifting" or "age:50_plus".',
    )
    direction = models.CharField(max_length=10, choices=Direction, default=Direction.SUPPORTS)
    weight = models.DecimalField(max_digits=3, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ("cause", "direction", "-weight", "key")
        verbose_name_plural = "cause evidence"
        constraints = [
            models.UniqueConstraint(fields=["cause", "key"], name="plans_causeevidence_unique_key"),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=1), name="plans_causeevidence_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_direction_display()}, {self.weight})"


class CauseContraindication(models.Model):
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="contraindications")
    exercise_property = models.CharField(max_length=30, choices=ExerciseProperty)

    history = HistoricalRecords()

    class Meta:
        ordering = ("cause", "exercise_property")
        constraints = [
            models.UniqueConstraint(
                fields=["cause", "exercise_property"], name="plans_causecontraindication_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.get_exercise_property_display()


class CausePreferredKind(models.Model):
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="preferred_kinds")
    kind = models.CharField(max_length=30, choices=ExerciseKind)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ("cause", "order", "id")
        constraints = [
            models.UniqueConstraint(fields=["cause", "kind"], name="plans_causepreferredkind_unique"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class CauseEducation(models.Model):
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="education_links")
    item = models.ForeignKey(EducationItem, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ("cause", "order", "id")
        verbose_name = "education item"
        constraints = [
            models.UniqueConstraint(fields=["cause", "item"], name="plans_causeeducation_unique"),
        ]

    def __str__(self) -> str:
        return str(self.item)


HOLDING_LEVELS = (TriageLevel.EMERGENCY, TriageLevel.URGENT)


# --- Assessments ---------------------------------------------------------------------------------


def episode_day_error(day, episode: Episode, what: str) -> str | None:
    """Why ``day`` cannot be the date of something that already happened in ``episode``, if it cannot."""
    if day > dates.today():
        return f"The {what} date cannot be in the future."
    if day < episode.onset_date:
        return f"The {what} cannot be before the episode's onset date ({episode.onset_date:%d %b %Y})."
    return None


def planned_day_error(day, *, start, what: str) -> str | None:
    """Why ``day`` cannot be a planned date (a review, a goal) of a plan approved on ``start``."""
    horizon = dates.planning_horizon(start)
    if day > horizon:
        return f"Set a {what} within {dates.PLANNING_YEARS} years (by {horizon:%d %b %Y})."
    return None


class AssessmentQuerySet(models.QuerySet):
    def latest_of_each_episode(self):
        """Each episode's latest assessment: its baseline."""
        later = Assessment.objects.filter(episode=OuterRef("episode")).filter(
            Q(assessed_on__gt=OuterRef("assessed_on"))
            | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
        )
        return self.exclude(Exists(later))

    def reevaluation_due(self, on: date):
        """Baselines whose re-evaluation the clinic's day rule makes due by ``on`` and that no open
        re-evaluation prompt of a visit already asks for."""
        days = models.ExpressionWrapper(
            F("episode__patient__clinic__reevaluation_days") * timedelta(days=1),
            output_field=models.DurationField(),
        )
        asked = Prompt.objects.open().filter(episode=OuterRef("episode"), kind=PromptKind.REEVALUATION_DUE)
        return (
            self.latest_of_each_episode()
            .filter(
                assessed_on__lte=models.ExpressionWrapper(
                    Value(on) - days, output_field=models.DateTimeField()
                )
            )
            .exclude(Exists(asked))
        )

    def holding_plan(self):
        """Urgent or emergency assessments with neither a referral nor (urgent only) an override: each
        holds plan approval, however many assessments came after it."""
        return self.filter(triage_level__in=HOLDING_LEVELS).exclude(released_q())

    def unreferred_red_flags(self):
        """Assessments with a red flag (triage above none) whose referral is not recorded yet: the one
        place that says what "referred" means for an assessment (an override does not count)."""
        return self.exclude(triage_level=TriageLevel.NONE).filter(referrals__isnull=True)


class Assessment(TimeStampedModel):
    """What the therapist found at an evaluation, with its scored results and the suggestion."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial evaluation"
        REEVALUATION = "reevaluation", "Re-evaluation"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.INITIAL)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )

    age = models.PositiveSmallIntegerField(help_text="Derived from the date of birth.")
    region = models.CharField(max_length=10, choices=Region)
    onset = models.CharField(max_length=10, choices=Onset)
    duration_days = models.PositiveIntegerField(help_text="Days since onset.")
    mechanism = models.CharField(max_length=20, choices=Mechanism)
    recurrent = models.BooleanField(default=False)
    pain_distribution = models.CharField(max_length=20, choices=PainDistribution)

    nprs_current = models.PositiveSmallIntegerField("pain now (0-10)")
    nprs_best = models.PositiveSmallIntegerField("pain at best (0-10)", null=True, blank=True)
    nprs_worst = models.PositiveSmallIntegerField("pain at worst (0-10)", null=True, blank=True)

    odi_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_3 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_5 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_6 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_7 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_8 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_9 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_10 = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    odi_band = models.CharField(max_length=10, choices=OdiBand, blank=True)
    odi_answered = models.PositiveSmallIntegerField(default=0)
    odi_valid = models.BooleanField(default=False)

    startback_items = models.CharField(
        max_length=8, blank=True, help_text="Answers to STarT Back items 1-8 as eight 0/1 digits."
    )
    startback_bothersomeness = models.CharField(max_length=12, choices=Bothersomeness, blank=True)
    startback_total = models.PositiveSmallIntegerField(null=True, blank=True)
    startback_psychosocial = models.PositiveSmallIntegerField(null=True, blank=True)
    startback_risk = models.CharField(max_length=6, choices=StartBackRisk, blank=True)

    height_cm = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    weight_kg = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    bmi = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)

    notes = limited_text(text.NOTE, blank=True)

    stage = models.CharField(max_length=10, choices=Stage)
    triage_level = models.CharField(max_length=10, choices=TriageLevel, default=TriageLevel.NONE)
    suggestion = models.JSONField(help_text="The engine's suggestion as shown to the therapist.")
    scoring_version = models.CharField(max_length=20, default=SCORING_VERSION)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-assessed_on", "-id")
        constraints = [
            length_constraint("notes", text.NOTE, name="plans_assessment_notes_length"),
            models.CheckConstraint(
                condition=Q(nprs_current__lte=10)
                & (Q(nprs_best__isnull=True) | Q(nprs_best__lte=10))
                & (Q(nprs_worst__isnull=True) | Q(nprs_worst__lte=10)),
                name="plans_assessment_nprs_range",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"odi_{n}__isnull": True}) | Q(**{f"odi_{n}__lte": 5}),
                    name=f"plans_assessment_odi_{n}_range",
                )
                for n in range(1, 11)
            ],
            models.CheckConstraint(
                condition=Q(odi_percent__isnull=True) | Q(odi_percent__gte=0, odi_percent__lte=100),
                name="plans_assessment_odi_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(startback_items="") | Q(startback_items__regex=r"^[01]{8}$"),
                name="plans_assessment_startback_items_format",
            ),
            models.CheckConstraint(
                condition=Q(startback_psychosocial__isnull=True) | Q(startback_psychosocial__lte=5),
                name="plans_assessment_startback_psychosocial_range",
            ),
            models.CheckConstraint(
                condition=Q(startback_total__isnull=True) | Q(startback_total__lte=9),
                name="plans_assessment_startback_total_range",
            ),
            models.CheckConstraint(condition=Q(age__lte=120), name="plans_assessment_age_range"),
        ]
        indexes = [
            models.Index(fields=["episode", "-assessed_on"], name="assessment_episode_date_idx"),
            models.Index(fields=["triage_level"], name="assessment_triage_idx"),
            # The attention inbox and the nav count: an episode's red-flag assessments (their
            # referrals are looked up through the referral's own assessment index).
            models.Index(
                fields=["episode"],
                condition=~Q(triage_level=TriageLevel.NONE),
                name="assessment_red_flag_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.assessed_on:%d %b %Y}"

    def clean(self):
        super().clean()
        if self.assessed_on is not None and self.episode_id is not None:
            if error := episode_day_error(self.assessed_on, self.episode, "assessment"):
                raise ValidationError({"assessed_on": error})

    @property
    def odi_sections(self) -> tuple[int | None, ...]:
        return tuple(getattr(self, f"odi_{n}") for n in range(1, 11))

    @property
    def holds_plan(self) -> bool:
        """Whether its triage level holds plan approval until a referral (or, if urgent, an override)."""
        return self.triage_level in HOLDING_LEVELS


class AssessmentFinding(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=50, choices=Finding)

    history = HistoricalRecords()

    class Meta:
        ordering = ("assessment", "code")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="plans_assessmentfinding_unique"),
        ]
        indexes = [models.Index(fields=["code"], name="assessmentfinding_code_idx")]

    def __str__(self) -> str:
        return self.get_code_display()


# --- Plans and their versions --------------------------------------------------------------------


class Plan(TimeStampedModel):
    """The episode's plan of care; its content lives in immutable, numbered versions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="plan")

    history = HistoricalRecords()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Plan for {self.episode.patient.full_name}"


class PlanVersionQuerySet(models.QuerySet):
    def with_hold(self):
        """Each version with ``plan_held``: whether a red flag holds its episode's plan now."""
        return self.annotate(
            plan_held=models.ExpressionWrapper(
                episode_held_q("plan__episode"), output_field=models.BooleanField()
            )
        )

    def with_items(self):
        return self.select_related("approved_by", "assessment").prefetch_related(
            models.Prefetch("exercises", queryset=PlanExercise.objects.select_related("exercise")),
            models.Prefetch("education", queryset=PlanEducation.objects.select_related("item")),
            "goals",
        )


class PlanVersion(models.Model):
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
    history = HistoricalRecords()

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
        ]

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


class PlanExercise(models.Model):
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

    history = HistoricalRecords()

    class Meta:
        ordering = ("version", "order", "id")
        constraints = [
            models.UniqueConstraint(fields=["version", "exercise"], name="plans_planexercise_unique"),
            models.CheckConstraint(condition=Q(sets__gte=1, sets__lte=10), name="plans_planexercise_sets"),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=100), name="plans_planexercise_reps"
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True) | Q(hold_seconds__gte=1, hold_seconds__lte=3600),
                name="plans_planexercise_hold",
            ),
            models.CheckConstraint(
                condition=Q(times_per_day__gte=1, times_per_day__lte=24), name="plans_planexercise_times"
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1, days_per_week__lte=7), name="plans_planexercise_days"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} ({self.dose})"

    @property
    def dose(self) -> str:
        return dose_of(self)


class PlanEducation(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="education")
    item = models.ForeignKey(EducationItem, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ("version", "order", "id")
        constraints = [
            models.UniqueConstraint(fields=["version", "item"], name="plans_planeducation_unique"),
        ]

    def __str__(self) -> str:
        return str(self.item)


class GoalMeasure(models.TextChoices):
    NPRS = "nprs", "Pain (NPRS, 0-10)"
    ODI = "odi", "Disability (ODI %)"
    FUNCTION = "function", "Functional goal"


class PlanGoal(models.Model):
    Measure = GoalMeasure

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    measure = models.CharField(max_length=10, choices=Measure)
    target = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    due_date = models.DateField()
    description = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

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
                condition=Q(measure=GoalMeasure.FUNCTION) | Q(target__isnull=False),
                name="plans_plangoal_measured_target_required",
            ),
        ]

    def __str__(self) -> str:
        if self.measure == self.Measure.FUNCTION:
            return self.description
        return f"{self.get_measure_display()} at most {self.target.normalize():f} by {self.due_date:%d %b %Y}"

    def clean(self):
        super().clean()
        if self.due_date is None or self.version_id is None:
            return
        onset = self.version.plan.episode.onset_date
        if self.due_date < onset:
            raise ValidationError({"due_date": "The due date cannot be before the episode's onset date."})
        if error := planned_day_error(self.due_date, start=self.version.approved_on, what="due date"):
            raise ValidationError({"due_date": error})


def dose_of(item) -> str:
    """The dose of anything with sets, reps, hold_seconds, times_per_day and days_per_week."""
    return describe_dose(
        sets=item.sets,
        reps=item.reps,
        hold_seconds=item.hold_seconds,
        times_per_day=item.times_per_day,
        days_per_week=item.days_per_week,
    )


def describe_dose(*, sets, reps, hold_seconds, times_per_day, days_per_week) -> str:
    parts = []
    if reps:
        parts.append(f"{sets} × {reps}" if sets > 1 else f"{reps} times")
    elif sets > 1:
        parts.append(f"{sets} sets")
    if hold_seconds:
        parts.append(f"hold {hold_seconds // 60} min" if hold_seconds >= 120 else f"hold {hold_seconds} s")
    parts.append("once a day" if times_per_day == 1 else f"{times_per_day} times a day")
    parts.append("every day" if days_per_week == 7 else f"{days_per_week} days a week")
    return ", ".join(parts)


# --- Visits and progress prompts -----------------------------------------------------------------


class PatientRating(models.TextChoices):
    BETTER = "better", "Better"
    SAME = "same", "About the same"
    WORSE = "worse", "Worse"


class Visit(TimeStampedModel):
    """A treatment visit: the measures taken, the red-flag screen, what was done in clinic."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
    patient_rating = models.CharField(max_length=10, choices=PatientRating, blank=True)
    adherence_percent = models.PositiveSmallIntegerField(
        "home-exercise adherence (%)", null=True, blank=True, help_text="Share of prescribed sessions done."
    )
    note = limited_text(text.NOTE, blank=True)
    status = models.CharField(max_length=10, choices=MeasureStatus, blank=True)
    judgement = models.JSONField(default=dict, blank=True, help_text="Change from baseline per measure.")
    plan_version = models.ForeignKey(
        "PlanVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    baseline = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("episode", "visit_date", "visit_time", "id")
        constraints = [
            length_constraint("note", text.NOTE, name="plans_visit_note_length"),
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
        ]
        indexes = [models.Index(fields=["episode", "-visit_date"], name="visit_episode_date_idx")]

    def __str__(self) -> str:
        return f"Visit on {self.visit_date:%d %b %Y} at {self.visit_time:%H:%M}"

    def clean(self):
        super().clean()
        if self.visit_date is not None and self.episode_id is not None:
            if error := episode_day_error(self.visit_date, self.episode, "visit"):
                raise ValidationError({"visit_date": error})


class VisitFinding(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=50, choices=Finding)

    history = HistoricalRecords()

    class Meta:
        ordering = ("visit", "code")
        constraints = [models.UniqueConstraint(fields=["visit", "code"], name="plans_visitfinding_unique")]

    def __str__(self) -> str:
        return self.get_code_display()


class VisitExercise(models.Model):
    """An exercise done in clinic at a visit, with the dose used."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    load = models.CharField(max_length=60, blank=True, help_text="Weight, band or level used.")

    history = HistoricalRecords()

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


class PromptQuerySet(models.QuerySet):
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


class Prompt(TimeStampedModel):
    """A prompt raised by the progress rules at a visit, kept until the therapist acts or dismisses."""

    Status = PromptStatus

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="prompts")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="prompts")
    kind = models.CharField(max_length=20, choices=PromptKind)
    level = models.CharField(max_length=10, choices=TriageLevel, blank=True)
    reasons = models.JSONField(default=list)
    message = models.TextField(help_text="What the prompt says, in words.")
    status = models.CharField(max_length=10, choices=PromptStatus, default=PromptStatus.OPEN)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dismissal_reason = limited_text(text.REASON, blank=True)
    plan_version = models.ForeignKey(
        "PlanVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="prompts"
    )
    objects = PromptQuerySet.as_manager()
    history = HistoricalRecords()

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
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.visit.visit_date:%d %b %Y})"


# --- Patient portal: home exercise logs and questionnaires sent before a visit --------------------


class HomeLogQuerySet(models.QuerySet):
    def flares(self):
        """Sessions after which pain rose by the flare rule (plans.clinical.flares)."""
        return self.filter(pain_after__gte=F("pain_before") + FLARE_POINTS)

    def unacknowledged_flares(self):
        return self.flares().filter(acknowledged_at__isnull=True)


class HomeLog(TimeStampedModel):
    """A home exercise session the patient logged in the portal."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="home_logs")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="home_logs")
    done_on = models.DateField()
    exercises = models.ManyToManyField(PlanExercise, related_name="home_logs")
    pain_before = models.PositiveSmallIntegerField("pain before (0-10)")
    pain_after = models.PositiveSmallIntegerField("pain after (0-10)")
    comment = limited_text(text.REASON, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = HomeLogQuerySet.as_manager()
    history = HistoricalRecords()

    FLARE_POINTS = FLARE_POINTS

    class Meta:
        ordering = ("-done_on", "-id")
        constraints = [
            length_constraint("comment", text.REASON, name="plans_homelog_comment_length"),
            models.CheckConstraint(
                condition=Q(pain_before__lte=10, pain_after__lte=10), name="plans_homelog_pain_range"
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(acknowledged_by__isnull=False),
                name="plans_homelog_acknowledgement_has_who",
            ),
        ]
        indexes = [
            models.Index(fields=["episode", "-done_on"], name="homelog_episode_date_idx"),
            # The attention inbox and the nav count: flares no therapist has acknowledged yet.
            models.Index(
                fields=["episode", "done_on"],
                condition=Q(acknowledged_at__isnull=True, pain_after__gte=F("pain_before") + FLARE_POINTS),
                name="homelog_unacked_flare_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Home session on {self.done_on:%d %b %Y}"

    def clean(self):
        super().clean()
        if self.done_on is not None and self.episode_id is not None:
            if error := episode_day_error(self.done_on, self.episode, "session"):
                raise ValidationError({"done_on": error})

    @property
    def flared(self) -> bool:
        return is_flare(self.pain_before, self.pain_after)


class QuestionnaireRequestQuerySet(models.QuerySet):
    def unreviewed(self):
        """Answered by the patient, not yet used in a record nor marked seen by a therapist."""
        return self.filter(status=QuestionnaireRequest.Status.COMPLETED, reviewed_at__isnull=True)


class QuestionnaireRequest(TimeStampedModel):
    """Questionnaires sent to a patient to fill in on the portal before an evaluation or visit."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the patient"
        COMPLETED = "completed", "Completed"
        USED = "used", "Used in a record"
        CANCELLED = "cancelled", "Cancelled"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="questionnaires")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    include_odi = models.BooleanField(default=True)
    include_startback = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    completed_at = models.DateTimeField(null=True, blank=True)
    nprs = models.PositiveSmallIntegerField(null=True, blank=True)
    odi_sections = models.JSONField(default=list, blank=True)
    odi_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    startback_items = models.CharField(max_length=8, blank=True)
    startback_bothersomeness = models.CharField(max_length=12, choices=Bothersomeness, blank=True)
    startback_total = models.PositiveSmallIntegerField(null=True, blank=True)
    startback_psychosocial = models.PositiveSmallIntegerField(null=True, blank=True)
    startback_risk = models.CharField(max_length=6, choices=StartBackRisk, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = QuestionnaireRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False, nprs__isnull=False),
                name="plans_questionnaire_completed_has_answers",
            ),
            models.CheckConstraint(
                condition=Q(nprs__isnull=True) | Q(nprs__lte=10), name="plans_questionnaire_nprs_range"
            ),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True) | Q(reviewed_by__isnull=False),
                name="plans_questionnaire_review_has_who",
            ),
        ]
        indexes = [
            models.Index(fields=["episode", "status"], name="questionnaire_status_idx"),
            # The attention inbox and the nav count: answered questionnaires nobody has reviewed.
            models.Index(
                fields=["episode", "completed_at"],
                condition=Q(status="completed", reviewed_at__isnull=True),
                name="questionnaire_unreviewed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaires sent {self.created_at:%d %b %Y}"


# --- Referrals and overrides: what releases a plan held by an urgent or emergency red flag ---------


class ReferralUrgency(models.TextChoices):
    """Most urgent first."""

    EMERGENCY = "emergency", "Emergency (now)"
    SAME_DAY = "same_day", "Same day"
    WITHIN_DAYS = "within_days", "Within days"
    ROUTINE = "routine", "Routine"

    @classmethod
    def at_least(cls, urgency: str, needed: str) -> bool:
        order = list(cls.values)
        return order.index(urgency) <= order.index(needed)


URGENCY_FOR_LEVEL = {
    TriageLevel.EMERGENCY: ReferralUrgency.EMERGENCY,
    TriageLevel.URGENT: ReferralUrgency.SAME_DAY,
    TriageLevel.PROMPT: ReferralUrgency.WITHIN_DAYS,
}

# An override names one assessment or one red-flag prompt: exactly one of the two.
ONE_FLAG_SOURCE = Q(assessment__isnull=False, prompt__isnull=True) | Q(
    assessment__isnull=True, prompt__isnull=False
)


class Referral(TimeStampedModel):
    """A referral made for what raised a red flag: an assessment's triage or a visit's red-flag prompt."""

    Urgency = ReferralUrgency

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="referrals")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    prompt = models.ForeignKey(
        Prompt, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    referred_to = models.CharField(
        "referred to", max_length=200, help_text='Who or where, e.g. "Emergency department, St Mary\'s".'
    )
    referred_at = models.DateTimeField("referral made at")
    urgency = models.CharField(max_length=12, choices=ReferralUrgency)
    note = limited_text(text.REASON, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ("episode", "-referred_at", "-id")
        constraints = [
            length_constraint("note", text.REASON, name="plans_referral_note_length"),
            models.CheckConstraint(condition=ONE_FLAG_SOURCE, name="plans_referral_one_source"),
            models.CheckConstraint(condition=~Q(referred_to=""), name="plans_referral_says_to_whom"),
            models.CheckConstraint(
                condition=Q(referred_at__lte=F("created_at")), name="plans_referral_not_in_the_future"
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(assessment__isnull=False),
                name="plans_referral_one_per_assessment",
                violation_error_message="A referral is already recorded for this assessment.",
            ),
            models.UniqueConstraint(
                fields=["prompt"],
                condition=Q(prompt__isnull=False),
                name="plans_referral_one_per_prompt",
                violation_error_message="A referral is already recorded for this red flag.",
            ),
        ]
        indexes = [models.Index(fields=["episode", "-referred_at"], name="referral_episode_idx")]

    def __str__(self) -> str:
        return f"Referral to {self.referred_to} ({self.get_urgency_display()})"


OVERRIDE_REASON_MIN = 20


class HoldOverride(TimeStampedModel):
    """A therapist's decision that care goes on despite an URGENT red flag (never an emergency)."""

    MIN_REASON = OVERRIDE_REASON_MIN

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="hold_overrides")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="hold_overrides"
    )
    prompt = models.ForeignKey(
        Prompt, on_delete=models.PROTECT, null=True, blank=True, related_name="hold_overrides"
    )
    level = models.CharField(
        max_length=10, choices=TriageLevel, help_text="The triage level overridden; only urgent may be."
    )
    reason = limited_text(
        text.REASON, help_text="Who cleared the patient, or why care goes on before the referral."
    )
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ("episode", "-created_at", "-id")
        constraints = [
            length_constraint("reason", text.REASON, name="plans_holdoverride_reason_length"),
            models.CheckConstraint(condition=ONE_FLAG_SOURCE, name="plans_holdoverride_one_source"),
            models.CheckConstraint(
                condition=Q(level=TriageLevel.URGENT),
                name="plans_holdoverride_urgent_only",
                violation_error_message="An emergency cannot be overridden: record the referral.",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length(Trim("reason")), OVERRIDE_REASON_MIN),
                name="plans_holdoverride_reason_min",
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(assessment__isnull=False),
                name="plans_holdoverride_one_per_assessment",
                violation_error_message="An override is already recorded for this assessment.",
            ),
            models.UniqueConstraint(
                fields=["prompt"],
                condition=Q(prompt__isnull=False),
                name="plans_holdoverride_one_per_prompt",
                violation_error_message="An override is already recorded for this red flag.",
            ),
        ]
        indexes = [models.Index(fields=["episode", "-created_at"], name="holdoverride_episode_idx")]

    def __str__(self) -> str:
        return f"Override of an urgent red flag ({self.created_at:%d %b %Y})"


def released_q(*, source: str = "assessment", level_field: str = "triage_level") -> Q:
    """Filter of assessments (or, with source="prompt", prompts) whose red flag is released: a
    referral is recorded, or the flag is urgent and an override is recorded."""
    referred = Exists(Referral.objects.filter(**{source: OuterRef("pk")}))
    overridden = Exists(HoldOverride.objects.filter(**{source: OuterRef("pk")}))
    return Q(referred) | (Q(**{level_field: TriageLevel.URGENT}) & Q(overridden))


def episode_held_q(episode_ref: str = "pk") -> Q:
    """Filter of episodes whose plan is held: the latest assessment, or an open red-flag prompt, is
    urgent or emergency and not released (what ``services.plan_holds`` lists, in one expression)."""
    held_assessment = Assessment.objects.holding_plan().filter(episode=OuterRef(episode_ref))
    held_prompt = Prompt.objects.holding_plan().filter(episode=OuterRef(episode_ref))
    return Q(Exists(held_assessment)) | Q(Exists(held_prompt))
