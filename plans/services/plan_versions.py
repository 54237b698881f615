"""Approving plan versions: each one made once, in one transaction, never changed afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from patients.models import Episode
from plans.models import (
    Assessment,
    EducationItem,
    Plan,
    PlanDraft,
    PlanEducation,
    PlanExercise,
    PlanGoal,
    PlanVersion,
)
from plans.selectors.holds import plan_blocker
from plans.selectors.plan_editor import latest_assessment
from plans.services.history import audited_save
from plans.services.plan_drafts import draft_content, lock_draft, plan_draft_remove


class PlanBlocked(Exception):
    """An urgent or emergency red flag holds plan approval until a referral (or, if urgent, an
    override) is recorded; the message names what holds it and what releases it."""


class PlanChanged(Exception):
    """The plan has moved on from the version the editor started from; nothing was approved."""

    def __init__(self, *, current: PlanVersion | None, based_on: int):
        super().__init__(f"The plan changed after version {based_on}.")
        self.current = current
        self.based_on = based_on


class PlanAlreadyApproved(Exception):
    """The same edit, from the same version, was approved already (a double submit, a second tab)."""

    def __init__(self, version: PlanVersion):
        super().__init__(f"Already approved as version {version.number}.")
        self.version = version


class PlanUnchanged(Exception):
    """The edit would approve exactly the current version's content again; nothing was approved."""

    def __init__(self, version: PlanVersion):
        super().__init__(f"The same as version {version.number}.")
        self.version = version


@dataclass(frozen=True)
class PlanContent:
    """A plan version's content as the editor produced it."""

    review_date: date
    exercises: list[dict]  # exercise, order, sets, reps, hold_seconds, times_per_day, days_per_week, reason
    education: list[EducationItem]
    goals: list[dict]  # measure, target, due_date, description
    activity_advice: str = ""
    notes: str = ""
    reason: str = ""
    patient_note: str = ""


@transaction.atomic
def plan_version_approve(
    *,
    episode: Episode,
    content: PlanContent,
    user,
    assessment: Assessment | None = None,
    based_on: int | None = None,
    draft_version: int | None = None,
) -> PlanVersion:
    """Make the next version of the episode's plan. Versions are never changed once approved.

    ``based_on`` is the number of the version the editor started from (0 for none). Only one version
    is ever made from it, numbered ``based_on + 1`` (the database holds one version per number): a
    repeat of the approval that made it raises ``PlanAlreadyApproved``, any other edit from that
    version ``PlanChanged``. ``None`` builds on whatever is current (the demo data, fixtures).
    Content equal to the current version's raises ``PlanUnchanged``.

    ``draft_version`` is the version of the episode's draft the editor started from (0: none): the
    approval publishes that draft and removes it, and raises ``DraftChanged`` if the draft was saved
    again since (``None``: whatever draft there is is left alone)."""
    Episode.objects.select_for_update().filter(pk=episode.pk).get()
    plan, _ = Plan.objects.get_or_create(episode=episode)
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    current = PlanVersion.objects.with_items().filter(plan=plan, number=last).first() if last else None
    if based_on is not None and based_on != last:
        if current is not None and current.number == based_on + 1 and same_content(current, content):
            raise PlanAlreadyApproved(current)
        raise PlanChanged(current=current, based_on=based_on)
    draft = lock_draft(episode, loaded_version=draft_version) if draft_version is not None else None
    if (hold := plan_blocker(episode)) is not None:
        raise PlanBlocked(hold.message)
    if current is not None and same_content(current, content, reasons=False):
        raise PlanUnchanged(current)
    number = last + 1
    if number > 1 and not content.reason.strip():
        raise ValidationError({"reason": "Say why the plan is changing."})
    version = PlanVersion(
        plan=plan,
        number=number,
        approved_at=timezone.now(),
        approved_by=user,
        assessment=assessment or latest_assessment(episode),
        reason=content.reason.strip(),
        patient_note=content.patient_note.strip(),
        review_date=content.review_date,
        activity_advice=content.activity_advice.strip(),
        notes=content.notes.strip(),
    )
    audited_save(version, user)
    bulk_create_with_history(
        [
            PlanExercise(
                version=version,
                exercise=row["exercise"],
                order=position,
                sets=row["sets"],
                reps=row.get("reps"),
                hold_seconds=row.get("hold_seconds"),
                times_per_day=row["times_per_day"],
                days_per_week=row["days_per_week"],
                reason=row.get("reason") or "",
                offer_variants=row.get("offer_variants", True),
            )
            for position, row in enumerate(content.exercises, start=1)
        ],
        PlanExercise,
        default_user=user,
    )
    bulk_create_with_history(
        [PlanEducation(version=version, item=item, order=i) for i, item in enumerate(content.education)],
        PlanEducation,
        default_user=user,
    )
    goals = [
        PlanGoal(
            version=version,
            measure=goal["measure"],
            target=goal.get("target"),
            due_date=goal["due_date"],
            description=goal.get("description") or "",
        )
        for goal in content.goals
    ]
    for goal in goals:
        goal.full_clean()
    bulk_create_with_history(goals, PlanGoal, default_user=user)
    if draft is not None:
        plan_draft_remove(draft, user)
    return version


