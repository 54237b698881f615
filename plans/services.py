"""Writing clinical records: assessments with their scored results and suggestion, referrals, plan
versions. Each function is one transaction, so nothing is ever half-saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from clinic import dates
from patients.models import Episode
from plans.clinical.engine import AssessmentInput, suggest
from plans.clinical.scoring import body_mass_index
from plans.clinical.vocabulary import PromptKind, TriageLevel
from plans.library import load_catalog, stage_thresholds
from plans.models import (
    OVERRIDE_REASON_MIN,
    URGENCY_FOR_LEVEL,
    Assessment,
    AssessmentFinding,
    EducationItem,
    Exercise,
    HoldOverride,
    Plan,
    PlanEducation,
    PlanExercise,
    PlanGoal,
    PlanVersion,
    Prompt,
    PromptStatus,
    Referral,
    ReferralUrgency,
    episode_day_error,
    episode_held_q,
)


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


@dataclass(frozen=True)
class AssessmentEntry:
    """What the therapist entered; everything else is derived."""

    kind: str
    assessed_on: date
    region: str
    onset: str
    mechanism: str
    recurrent: bool
    pain_distribution: str
    nprs_current: int
    nprs_best: int | None = None
    nprs_worst: int | None = None
    odi_sections: tuple[int | None, ...] | None = None
    startback_items: tuple[int, ...] | None = None
    startback_bothersomeness: str = ""
    height_cm: Decimal | None = None
    weight_kg: Decimal | None = None
    notes: str = ""
    findings: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_form(cls, form) -> AssessmentEntry:
        data = form.cleaned_data
        return cls(
            kind=data["kind"],
            assessed_on=data["assessed_on"],
            region=data["region"],
            onset=data["onset"],
            mechanism=data["mechanism"],
            recurrent=data["recurrent"],
            pain_distribution=data["pain_distribution"],
            nprs_current=data["nprs_current"],
            nprs_best=data.get("nprs_best"),
            nprs_worst=data.get("nprs_worst"),
            odi_sections=form.odi_sections,
            startback_items=form.startback_items,
            startback_bothersomeness=data.get("startback_bothersomeness") or "",
            height_cm=data.get("height_cm"),
            weight_kg=data.get("weight_kg"),
            notes=data.get("notes", ""),
            findings=form.findings,
        )


@transaction.atomic
def record_assessment(*, episode: Episode, entry: AssessmentEntry, user) -> Assessment:
    if error := episode_day_error(entry.assessed_on, episode, "assessment"):
        raise ValidationError({"assessed_on": error})
    patient = episode.patient
    age = patient.age_on(entry.assessed_on)
    duration_days = (entry.assessed_on - episode.onset_date).days
    bmi = None
    if entry.height_cm is not None and entry.weight_kg is not None:
        bmi = body_mass_index(entry.height_cm, entry.weight_kg)
    engine_input = AssessmentInput(
        age=age,
        region=entry.region,
        onset=entry.onset,
        duration_days=duration_days,
        sex=patient.sex or None,
        recurrent=entry.recurrent,
        mechanism=entry.mechanism,
        pain_distribution=entry.pain_distribution,
        nprs=entry.nprs_current,
        bmi=bmi,
        odi=entry.odi_sections,
        startback_items=entry.startback_items,
        startback_bothersomeness=entry.startback_bothersomeness or None,
        findings=entry.findings,
    )
    suggestion = suggest(engine_input, load_catalog(), stage_thresholds=stage_thresholds(patient.clinic))
    odi, startback = suggestion.odi, suggestion.startback  # scored once, by the engine
    assessment = Assessment(
        episode=episode,
        kind=entry.kind,
        assessed_on=entry.assessed_on,
        assessed_by=user,
        age=age,
        region=entry.region,
        onset=entry.onset,
        duration_days=duration_days,
        mechanism=entry.mechanism,
        recurrent=entry.recurrent,
        pain_distribution=entry.pain_distribution,
        nprs_current=entry.nprs_current,
        nprs_best=entry.nprs_best,
        nprs_worst=entry.nprs_worst,
        odi_percent=odi.percent if odi else None,
        odi_band=odi.band.value if odi and odi.band else "",
        odi_answered=odi.answered if odi else 0,
        odi_valid=odi.valid if odi else False,
        startback_items="".join(str(i) for i in entry.startback_items) if entry.startback_items else "",
        startback_bothersomeness=entry.startback_bothersomeness if startback else "",
        startback_total=startback.total if startback else None,
        startback_psychosocial=startback.psychosocial if startback else None,
        startback_risk=startback.risk.value if startback else "",
        height_cm=entry.height_cm,
        weight_kg=entry.weight_kg,
        bmi=bmi,
        notes=entry.notes,
        stage=suggestion.stage,
        triage_level=suggestion.triage.level.value,
        suggestion=suggestion.as_dict(),
    )
    for number, value in enumerate(entry.odi_sections or (None,) * 10, start=1):
        setattr(assessment, f"odi_{number}", value)
    assessment._history_user = user
    assessment.full_clean()
    assessment.save()
    bulk_create_with_history(
        [AssessmentFinding(assessment=assessment, code=code) for code in sorted(entry.findings)],
        AssessmentFinding,
        default_user=user,
    )
    if assessment.kind == Assessment.Kind.REEVALUATION:
        from plans.visits import resolve_reevaluation_prompts

        resolve_reevaluation_prompts(episode=episode, user=user)
    return assessment


@dataclass(frozen=True)
class ReferralEntry:
    referred_to: str
    referred_at: datetime
    urgency: str
    note: str = ""


def _flag_day(flag: Assessment | Prompt) -> date:
    return flag.assessed_on if isinstance(flag, Assessment) else flag.visit.visit_date


def _flag_level(flag: Assessment | Prompt) -> str:
    return flag.triage_level if isinstance(flag, Assessment) else flag.level


def _locked_flag(flag: Assessment | Prompt) -> Assessment | Prompt:
    """The assessment or red-flag prompt, locked, so two submits record one referral or override."""
    if isinstance(flag, Assessment):
        return Assessment.objects.select_for_update().get(pk=flag.pk)
    return Prompt.objects.select_for_update().select_related("visit").get(pk=flag.pk)


def _source(flag: Assessment | Prompt) -> dict:
    return {"assessment": flag} if isinstance(flag, Assessment) else {"prompt": flag}


@transaction.atomic
def record_referral(*, flag: Assessment | Prompt, entry: ReferralEntry, user) -> Referral:
    """Record the referral made for an assessment's triage or a visit's red-flag prompt; a prompt is
    resolved by it. A repeat (double submit) returns the referral already recorded."""
    flag = _locked_flag(flag)
    existing = Referral.objects.filter(**_source(flag)).first()
    if existing is not None:
        return existing
    if _flag_level(flag) in ("", TriageLevel.NONE) or (
        isinstance(flag, Prompt) and flag.kind != PromptKind.RED_FLAG
    ):
        raise ValidationError("A referral is recorded for a red flag; this record has none.")
    errors = {}
    if not entry.referred_to.strip():
        errors["referred_to"] = "Say to whom or where the patient was referred."
    if entry.referred_at > timezone.now():
        errors["referred_at"] = "The referral cannot be made in the future."
    elif timezone.localdate(entry.referred_at) < _flag_day(flag):
        errors["referred_at"] = (
            f"The referral cannot be before the red flag was found ({_flag_day(flag):%d %b %Y})."
        )
    needed = URGENCY_FOR_LEVEL.get(_flag_level(flag), ReferralUrgency.ROUTINE)
    if entry.urgency not in ReferralUrgency.values:
        errors["urgency"] = "Choose how urgently the patient was referred."
    elif not ReferralUrgency.at_least(entry.urgency, needed):
        errors["urgency"] = (
            f"This red flag needs a referral {ReferralUrgency(needed).label.lower()} or sooner: "
            "a less urgent one does not release it."
        )
    if errors:
        raise ValidationError(errors)
    referral = Referral(
        episode_id=flag.episode_id,
        referred_to=entry.referred_to.strip(),
        referred_at=entry.referred_at,
        urgency=entry.urgency,
        note=entry.note.strip(),
        recorded_by=user,
        **_source(flag),
    )
    referral._history_user = user
    referral.full_clean(exclude=["created_at"])
    referral.save()
    if isinstance(flag, Prompt) and flag.status == PromptStatus.OPEN:
        from plans.visits import close_prompt

        close_prompt(prompt=flag, user=user)
    return referral


@transaction.atomic
def record_override(*, flag: Assessment | Prompt, reason: str, user) -> HoldOverride:
    """Let care go on despite an URGENT red flag, saying why; an emergency is never overridden. The
    override releases only the assessment or prompt it names. A repeat returns the one recorded."""
    flag = _locked_flag(flag)
    existing = HoldOverride.objects.filter(**_source(flag)).first()
    if existing is not None:
        return existing
    level = _flag_level(flag)
    if level == TriageLevel.EMERGENCY:
        raise ValidationError("An emergency cannot be overridden: record the referral that was made.")
    if level != TriageLevel.URGENT:
        raise ValidationError("Only an urgent red flag holds the plan and can be overridden.")
    if len(reason.strip()) < OVERRIDE_REASON_MIN:
        raise ValidationError(
            {
                "reason": f"Say in at least {OVERRIDE_REASON_MIN} characters who cleared the patient "
                "or why care goes on."
            }
        )
    override = HoldOverride(
        episode_id=flag.episode_id, level=level, reason=reason.strip(), overridden_by=user, **_source(flag)
    )
    override._history_user = user
    override.full_clean()
    override.save()
    return override


def latest_assessment(episode: Episode) -> Assessment | None:
    return episode.assessments.order_by("-assessed_on", "-id").first()


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


@dataclass(frozen=True)
class PlanHold:
    """An urgent or emergency red flag, at the latest assessment or a visit, not yet released."""

    flag: Assessment | Prompt
    level: str

    @property
    def overridable(self) -> bool:
        return self.level == TriageLevel.URGENT

    @property
    def at_visit(self) -> bool:
        return isinstance(self.flag, Prompt)

    @property
    def found_on(self) -> date:
        return _flag_day(self.flag)

    @property
    def urgency(self) -> str:
        return URGENCY_FOR_LEVEL[self.level]

    @property
    def message(self) -> str:
        where = "a visit" if self.at_visit else "the assessment"
        release = (
            "a referral is recorded or a therapist records an override"
            if self.overridable
            else ("the referral is recorded (an emergency cannot be overridden)")
        )
        return (
            f"The plan is held: an {self.level} red flag was found at {where} of {self.found_on:%d %b %Y}. "
            f"No plan version can be approved until {release}."
        )


def plan_holds(episode: Episode) -> list[PlanHold]:
    """What holds plan approval: each assessment, and each open red-flag prompt of a visit, that is
    urgent or emergency with neither a referral nor (urgent only) an override. A later assessment
    releases nothing. Two queries."""
    holds = [
        PlanHold(assessment, assessment.triage_level)
        for assessment in Assessment.objects.holding_plan()
        .filter(episode=episode)
        .order_by("-assessed_on", "-id")
    ]
    holds += [
        PlanHold(prompt, prompt.level)
        for prompt in Prompt.objects.holding_plan().filter(episode=episode).select_related("visit")
    ]
    return sorted(holds, key=lambda hold: hold.level != TriageLevel.EMERGENCY)


def is_plan_held(episode_id: int) -> bool:
    """Whether a red flag holds the episode's plan (one query): the portal shows an active plan as paused."""
    return Episode.objects.filter(pk=episode_id).filter(episode_held_q()).exists()


