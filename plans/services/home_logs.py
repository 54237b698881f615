"""Recording home sessions the patient logs in the portal, and a therapist's acknowledgement of a flare."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from clinic import dates
from patients.models import Episode
from plans.models import HomeLog, PlanExercise, PlanVersion
from plans.services.caseload_state import caseload_state_refresh
from plans.services.history import audited_save, first_seen_stamp


@transaction.atomic
def home_log_record(
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
    if done_on > dates.today():
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
    audited_save(log, user)
    log.exercises.set(exercises)
    caseload_state_refresh(episode_ids=[episode.pk])
    return log


@transaction.atomic
def flare_acknowledge(*, log: HomeLog, user) -> HomeLog:
    """A therapist has seen this flare: it leaves the inbox (once; the first acknowledgement stays)."""
    Episode.objects.select_for_update().filter(pk=log.episode_id).get()
    log = HomeLog.objects.select_for_update().get(pk=log.pk)
    if not log.flared:
        raise ValidationError("This session was not a pain flare.")
    first_seen_stamp(log, user, at_field="acknowledged_at", by_field="acknowledged_by")
    caseload_state_refresh(episode_ids=[log.episode_id])
    return log
