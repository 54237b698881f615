"""Referrals and overrides: what releases a plan held by an urgent or emergency red flag."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThanOrEqual

from clinic import text
from clinic.text import length_constraint, limited_text
from patients.models import Episode
from plans.clinical.triage import HOLDING_LEVELS
from plans.clinical.vocabulary import URGENCY_FOR_LEVEL, ReferralUrgency, TriageLevel
from plans.models.scoping import EpisodeRecord, EpisodeRecordQuerySet

__all__ = [
    "HOLDING_LEVELS",
    "HoldOverride",
    "ONE_FLAG_SOURCE",
    "OVERRIDE_REASON_MIN",
    "Referral",
    "ReferralUrgency",
    "URGENCY_FOR_LEVEL",
    "released_q",
]


# An override names one assessment or one red-flag prompt: exactly one of the two.
ONE_FLAG_SOURCE = Q(assessment__isnull=False, prompt__isnull=True) | Q(
    assessment__isnull=True, prompt__isnull=False
)


def flag_source_fields(*, related_name: str) -> tuple[models.ForeignKey, models.ForeignKey]:
    """The assessment and the red-flag prompt a row is about (exactly one: ``ONE_FLAG_SOURCE``)."""
    return (
        models.ForeignKey("Assessment", models.PROTECT, null=True, blank=True, related_name=related_name),
        models.ForeignKey("Prompt", models.PROTECT, null=True, blank=True, related_name=related_name),
    )


def flag_source_constraints(*, model: str, what: str) -> list[models.BaseConstraint]:
    """Exactly one source (``ONE_FLAG_SOURCE``), and at most one such row per assessment and per
    red-flag prompt."""
    return [
        models.CheckConstraint(condition=ONE_FLAG_SOURCE, name=f"plans_{model}_one_source"),
        *(
            models.UniqueConstraint(
                fields=[source],
                condition=Q(**{f"{source}__isnull": False}),
                name=f"plans_{model}_one_per_{source}",
                violation_error_message=f"{what} is already recorded for this {noun}.",
            )
            for source, noun in (("assessment", "assessment"), ("prompt", "red flag"))
        ),
    ]


class FlagRelease(EpisodeRecord):
    """What releases a plan held by one red flag (``flag_source_fields``, ``flag_source_constraints``)."""

    objects = EpisodeRecordQuerySet.as_manager()

    class Meta:
        abstract = True


class Referral(FlagRelease):
    """A referral made for what raised a red flag: an assessment's triage or a visit's red-flag prompt."""

    Urgency = ReferralUrgency

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="referrals")
    assessment, prompt = flag_source_fields(related_name="referrals")
    referred_to = models.CharField(
        "referred to", max_length=200, help_text='Who or where, e.g. "Emergency department, St Mary\'s".'
    )
    referred_at = models.DateTimeField("referral made at")
    urgency = models.CharField(max_length=12, choices=ReferralUrgency)
    note = limited_text(text.REASON, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("episode", "-referred_at", "-id")
        constraints = [
            length_constraint("note", text.REASON, name="plans_referral_note_length"),
            models.CheckConstraint(condition=~Q(referred_to=""), name="plans_referral_says_to_whom"),
            models.CheckConstraint(
                condition=Q(referred_at__lte=F("created_at")), name="plans_referral_not_in_the_future"
            ),
            *flag_source_constraints(model="referral", what="A referral"),
        ]
        indexes = [models.Index(fields=["episode", "-referred_at"], name="referral_episode_idx")]

    def __str__(self) -> str:
        return f"Referral to {self.referred_to} ({self.get_urgency_display()})"


OVERRIDE_REASON_MIN = 20


class HoldOverride(FlagRelease):
    """A therapist's decision that care goes on despite an URGENT red flag (never an emergency)."""

    MIN_REASON = OVERRIDE_REASON_MIN

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="hold_overrides")
    assessment, prompt = flag_source_fields(related_name="hold_overrides")
    level = models.CharField(
        max_length=10, choices=TriageLevel, help_text="The triage level overridden; only urgent may be."
    )
    reason = limited_text(
        text.REASON, help_text="Who cleared the patient, or why care goes on before the referral."
    )
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("episode", "-created_at", "-id")
        constraints = [
            length_constraint("reason", text.REASON, name="plans_holdoverride_reason_length"),
            models.CheckConstraint(
                condition=Q(level=TriageLevel.URGENT),
                name="plans_holdoverride_urgent_only",
                violation_error_message="An emergency cannot be overridden: record the referral.",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length(Trim("reason")), OVERRIDE_REASON_MIN),
                name="plans_holdoverride_reason_min",
            ),
            *flag_source_constraints(model="holdoverride", what="An override"),
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