PAUSED_FOR_PATIENT = (
    "Your therapist has paused this plan while you see a doctor. Do not start new exercises until they "
    "tell you; keep moving gently as you can."
)


def plan_blocker(episode: Episode) -> PlanHold | None:
    """The first (most severe) of ``plan_holds``, or None when nothing holds the plan."""
    holds = plan_holds(episode)
    return holds[0] if holds else None


@transaction.atomic
def approve_plan_version(
    *,
    episode: Episode,
    content: PlanContent,
    user,
    assessment: Assessment | None = None,
    based_on: int | None = None,
) -> PlanVersion:
    """Make the next version of the episode's plan. Versions are never changed once approved.

    ``based_on`` is the number of the version the editor started from (0 for none). Only one version
    is ever made from it, numbered ``based_on + 1`` (the database holds one version per number): a
    repeat of the approval that made it raises ``PlanAlreadyApproved``, any other edit from that
    version ``PlanChanged``. ``None`` builds on whatever is current (the demo data, fixtures)."""
    Episode.objects.select_for_update().filter(pk=episode.pk).get()
    plan, _ = Plan.objects.get_or_create(episode=episode)
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    if based_on is not None and based_on != last:
        current = PlanVersion.objects.with_items().filter(plan=plan, number=last).first()
        if current is not None and current.number == based_on + 1 and same_content(current, content):
            raise PlanAlreadyApproved(current)
        raise PlanChanged(current=current, based_on=based_on)
    if (hold := plan_blocker(episode)) is not None:
        raise PlanBlocked(hold.message)
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
    version._history_user = user
    version.full_clean()
    version.save()
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
    return version


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


