from datetime import date

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery

from clinic import dates, text
from clinic.access import VisibleQuerySet
from clinic.models import AuditedModel, CodedModel
from clinic.text import length_constraint, limited_text
from patients.models import Episode
from plans.clinical.scoring import BMI_RANGE, SCORING_VERSION
from plans.clinical.vocabulary import (
    Bothersomeness,
    Finding,
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
from plans.models.fields import done_at_and_by, done_by_someone
from plans.models.measures import (
    MeasuresMixin,
    fabq_items_field,
    fabq_pa_field,
    fabq_w_field,
    measure_constraints,
    psfs_activities_field,
    psfs_mean_field,
    psfs_ratings_field,
    rmdq_items_field,
    rmdq_total_field,
)
from plans.models.referrals import HOLDING_LEVELS, released_q
from plans.models.scoping import EpisodeRecord, EpisodeRecordQuerySet
from plans.models.visits import Prompt

__all__ = [
    "PREGNANCY_WEEKS",
    "WALKING_TOLERANCE_MINUTES",
    "Assessment",
    "AssessmentFinding",
    "AssessmentQuerySet",
]


class AssessmentQuerySet(EpisodeRecordQuerySet):
    def latest_of_each_episode(self):
        """Each episode's latest assessment: its baseline."""
        later = Assessment.objects.filter(episode=OuterRef("episode")).filter(
            Q(assessed_on__gt=OuterRef("assessed_on"))
            | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
        )
        return self.exclude(Exists(later))

    def baselines_of(self, episodes):
        """The latest assessment of each of ``episodes``, looked up episode by episode: for a few
        episodes, the rows of ``latest_of_each_episode`` without comparing every assessment with the
        others of its episode."""
        latest = Assessment.objects.filter(episode=OuterRef("pk")).order_by("-assessed_on", "-pk")
        return self.filter(
            pk__in=episodes.annotate(baseline_pk=Subquery(latest.values("pk")[:1])).values("baseline_pk")
        )

    def reevaluation_due(self, on: date):
        """Baselines whose re-evaluation the clinic's day rule makes due by ``on`` and that no open
        re-evaluation prompt of a visit already asks for."""
        asked = Prompt.objects.open().filter(episode=OuterRef("episode"), kind=PromptKind.REEVALUATION_DUE)
        return (
            self.latest_of_each_episode()
            .filter(assessed_on__lte=dates.DaysBefore(on, F("episode__patient__clinic__reevaluation_days")))
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


# Completed weeks of pregnancy and minutes walked before leg symptoms force a stop (api-contract).
PREGNANCY_WEEKS = (1, 42)
WALKING_TOLERANCE_MINUTES = (1, 240)


class Assessment(MeasuresMixin, CodedModel, EpisodeRecord):
    """What the therapist found at an evaluation, with its scored results and the suggestion."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial evaluation"
        REEVALUATION = "reevaluation", "Re-evaluation"

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

    psfs_activities = psfs_activities_field()
    psfs_ratings = psfs_ratings_field()
    psfs_mean = psfs_mean_field()
    rmdq_items = rmdq_items_field()
    rmdq_total = rmdq_total_field()
    fabq_items = fabq_items_field()
    fabq_pa = fabq_pa_field()
    fabq_w = fabq_w_field()
    pregnancy_weeks = models.PositiveSmallIntegerField(
        "weeks pregnant", null=True, blank=True, help_text="Completed weeks (1-42), only when pregnant."
    )
    walking_tolerance_minutes = models.PositiveSmallIntegerField(
        "walking tolerance (minutes)",
        null=True,
        blank=True,
        help_text="Minutes walked before leg symptoms force a stop (1-240).",
    )

    height_cm = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    weight_kg = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    bmi = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)

    notes = limited_text(text.NOTE, blank=True)

    stage = models.CharField(max_length=10, choices=Stage)
    triage_level = models.CharField(max_length=10, choices=TriageLevel, default=TriageLevel.NONE)
    suggestion = models.JSONField(help_text="The engine's suggestion as shown to the therapist.")
    scoring_version = models.CharField(max_length=20, default=SCORING_VERSION)
    # The latest amendment; every earlier value stays in the history, with its reason.
    amended_at, amended_by = done_at_and_by()
    amendment_reason = limited_text(text.REASON, blank=True)
    # Kept by plans.services.notes.note_save in the signing transaction (see Visit.note_signed).
    note_signed = models.BooleanField("evaluation note signed", default=False, editable=False)
    version = IntegerVersionField()
    day_field = ("assessed_on", "assessment")

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ("-assessed_on", "-id")
        constraints = [
            length_constraint("notes", text.NOTE, name="plans_assessment_notes_length"),
            length_constraint(
                "amendment_reason", text.REASON, name="plans_assessment_amendment_reason_length"
            ),
            done_by_someone("amended", name="plans_assessment_amended_by_someone"),
            models.CheckConstraint(
                condition=Q(amended_at__isnull=True) | ~Q(amendment_reason=""),
                name="plans_assessment_amendment_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(nprs_current__lte=10)
                & (Q(nprs_best__isnull=True) | Q(nprs_best__lte=10))
                & (Q(nprs_worst__isnull=True) | Q(nprs_worst__lte=10)),
                name="plans_assessment_nprs_range",
            ),
            models.CheckConstraint(
                condition=Q(nprs_best__isnull=True)
                | Q(nprs_worst__isnull=True)
                | Q(nprs_best__lte=F("nprs_worst")),
                name="plans_assessment_nprs_best_not_above_worst",
            ),
            models.CheckConstraint(
                condition=Q(nprs_worst__isnull=True) | Q(nprs_current__lte=F("nprs_worst")),
                name="plans_assessment_nprs_now_not_above_worst",
            ),
            models.CheckConstraint(
                condition=Q(bmi__isnull=True) | Q(bmi__gte=BMI_RANGE[0], bmi__lte=BMI_RANGE[1]),
                name="plans_assessment_bmi_range",
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
            *measure_constraints("plans_assessment"),
            # "Only with the finding pregnant" lives in another table: the form and the service check it.
            models.CheckConstraint(
                condition=Q(pregnancy_weeks__isnull=True)
                | Q(pregnancy_weeks__gte=PREGNANCY_WEEKS[0], pregnancy_weeks__lte=PREGNANCY_WEEKS[1]),
                name="plans_assessment_pregnancy_weeks_range",
            ),
            models.CheckConstraint(
                condition=Q(walking_tolerance_minutes__isnull=True)
                | Q(
                    walking_tolerance_minutes__gte=WALKING_TOLERANCE_MINUTES[0],
                    walking_tolerance_minutes__lte=WALKING_TOLERANCE_MINUTES[1],
                ),
                name="plans_assessment_walking_tolerance_range",
            ),
        ]
        indexes = [
            models.Index(fields=["episode", "-assessed_on"], name="assessment_episode_date_idx"),
            # The admin list in the default ordering.
            models.Index(fields=["-assessed_on", "-id"], name="assessment_date_idx"),
            models.Index(fields=["triage_level"], name="assessment_triage_idx"),
            # Unsigned evaluation notes, per therapist, newest first.
            models.Index(
                fields=["assessed_by", "-assessed_on"],
                condition=Q(note_signed=False),
                name="assessment_unsigned_note_idx",
            ),
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

    @property
    def odi_sections(self) -> tuple[int | None, ...]:
        return tuple(getattr(self, f"odi_{n}") for n in range(1, 11))

    @property
    def holds_plan(self) -> bool:
        """Whether its triage level holds plan approval until a referral (or, if urgent, an override)."""
        return self.triage_level in HOLDING_LEVELS


class AssessmentFindingQuerySet(VisibleQuerySet):
    clinic_path = "assessment__episode__patient__clinic"


class AssessmentFinding(AuditedModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=50, choices=Finding)

    objects = AssessmentFindingQuerySet.as_manager()

    class Meta:
        ordering = ("assessment", "code")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="plans_assessmentfinding_unique"),
        ]
        indexes = [models.Index(fields=["code"], name="assessmentfinding_code_idx")]

    def __str__(self) -> str:
        return self.get_code_display()
