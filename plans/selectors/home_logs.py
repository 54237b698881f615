"""Home exercise sessions the patient logs in the portal: recording them, adherence, pain flares, and
the geometry of the patient's pain chart.

The arithmetic (``compute_adherence``) is pure: plain values in, plain values out.
``adherence`` and ``flares_since`` load the rows for one episode and call it.

Adherence is the share of prescribed home sessions that were done. For every plan version, the days
it was in force (from the day it was approved to the day before the next version was approved,
clipped to the period asked about and to the discharge date) prescribe, for each exercise,
``times_per_day x days_per_week x days / 7`` sessions. Each logged session counts once for every
exercise ticked in it, matched by exercise and by the day it was done, so a session logged late
against a newer version still counts for the version in force that day. Sessions beyond an
exercise's prescription are not credited, so overdoing one exercise cannot hide skipping another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from patients.models import Episode
from plans.clinical.scoring import round_half_up
from plans.models import HomeLog, PlanExercise, PlanVersion

# --- Adherence: pure -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrescribedExercise:
    exercise_id: int
    name: str
    times_per_day: int
    days_per_week: int


@dataclass(frozen=True)
class VersionPeriod:
    """A plan version and the day it came into force (the day it was approved)."""

    number: int
    starts_on: date
    exercises: tuple[PrescribedExercise, ...]


@dataclass(frozen=True)
class LoggedSession:
    done_on: date
    exercise_ids: frozenset[int]


@dataclass(frozen=True)
class ExerciseAdherence:
    version_number: int
    exercise_id: int
    name: str
    first_day: date
    last_day: date
    prescribed: Fraction
    done: int

    @property
    def credited(self) -> Fraction:
        return min(Fraction(self.done), self.prescribed)


@dataclass(frozen=True)
class AdherenceSummary:
    start: date
    end: date
    rows: tuple[ExerciseAdherence, ...]
    logged_sessions: int  # home logs in the period

    @property
    def prescribed_exact(self) -> Fraction:
        return sum((row.prescribed for row in self.rows), Fraction(0))

    @property
    def prescribed(self) -> Decimal:
        """Exercise sessions prescribed in the period, to one decimal (14, 4.3)."""
        value = round_half_up(self.prescribed_exact, 1)
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value

    @property
    def done(self) -> int:
        """Exercise sessions logged in the period (one per exercise ticked in a home log)."""
        return sum(row.done for row in self.rows)

    @property
    def credited(self) -> Fraction:
        return sum((row.credited for row in self.rows), Fraction(0))

    @property
    def exact(self) -> Fraction:
        return self.credited / self.prescribed_exact

    @property
    def percent(self) -> int:
        """Whole percent, rounded half up; 0 to 100."""
        return int(round_half_up(self.exact * 100, 0))


def compute_adherence(
    periods: Sequence[VersionPeriod], sessions: Iterable[LoggedSession], start: date, end: date
) -> AdherenceSummary | None:
    """Adherence between ``start`` and ``end`` (both included); None when no plan was in force on
    any of those days. ``periods`` are in approval order; of two versions approved the same day,
    the later one is in force."""
    if end < start:
        raise ValueError("The end of the period cannot be before its start.")
    sessions = [s for s in sessions if start <= s.done_on <= end]
    rows: list[ExerciseAdherence] = []
    for index, period in enumerate(periods):
        first = max(start, period.starts_on)
        last = end
        if index + 1 < len(periods):
            last = min(end, periods[index + 1].starts_on - timedelta(days=1))
        if last < first:
            continue
        days = (last - first).days + 1
        in_window = [s for s in sessions if first <= s.done_on <= last]
        for item in period.exercises:
            rows.append(
                ExerciseAdherence(
                    version_number=period.number,
                    exercise_id=item.exercise_id,
                    name=item.name,
                    first_day=first,
                    last_day=last,
                    prescribed=Fraction(item.times_per_day * item.days_per_week * days, 7),
                    done=sum(1 for s in in_window if item.exercise_id in s.exercise_ids),
                )
            )
    if not rows or sum(row.prescribed for row in rows) == 0:
        return None
    return AdherenceSummary(start=start, end=end, rows=tuple(rows), logged_sessions=len(sessions))


# --- Adherence and flares: loading an episode's rows ----------------------------------------------


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
    """Home sessions on or after ``since`` after which pain was 3 or more points above pain before,
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


@transaction.atomic
def log_home_session(
    *,
    episode: Episode,
    plan_version: PlanVersion,
    done_on: date,
    exercises: Sequence[PlanExercise],
    pain_before: int,
    pain_after: int,
    comment: str = "",
    user,
) -> HomeLog:
    """Record one home session against the plan version the patient was shown."""
    errors: dict[str, str] = {}
    if plan_version.plan.episode_id != episode.pk:
        errors["plan_version"] = "This plan belongs to another episode."
    if not exercises:
        errors["exercises"] = "Tick at least one exercise."
    elif any(item.version_id != plan_version.pk for item in exercises):
        errors["exercises"] = "Only exercises from the plan can be logged."
    if done_on > timezone.localdate():
        errors["done_on"] = "The date cannot be in the future."
    if errors:
        raise ValidationError(errors)
    log = HomeLog(
        episode=episode,
        plan_version=plan_version,
        done_on=done_on,
        pain_before=pain_before,
        pain_after=pain_after,
        comment=comment.strip(),
    )
    log._history_user = user
    log.full_clean()
    log.save()
    log.exercises.set(exercises)
    return log
