"""The plan editor's starting point: the current version, the latest assessment, and initial data from
either."""

from __future__ import annotations

from datetime import timedelta

from clinic import dates
from patients.models import Episode
from plans.clinical.dose import hold_as_prescribed
from plans.clinical.goals import suggested_goals
from plans.models import Assessment, EducationItem, Exercise, PlanDraft, PlanVersion
from plans.selectors.library import progress_thresholds


def exercises_by_id(exercises) -> dict[int, Exercise]:
    """The exercises the editor offers, by id, for each row's preview of its pictures and steps: read
    from the rows already loaded for the exercise choices, so the previews cost no query."""
    return {exercise.pk: exercise for exercise in exercises}


def latest_assessment(episode: Episode) -> Assessment | None:
    return episode.assessments.order_by("-assessed_on", "-id").first()


def current_version(episode: Episode) -> PlanVersion | None:
    return PlanVersion.objects.with_items().current_for(episode)


def plan_draft(episode: Episode) -> PlanDraft | None:
    return PlanDraft.objects.filter(episode=episode).select_related("saved_by").first()


def _hold_fields(hold_seconds: int | None, kind: str) -> dict:
    hold, unit = hold_as_prescribed(hold_seconds, kind)
    return {"hold": hold, "hold_unit": unit}


def editor_initial_from_suggestion(assessment: Assessment) -> dict:
    """Initial data for the plan editor from an assessment's suggestion, with goals set by the
    clinic's own MCIDs."""
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
                    **_hold_fields(row["hold_seconds"], exercises[row["slug"]].kind),
                    "times_per_day": row["times_per_day"],
                    "days_per_week": row["days_per_week"],
                    "reason": row.get("reason", "")[:300],
                    "offer_variants": True,
                }
            )
    education_slugs = [e["slug"] for e in plan.get("education", [])]
    suggested = suggested_goals(
        nprs=assessment.nprs_current,
        odi_percent=assessment.odi_percent,
        thresholds=progress_thresholds(assessment.episode.patient.clinic),
    )
    goals = [
        {
            "measure": goal.measure,
            "target": goal.target,
            "due_date": assessment.assessed_on + timedelta(days=goal.due_in_days),
        }
        for goal in (suggested if plan else ())
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
                **_hold_fields(item.hold_seconds, item.exercise.kind),
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


def editor_initial_from_draft(draft: PlanDraft) -> dict:
    """The editor's fields as the draft saved them (the same shape as the other initial data)."""
    content = draft.content
    return {
        "exercises": [dict(row) for row in content.get("exercises", [])],
        "goals": [dict(goal) for goal in content.get("goals", [])],
        "version": dict(content.get("version", {})),
    }
