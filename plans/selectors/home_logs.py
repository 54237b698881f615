"""Reading an episode's home sessions: adherence over a period (computed by
``plans.clinical.adherence``), pain flares, and the latest logs for the timeline."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from patients.models import Episode
from plans.clinical.adherence import (
    AdherenceSummary,
    LoggedSession,
    PrescribedExercise,
    VersionPeriod,
    compute_adherence,
)
from plans.models import HomeLog, PlanExercise, PlanVersion


def version_periods(episode: Episode) -> list[VersionPeriod]:
    versions = (
        PlanVersion.objects.filter(plan__episode=episode)
        .order_by("approved_at", "number")
        .prefetch_related(Prefetch("exercises", queryset=PlanExercise.objects.select_related("exercise")))
    )
    return [
        VersionPeriod(
            number=version.number,
            starts_on=timezone.localdate(version.approved_at),
            exercises=tuple(
                PrescribedExercise(
                    exercise_id=item.exercise_id,
                    name=item.exercise.name,
                    times_per_day=item.times_per_day,
                    days_per_week=item.days_per_week,
                )
                for item in version.exercises.all()
            ),
        )
        for version in versions
    ]


def logged_sessions(episode: Episode, start: date, end: date) -> list[LoggedSession]:
    ticked = HomeLog.exercises.through.objects.filter(
        homelog__episode=episode, homelog__done_on__range=(start, end)
    ).values_list("homelog_id", "homelog__done_on", "planexercise__exercise_id")
    by_log: dict[int, tuple[date, set[int]]] = {}
    for log_id, done_on, exercise_id in ticked:
        by_log.setdefault(log_id, (done_on, set()))[1].add(exercise_id)
    return [LoggedSession(done_on, frozenset(ids)) for done_on, ids in by_log.values()]


def adherence(episode: Episode, start: date, end: date) -> AdherenceSummary | None:
    """Share of the prescribed home sessions done from ``start`` to ``end`` (both included), from the
    plan versions in force and the patient's home logs; None if no plan was in force then (or the
    period is empty). Days after discharge prescribe nothing. Three queries."""
    if episode.discharge_date is not None:
        end = min(end, episode.discharge_date)
    if end < start:
        return None
    return compute_adherence(version_periods(episode), logged_sessions(episode, start, end), start, end)


def flares_since(episode: Episode, since: date) -> list[HomeLog]:
    """Home sessions on or after ``since`` after which pain rose by a flare (``FLARE_POINTS``) or more,
    oldest first, with their exercises."""
    return list(
        with_exercises(HomeLog.objects.flares().filter(episode=episode, done_on__gte=since)).order_by(
            "done_on", "id"
        )
    )


def with_exercises(logs: QuerySet[HomeLog]) -> QuerySet[HomeLog]:
    """Home logs with their ticked exercises and exercise names, in one extra query."""
    return logs.prefetch_related(
        Prefetch(
            "exercises", queryset=PlanExercise.objects.select_related("exercise").order_by("order", "id")
        )
    )


def home_logs_for_episode(episode: Episode, limit: int = 20) -> list[HomeLog]:
    """The latest home logs of an episode for its timeline (the partial plans/_home_logs.html)."""
    return list(with_exercises(HomeLog.objects.filter(episode=episode)).order_by("-done_on", "-id")[:limit])


# --- Writing ----------------------------------------------------------------------------------------


def _plan_start(episode: Episode) -> date | None:
    first = PlanVersion.objects.filter(plan__episode=episode).order_by("number").first()
    return first.approved_on if first else None


def home_summary(episode: Episode, until: date) -> dict:
    """Home sessions since the visit before ``until`` (or since the plan started): adherence and
    the sessions where pain after exercise rose by a flare (``FLARE_POINTS``) or more."""
    previous = episode.visits.filter(visit_date__lt=until).order_by("-visit_date").first()
    since = previous.visit_date if previous else _plan_start(episode)
    if since is None or since > until:
        return {"home_adherence": None, "home_flares": []}
    return {
        "home_adherence": adherence(episode, since, until),
        "home_flares": [log for log in flares_since(episode, since) if log.done_on <= until],
    }
