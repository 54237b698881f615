"""The therapist's caseload: open episodes with their last visit, status, open prompts and when
re-evaluation is due, filtered and ordered in the database (a fixed number of queries per page) from
the state each episode keeps (``implied_caseload`` and ``attention.implied_attention`` say what its
rows imply; ``plans.services.caseload_state`` keeps it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce

from clinic import dates
from patients.models import Episode, EpisodeStatus
from plans.clinical.vocabulary import MeasureStatus, PromptKind
from plans.models import Assessment, HoldOverride, Prompt, Referral, Visit, episode_held_q

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


def reevaluation_due_q(on: date) -> Q:
    """Episodes whose stored baseline the clinic's day rule makes due by ``on`` and that no open
    re-evaluation prompt already asks for: ``Assessment.objects.reevaluation_due`` on the stored state."""
    return Q(
        baseline_date__isnull=False,
        reevaluation_prompted=False,
        baseline_date__lte=dates.DaysBefore(on, F("patient__clinic__reevaluation_days")),
    )


def with_attention(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    """Each episode with its inbox counts (red flags, everything) and the most severe red-flag level
    (0 none, 1 prompt, 2 urgent, 3 emergency), from its stored state: no subquery per episode."""
    reevaluations = Case(
        When(reevaluation_due_q(dates.today()), then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    red_flags = F("unreferred_assessment_flags") + F("unreferred_visit_flags")
    return episodes.annotate(
        attention_red_flags=red_flags,
        attention_total=red_flags
        + F("other_open_prompts")
        + F("unacknowledged_flares")
        + F("unreviewed_questionnaires")
        + reevaluations,
        attention_flares=F("unacknowledged_flares"),
        attention_questionnaires=F("unreviewed_questionnaires"),
        attention_reevaluations=reevaluations,
        attention_severity=F("red_flag_severity"),
    )


def _count_of(queryset) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values("episode").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def implied_caseload(episode_ref: str = "pk") -> dict[str, BaseExpression]:
    """What an episode's rows imply for its stored last visit, baseline and prompts
    (``Episode.CASELOAD_STATE_FIELDS``), as subqueries of the episode's own row."""
    episode = OuterRef(episode_ref)
    latest_visit = Visit.objects.filter(episode=episode).order_by("-visit_date", "-id")
    latest_assessment = Assessment.objects.order_by("-assessed_on", "-id")
    baseline_on = Subquery(latest_assessment.filter(episode=OuterRef("episode")).values("assessed_on")[:1])
    open_prompts = Prompt.objects.open().filter(episode=episode)
    return {
        "last_visit_date": Subquery(latest_visit.values("visit_date")[:1]),
        "last_visit_status": Coalesce(Subquery(latest_visit.values("status")[:1]), Value("")),
        "baseline_date": Subquery(latest_assessment.filter(episode=episode).values("assessed_on")[:1]),
        # The baseline is looked up again, not read from the episode's column: in an UPDATE that
        # column still holds its value from before.
        "visits_since_baseline": _count_of(Visit.objects.filter(episode=episode, visit_date__gt=baseline_on)),
        "open_prompt_count": _count_of(open_prompts),
        "reevaluation_prompted": Exists(open_prompts.filter(kind=PromptKind.REEVALUATION_DUE)),
        "referral_badge": referral_badge(episode_ref),
    }


def caseload(user, filters: DashboardFilter):
    """Read from the state each episode keeps (``plans.services.caseload_state``): no subquery per
    episode, except a filter on one kind of prompt."""
    episodes = (
        Episode.objects.visible_to(user)
        .filter(status=EpisodeStatus.OPEN, is_active=True, patient__is_active=True)
        .select_related("patient__clinic", "patient__primary_therapist")
    )
    if filters.scope == "mine" and not user.is_superuser:
        episodes = episodes.filter(patient__primary_therapist=user)
    if filters.status == NO_VISIT:
        episodes = episodes.filter(last_visit_date__isnull=True)
    elif filters.status:
        episodes = episodes.filter(last_visit_status=filters.status)
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


def referral_badge(episode_ref: str = "pk") -> Case:
    """One annotation: HELD while a red flag holds the plan, else OVERRIDE or REFERRED when the episode
    has one (an override is shown first: care went on before the referral was on record)."""
    return Case(
        When(episode_held_q(episode_ref), then=Value(ReferralBadge.HELD)),
        When(
            Exists(HoldOverride.objects.filter(episode=OuterRef(episode_ref))),
            then=Value(ReferralBadge.OVERRIDE),
        ),
        When(
            Exists(Referral.objects.filter(episode=OuterRef(episode_ref))), then=Value(ReferralBadge.REFERRED)
        ),
        default=Value(""),
        output_field=CharField(),
    )
