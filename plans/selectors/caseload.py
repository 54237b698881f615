"""The therapist's caseload: open episodes with their last visit, status, open prompts and when
re-evaluation is due, filtered and ordered in the database (a fixed number of queries per page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from patients.models import Episode, EpisodeStatus
from plans.clinical.vocabulary import MeasureStatus, PromptKind
from plans.models import Assessment, HoldOverride, Prompt, PromptStatus, Referral, Visit, episode_held_q
from plans.selectors.attention import with_attention

NO_VISIT = "none"


@dataclass(frozen=True)
class DashboardFilter:
    scope: str = "mine"  # "mine" (my patients) or "clinic" (every patient of my clinics)
    status: str = ""  # a MeasureStatus value, NO_VISIT, or "" for any
    prompt: str = ""  # a PromptKind value, "any", or "" for no filter

    @classmethod
    def from_query(cls, query) -> DashboardFilter:
        scope = query.get("scope", "mine")
        status = query.get("status", "")
        prompt = query.get("prompt", "")
        return cls(
            scope=scope if scope in ("mine", "clinic") else "mine",
            status=status if status in (*MeasureStatus.values, NO_VISIT) else "",
            prompt=prompt if prompt in (*PromptKind.values, "any") else "",
        )

    @property
    def status_choices(self):
        return [("", "Any status"), *MeasureStatus.choices, (NO_VISIT, "No visit yet")]

    @property
    def prompt_choices(self):
        return [("", "Any"), ("any", "Has an open prompt"), *PromptKind.choices]


def caseload(user, filters: DashboardFilter):
    latest_visit = Visit.objects.filter(episode=OuterRef("pk")).order_by("-visit_date", "-id")
    latest_assessment = Assessment.objects.filter(episode=OuterRef("pk")).order_by("-assessed_on", "-id")
    open_prompts = Q(prompts__status=PromptStatus.OPEN)
    episodes = (
        Episode.objects.visible_to(user)
        .filter(status=EpisodeStatus.OPEN, is_active=True, patient__is_active=True)
        .select_related("patient__clinic", "patient__primary_therapist")
        .annotate(
            last_visit_date=Subquery(latest_visit.values("visit_date")[:1]),
            last_status=Subquery(latest_visit.values("status")[:1]),
            baseline_date=Subquery(latest_assessment.values("assessed_on")[:1]),
            open_prompt_count=Count("prompts", filter=open_prompts, distinct=True),
            referral_badge=referral_badge(),
            visits_since_baseline=Coalesce(
                Subquery(
                    Visit.objects.filter(episode=OuterRef("pk"), visit_date__gt=OuterRef("baseline_date"))
                    .order_by()
                    .values("episode")
                    .annotate(n=Count("pk"))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
    )
    if filters.scope == "mine" and not user.is_superuser:
        episodes = episodes.filter(patient__primary_therapist=user)
    if filters.status == NO_VISIT:
        episodes = episodes.filter(last_visit_date__isnull=True)
    elif filters.status:
        episodes = episodes.filter(last_status=filters.status)
    if filters.prompt == "any":
        episodes = episodes.filter(open_prompt_count__gt=0)
    elif filters.prompt:
        episodes = episodes.filter(
            Exists(Prompt.objects.open().filter(episode=OuterRef("pk"), kind=filters.prompt))
        )
    return with_attention(episodes).order_by(
        F("attention_severity").desc(),
        F("attention_red_flags").desc(),
        F("attention_total").desc(),
        F("last_visit_date").asc(),
        "patient__family_name",
        "pk",
    )


class ReferralBadge:
    HELD = "held"
    OVERRIDE = "override"
    REFERRED = "referred"


def referral_badge() -> Case:
    """One annotation: HELD while a red flag holds the plan, else OVERRIDE or REFERRED when the episode
    has one (an override is shown first: care went on before the referral was on record)."""
    return Case(
        When(episode_held_q(), then=Value(ReferralBadge.HELD)),
        When(Exists(HoldOverride.objects.filter(episode=OuterRef("pk"))), then=Value(ReferralBadge.OVERRIDE)),
        When(Exists(Referral.objects.filter(episode=OuterRef("pk"))), then=Value(ReferralBadge.REFERRED)),
        default=Value(""),
        output_field=CharField(),
    )
