"""A plan being written: the editor's work saved before approval, one per episode."""

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from clinic.models import AuditedModel, TimeStampedModel
from patients.models import Episode
from plans.models.scoping import EpisodeRecordQuerySet

__all__ = ["PlanDraft"]


class PlanDraft(TimeStampedModel, AuditedModel):
    """The plan editor's content as it was saved, not yet approved: the team resumes it later, the
    patient never sees it (its queryset has no portal path), and approving it makes a plan version
    with real rows and removes the draft.

    ``content`` keeps the editor's own fields (what ``plans.selectors.plan_editor`` gives the editor
    as initial data) because a draft is work in progress, not a clinical record: it is checked by the
    same forms when it is saved and again, in full, when it is approved."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="plan_drafts")
    based_on = models.PositiveIntegerField(help_text="The plan version the draft starts from (0: none).")
    content = models.JSONField(encoder=DjangoJSONEncoder)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = IntegerVersionField()

    objects = EpisodeRecordQuerySet.as_manager()

    class Meta:
        ordering = ("-updated_at",)
        constraints = [
            models.UniqueConstraint(fields=["episode"], name="plans_plandraft_one_per_episode"),
        ]

    def __str__(self) -> str:
        return f"Draft plan for {self.episode}"
