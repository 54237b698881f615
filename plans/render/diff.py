"""What changed between two plan versions, as plain data the page can list."""

from __future__ import annotations

from dataclasses import dataclass

from plans.clinical.dose import Dose
from plans.models import PlanGoal, PlanVersion


@dataclass(frozen=True)
class Change:
    section: str  # "Exercises", "Education", "Goals", "Review date", ...
    kind: str  # "added", "removed" or "changed"
    item: str
    before: str = ""
    after: str = ""


def snapshot(version: PlanVersion) -> dict:
    """A version's content keyed for comparison (needs ``PlanVersion.objects.with_items()``)."""
    return {
        "exercises": {item.exercise.name: Dose.of(item).describe() for item in version.exercises.all()},
        "exercise_order": [item.exercise.name for item in version.exercises.all()],
        "education": [link.item.title for link in version.education.all()],
        "goals": [str(goal) for goal in version.goals.all()],
        "review_date": f"{version.review_date:%d %b %Y}",
        "activity_advice": version.activity_advice,
        "notes": version.notes,
    }


NO_PLAN = {
    "exercises": {},
    "exercise_order": [],
    "education": [],
    "goals": [],
    "review_date": "",
    "activity_advice": "",
    "notes": "",
}


def content_snapshot(content) -> dict:
    """The same for what the editor submitted (a ``plans.services.plan_versions.PlanContent``)."""
    rows = content.exercises
    return {
        "exercises": {row["exercise"].name: Dose(**_dose(row)).describe() for row in rows},
        "exercise_order": [row["exercise"].name for row in rows],
        "education": [item.title for item in content.education],
        "goals": [str(_goal(goal)) for goal in content.goals],
        "review_date": f"{content.review_date:%d %b %Y}",
        "activity_advice": content.activity_advice.strip(),
        "notes": content.notes.strip(),
    }


def _goal(goal: dict) -> PlanGoal:
    return PlanGoal(
        measure=goal["measure"],
        target=goal.get("target"),
        due_date=goal["due_date"],
        description=goal.get("description") or "",
    )


def _dose(row: dict) -> dict:
    names = ("sets", "reps", "hold_seconds", "times_per_day", "days_per_week")
    return {name: row.get(name) for name in names}


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    changes: list[Change] = []
    for name in new["exercises"]:
        if name not in old["exercises"]:
            changes.append(Change("Exercises", "added", name, after=new["exercises"][name]))
        elif old["exercises"][name] != new["exercises"][name]:
            changes.append(
                Change(
                    "Exercises", "changed", name, before=old["exercises"][name], after=new["exercises"][name]
                )
            )
    for name in old["exercises"]:
        if name not in new["exercises"]:
            changes.append(Change("Exercises", "removed", name, before=old["exercises"][name]))
    kept_old = [n for n in old["exercise_order"] if n in new["exercises"]]
    kept_new = [n for n in new["exercise_order"] if n in old["exercises"]]
    if kept_old != kept_new:
        changes.append(
            Change("Exercises", "changed", "Order", before=", ".join(kept_old), after=", ".join(kept_new))
        )
    for section, key in (("Education", "education"), ("Goals", "goals")):
        for item in new[key]:
            if item not in old[key]:
                changes.append(Change(section, "added", item))
        for item in old[key]:
            if item not in new[key]:
                changes.append(Change(section, "removed", item))
    for section, key in (
        ("Review date", "review_date"),
        ("Activity advice", "activity_advice"),
        ("Notes", "notes"),
    ):
        if old[key] != new[key]:
            changes.append(Change(section, "changed", section, before=old[key], after=new[key]))
    return changes


def diff_versions(old: PlanVersion, new: PlanVersion) -> list[Change]:
    return diff_snapshots(snapshot(old), snapshot(new))


def changes_in_words(changes: list[Change]) -> str:
    """A short summary of the exercise and education changes, for the patient."""
    words = {
        ("Exercises", "added"): "New exercise",
        ("Exercises", "removed"): "No longer in the plan",
        ("Exercises", "changed"): "New dose",
        ("Education", "added"): "New to read",
    }
    grouped: dict[str, list[str]] = {}
    for change in changes:
        label = words.get((change.section, change.kind))
        if label and change.item != "Order":
            grouped.setdefault(label, []).append(change.item)
    return ". ".join(f"{label}: {', '.join(items)}" for label, items in grouped.items()) + (
        "." if grouped else ""
    )


@dataclass(frozen=True)
class PlanConflict:
    """Someone approved a version after the editor was opened: what they changed, and what saving
    the editor's rows now would change in turn."""

    current: PlanVersion
    based_on: int
    approved_by: list[str]
    theirs: list[Change]  # from the version the editor started from to the current one
    yours: list[Change]  # from the current version to what was submitted

    @property
    def exercises_coming_back(self) -> list[str]:
        """Exercises they removed that are still in the submitted rows."""
        removed = {c.item for c in self.theirs if c.section == "Exercises" and c.kind == "removed"}
        return [
            c.item for c in self.yours if c.section == "Exercises" and c.kind == "added" and c.item in removed
        ]


def describe_plan_conflict(*, current: PlanVersion, based_on: int, content) -> PlanConflict:
    """``current`` needs ``PlanVersion.objects.with_items()``."""
    base = PlanVersion.objects.with_items().filter(plan=current.plan_id, number=based_on).first()
    approvers = (
        PlanVersion.objects.filter(plan=current.plan_id, number__gt=based_on)
        .select_related("approved_by")
        .order_by("number")
    )
    return PlanConflict(
        current=current,
        based_on=based_on,
        approved_by=list(
            dict.fromkeys(v.approved_by.get_full_name() or v.approved_by.username for v in approvers)
        ),
        theirs=diff_snapshots(snapshot(base) if base else NO_PLAN, snapshot(current)),
        yours=diff_snapshots(snapshot(current), content_snapshot(content)),
    )
