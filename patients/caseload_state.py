"""The caseload's state an episode keeps: its last visit, baseline, open prompts and the inbox counts
that do not depend on the day. Only ``plans.services.caseload_state`` writes it, in the transaction of
every write to the rows it comes from (visits, assessments, prompts, referrals, overrides, home logs,
questionnaires); ``plans.selectors.caseload_state`` says what those rows imply."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

COUNTS = (
    "visits_since_baseline",
    "open_prompt_count",
    "unreferred_assessment_flags",
    "unreferred_visit_flags",
    "other_open_prompts",
    "unacknowledged_flares",
    "unreviewed_questionnaires",
)


class CaseloadState(models.Model):
    last_visit_date = models.DateField(null=True, editable=False)
    last_visit_status = models.CharField(max_length=10, blank=True, default="", editable=False)
    baseline_date = models.DateField(null=True, editable=False)
    visits_since_baseline = models.IntegerField(default=0, editable=False)
    open_prompt_count = models.IntegerField(default=0, editable=False)
    reevaluation_prompted = models.BooleanField(default=False, editable=False)
    unreferred_assessment_flags = models.IntegerField(default=0, editable=False)
    unreferred_visit_flags = models.IntegerField(default=0, editable=False)
    red_flag_severity = models.SmallIntegerField(default=0, editable=False)
    other_open_prompts = models.IntegerField(default=0, editable=False)
    unacknowledged_flares = models.IntegerField(default=0, editable=False)
    unreviewed_questionnaires = models.IntegerField(default=0, editable=False)
    referral_badge = models.CharField(max_length=10, blank=True, default="", editable=False)

    CASELOAD_STATE_FIELDS = (
        "last_visit_date",
        "last_visit_status",
        "baseline_date",
        "visits_since_baseline",
        "open_prompt_count",
        "reevaluation_prompted",
        "unreferred_assessment_flags",
        "unreferred_visit_flags",
        "red_flag_severity",
        "other_open_prompts",
        "unacknowledged_flares",
        "unreviewed_questionnaires",
        "referral_badge",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        # Only the refresh writes these columns: a copy of the row loaded before a visit or a prompt
        # changed them must not put back the values it was loaded with.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.CASELOAD_STATE_FIELDS
            ]
        super().save(*args, **kwargs)


def caseload_state_constraints(table: str = "patients_episode") -> list[models.BaseConstraint]:
    """Counts are never negative; a red flag's severity is 0 (none) to 3 (emergency)."""
    return [
        *(
            models.CheckConstraint(condition=Q(**{f"{count}__gte": 0}), name=f"{table}_{count}_not_negative")
            for count in COUNTS
        ),
        models.CheckConstraint(
            condition=Q(red_flag_severity__range=(0, 3)), name=f"{table}_red_flag_severity_0_to_3"
        ),
    ]
