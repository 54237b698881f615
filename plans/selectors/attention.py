"""What needs the therapist's attention: one list (the inbox) over a caseload, built from

- assessments with a red flag whose referral is not recorded (``Assessment.objects.unreferred_red_flags``),
- visit red-flag prompts whose referral is not recorded (``Prompt.objects.open_red_flags``),
- the other open prompts (regression, relapse, plateau, goal met, re-evaluation due),
- pain flares logged at home that no therapist has acknowledged (``HomeLog.objects.unacknowledged_flares``),
- questionnaires the patient answered that are neither used nor reviewed (``unreviewed``),
- notes left unsigned for the clinic's days (``plans.selectors.unsigned_notes``).

A red flag leaves the list only when its referral is recorded; flares and questionnaires when a
therapist says "I've seen this"; prompts by their own act/dismiss flow. Every read here is a fixed
number of queries whatever the caseload's size: ``summary`` is one query, ``items`` eight. Red flags
are read from their rows, over every episode they may be on. The other sources go by the counts each
episode keeps (``implied_attention`` says what its rows imply; ``plans.services.caseload_state`` keeps
them): ``summary`` sums them, ``items`` reads the rows of only the episodes whose counts say they have
some. The items themselves are made in ``plans.selectors.inbox_items``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from clinic import access, dates
from patients.models import Episode, EpisodeStatus
from plans.clinical.vocabulary import TRIAGE_SEVERITY, PromptKind
from plans.models import Assessment, HoldOverride, HomeLog, Prompt, QuestionnaireRequest
from plans.selectors import inbox_items, unsigned_notes
from plans.selectors.caseload import reevaluation_due_q
from plans.selectors.inbox_items import FLARE, KIND_ORDER, QUESTIONNAIRE, Item


def _scalar(queryset: QuerySet, function: str, expression) -> Subquery:
    """``SELECT function(expression)`` of ``queryset`` as a scalar subquery (no GROUP BY): over no
    rows, 0 for COUNT and NULL for the others."""
    return Subquery(
        queryset.order_by().annotate(n=Func(expression, function=function)).values("n"),
        output_field=IntegerField(),
    )


def _count(queryset: QuerySet) -> Subquery:
    return _scalar(queryset, "COUNT", F("pk"))


def _severity(field: str) -> Case:
    return Case(
        *[When(**{field: level}, then=Value(rank)) for level, rank in TRIAGE_SEVERITY.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def open_episodes(user, scope: str = "mine") -> QuerySet[Episode]:
    """The open episodes of the user's caseload ("mine") or of every clinic they treat in ("clinic")."""
    episodes = Episode.objects.visible_to(user).filter(
        status=EpisodeStatus.OPEN, is_active=True, patient__is_active=True
    )
    if scope == "mine" and not user.is_superuser:
        episodes = episodes.filter(patient__primary_therapist=user)
    return episodes


def red_flag_episodes(user, scope: str = "mine") -> QuerySet[Episode]:
    """Where the user's unreferred red flags may be: every episode they may see, discharged or
    archived too, and in "mine" those of their patients and of patients with no primary therapist.
    A red flag leaves the list only with its referral."""
    episodes = Episode.objects.visible_to(user)
    if scope == "mine" and not user.is_superuser:
        episodes = episodes.filter(
            Q(patient__primary_therapist=user) | Q(patient__primary_therapist__isnull=True)
        )
    return episodes


RED_FLAG_SOURCES = ("assessment_red_flags", "visit_red_flags")


def _sources() -> dict[str, QuerySet]:
    """The rows the inbox lists, of every episode, by source; ``RED_FLAG_SOURCES`` are read over
    ``red_flag_episodes``, the others over ``open_episodes``."""
    return {
        "assessment_red_flags": Assessment.objects.unreferred_red_flags(),
        "visit_red_flags": Prompt.objects.open_red_flags(),
        "prompts": Prompt.objects.open_other(),
        "flares": HomeLog.objects.unacknowledged_flares(),
        "questionnaires": QuestionnaireRequest.objects.unreviewed(),
    }


# For the sources other than the red flags, the episodes whose stored state says they have rows of
# it. Red flags are read from their rows over every episode they may be on: none is ever missed for a
# stored count that is behind.
STORED = {
    "prompts": Q(other_open_prompts__gt=0),
    "flares": Q(unacknowledged_flares__gt=0),
    "questionnaires": Q(unreviewed_questionnaires__gt=0),
}


def implied_attention(episode_ref: str = "pk") -> dict[str, Func]:
    """What an episode's rows imply for its stored inbox counts (``Episode.CASELOAD_STATE_FIELDS``),
    as subqueries of the episode's own row: the counts that do not depend on the day."""
    sources = {name: qs.filter(episode=OuterRef(episode_ref)) for name, qs in _sources().items()}
    counts = {name: Coalesce(_count(qs), 0) for name, qs in sources.items()}
    return {
        "unreferred_assessment_flags": counts["assessment_red_flags"],
        "unreferred_visit_flags": counts["visit_red_flags"],
        "red_flag_severity": Greatest(
            Coalesce(_scalar(sources["assessment_red_flags"], "MAX", _severity("triage_level")), 0),
            Coalesce(_scalar(sources["visit_red_flags"], "MAX", _severity("level")), 0),
        ),
        "other_open_prompts": counts["prompts"],
        "unacknowledged_flares": counts["flares"],
        "unreviewed_questionnaires": counts["questionnaires"],
    }