def same_content(version: PlanVersion, content: PlanContent) -> bool:
    """Whether approving ``content`` would make exactly ``version`` (needs ``with_items()``)."""
    return _version_rows(version) == _content_rows(content)


def current_version(episode: Episode) -> PlanVersion | None:
    return PlanVersion.objects.with_items().current_for(episode)


def editor_initial_from_suggestion(assessment: Assessment) -> dict:
    """Initial data for the plan editor from an assessment's suggestion."""
    plan = assessment.suggestion.get("plan") or {}
    slugs = [row["slug"] for row in plan.get("exercises", [])]
    exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=slugs)}
    rows = []
    for order, row in enumerate(plan.get("exercises", []), start=1):
        if row["slug"] in exercises:
            rows.append(
                {
                    "exercise": exercises[row["slug"]].pk,
                    "order": order,
                    "sets": row["sets"],
                    "reps": row["reps"],
                    "hold_seconds": row["hold_seconds"],
                    "times_per_day": row["times_per_day"],
                    "days_per_week": row["days_per_week"],
                    "reason": row.get("reason", "")[:300],
                    "offer_variants": True,
                }
            )
    education_slugs = [e["slug"] for e in plan.get("education", [])]
    goals = [
        {
            "measure": goal["measure"],
            "target": goal["target"],
            "due_date": assessment.assessed_on + timedelta(days=goal["due_in_days"]),
        }
        for goal in plan.get("goals", [])
    ]
    review_in_days = plan.get("review_in_days", 14)
    return {
        "exercises": rows,
        "goals": goals,
        "version": {
            "review_date": max(dates.today(), assessment.assessed_on + timedelta(days=review_in_days)),
            "education": list(
                EducationItem.objects.filter(slug__in=education_slugs).values_list("pk", flat=True)
            ),
            "activity_advice": "\n".join(plan.get("activity_advice", [])),
            "notes": "\n".join(filter(None, [plan.get("referral") or "", *plan.get("notes", [])])),
        },
    }


def editor_initial_from_version(version: PlanVersion) -> dict:
    return {
        "exercises": [
            {
                "exercise": item.exercise_id,
                "order": item.order,
                "sets": item.sets,
                "reps": item.reps,
                "hold_seconds": item.hold_seconds,
                "times_per_day": item.times_per_day,
                "days_per_week": item.days_per_week,
                "reason": item.reason,
                "offer_variants": item.offer_variants,
            }
            for item in version.exercises.all()
        ],
        "goals": [
            {"measure": g.measure, "target": g.target, "due_date": g.due_date, "description": g.description}
            for g in version.goals.all()
        ],
        "version": {
            "review_date": max(dates.today(), version.review_date),
            "education": [link.item_id for link in version.education.all()],
            "activity_advice": version.activity_advice,
            "notes": version.notes,
        },
    }