@transaction.atomic
def plan_draft_save(
    *, episode: Episode, content: PlanContent, user, based_on: int, loaded_version: int
) -> PlanDraft:
    """Save the editor's content as the episode's one draft, made from version ``based_on``.

    Refused with ``PlanChanged`` if a version was approved since the editor opened, and with
    ``DraftChanged`` if the draft was saved by someone else since (``loaded_version``)."""
    Episode.objects.select_for_update().filter(pk=episode.pk).get()
    last = PlanVersion.objects.filter(plan__episode=episode).aggregate(last=Max("number"))["last"] or 0
    if based_on != last:
        current = PlanVersion.objects.with_items().filter(plan__episode=episode, number=last).first()
        raise PlanChanged(current=current, based_on=based_on)
    draft = lock_draft(episode, loaded_version=loaded_version) or PlanDraft(episode=episode)
    draft.based_on = based_on
    draft.content = draft_content(content)
    draft.saved_by = user
    audited_save(draft, user)
    return draft


def _goal_order(goal: tuple) -> tuple:
    measure, _target, due_date, description = goal
    return (measure, due_date, description)


def _content_rows(content: PlanContent) -> tuple:
    exercises = tuple(
        (
            row["exercise"].pk,
            row["sets"],
            row.get("reps"),
            row.get("hold_seconds"),
            row["times_per_day"],
            row["days_per_week"],
            row.get("reason") or "",
            row.get("offer_variants", True),
        )
        for row in content.exercises
    )
    goals = sorted(
        ((g["measure"], g.get("target"), g["due_date"], g.get("description") or "") for g in content.goals),
        key=_goal_order,
    )
    texts = (content.reason, content.patient_note, content.activity_advice, content.notes)
    return (
        exercises,
        tuple(item.pk for item in content.education),
        tuple(goals),
        content.review_date,
        tuple(text.strip() for text in texts),
    )


def _version_rows(version: PlanVersion) -> tuple:
    exercises = tuple(
        (
            item.exercise_id,
            item.sets,
            item.reps,
            item.hold_seconds,
            item.times_per_day,
            item.days_per_week,
            item.reason,
            item.offer_variants,
        )
        for item in version.exercises.all()
    )
    goals = sorted(
        ((g.measure, g.target, g.due_date, g.description) for g in version.goals.all()), key=_goal_order
    )
    return (
        exercises,
        tuple(link.item_id for link in version.education.all()),
        tuple(goals),
        version.review_date,
        (version.reason, version.patient_note, version.activity_advice, version.notes),
    )


def same_content(version: PlanVersion, content: PlanContent, *, reasons: bool = True) -> bool:
    """Whether approving ``content`` would make exactly ``version`` (needs ``with_items()``); without
    ``reasons``, whether it prescribes the same, whatever the reason and the patient note say."""
    ours, theirs = _version_rows(version), _content_rows(content)
    if not reasons:
        ours, theirs = _without_reasons(ours), _without_reasons(theirs)
    return ours == theirs


def _without_reasons(rows: tuple) -> tuple:
    *prescribed, (_reason, _patient_note, *texts) = rows
    return (*prescribed, tuple(texts))