def top_kind(episode, open_prompts) -> tuple[str, str]:
    """The most severe kind of an episode annotated by ``with_attention`` (with its open prompts,
    red flags first): (kind, triage level of a red flag)."""
    if episode.attention_severity:
        level = {rank: level for level, rank in TRIAGE_SEVERITY.items()}[episode.attention_severity]
        return PromptKind.RED_FLAG, level
    kinds = [p.kind for p in open_prompts if p.kind != PromptKind.RED_FLAG]
    if episode.attention_flares:
        kinds.append(FLARE)
    if episode.attention_questionnaires:
        kinds.append(QUESTIONNAIRE)
    if episode.attention_reevaluations:
        kinds.append(PromptKind.REEVALUATION_DUE)
    return (min(kinds, key=KIND_ORDER.__getitem__), "") if kinds else ("", "")


@dataclass(frozen=True)
class Summary:
    total: int
    red_flags: int

    @property
    def label(self) -> str:
        if not self.total:
            return "Nothing needs your attention"
        items = f"{self.total} item{'s' if self.total != 1 else ''} need{'s' if self.total == 1 else ''}"
        flags = f", {self.red_flags} red flag{'s' if self.red_flags != 1 else ''}" if self.red_flags else ""
        return f"{items} your attention{flags}"


def summary(user, scope: str = "mine") -> Summary:
    """The inbox's counts for the navigation bar, in one query: the red flags from their rows (a
    red flag is never hidden by a stored count), the sums of the other counts the episodes store, the
    episodes due a re-evaluation, and the unsigned notes."""
    episodes = open_episodes(user, scope)
    flagged = red_flag_episodes(user, scope)
    sources = _sources()
    counts = {
        **{name: _count(sources[name].filter(episode__in=flagged)) for name in RED_FLAG_SOURCES},
        "others": _scalar(
            episodes,
            "SUM",
            F("other_open_prompts") + F("unacknowledged_flares") + F("unreviewed_questionnaires"),
        ),
        "reevaluations": _count(episodes.filter(reevaluation_due_q(dates.today()))),
    } | {name: _count(qs) for name, qs in unsigned_notes.sources(user, scope).items()}
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(**{name: Coalesce(count, 0) for name, count in counts.items()})
        .values(*counts)
        .get()
    )
    return Summary(total=sum(row.values()), red_flags=sum(row[name] for name in RED_FLAG_SOURCES))


def summary_for_request(request) -> Summary | None:
    """The navigation's count, computed at most once per request, for therapists only."""
    if not hasattr(request, "_attention_summary"):
        user = request.user
        request._attention_summary = (
            summary(user) if user.is_authenticated and access.is_therapist(user) else None
        )
    return request._attention_summary


def items(user, scope: str = "mine", *, limit: int | None = None, episodes=None) -> list[Item]:
    """The inbox, red flags first (emergency, urgent, prompt), then regression, relapse, flares,
    questionnaires, re-evaluation, plateau, goal met, unsigned notes; newest first within a kind.
    Eight queries, each over the episodes whose stored counts say they have rows of its source;
    ``limit`` keeps the first ``limit`` of each source (enough for the first ``limit`` items)."""
    if episodes is None:
        episodes = open_episodes(user, scope)
    flagged = red_flag_episodes(user, scope)
    today = dates.today()
    sources = {
        name: qs.filter(episode__in=flagged if name in RED_FLAG_SOURCES else episodes.filter(STORED[name]))
        for name, qs in _sources().items()
    }

    def cut(queryset):
        return list(queryset[:limit] if limit else queryset)

    severity_first = ("-severity",)
    assessments = cut(
        sources["assessment_red_flags"]
        .select_related("episode", *inbox_items.ITEM_RELATED)
        .annotate(
            severity=_severity("triage_level"),
            overridden=Exists(HoldOverride.objects.filter(assessment=OuterRef("pk"))),
        )
        .order_by(*severity_first, "-assessed_on", "-id")
    )
    # One query over both kinds of prompt, each found by its own index (a UNION): an OR of the two
    # filters makes PostgreSQL read every prompt and every visit.
    keys = [sources[name].order_by().values("pk") for name in ("visit_red_flags", "prompts")]
    both = keys[0].union(keys[1], all=True)
    prompts = cut(
        Prompt.objects.filter(pk__in=both)
        .select_related("visit", "episode", *inbox_items.ITEM_RELATED)
        .annotate(
            severity=Case(
                When(kind=PromptKind.RED_FLAG, then=Value(10) + _severity("level")),
                default=Value(0),
                output_field=IntegerField(),
            ),
            overridden=Exists(HoldOverride.objects.filter(prompt=OuterRef("pk"))),
        )
        .order_by(*severity_first, "-visit__visit_date", "-visit__visit_time", "-id")
    )
    flares = cut(
        sources["flares"].select_related("episode", *inbox_items.ITEM_RELATED).order_by("-done_on", "-id")
    )
    questionnaires = cut(
        sources["questionnaires"]
        .select_related("episode", *inbox_items.ITEM_RELATED)
        .order_by("-completed_at", "-id")
    )
    # The baselines of the episodes the stored state makes due: ``Assessment.objects.reevaluation_due``.
    reevaluations = cut(
        Assessment.objects.baselines_of(episodes.filter(reevaluation_due_q(today)))
        .select_related("episode", *inbox_items.ITEM_RELATED)
        .order_by("assessed_on", "id")
    )
    found = [
        *(inbox_items.assessment_item(a) for a in assessments),
        *(inbox_items.reevaluation_item(a) for a in reevaluations),
        *(inbox_items.prompt_item(p) for p in prompts),
        *(inbox_items.flare_item(log) for log in flares),
        *(inbox_items.questionnaire_item(q) for q in questionnaires),
        *unsigned_notes.items(user, scope, limit=limit),
    ]
    found.sort(key=lambda item: item.sort_key)
    return found[:limit] if limit else found
