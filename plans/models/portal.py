"""What patients send from the portal: home exercise logs and questionnaires before a visit."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from clinic import text
from clinic.models import CodedModel
from clinic.text import length_constraint, limited_text
from patients.models import Episode
from plans.clinical.flares import FLARE_POINTS, is_flare
from plans.clinical.vocabulary import (
    Bothersomeness,
    StartBackRisk,
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
from plans.models.plans import PlanExercise, PlanVersion
from plans.models.scoping import EpisodeRecord, PortalEpisodeRecordQuerySet

__all__ = ["HomeLog", "HomeLogQuerySet", "QuestionnaireRequest", "QuestionnaireRequestQuerySet"]


class HomeLogQuerySet(PortalEpisodeRecordQuerySet):
    def flares(self):
        """Sessions after which pain rose by the flare rule (plans.clinical.flares)."""
        return self.filter(pain_after__gte=F("pain_before") + FLARE_POINTS)

    def unacknowledged_flares(self):
        return self.flares().filter(acknowledged_at__isnull=True)


class HomeLog(EpisodeRecord):
    """A home exercise session the patient logged in the portal."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="home_logs")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="home_logs")
    done_on = models.DateField()
    exercises = models.ManyToManyField(PlanExercise, related_name="home_logs")
    pain_before = models.PositiveSmallIntegerField("pain before (0-10)")
    pain_after = models.PositiveSmallIntegerField("pain after (0-10)")
    comment = limited_text(text.REASON, blank=True)
    acknowledged_at, acknowledged_by = done_at_and_by()

    objects = HomeLogQuerySet.as_manager()

    FLARE_POINTS = FLARE_POINTS
    day_field = ("done_on", "session")

    class Meta:
        ordering = ("-done_on", "-id")
        constraints = [
            length_constraint("comment", text.REASON, name="plans_homelog_comment_length"),
            models.CheckConstraint(
                condition=Q(pain_before__lte=10, pain_after__lte=10), name="plans_homelog_pain_range"
            ),
            done_by_someone("acknowledged", name="plans_homelog_acknowledgement_has_who"),
        ]
        indexes = [
            models.Index(fields=["episode", "-done_on"], name="homelog_episode_date_idx"),
            # The admin list: every clinic's sessions in the default ordering.
            models.Index(fields=["-done_on", "-id"], name="homelog_date_idx"),
            # The attention inbox and the nav count: flares no therapist has acknowledged yet.
            models.Index(
                fields=["episode", "done_on"],
                condition=Q(acknowledged_at__isnull=True, pain_after__gte=F("pain_before") + FLARE_POINTS),
                name="homelog_unacked_flare_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Home session on {self.done_on:%d %b %Y}"

    @property
    def flared(self) -> bool:
        return is_flare(self.pain_before, self.pain_after)


class QuestionnaireRequestQuerySet(PortalEpisodeRecordQuerySet):
    def unreviewed(self):
        """Answered by the patient, not yet used in a record nor marked seen by a therapist."""
        return self.filter(status=QuestionnaireRequest.Status.COMPLETED, reviewed_at__isnull=True)


class QuestionnaireRequest(MeasuresMixin, CodedModel, EpisodeRecord):
    """Questionnaires sent to a patient to fill in on the portal before an evaluation or visit."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the patient"
        COMPLETED = "completed", "Completed"
        USED = "used", "Used in a record"
        CANCELLED = "cancelled", "Cancelled"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="questionnaires")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    include_odi = models.BooleanField(default=True)
    include_startback = models.BooleanField(default=True)
    include_psfs = models.BooleanField(
        default=False, help_text="Re-rate the activities named at the baseline (copied when sent)."
    )
    include_rmdq = models.BooleanField(default=False)
    include_fabq = models.BooleanField(default=False)
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
    psfs_activities = psfs_activities_field()
    psfs_ratings = psfs_ratings_field()
    psfs_mean = psfs_mean_field()
    rmdq_items = rmdq_items_field()
    rmdq_total = rmdq_total_field()
    fabq_items = fabq_items_field()
    fabq_pa = fabq_pa_field()
    fabq_w = fabq_w_field()
    reviewed_at, reviewed_by = done_at_and_by()

    objects = QuestionnaireRequestQuerySet.as_manager()

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
            done_by_someone("reviewed", name="plans_questionnaire_review_has_who"),
            *measure_constraints("plans_questionnaire"),
        ]
        indexes = [
            models.Index(fields=["episode", "status"], name="questionnaire_status_idx"),
            # The admin list, newest first.
            models.Index(fields=["-created_at", "-id"], name="questionnaire_created_idx"),
            # The attention inbox and the nav count: answered questionnaires nobody has reviewed.
            models.Index(
                fields=["episode", "completed_at"],
                condition=Q(status="completed", reviewed_at__isnull=True),
                name="questionnaire_unreviewed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaires sent {self.created_at:%d %b %Y}"
