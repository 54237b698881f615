"""What changed between two plan versions, as plain data the page can list."""

from __future__ import annotations

from dataclasses import dataclass

from plans.models import PlanVersion


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
        "exercises": {item.exercise.name: f"{item.dose}" for item in version.exercises.all()},
        "exercise_order": [item.exercise.name for item in version.exercises.all()],
        "education": [link.item.title for link in version.education.all()],
        "goals": [str(goal) for goal in version.goals.all()],
        "review_date": f"{version.review_date:%d %b %Y}",
        "activity_advice": version.activity_advice,
        "notes": version.notes,
    }


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
