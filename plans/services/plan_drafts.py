"""The plan editor's draft: its content, and the optimistic lock that keeps two editors from
overwriting each other's draft (each save or approval names the draft version it started from).
Saving one is ``plans.services.plan_versions.plan_draft_save``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from patients.models import Episode
from plans.models import PlanDraft
from plans.services.history import history_user_set

if TYPE_CHECKING:
    from plans.services.plan_versions import PlanContent


class DraftChanged(Exception):
    """Someone saved, or approved and so removed, the episode's draft after the editor loaded it."""

    def __init__(self, draft: PlanDraft | None):
        super().__init__("The draft changed after it was opened.")
        self.draft = draft

    @property
    def current_version(self) -> int:
        return self.draft.version if self.draft is not None else 0


def lock_draft(episode: Episode, *, loaded_version: int) -> PlanDraft | None:
    """The episode's draft, locked until the transaction ends; ``DraftChanged`` unless it is still at
    ``loaded_version`` (0: the editor saw no draft and none has been saved since)."""
    draft = PlanDraft.objects.select_for_update().filter(episode=episode).select_related("saved_by").first()
    if (draft.version if draft is not None else 0) != loaded_version:
        raise DraftChanged(draft)
    return draft


def draft_content(content: PlanContent) -> dict:
    """The editor's fields, as ``plans.selectors.plan_editor`` gives them back to the editor."""
    return {
        "exercises": [
            {
                "exercise": row["exercise"].pk,
                "order": position,
                "sets": row["sets"],
                "reps": row.get("reps"),
                "hold": row.get("hold"),
                "hold_unit": row.get("hold_unit") or "s",
                "times_per_day": row["times_per_day"],
                "days_per_week": row["days_per_week"],
                "reason": row.get("reason") or "",
                "offer_variants": row.get("offer_variants", True),
            }
            for position, row in enumerate(content.exercises, start=1)
        ],
        "goals": [
            {
                "measure": goal["measure"],
                "target": goal.get("target"),
                "due_date": goal["due_date"],
                "description": goal.get("description") or "",
            }
            for goal in content.goals
        ],
        "version": {
            "review_date": content.review_date,
            "education": [item.pk for item in content.education],
            "activity_advice": content.activity_advice,
            "notes": content.notes,
            "reason": content.reason,
            "patient_note": content.patient_note,
        },
    }


def plan_draft_remove(draft: PlanDraft, user) -> None:
    """The draft's work became a plan version: its history keeps who approved it away."""
    history_user_set(draft, user)
    draft.delete()
